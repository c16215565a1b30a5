/* SPDX-License-Identifier: BSD-2-Clause */
/* Self-tests of the kernel page tables in use on this hart. */
#include "kern/selftest.h"
#include "lib/string.h"
#include "riscv/csr.h"
#include "riscv/pmap.h"
#include "vm/vm_page.h"

extern char __text_start[], __rodata_start[], __data_start[], __bss_start[];

SELFTEST(pmap_kernel_text_is_read_execute_only)
{
	pt_entry_t pte;
	CHECK(pmap_extract(kernel_pmap, (uintptr_t)__text_start, 0, &pte), "text unmapped");
	CHECK((pte & (PTE_R | PTE_X)) == (PTE_R | PTE_X) && !(pte & PTE_W),
	      "text pte %#lx", pte);
	return 0;
}

SELFTEST(pmap_kernel_rodata_is_read_only)
{
	pt_entry_t pte;
	CHECK(pmap_extract(kernel_pmap, (uintptr_t)__rodata_start, 0, &pte), "rodata unmapped");
	CHECK((pte & PTE_R) && !(pte & (PTE_W | PTE_X)), "rodata pte %#lx", pte);
	return 0;
}

SELFTEST(pmap_kernel_data_is_not_executable)
{
	pt_entry_t pte;
	CHECK(pmap_extract(kernel_pmap, (uintptr_t)__data_start, 0, &pte), "data unmapped");
	CHECK((pte & PTE_W) && !(pte & PTE_X), "data pte %#lx", pte);
	CHECK(pmap_extract(kernel_pmap, (uintptr_t)__bss_start, 0, &pte), "bss unmapped");
	CHECK((pte & PTE_W) && !(pte & PTE_X), "bss pte %#lx", pte);
	return 0;
}

SELFTEST(pmap_direct_map_translates_to_the_same_physical_page)
{
	void *va = kmem_alloc_pages(0);
	paddr_t pa = 0;
	CHECK(va, "no page");
	int ok = pmap_extract(kernel_pmap, (uintptr_t)va, &pa, 0);
	kmem_free_pages(va, 0);
	CHECK(ok && pa == kvtophys(va), "va %p -> %#lx", va, pa);
	return 0;
}

SELFTEST(pmap_user_mapping_is_seen_through_the_user_pmap)
{
	struct pmap pmap;
	size_t before = vm_page_free_count();
	CHECK(pmap_init(&pmap) == KERN_SUCCESS, "pmap_init");

	uint64_t *page = kmem_alloc_pages(0);
	CHECK(page, "no page");
	page[0] = 0x6d616368; /* "mach" */
	uintptr_t uva = 0x40000000;
	kern_return_t kr = pmap_enter(&pmap, uva, kvtophys(page), PAGE_SIZE,
				      VM_PROT_READ | VM_PROT_WRITE, PMAP_USER);
	CHECK(kr == KERN_SUCCESS, "pmap_enter: %d", kr);
	CHECK(pmap.table_pages == 2, "%lu tables for one page, expected 2", pmap.table_pages);

	/* Read it through the new address space (SUM lets S-mode touch U pages). */
	uint64_t seen;
	pmap_activate(&pmap);
	csr_set(sstatus, SSTATUS_SUM);
	seen = *(volatile uint64_t *)uva;
	*(volatile uint64_t *)(uva + 8) = 0x7276;
	csr_clear(sstatus, SSTATUS_SUM);
	pmap_activate_kernel();
	CHECK(seen == 0x6d616368, "read %#lx through the user mapping", seen);
	CHECK(page[1] == 0x7276, "write through the user mapping not seen");

	pmap_remove(&pmap, uva, uva + PAGE_SIZE);
	CHECK(!pmap_extract(&pmap, uva, 0, 0), "still mapped after pmap_remove");
	pmap_fini(&pmap);
	kmem_free_pages(page, 0);
	CHECK(vm_page_free_count() == before, "pmap leaked %ld pages",
	      (long)(before - vm_page_free_count()));
	return 0;
}

SELFTEST(pmap_large_page_over_a_table_is_refused)
{
	struct pmap pmap;
	CHECK(pmap_init(&pmap) == KERN_SUCCESS, "pmap_init");
	void *page = kmem_alloc_pages(0);
	uintptr_t uva = 0x200000;
	CHECK(pmap_enter(&pmap, uva, kvtophys(page), PAGE_SIZE, VM_PROT_READ, PMAP_USER) ==
	      KERN_SUCCESS, "small page");
	kern_return_t kr = pmap_enter(&pmap, uva, 0x80000000, PT_LEVEL_SIZE(1),
				      VM_PROT_READ, PMAP_USER);
	kern_return_t kr2 = pmap_enter(&pmap, uva + 4096 + 1, 0, PAGE_SIZE, VM_PROT_READ, 0);
	pmap_fini(&pmap);
	kmem_free_pages(page, 0);
	CHECK(kr == KERN_INVALID_ARGUMENT, "2 MiB page over a table: %d", kr);
	CHECK(kr2 == KERN_INVALID_ARGUMENT, "misaligned va: %d", kr2);
	return 0;
}
