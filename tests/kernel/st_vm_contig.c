/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Self-tests of vm_allocate_contiguous (mach/vm/vm_contig.c): refused
 * without the host-priv port, physically contiguous, zeroed, counted, and
 * freed when its task ends.
 */
#include "kern/host.h"
#include "kern/selftest.h"
#include "kern/string.h"
#include "kern/task.h"
#include "vm/vm_map.h"
#include "gnumachServer.h"

SELFTEST(vm_contig_is_refused_without_host_priv)
{
	task_t t;
	CHECK(task_create_internal(NULL, "contig-refused", &t) == KERN_SUCCESS, "no task");
	vm_address_t va = 0;
	rpc_phys_addr_t pa = 0;
	kern_return_t kr = vm_allocate_contiguous(NULL, t->map, &va, &pa, PAGE_SIZE, 0, 0, 0);
	task_terminate_internal(t);
	task_deallocate(t);
	CHECK(kr == KERN_INVALID_HOST, "got %d", kr);
	return 0;
}

SELFTEST(vm_contig_is_contiguous_zeroed_counted_and_freed_with_its_task)
{
	task_t t;
	CHECK(task_create_internal(NULL, "contig", &t) == KERN_SUCCESS, "no task");
	size_t before = vm_contig_pages();
	vm_address_t va = 0;
	rpc_phys_addr_t pa = 0;
	kern_return_t kr = vm_allocate_contiguous((host_priv_t)&realhost, t->map, &va, &pa,
						  5 * PAGE_SIZE - 100, 0, 0, 8 * PAGE_SIZE);
	CHECK(kr == KERN_SUCCESS, "got %d", kr);
	CHECK((pa & (8 * PAGE_SIZE - 1)) == 0, "paddr %#lx not aligned", (unsigned long)pa);
	CHECK(vm_contig_pages() == before + 5, "%lu pages counted", vm_contig_pages() - before);
	for (unsigned i = 0; i < 5; i++) {
		paddr_t p = 0;
		bool mapped = pmap_extract(&t->map->pmap, va + i * PAGE_SIZE, &p, NULL);
		CHECK(mapped && p == pa + i * PAGE_SIZE, "page %u at %#lx", i, (unsigned long)p);
		const uint8_t *k = phystokv(p);
		for (unsigned b = 0; b < PAGE_SIZE; b++)
			CHECK(k[b] == 0, "page %u byte %u not zero", i, b);
	}
	kr = vm_allocate_contiguous((host_priv_t)&realhost, t->map, &va, &pa, 0, 0, 0, 0);
	CHECK(kr == KERN_INVALID_ARGUMENT, "size 0: got %d", kr);
	kr = vm_allocate_contiguous((host_priv_t)&realhost, t->map, &va, &pa, PAGE_SIZE, 0, 0,
				    3 * PAGE_SIZE);
	CHECK(kr == KERN_INVALID_ARGUMENT, "alignment 3 pages: got %d", kr);
	task_terminate_internal(t);
	task_deallocate(t);
	CHECK(vm_contig_pages() == before, "%lu pages left after the task ended",
	      vm_contig_pages() - before);
	return 0;
}
