/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Physically contiguous memory for user-level DMA drivers: GNU Mach's
 * vm_allocate_contiguous (<mach/gnumach.defs> 4210), served on the
 * host-priv port.  The memory is a contiguous VM object (vm_object.h):
 * its pages are allocated at once, zeroed, resident and wired, and freed
 * with the object (vm_deallocate, or the task's end).  Counted in
 * vm_contig_pages, which HOST_MACHRV_OBJECT_COUNTS reports.
 */
#include "kern/host.h"
#include "kern/printf.h"
#include "lib/string.h"
#include "vm/vm_map.h"
#include "gnumachServer.h"

static size_t contig_pages;	/* atomic */

size_t vm_contig_pages(void) { return __atomic_load_n(&contig_pages, __ATOMIC_RELAXED); }

void
vm_contig_pages_freed(size_t n)
{
	__atomic_fetch_sub(&contig_pages, n, __ATOMIC_RELAXED);
}

/*
 * vm_contig_check: are the arguments of vm_allocate_contiguous sound?
 * Says why not on the console.
 *   Returns: KERN_SUCCESS, KERN_INVALID_HOST, KERN_INVALID_TASK,
 *            KERN_INVALID_ARGUMENT.
 */
static kern_return_t
vm_contig_check(host_priv_t host, vm_map_t map, uint64_t size, uint64_t pmin, uint64_t pmax,
		uint64_t palign)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (!map)
		return KERN_INVALID_TASK;
	if (size == 0 || size > (PAGE_SIZE << VM_PAGE_MAX_ORDER)) {
		printf("vm_allocate_contiguous: size %#lx: 1 byte to %#lx\n", size,
		       (unsigned long)(PAGE_SIZE << VM_PAGE_MAX_ORDER));
		return KERN_INVALID_ARGUMENT;
	}
	if (palign & (palign - 1)) {
		printf("vm_allocate_contiguous: alignment %#lx is not a power of two\n", palign);
		return KERN_INVALID_ARGUMENT;
	}
	if (pmin >= pmax || pmax - pmin < round_page(size)) {
		printf("vm_allocate_contiguous: [%#lx, %#lx) cannot hold %#lx bytes\n", pmin, pmax,
		       size);
		return KERN_INVALID_ARGUMENT;
	}
	return KERN_SUCCESS;
}

/*
 * vm_allocate_contiguous (4210): zero-filled, wired, physically contiguous
 * memory mapped anywhere in `map'; *vaddr where, *paddr its physical address.
 *   Locks:   none on entry; takes the page allocator's, the object's and the map's.
 *   Refs:    the map reference is the stub's; the new object's one goes to
 *            the map entry.
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST (not the host-priv port),
 *            KERN_INVALID_TASK, KERN_INVALID_ARGUMENT (vm_contig_check),
 *            KERN_RESOURCE_SHORTAGE (no such block free), KERN_NO_SPACE.
 */
kern_return_t
vm_allocate_contiguous(host_priv_t host, vm_map_t map, vm_address_t *vaddr,
		       rpc_phys_addr_t *paddr, vm_size_t size, rpc_phys_addr_t pmin,
		       rpc_phys_addr_t pmax, rpc_phys_addr_t palign)
{
	if (pmax == 0)
		pmax = UINT64_MAX;	/* no limit */
	kern_return_t kr = vm_contig_check(host, map, size, pmin, pmax, palign);
	if (kr != KERN_SUCCESS)
		return kr;
	size = round_page(size);
	size_t npages = size >> PAGE_SHIFT;
	vm_object_t object = vm_object_allocate(size);
	if (!object)
		return KERN_RESOURCE_SHORTAGE;
	/* Keep the kernel's reserve, as every page given to a task does. */
	struct vm_page *run = NULL;
	if (vm_page_free_count() > VM_PAGE_RESERVE + npages)
		run = vm_page_alloc_contig(npages, pmin, pmax, palign < PAGE_SIZE ? PAGE_SIZE : palign);
	if (!run) {
		vm_object_deallocate(object);
		return KERN_RESOURCE_SHORTAGE;
	}
	object->contiguous = true;
	object->shared = true;		/* never copied on write (vm_object.h) */
	simple_lock(&object->lock);
	for (size_t i = 0; i < npages; i++) {
		memset(phystokv(run[i].phys_addr), 0, PAGE_SIZE);
		vm_object_insert_page(object, &run[i], i << PAGE_SHIFT);
	}
	simple_unlock(&object->lock);
	__atomic_fetch_add(&contig_pages, npages, __ATOMIC_RELAXED);

	uintptr_t addr = 0;
	kr = vm_map_enter(map, &addr, size, true, object, 0, VM_PROT_READ | VM_PROT_WRITE,
			  VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_NONE);
	if (kr != KERN_SUCCESS) {
		vm_object_deallocate(object);	/* frees the pages and uncounts them */
		return kr;
	}
	/* Wired: counted in the entry (vm_region shows it); the pages never move. */
	kr = vm_map_wire(map, addr, addr + size, VM_PROT_READ | VM_PROT_WRITE);
	if (kr != KERN_SUCCESS) {
		vm_map_remove(map, addr, addr + size);
		return kr;
	}
	*vaddr = addr;
	*paddr = run[0].phys_addr;
	return KERN_SUCCESS;
}
