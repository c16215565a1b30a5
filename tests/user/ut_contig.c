/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm_allocate_contiguous (<mach/gnumach.defs> 4210), what user-level DMA
 * drivers get memory with: who may ask, the arguments it refuses, where
 * and how the block lies, and that every page comes back (vm_deallocate,
 * the task's end), counted by HOST_MACHRV_OBJECT_COUNTS' contig_pages.
 */
#include <string.h>
#include <mach/gnumach.h>
#include <mach/host_info.h>
#include <machrv/object_counts.h>
#include "utest.h"

#define PAGE	4096u
#define MIB	(1024u * 1024u)

/* The first task's bootstrap port is the host-priv port (kern/init_task.c). */
static mach_port_t
host_priv(void)
{
	return mach_bootstrap_port();
}

/* Pages held by contiguous allocations now; with `settle', once the kernel's
 * deferred work (a dead task's teardown) has run. */
static unsigned
contig_pages(void)
{
	struct machrv_object_counts c;
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_info(host, HOST_MACHRV_OBJECT_COUNTS, (host_info_t)&c, &n);
	mach_port_deallocate(mach_task_self(), host);
	return kr == KERN_SUCCESS ? c.contig_pages : ~0u;
}

/* RAM starts at 0x80000000 on QEMU virt; the kernel sits at its bottom. */
#define RAM	0x80000000ull

UTEST(vm_allocate_contiguous_needs_the_host_priv_port_and_sound_arguments)
{
	vm_address_t va;
	rpc_phys_addr_t pa;
	mach_port_t host = mach_host_self();
	kern_return_t kr = vm_allocate_contiguous(host, mach_task_self(), &va, &pa, PAGE, 0, 0, 0);
	mach_port_deallocate(mach_task_self(), host);
	CHECK(kr == KERN_INVALID_HOST, "with the host name port: %#x", kr);
	kr = vm_allocate_contiguous(mach_task_self(), mach_task_self(), &va, &pa, PAGE, 0, 0, 0);
	CHECK(kr == KERN_INVALID_HOST, "with a task port: %#x", kr);
	kr = vm_allocate_contiguous(host_priv(), MACH_PORT_NULL, &va, &pa, PAGE, 0, 0, 0);
	CHECK(kr == KERN_INVALID_TASK, "no task: %#x", kr);
	const struct { vm_size_t size; rpc_phys_addr_t pmin, pmax, palign; const char *what; } bad[] = {
		{ 0, 0, 0, 0, "size 0" },
		{ 4 * MIB + PAGE, 0, 0, 0, "more than 4 MiB" },
		{ PAGE, 0, 0, 3 * PAGE, "an alignment not a power of two" },
		{ PAGE, RAM + 8 * MIB, RAM + 8 * MIB, 0, "an empty range" },
		{ 2 * PAGE, RAM + 8 * MIB, RAM + 8 * MIB + PAGE, 0, "a range too small" },
		{ PAGE, RAM + 9 * MIB, RAM + 8 * MIB, 0, "pmax below pmin" },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kr = vm_allocate_contiguous(host_priv(), mach_task_self(), &va, &pa, bad[i].size,
					    bad[i].pmin, bad[i].pmax, bad[i].palign);
		CHECK(kr == KERN_INVALID_ARGUMENT, "%s: %#x", bad[i].what, kr);
	}
	/* A range with no RAM in it: nothing to give. */
	kr = vm_allocate_contiguous(host_priv(), mach_task_self(), &va, &pa, PAGE, 0x1000,
				    0x100000, 0);
	CHECK(kr == KERN_RESOURCE_SHORTAGE, "below RAM: %#x", kr);
	return 0;
}

UTEST(vm_allocate_contiguous_gives_zeroed_wired_aligned_memory_in_the_range_and_takes_it_back)
{
	unsigned before = contig_pages();
	vm_address_t va = 0;
	rpc_phys_addr_t pa = 0;
	rpc_phys_addr_t pmin = RAM + 32 * MIB, pmax = RAM + 96 * MIB, align = 64 * 1024;
	KR(vm_allocate_contiguous(host_priv(), mach_task_self(), &va, &pa, 3 * PAGE - 100, pmin,
				  pmax, align));
	CHECK(pa >= pmin && pa + 3 * PAGE <= pmax, "block at %#llx, outside [%#llx, %#llx)",
	      (unsigned long long)pa, (unsigned long long)pmin, (unsigned long long)pmax);
	CHECK(pa % align == 0, "block at %#llx, not 64 KiB aligned", (unsigned long long)pa);
	CHECK(va % PAGE == 0, "mapped at %#lx", (unsigned long)va);
	unsigned held = contig_pages();
	CHECK(held == before + 3, "contig_pages %u -> %u (3 pages, the size rounded up)", before,
	      held);
	const unsigned char *b = (const unsigned char *)va;
	for (unsigned i = 0; i < 3 * PAGE; i++)
		CHECK(b[i] == 0, "byte %u is %#x, not zero", i, b[i]);
	memset((void *)va, 0x5a, 3 * PAGE);	/* writable, all three pages */
	/* Wired: vm_region says so (the pages never move: their address holds). */
	vm_address_t ra = va;
	vm_size_t rs;
	vm_region_basic_info_64_data_t info;
	mach_msg_type_number_t n = VM_REGION_BASIC_INFO_COUNT_64;
	mach_port_t obj;
	KR(vm_region(mach_task_self(), &ra, &rs, VM_REGION_BASIC_INFO_64, (vm_region_info_t)&info, &n,
		     &obj));
	CHECK(ra == va && rs == 3 * PAGE && info.user_wired_count > 0,
	      "region %#lx+%#lx wired %u", (unsigned long)ra, (unsigned long)rs,
	      info.user_wired_count);
	KR(vm_deallocate(mach_task_self(), va, 3 * PAGE));
	unsigned after = contig_pages();
	CHECK(after == before, "after vm_deallocate: contig_pages %u, was %u", after, before);
	return 0;
}

/* The child's map has nothing after the region: wiring it used to walk
 * past the map's last entry into its header and never end (vm_map_wire). */
UTEST(contiguous_memory_of_a_task_comes_back_when_it_ends_and_is_not_inherited)
{
	unsigned before = contig_pages();
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, FALSE, &child));
	vm_address_t va = 0;
	rpc_phys_addr_t pa;
	KR(vm_allocate_contiguous(host_priv(), child, &va, &pa, 2 * PAGE, 0, 0, 0));
	CHECK(contig_pages() == before + 2, "the child's 2 pages are not counted");
	/* Its grandchild, made with inheritance, does not get the region. */
	task_t grandchild;
	KR(task_create(child, NULL, 0, TRUE, &grandchild));
	vm_offset_t data;
	mach_msg_type_number_t cnt;
	kern_return_t kr = vm_read(grandchild, va, PAGE, &data, &cnt);
	CHECK(kr == KERN_INVALID_ADDRESS, "vm_read of the region in an inheriting child: %#x", kr);
	if (kr == KERN_SUCCESS)
		vm_deallocate(mach_task_self(), data, cnt);
	KR(ut_task_end(grandchild));
	KR(ut_task_end(child));
	unsigned after = before + 1;
	for (int s = 0; (after = contig_pages()) != before && ut_pause(&s);)
		;
	CHECK(after == before, "after the task ended: contig_pages %u, was %u", after, before);
	return 0;
}
