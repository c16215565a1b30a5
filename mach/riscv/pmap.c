/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sv39 page tables: walking, entering, removing and extracting mappings.
 * Pure table manipulation, unit-tested on the host (tests/host/test_pmap.c);
 * the kernel's own map is built in riscv/pmap_kernel.c.
 */
#include "riscv/pmap.h"
#include "lib/string.h"

static pt_entry_t
prot_bits(vm_prot_t prot, unsigned flags)
{
	pt_entry_t bits = PTE_V | PTE_A;

	if (prot & VM_PROT_READ)
		bits |= PTE_R;
	if (prot & VM_PROT_WRITE)
		bits |= PTE_R | PTE_W | PTE_D;	/* W without R is reserved */
	if (prot & VM_PROT_EXECUTE)
		bits |= PTE_X;
	if (flags & PMAP_USER)
		bits |= PTE_U;
	if (flags & PMAP_GLOBAL)
		bits |= PTE_G;
	return bits;
}

/*
 * pmap_walk: the entry for `va' at `level' (0 = 4 KiB leaf), allocating
 * intermediate tables when `alloc'.  NULL if a table is missing (and not
 * allocated), cannot be allocated (*why = KERN_RESOURCE_SHORTAGE), or a
 * larger leaf is in the way (*why = KERN_INVALID_ARGUMENT).
 *   Locks: pmap->lock held.
 */
static pt_entry_t *
pmap_walk(struct pmap *pmap, uintptr_t va, unsigned level, bool alloc, kern_return_t *why)
{
	pt_entry_t *table = pmap->root;

	for (unsigned l = PT_LEVELS - 1; l > level; l--) {
		pt_entry_t *pte = &table[PT_INDEX(va, l)];
		if (*pte & PTE_V) {
			if (PTE_LEAF(*pte)) {
				*why = KERN_INVALID_ARGUMENT;
				return 0;
			}
		} else {
			*why = KERN_RESOURCE_SHORTAGE;
			if (!alloc)
				return 0;
			paddr_t pa = pmap_table_alloc();
			if (!pa)
				return 0;
			memset(phystokv(pa), 0, PAGE_SIZE);
			pmap->table_pages++;
			*pte = PA_TO_PTE(pa) | PTE_V;
		}
		table = phystokv(PTE_TO_PA(*pte));
	}
	return &table[PT_INDEX(va, level)];
}

kern_return_t
pmap_enter(struct pmap *pmap, uintptr_t va, paddr_t pa, uint64_t size,
	   vm_prot_t prot, unsigned flags)
{
	unsigned level;

	for (level = 0; level < PT_LEVELS; level++)
		if (size == PT_LEVEL_SIZE(level))
			break;
	if (level == PT_LEVELS || (va & (size - 1)) || (pa & (size - 1)))
		return KERN_INVALID_ARGUMENT;

	kern_return_t why = KERN_SUCCESS;
	simple_lock(&pmap->lock);
	pt_entry_t *pte = pmap_walk(pmap, va, level, true, &why);
	if (!pte) {
		simple_unlock(&pmap->lock);
		return why;
	}
	if ((*pte & PTE_V) && !PTE_LEAF(*pte)) {
		simple_unlock(&pmap->lock);
		return KERN_INVALID_ARGUMENT;	/* a table where a large page would go */
	}
	bool was_valid = *pte & PTE_V;
	*pte = PA_TO_PTE(pa) | prot_bits(prot, flags);
	if (was_valid) {
		pmap_tlb_flush(pmap, va);
		pmap_tlb_shootdown(pmap);
	}
	simple_unlock(&pmap->lock);
	return KERN_SUCCESS;
}

static bool
table_empty(const pt_entry_t *table)
{
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		if (table[i])
			return false;
	return true;
}

/*
 * Free the tables under the user-half root entry for `va' that have no
 * valid entry left: the level-0 table of its 2 MiB, then the level-1 table
 * of its 1 GiB.  So an address space holds tables only for what it maps.
 *   Locks: pmap->lock held.
 */
static void
prune_tables(struct pmap *pmap, uintptr_t va)
{
	unsigned ri = PT_INDEX(va, 2);
	if (ri >= PT_ENTRIES / 2 || !(pmap->root[ri] & PTE_V) || PTE_LEAF(pmap->root[ri]))
		return;
	pt_entry_t *l1 = phystokv(PTE_TO_PA(pmap->root[ri]));
	pt_entry_t *l1e = &l1[PT_INDEX(va, 1)];
	if ((*l1e & PTE_V) && !PTE_LEAF(*l1e)) {
		pt_entry_t *l0 = phystokv(PTE_TO_PA(*l1e));
		if (table_empty(l0)) {
			paddr_t pa = PTE_TO_PA(*l1e);
			*l1e = 0;
			pmap_tlb_flush(pmap, va);
			pmap_tlb_shootdown(pmap);	/* no hart may still walk it */
			pmap_table_free(pa);
			pmap->table_pages--;
		}
	}
	if (table_empty(l1)) {
		paddr_t pa = PTE_TO_PA(pmap->root[ri]);
		pmap->root[ri] = 0;
		pmap_tlb_flush(pmap, va);
		pmap_tlb_shootdown(pmap);
		pmap_table_free(pa);
		pmap->table_pages--;
	}
}

