/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of the Sv39 page-table code (mach/riscv/pmap.c). */
#include <string.h>
#include "check.h"
#include "riscv/pmap.h"

extern long host_tables_live, host_tlb_flushes;

static void
pmap_setup(struct pmap *pmap)
{
	simple_lock_init(&pmap->lock, "test pmap", LOCK_RANK_PMAP);
	pmap->table_pages = 0;
	pmap->root_pa = pmap_table_alloc();
	pmap->root = phystokv(pmap->root_pa);
	memset(pmap->root, 0, PAGE_SIZE);
}

TEST(enter_then_extract_gives_the_physical_address_and_bits)
{
	struct pmap pm;
	pt_entry_t pte;
	paddr_t pa;

	pmap_setup(&pm);
	CHECK(pmap_enter(&pm, 0x12345000, 0x80042000, PAGE_SIZE,
			 VM_PROT_READ | VM_PROT_EXECUTE, PMAP_USER) == KERN_SUCCESS);
	CHECK(pmap_extract(&pm, 0x12345abc, &pa, &pte));
	CHECK(pa == 0x80042abc);
	CHECK((pte & (PTE_V | PTE_R | PTE_X | PTE_U)) == (PTE_V | PTE_R | PTE_X | PTE_U));
	CHECK(!(pte & PTE_W));
	CHECK(pm.table_pages == 2);		/* one level-1 and one level-0 table */
	pmap_destroy_tables(&pm);
	CHECK(host_tables_live == 0);
	return 0;
}

TEST(write_permission_implies_read)
{
	struct pmap pm;
	pt_entry_t pte;

	pmap_setup(&pm);
	CHECK(pmap_enter(&pm, 0x1000, 0x2000, PAGE_SIZE, VM_PROT_WRITE, 0) == KERN_SUCCESS);
	CHECK(pmap_extract(&pm, 0x1000, NULL, &pte));
	CHECK((pte & (PTE_R | PTE_W)) == (PTE_R | PTE_W));	/* W alone is reserved */
	pmap_destroy_tables(&pm);
	return 0;
}

TEST(large_pages_map_whole_megapages_and_gigapages)
{
	struct pmap pm;
	paddr_t pa;

	pmap_setup(&pm);
	CHECK(pmap_enter(&pm, 0x40000000, 0x80000000, PT_LEVEL_SIZE(2), VM_PROT_READ, 0) ==
	      KERN_SUCCESS);
	CHECK(pmap_extract(&pm, 0x40000000 + 0x3fffffff, &pa, NULL) && pa == 0x80000000 + 0x3fffffff);
	CHECK(pmap_enter(&pm, 0x200000, 0x80200000, PT_LEVEL_SIZE(1), VM_PROT_READ, 0) ==
	      KERN_SUCCESS);
	CHECK(pmap_extract(&pm, 0x3fffff, &pa, NULL) && pa == 0x803fffff);
	CHECK(pm.table_pages == 1);		/* only the level-1 table of the megapage */
	pmap_destroy_tables(&pm);
	CHECK(host_tables_live == 0);
	return 0;
}

TEST(misaligned_or_odd_sizes_are_refused)
{
	struct pmap pm;

	pmap_setup(&pm);
	CHECK(pmap_enter(&pm, 0x1001, 0x2000, PAGE_SIZE, VM_PROT_READ, 0) == KERN_INVALID_ARGUMENT);
	CHECK(pmap_enter(&pm, 0x1000, 0x2001, PAGE_SIZE, VM_PROT_READ, 0) == KERN_INVALID_ARGUMENT);
	CHECK(pmap_enter(&pm, 0x1000, 0x2000, 8192, VM_PROT_READ, 0) == KERN_INVALID_ARGUMENT);
	CHECK(pmap_enter(&pm, 0x100000, 0x200000, PT_LEVEL_SIZE(1), VM_PROT_READ, 0) ==
	      KERN_INVALID_ARGUMENT);
	CHECK(pm.table_pages == 0);
	pmap_destroy_tables(&pm);
	return 0;
}

TEST(a_small_page_under_a_large_page_is_refused)
{
	struct pmap pm;

	pmap_setup(&pm);
	CHECK(pmap_enter(&pm, 0x200000, 0x80200000, PT_LEVEL_SIZE(1), VM_PROT_READ, 0) ==
	      KERN_SUCCESS);
	CHECK(pmap_enter(&pm, 0x201000, 0x1000, PAGE_SIZE, VM_PROT_READ, 0) ==
	      KERN_INVALID_ARGUMENT);
	pmap_destroy_tables(&pm);
	return 0;
}

