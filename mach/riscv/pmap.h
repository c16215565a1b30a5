/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The physical map: Sv39 page tables (three levels of 512 entries, 4 KiB
 * pages, 2 MiB and 1 GiB leaves).  A pmap is the machine-dependent half of an
 * address space; vm_map (machine-independent) is the other.  The upper half
 * of every pmap is the kernel's: root entries 256..511 are copied from the
 * kernel pmap by pmap_init() and never change after boot, because all kernel
 * memory is reached through the direct map.
 *   Locks: pmap->lock covers the pmap's page tables.
 */
#ifndef _RISCV_PMAP_H_
#define _RISCV_PMAP_H_
#include "riscv/atomic.h"
#include <stdint.h>
#include <stdbool.h>
#include <mach/kern_return.h>
#include <mach/vm_prot.h>
#include "riscv/cpu.h"
#include "riscv/csr.h"
#include "riscv/vm_param.h"
#include "kern/lock.h"

typedef uint64_t pt_entry_t;

#define PTE_V	(1UL << 0)
#define PTE_R	(1UL << 1)
#define PTE_W	(1UL << 2)
#define PTE_X	(1UL << 3)
#define PTE_U	(1UL << 4)
#define PTE_G	(1UL << 5)
#define PTE_A	(1UL << 6)
#define PTE_D	(1UL << 7)
#define PTE_PPN_SHIFT	10

#define PTE_LEAF(pte)	((pte) & (PTE_R | PTE_W | PTE_X))
#define PTE_TO_PA(pte)	(((pte) >> PTE_PPN_SHIFT) << PAGE_SHIFT)
#define PA_TO_PTE(pa)	(((pa) >> PAGE_SHIFT) << PTE_PPN_SHIFT)

#define PT_ENTRIES	512
#define PT_LEVELS	3
/* Size mapped by one entry at `level' (0: 4 KiB, 1: 2 MiB, 2: 1 GiB). */
#define PT_LEVEL_SIZE(level)	(1UL << (PAGE_SHIFT + 9 * (level)))
#define PT_INDEX(va, level)	(((va) >> (PAGE_SHIFT + 9 * (level))) & 511)

/* User addresses are the lower half of Sv39. */
#define VM_MAX_USER_ADDRESS	(1UL << 38)

/* pmap_enter flags */
#define PMAP_USER	0x1	/* accessible from U-mode */
#define PMAP_GLOBAL	0x2	/* in every address space (kernel) */

struct pmap {
	/* bit n: hart (cpu number) n runs on this pmap (atomic; first: an AMO takes no offset) */
	uint64_t	active_harts;
	pt_entry_t	*root;		/* kernel virtual address of the root table */
	paddr_t		root_pa;
	uint64_t	satp;		/* what satp holds while a hart runs here (pmap_satp) */
	simple_lock_data_t lock;
	unsigned long	table_pages;	/* page-table pages owned (not the kernel's) */
};

extern struct pmap kernel_pmap_store;
#define kernel_pmap (&kernel_pmap_store)

/*
 * pmap_bootstrap: build the kernel pmap (direct map of RAM and devices, the
 * kernel image with per-section protections) and switch this hart to it.
 */
void pmap_bootstrap(void);
/* pmap_activate_kernel: switch a secondary hart to the kernel pmap. */
void pmap_activate_kernel(void);

kern_return_t pmap_init(struct pmap *pmap);
void pmap_fini(struct pmap *pmap);
/*
 * pmap_activate: run this hart on `pmap'.  Its bit in pmap->active_harts
 * is set before the switch and the whole TLB flushed after it, so that a
 * shootdown that does not see the bit changed its entries early enough
 * for this hart's fresh walks to see them.  Inline: every switch between
 * tasks runs it.
 */
static inline __attribute__((always_inline)) void
pmap_activate(struct pmap *pmap)
{
	struct cpu *c = cpu_self();
	uint64_t bit = c->hart_bit;

	if (c->pmap && c->pmap != pmap)
		atomic_clear_bits(&c->pmap->active_harts, bit);
	atomic_set_bits(&pmap->active_harts, bit);
	c->pmap = pmap;
	csr_write(satp, pmap->satp);
	sfence_vma_all();
}

/*
 * pmap_switch: pmap_activate on hart `c' (this one), which runs on a
 * pmap already (every hart past its start: a thread switch).  Should that
 * be `pmap' itself, its bit is cleared and set again, still before the
 * flush: as correct as a first activation.
 */
static inline __attribute__((always_inline)) void
pmap_switch(struct cpu *c, struct pmap *pmap)
{
	uint64_t bit = c->hart_bit;

	atomic_clear_bits(&c->pmap->active_harts, bit);
	atomic_set_bits(&pmap->active_harts, bit);
	c->pmap = pmap;
	csr_write(satp, pmap->satp);
	sfence_vma_all();
}

/* pmap_satp: the satp value of a pmap whose root table is at `root_pa'. */
static inline uint64_t
pmap_satp(paddr_t root_pa)
{
	return SATP_MODE_SV39 | (root_pa >> PAGE_SHIFT);
}

/*
 * pmap_enter: map the page at `va' to `pa' with `prot', replacing any
 * mapping there.  `size' is PAGE_SIZE or a large-page size (aligned).
 *   Returns: KERN_SUCCESS; KERN_RESOURCE_SHORTAGE (no page for a table);
 *            KERN_INVALID_ARGUMENT (misaligned, odd size, a large page in
 *            the way of a small one or a table in the way of a large one).
 */
kern_return_t pmap_enter(struct pmap *pmap, uintptr_t va, paddr_t pa,
			 uint64_t size, vm_prot_t prot, unsigned flags);
/* pmap_remove: unmap every 4 KiB page in [start, end); tables are kept. */
void pmap_remove(struct pmap *pmap, uintptr_t start, uintptr_t end);
/*
 * pmap_protect: give the 4 KiB mappings in [start, end) protection `prot'
 * (VM_PROT_NONE removes them, so the next access faults).
 */
void pmap_protect(struct pmap *pmap, uintptr_t start, uintptr_t end, vm_prot_t prot);
/* pmap_extract: the physical address `va' maps to; false when unmapped. */
bool pmap_extract(struct pmap *pmap, uintptr_t va, paddr_t *pa, pt_entry_t *pte);

/* pmap_destroy_tables: free the user half's tables and the root (riscv/pmap.c). */
void pmap_destroy_tables(struct pmap *pmap);

/*
 * pmap_table_alloc, pmap_table_free: a page for a page table (its
 * physical address, 0 without memory) and its return.  The kernel takes
 * pages from vm_page (pmap_kernel.c); host unit tests provide their own.
 */
paddr_t pmap_table_alloc(void);
void pmap_table_free(paddr_t pa);
/* Forget `va' in this hart's TLB (after changing or removing its entry). */
void pmap_tlb_flush(struct pmap *pmap, uintptr_t va);
/*
 * Make every other hart running on `pmap' forget what it cached of it, and
 * wait until they have (the TLB shootdown).  Called, with the pmap locked,
 * after entries changed and before any page-table page is freed.
 */
void pmap_tlb_shootdown(struct pmap *pmap);

#endif /* _RISCV_PMAP_H_ */
