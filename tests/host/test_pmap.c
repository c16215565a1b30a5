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