TEST(remove_unmaps_and_flushes_only_mapped_pages)
{
	struct pmap pm;

	pmap_setup(&pm);
	for (uintptr_t va = 0x10000; va < 0x14000; va += PAGE_SIZE)
		CHECK(pmap_enter(&pm, va, va + 0x80000000, PAGE_SIZE, VM_PROT_READ, 0) ==
		      KERN_SUCCESS);
	long flushes = host_tlb_flushes;
	pmap_remove(&pm, 0x11000, 0x20000);
	CHECK(host_tlb_flushes - flushes == 3);
	CHECK(pmap_extract(&pm, 0x10000, NULL, NULL));
	CHECK(!pmap_extract(&pm, 0x11000, NULL, NULL));
	CHECK(!pmap_extract(&pm, 0x13fff, NULL, NULL));
	pmap_destroy_tables(&pm);
	CHECK(host_tables_live == 0);
	return 0;
}

TEST(replacing_a_mapping_flushes_the_old_translation)
{
	struct pmap pm;
	paddr_t pa;

	pmap_setup(&pm);
	CHECK(pmap_enter(&pm, 0x5000, 0x1000, PAGE_SIZE, VM_PROT_READ, 0) == KERN_SUCCESS);
	long flushes = host_tlb_flushes;
	CHECK(pmap_enter(&pm, 0x5000, 0x9000, PAGE_SIZE, VM_PROT_READ, 0) == KERN_SUCCESS);
	CHECK(host_tlb_flushes == flushes + 1);
	CHECK(pmap_extract(&pm, 0x5000, &pa, NULL) && pa == 0x9000);
	pmap_destroy_tables(&pm);
	return 0;
}

TEST(destroy_frees_user_tables_but_not_the_kernel_half)
{
	struct pmap pm;

	pmap_setup(&pm);
	/* A kernel-half table, as pmap_init would share from the kernel pmap. */
	paddr_t shared = pmap_table_alloc();
	memset(phystokv(shared), 0, PAGE_SIZE);
	pm.root[300] = PA_TO_PTE(shared) | PTE_V;
	for (uintptr_t va = 0; va < (1UL << 32); va += 0x10000000)
		CHECK(pmap_enter(&pm, va, 0x80000000, PAGE_SIZE, VM_PROT_READ, 0) == KERN_SUCCESS);
	pmap_destroy_tables(&pm);
	CHECK(host_tables_live == 1);		/* only the shared one is left */
	pmap_table_free(shared);
	return 0;
}

TEST(removing_the_last_page_of_a_table_frees_the_tables)
{
	struct pmap pm;

	pmap_setup(&pm);
	CHECK(pmap_enter(&pm, 0x40001000, 0x1000, PAGE_SIZE, VM_PROT_READ, 0) == KERN_SUCCESS);
	CHECK(pmap_enter(&pm, 0x40002000, 0x2000, PAGE_SIZE, VM_PROT_READ, 0) == KERN_SUCCESS);
	CHECK(pm.table_pages == 2);
	pmap_remove(&pm, 0x40001000, 0x40002000);
	CHECK(pm.table_pages == 2);		/* one page is still mapped */
	pmap_remove(&pm, 0x40002000, 0x40003000);
	CHECK(pm.table_pages == 0 && host_tables_live == 1);	/* only the root */
	CHECK(!pmap_extract(&pm, 0x40002000, NULL, NULL));
	pmap_destroy_tables(&pm);
	CHECK(host_tables_live == 0);
	return 0;
}

/* Is `va' mapped with exactly the access bits `want' (of R, W, X, U)? */
static bool
mapped_as(struct pmap *pm, uintptr_t va, pt_entry_t want)
{
	pt_entry_t pte;

	return pmap_extract(pm, va, NULL, &pte) &&
	       (pte & (PTE_R | PTE_W | PTE_X | PTE_U)) == want;
}

TEST(protect_changes_the_mapped_pages_of_a_range_across_tables_and_holes)
{
	struct pmap pm;

	pmap_setup(&pm);
	/* Two pages at the end of one 2 MiB table, none in the next, two in the third. */
	const uintptr_t a = 0x1fe000, b = 0x600000;
	for (uintptr_t va = a; va < a + 2 * PAGE_SIZE; va += PAGE_SIZE)
		CHECK(pmap_enter(&pm, va, 0x80000000 + va, PAGE_SIZE, VM_PROT_READ | VM_PROT_WRITE,
				 PMAP_USER) == KERN_SUCCESS);
	for (uintptr_t va = b; va < b + 2 * PAGE_SIZE; va += PAGE_SIZE)
		CHECK(pmap_enter(&pm, va, 0x80000000 + va, PAGE_SIZE, VM_PROT_READ | VM_PROT_WRITE,
				 PMAP_USER) == KERN_SUCCESS);
	/* Outside the range: left alone. */
	CHECK(pmap_enter(&pm, b + 2 * PAGE_SIZE, 0x90000000, PAGE_SIZE,
			 VM_PROT_READ | VM_PROT_WRITE, PMAP_USER) == KERN_SUCCESS);
	long flushes = host_tlb_flushes;
	pmap_protect(&pm, a, b + 2 * PAGE_SIZE, VM_PROT_READ);
	CHECK(host_tlb_flushes - flushes == 4);		/* the four mapped pages only */
	CHECK(mapped_as(&pm, a, PTE_R | PTE_U) && mapped_as(&pm, a + PAGE_SIZE, PTE_R | PTE_U));
	CHECK(mapped_as(&pm, b, PTE_R | PTE_U) && mapped_as(&pm, b + PAGE_SIZE, PTE_R | PTE_U));
	CHECK(mapped_as(&pm, b + 2 * PAGE_SIZE, PTE_R | PTE_W | PTE_U));
	CHECK(!pmap_extract(&pm, 0x400000, NULL, NULL));	/* no table made for the hole */
	CHECK(pm.table_pages == 3);
	pmap_destroy_tables(&pm);
	CHECK(host_tables_live == 0);
	return 0;
}

