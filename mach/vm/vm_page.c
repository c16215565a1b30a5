/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The physical page allocator: a binary buddy system over struct vm_page
 * (see vm/vm_page.h).  Pure bookkeeping, no access to the pages themselves,
 * so tests/host/test_vm_page.c runs it on the host.
 */
#include "vm/vm_page.h"
#include "kern/lock.h"
#include "kern/panic.h"
#include "lib/string.h"

static struct vm_page *pages;		/* pages[i] describes frame first_pfn + i */
static uint64_t first_pfn, npages;
static struct vm_page free_list[VM_PAGE_MAX_ORDER + 1];	/* list heads */
static size_t free_count, total_count;
static size_t free_blocks[VM_PAGE_MAX_ORDER + 1];
static simple_lock_data_t vm_page_lock = SIMPLE_LOCK_INITIALIZER("vm_page", LOCK_RANK_VM_PAGE);

static void
list_insert(struct vm_page *head, struct vm_page *p)
{
	p->next = head->next;
	p->prev = head;
	head->next->prev = p;
	head->next = p;
}

static void
list_remove(struct vm_page *p)
{
	p->prev->next = p->next;
	p->next->prev = p->prev;
	p->next = p->prev = 0;
}

void
vm_page_bootstrap(struct vm_page *array, paddr_t first, size_t n)
{
	pages = array;
	first_pfn = first >> PAGE_SHIFT;
	npages = n;
	free_count = total_count = 0;
	for (unsigned o = 0; o <= VM_PAGE_MAX_ORDER; o++) {
		free_list[o].next = free_list[o].prev = &free_list[o];
		free_blocks[o] = 0;
	}
	for (size_t i = 0; i < n; i++) {
		memset(&pages[i], 0, sizeof(pages[i]));
		pages[i].phys_addr = (first_pfn + i) << PAGE_SHIFT;
		pages[i].flags = VM_PAGE_RESERVED;
	}
}

struct vm_page *
vm_page_lookup_phys(paddr_t pa)
{
	uint64_t pfn = pa >> PAGE_SHIFT;

	if (pfn < first_pfn || pfn - first_pfn >= npages)
		return 0;
	return &pages[pfn - first_pfn];
}

bool
vm_page_kva_is_ram(uintptr_t va)
{
	return va >= (uintptr_t)phystokv(first_pfn << PAGE_SHIFT) &&
	       va < (uintptr_t)phystokv((first_pfn + npages) << PAGE_SHIFT);
}

/*
 * free_block: put the block of 2^order pages at `p' on the free lists,
 * merging it with its buddy while the buddy is a free block of the same order.
 *   Locks: vm_page_lock held.
 */
static void
free_block(struct vm_page *p, unsigned order)
{
	uint64_t pfn = p->phys_addr >> PAGE_SHIFT;

	while (order < VM_PAGE_MAX_ORDER) {
		uint64_t buddy_pfn = pfn ^ (1ULL << order);
		if (buddy_pfn < first_pfn || buddy_pfn - first_pfn >= npages)
			break;
		struct vm_page *b = &pages[buddy_pfn - first_pfn];
		if (!(b->flags & VM_PAGE_FREE) || b->order != order)
			break;
		list_remove(b);
		b->flags &= ~VM_PAGE_FREE;
		free_blocks[order]--;
		pfn &= ~(1ULL << order);
		order++;
	}
	p = &pages[pfn - first_pfn];
	p->flags |= VM_PAGE_FREE;
	p->order = (uint8_t)order;
	list_insert(&free_list[order], p);
	free_blocks[order]++;
}

void
vm_page_release_range(paddr_t start, paddr_t end)
{
	simple_lock(&vm_page_lock);
	for (paddr_t pa = round_page(start); pa + PAGE_SIZE <= end; pa += PAGE_SIZE) {
		struct vm_page *p = vm_page_lookup_phys(pa);
		if (!p || !(p->flags & VM_PAGE_RESERVED))
			continue;
		p->flags &= ~VM_PAGE_RESERVED;
		free_block(p, 0);
		free_count++;
		total_count++;
	}
	simple_unlock(&vm_page_lock);
}

struct vm_page *
vm_page_alloc_order(unsigned order)
{
	unsigned o;

	if (order > VM_PAGE_MAX_ORDER)
		return 0;
	simple_lock(&vm_page_lock);
	for (o = order; o <= VM_PAGE_MAX_ORDER; o++)
		if (free_list[o].next != &free_list[o])
			break;
	if (o > VM_PAGE_MAX_ORDER) {
		simple_unlock(&vm_page_lock);
		return 0;
	}
	struct vm_page *p = free_list[o].next;
	list_remove(p);
	p->flags &= ~VM_PAGE_FREE;
	free_blocks[o]--;
	/* Split: keep the lower half, free the upper half, until small enough. */
	while (o > order) {
		o--;
		struct vm_page *upper = p + (1ULL << o);
		upper->flags |= VM_PAGE_FREE;
		upper->order = (uint8_t)o;
		list_insert(&free_list[o], upper);
		free_blocks[o]++;
	}
	free_count -= 1ULL << order;
	simple_unlock(&vm_page_lock);
	return p;
}

