/* SPDX-License-Identifier: BSD-2-Clause */
/* Whole pages for the kernel, addressed through the direct map. */
#include "vm/vm_page.h"
#include "lib/string.h"

void *
kmem_alloc_pages_dirty(unsigned order)
{
	struct vm_page *p = vm_page_alloc_order(order);

	return p ? phystokv(p->phys_addr) : NULL;
}

void *
kmem_alloc_pages(unsigned order)
{
	void *va = kmem_alloc_pages_dirty(order);

	if (va)
		memset(va, 0, PAGE_SIZE << order);
	return va;
}

void
kmem_free_pages(void *va, unsigned order)
{
	vm_page_free_order(vm_page_lookup_phys(kvtophys(va)), order);
}
