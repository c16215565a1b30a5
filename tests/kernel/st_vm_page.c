/* SPDX-License-Identifier: BSD-2-Clause */
/* Self-tests of the physical page allocator on the machine's real RAM. */
#include "kern/selftest.h"
#include "vm/vm_page.h"

SELFTEST(vm_page_every_ram_page_is_counted_once)
{
	CHECK(vm_page_total_count() > 0, "no pages");
	CHECK(vm_page_free_count() <= vm_page_total_count(), "free %lu > total %lu",
	      vm_page_free_count(), vm_page_total_count());
	return 0;
}

SELFTEST(vm_page_blocks_are_aligned_to_their_size)
{
	for (unsigned order = 0; order <= 4; order++) {
		struct vm_page *p = vm_page_alloc_order(order);
		CHECK(p, "no block of order %u", order);
		uint64_t align = PAGE_SIZE << order;
		int ok = (p->phys_addr & (align - 1)) == 0;
		vm_page_free_order(p, order);
		CHECK(ok, "order %u block at %#lx", order, p->phys_addr);
	}
	return 0;
}

SELFTEST(vm_page_kmem_pages_are_zeroed_and_writable)
{
	uint64_t *page = kmem_alloc_pages(0);
	CHECK(page, "no page");
	int zero = 1;
	for (unsigned i = 0; i < PAGE_SIZE / 8; i++) {
		zero &= page[i] == 0;
		page[i] = ~0UL;
	}
	kmem_free_pages(page, 0);
	CHECK(zero, "page not zeroed");
	return 0;
}

SELFTEST(vm_page_exhaustion_returns_null_then_recovers)
{
	/* Take every page (as order-0 pages chained through their first word). */
	size_t before = vm_page_free_count(), taken = 0;
	uint64_t *chain = 0;
	uint64_t *p;

	while ((p = kmem_alloc_pages(0)) != 0) {
		*p = (uint64_t)chain;
		chain = p;
		taken++;
	}
	CHECK(vm_page_free_count() == 0, "%lu pages still free", vm_page_free_count());
	CHECK(vm_page_alloc_order(0) == 0, "allocation succeeded with no free pages");
	while (chain) {
		uint64_t *next = (uint64_t *)*chain;
		kmem_free_pages(chain, 0);
		chain = next;
	}
	CHECK(taken == before, "took %lu of %lu free pages", taken, before);
	CHECK(vm_page_free_count() == before, "free count %lu, was %lu",
	      vm_page_free_count(), before);
	/* Freed order-0 pages merge back: a 4 MiB block is available again. */
	struct vm_page *big = vm_page_alloc_order(VM_PAGE_MAX_ORDER);
	CHECK(big, "no max-order block after freeing everything");
	vm_page_free_order(big, VM_PAGE_MAX_ORDER);
	return 0;
}