/*
 * fits: the first run of 2^order pages, aligned to `align' pages, inside
 * the free block of 2^bo pages at pfn `b' and inside [lo, hi) (pfns);
 * UINT64_MAX if there is none.  A buddy block is aligned to its size, so
 * a run aligned to max(2^order, align) is also a block of the split.
 */
static uint64_t
fits(uint64_t b, unsigned bo, unsigned order, uint64_t align, uint64_t lo, uint64_t hi)
{
	uint64_t step = (1ULL << order) > align ? (1ULL << order) : align;
	uint64_t start = b > lo ? b : lo;

	start = (start + step - 1) & ~(step - 1);
	if (start + (1ULL << order) <= b + (1ULL << bo) && start + (1ULL << order) <= hi)
		return start;
	return UINT64_MAX;
}

struct vm_page *
vm_page_alloc_contig(size_t npages, paddr_t pmin, paddr_t pmax, paddr_t align)
{
	unsigned order = 0;

	if (npages == 0 || npages > (1ULL << VM_PAGE_MAX_ORDER))
		return 0;
	while ((1ULL << order) < npages)
		order++;
	uint64_t lo = (pmin + PAGE_SIZE - 1) >> PAGE_SHIFT, hi = pmax >> PAGE_SHIFT;
	uint64_t al = align > PAGE_SIZE ? align >> PAGE_SHIFT : 1;
	simple_lock(&vm_page_lock);
	struct vm_page *block = 0;
	uint64_t run = UINT64_MAX;
	unsigned bo;
	for (bo = order; bo <= VM_PAGE_MAX_ORDER && !block; bo++) {
		for (struct vm_page *p = free_list[bo].next; p != &free_list[bo]; p = p->next) {
			run = fits(p->phys_addr >> PAGE_SHIFT, bo, order, al, lo, hi);
			if (run != UINT64_MAX) {
				block = p;
				break;
			}
		}
	}
	if (!block) {
		simple_unlock(&vm_page_lock);
		return 0;
	}
	bo--;
	list_remove(block);
	block->flags &= ~VM_PAGE_FREE;
	free_blocks[bo]--;
	/* Split down to the run: free the halves that do not hold it. */
	uint64_t b = block->phys_addr >> PAGE_SHIFT;
	while (bo > order) {
		bo--;
		uint64_t upper = b + (1ULL << bo);
		uint64_t other = run >= upper ? b : upper;
		if (run >= upper)
			b = upper;
		free_block(&pages[other - first_pfn], bo);
	}
	/* The run is a block of 2^order pages: give back the pages past npages. */
	for (uint64_t i = npages; i < (1ULL << order); i++)
		free_block(&pages[run + i - first_pfn], 0);
	free_count -= npages;
	simple_unlock(&vm_page_lock);
	return &pages[run - first_pfn];
}

void
vm_page_free_order(struct vm_page *p, unsigned order)
{
	uint64_t pfn = p->phys_addr >> PAGE_SHIFT;

	if (order > VM_PAGE_MAX_ORDER || p < pages || p >= pages + npages ||
	    (pfn & ((1ULL << order) - 1)))
		panic("vm_page_free: bad block %p order %u", (void *)p, order);
	p->flags &= ~(VM_PAGE_BUSY | VM_PAGE_ERROR | VM_PAGE_DIRTY | VM_PAGE_UNLOCKING);
	p->lock_prot = 0;
	simple_lock(&vm_page_lock);
	for (uint64_t i = 0; i < (1ULL << order); i++) {
		if (p[i].flags & (VM_PAGE_FREE | VM_PAGE_RESERVED))
			panic("vm_page_free: page %#lx is %s", (unsigned long)p[i].phys_addr,
			      (p[i].flags & VM_PAGE_FREE) ? "already free" : "reserved");
	}
	free_block(p, order);
	free_count += 1ULL << order;
	simple_unlock(&vm_page_lock);
}

size_t vm_page_free_count(void) { return free_count; }

struct vm_page *
vm_page_alloc_user(void)
{
	/* A racy look is enough: the reserve is a margin, not an exact count. */
	if (__atomic_load_n(&free_count, __ATOMIC_RELAXED) <= VM_PAGE_RESERVE)
		return NULL;
	return vm_page_alloc();
}
size_t vm_page_total_count(void) { return total_count; }

size_t
vm_page_free_blocks(unsigned order)
{
	return order <= VM_PAGE_MAX_ORDER ? free_blocks[order] : 0;
}