TEST(protect_to_what_a_page_has_already_flushes_nothing)
{
	struct pmap pm;

	pmap_setup(&pm);
	CHECK(pmap_enter(&pm, 0x3000, 0x5000, PAGE_SIZE, VM_PROT_READ, PMAP_USER) == KERN_SUCCESS);
	CHECK(pmap_enter(&pm, 0x4000, 0x6000, PAGE_SIZE, VM_PROT_READ | VM_PROT_WRITE, PMAP_USER) ==
	      KERN_SUCCESS);
	long flushes = host_tlb_flushes;
	pmap_protect(&pm, 0x3000, 0x5000, VM_PROT_READ);
	CHECK(host_tlb_flushes - flushes == 1);		/* the writable one */
	CHECK(mapped_as(&pm, 0x3000, PTE_R | PTE_U) && mapped_as(&pm, 0x4000, PTE_R | PTE_U));
	pmap_destroy_tables(&pm);
	return 0;
}

TEST(protect_to_no_access_unmaps_and_keeps_the_physical_page_out_of_reach)
{
	struct pmap pm;
	paddr_t pa;

	pmap_setup(&pm);
	CHECK(pmap_enter(&pm, 0x7000, 0x8000, PAGE_SIZE, VM_PROT_READ | VM_PROT_EXECUTE,
			 PMAP_USER) == KERN_SUCCESS);
	pmap_protect(&pm, 0x7000, 0x8000, VM_PROT_NONE);
	CHECK(!pmap_extract(&pm, 0x7000, &pa, NULL));
	pmap_destroy_tables(&pm);
	CHECK(host_tables_live == 0);
	return 0;
}

TEST(destroy_frees_tables_found_past_empty_stretches)
{
	struct pmap pm;

	pmap_setup(&pm);
	/* The last root entry of the user half, an odd one, and the last level-1 entries. */
	const uintptr_t vas[] = { 0x3fc0000000UL, 0x3fffe00000UL, 0x1c0200000UL, 0x7fe00000UL };
	for (unsigned i = 0; i < sizeof(vas) / sizeof(vas[0]); i++)
		CHECK(pmap_enter(&pm, vas[i], 0x80000000, PAGE_SIZE, VM_PROT_READ, 0) == KERN_SUCCESS);
	CHECK(host_tables_live == 1 + (long)pm.table_pages);
	pmap_destroy_tables(&pm);
	CHECK(host_tables_live == 0);
	return 0;
}

TEST(remove_across_tables_and_holes_unmaps_every_page_and_frees_the_tables)
{
	struct pmap pm;

	pmap_setup(&pm);
	const uintptr_t a = 0x1fd000, b = 0x600000;	/* the end of one table; the third */
	for (uintptr_t va = a; va < a + 3 * PAGE_SIZE; va += PAGE_SIZE)
		CHECK(pmap_enter(&pm, va, 0x80000000 + va, PAGE_SIZE, VM_PROT_READ, 0) == KERN_SUCCESS);
	for (uintptr_t va = b; va < b + 2 * PAGE_SIZE; va += PAGE_SIZE)
		CHECK(pmap_enter(&pm, va, 0x80000000 + va, PAGE_SIZE, VM_PROT_READ, 0) == KERN_SUCCESS);
	CHECK(pmap_enter(&pm, b + 0x1ff000, 0x90000000, PAGE_SIZE, VM_PROT_READ, 0) == KERN_SUCCESS);
	long flushes = host_tlb_flushes;
	pmap_remove(&pm, a + PAGE_SIZE, b + 0x1ff000);	/* all but the first and the last */
	CHECK(host_tlb_flushes - flushes == 4);
	CHECK(pmap_extract(&pm, a, NULL, NULL) && pmap_extract(&pm, b + 0x1ff000, NULL, NULL));
	CHECK(!pmap_extract(&pm, a + PAGE_SIZE, NULL, NULL) &&
	      !pmap_extract(&pm, a + 2 * PAGE_SIZE, NULL, NULL));
	CHECK(!pmap_extract(&pm, b, NULL, NULL) && !pmap_extract(&pm, b + PAGE_SIZE, NULL, NULL));
	CHECK(pm.table_pages == 3);		/* the tables still in use stay */
	pmap_remove(&pm, a, a + PAGE_SIZE);
	CHECK(pm.table_pages == 2);		/* the first 2 MiB table emptied and went */
	pmap_destroy_tables(&pm);
	CHECK(host_tables_live == 0);
	return 0;
}
