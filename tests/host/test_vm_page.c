/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of the buddy page allocator (mach/vm/vm_page.c). */
#include <stdlib.h>
#include "check.h"
#include "vm/vm_page.h"

#define RAM_BASE	0x80000000UL
#define RAM_PAGES	16384UL			/* 64 MiB */

static struct vm_page *array;

/* 64 MiB of RAM with the first 512 KiB (firmware) and a 12 KiB hole reserved. */
static void
setup(void)
{
	free(array);
	array = calloc(RAM_PAGES, sizeof(*array));
	vm_page_bootstrap(array, RAM_BASE, RAM_PAGES);
	vm_page_release_range(RAM_BASE + 0x80000, RAM_BASE + 0x1000000);
	vm_page_release_range(RAM_BASE + 0x1003000, RAM_BASE + RAM_PAGES * PAGE_SIZE);
}

TEST(release_counts_every_page_outside_the_reserved_ranges)
{
	setup();
	CHECK(vm_page_free_count() == RAM_PAGES - 128 - 3);
	CHECK(vm_page_total_count() == vm_page_free_count());
	return 0;
}

TEST(released_pages_coalesce_into_max_order_blocks)
{
	setup();
	/* 64 MiB = 16 blocks of 4 MiB; the two holes break up two of them. */
	CHECK(vm_page_free_blocks(VM_PAGE_MAX_ORDER) == 14);
	return 0;
}

TEST(blocks_are_aligned_to_their_size)
{
	setup();
	for (unsigned order = 0; order <= VM_PAGE_MAX_ORDER; order++) {
		struct vm_page *p = vm_page_alloc_order(order);
		CHECK(p != NULL);
		CHECK((p->phys_addr & ((PAGE_SIZE << order) - 1)) == 0);
	}
	return 0;
}

TEST(reserved_pages_are_never_allocated)
{
	setup();
	struct vm_page *p;
	while ((p = vm_page_alloc()) != NULL) {
		CHECK(p->phys_addr >= RAM_BASE + 0x80000);
		CHECK(p->phys_addr < RAM_BASE + 0x1000000 || p->phys_addr >= RAM_BASE + 0x1003000);
	}
	CHECK(vm_page_free_count() == 0);
	return 0;
}

TEST(alloc_then_free_restores_counts_and_blocks)
{
	setup();
	size_t free0 = vm_page_free_count(), big0 = vm_page_free_blocks(VM_PAGE_MAX_ORDER);
	struct vm_page *p[64];
	for (int i = 0; i < 64; i++) {
		p[i] = vm_page_alloc_order(i % 4);
		CHECK(p[i] != NULL);
	}
	for (int i = 63; i >= 0; i -= 2)
		vm_page_free_order(p[i], i % 4);
	for (int i = 62; i >= 0; i -= 2)
		vm_page_free_order(p[i], i % 4);
	CHECK(vm_page_free_count() == free0);
	CHECK(vm_page_free_blocks(VM_PAGE_MAX_ORDER) == big0);
	return 0;
}

TEST(allocations_never_overlap)
{
	setup();
	static unsigned char owner[RAM_PAGES];
	struct vm_page *p;
	unsigned order = 0;
	for (size_t i = 0; i < RAM_PAGES; i++)
		owner[i] = 0;
	while ((p = vm_page_alloc_order(order)) != NULL) {
		size_t first = (p->phys_addr - RAM_BASE) >> PAGE_SHIFT;
		for (size_t i = first; i < first + (1UL << order); i++) {
			CHECK(owner[i] == 0);
			owner[i] = 1;
		}
		order = (order + 3) % 6;
	}
	return 0;
}

TEST(too_large_an_order_is_refused)
{
	setup();
	CHECK(vm_page_alloc_order(VM_PAGE_MAX_ORDER + 1) == NULL);
	return 0;
}

TEST(lookup_phys_finds_the_page_and_rejects_other_addresses)
{
	setup();
	struct vm_page *p = vm_page_lookup_phys(RAM_BASE + 5 * PAGE_SIZE + 17);
	CHECK(p != NULL && p->phys_addr == RAM_BASE + 5 * PAGE_SIZE);
	CHECK(vm_page_lookup_phys(RAM_BASE - PAGE_SIZE) == NULL);
	CHECK(vm_page_lookup_phys(RAM_BASE + RAM_PAGES * PAGE_SIZE) == NULL);
	return 0;
}

/* vm_page_alloc_contig: pages that are physically one run, where asked. */
TEST(contig_run_is_contiguous_aligned_and_in_range)
{
	setup();
	size_t before = vm_page_free_count();
	paddr_t pmin = RAM_BASE + 0x2000000, pmax = RAM_BASE + 0x3000000;
	struct vm_page *p = vm_page_alloc_contig(300, pmin, pmax, 0x100000);
	CHECK(p != NULL);
	CHECK(p->phys_addr >= pmin && p->phys_addr + 300 * PAGE_SIZE <= pmax);
	CHECK((p->phys_addr & 0xfffff) == 0);
	for (size_t i = 1; i < 300; i++)
		CHECK(p[i].phys_addr == p->phys_addr + i * PAGE_SIZE);
	/* Exactly 300 pages left the free lists: the rest of the block came back. */
	CHECK(vm_page_free_count() == before - 300);
	for (size_t i = 0; i < 300; i++)
		vm_page_free(&p[i]);
	CHECK(vm_page_free_count() == before);
	CHECK(vm_page_free_blocks(VM_PAGE_MAX_ORDER) == 14);	/* all coalesced again */
	return 0;
}

TEST(contig_run_outside_ram_or_too_large_is_refused)
{
	setup();
	CHECK(vm_page_alloc_contig(1, 0, RAM_BASE, PAGE_SIZE) == NULL);
	CHECK(vm_page_alloc_contig((1 << VM_PAGE_MAX_ORDER) + 1, 0, ~0UL, PAGE_SIZE) == NULL);
	CHECK(vm_page_alloc_contig(0, 0, ~0UL, PAGE_SIZE) == NULL);
	/* The reserved hole at +16 MiB: a run across it cannot be had. */
	CHECK(vm_page_alloc_contig(4, RAM_BASE + 0x1000000, RAM_BASE + 0x1004000, PAGE_SIZE) == NULL);
	return 0;
}