/*
 * The level-0 entries of [va, *stop): *stop is the end of va's 2 MiB table
 * or `end', whichever comes first.  NULL if that table is missing (nothing
 * is mapped there).  One walk from the root for a whole run of pages.
 *   Locks: pmap->lock held.
 */
static pt_entry_t *
table_run(struct pmap *pmap, uintptr_t va, uintptr_t end, uintptr_t *stop)
{
	uintptr_t next = (va | (PT_LEVEL_SIZE(1) - 1)) + 1;
	kern_return_t why;

	*stop = next < end ? next : end;
	return pmap_walk(pmap, va, 0, false, &why);
}

void
pmap_remove(struct pmap *pmap, uintptr_t start, uintptr_t end)
{
	simple_lock(&pmap->lock);
	uintptr_t va = trunc_page(start);
	while (va < end) {
		/* One 2 MiB table at a time, then prune it if it emptied. */
		uintptr_t stop;
		bool removed = false;
		pt_entry_t *pte = table_run(pmap, va, end, &stop);
		if (!pte) {
			va = stop;		/* no table here: nothing mapped in it */
			continue;
		}
		for (; va < stop; va += PAGE_SIZE, pte++) {
			if (*pte & PTE_V) {
				*pte = 0;
				pmap_tlb_flush(pmap, va);
				removed = true;
			}
		}
		if (removed) {
			pmap_tlb_shootdown(pmap);
			prune_tables(pmap, va - PAGE_SIZE);
		}
		va = stop;
	}
	simple_unlock(&pmap->lock);
}

bool
pmap_extract(struct pmap *pmap, uintptr_t va, paddr_t *pa, pt_entry_t *ptep)
{
	pt_entry_t *table = pmap->root;

	for (int l = PT_LEVELS - 1; l >= 0; l--) {
		pt_entry_t pte = table[PT_INDEX(va, l)];
		if (!(pte & PTE_V))
			return false;
		if (PTE_LEAF(pte)) {
			if (pa)
				*pa = PTE_TO_PA(pte) + (va & (PT_LEVEL_SIZE(l) - 1));
			if (ptep)
				*ptep = pte;
			return true;
		}
		table = phystokv(PTE_TO_PA(pte));
	}
	return false;
}

/* Free the tables below `table' (not leaves: pages belong to their owners). */
static void
free_tables(struct pmap *pmap, pt_entry_t *table, unsigned level, unsigned first, unsigned last)
{
	_Static_assert(PT_ENTRIES % 8 == 0, "tables scanned eight entries at a time");
	for (size_t i = first; i <= last; i++) {
		/* Most of a table is empty: eight empty entries are passed at once. */
		const pt_entry_t *g = &table[i];
		if (!(i & 7) && i + 7 <= last &&
		    !(g[0] | g[1] | g[2] | g[3] | g[4] | g[5] | g[6] | g[7])) {
			i += 7;
			continue;
		}
		pt_entry_t pte = table[i];
		if (!(pte & PTE_V) || PTE_LEAF(pte))
			continue;
		if (level > 1)
			free_tables(pmap, phystokv(PTE_TO_PA(pte)), level - 1, 0, PT_ENTRIES - 1);
		pmap_table_free(PTE_TO_PA(pte));
		pmap->table_pages--;
		table[i] = 0;
	}
}

/* The kernel half's tables are shared by every pmap and stay. */
void
pmap_destroy_tables(struct pmap *pmap)
{
	free_tables(pmap, pmap->root, PT_LEVELS - 1, 0, PT_ENTRIES / 2 - 1);
	pmap_table_free(pmap->root_pa);
}

void
pmap_protect(struct pmap *pmap, uintptr_t start, uintptr_t end, vm_prot_t prot)
{
	bool changed = false;

	simple_lock(&pmap->lock);
	uintptr_t va = trunc_page(start);
	while (va < end) {
		/* One 2 MiB table at a time, skipped whole if missing. */
		uintptr_t stop;
		pt_entry_t *pte = table_run(pmap, va, end, &stop);
		if (!pte) {
			va = stop;
			continue;
		}
		for (; va < stop; va += PAGE_SIZE, pte++) {
			pt_entry_t old = *pte;
			if (!(old & PTE_V))
				continue;
			pt_entry_t new = !(prot & VM_PROT_ALL)
				? 0		/* no access: the next touch faults */
				: PA_TO_PTE(PTE_TO_PA(old)) |
				  prot_bits(prot, (old & PTE_U) ? PMAP_USER : 0);
			if (new == old)
				continue;	/* nothing a TLB holds changes */
			*pte = new;
			pmap_tlb_flush(pmap, va);
			changed = true;
		}
	}
	if (changed)
		pmap_tlb_shootdown(pmap);
	simple_unlock(&pmap->lock);
}
