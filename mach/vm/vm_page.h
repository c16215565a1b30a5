/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Physical pages.  Every page frame of RAM has a struct vm_page.  Free pages
 * are kept by a binary buddy allocator: blocks of 2^order pages, aligned to
 * their size in physical memory, on one free list per order.  A block is
 * free (on a list; its head page has VM_PAGE_FREE and its order), allocated,
 * or reserved (firmware, kernel image, device tree, initrd: never freed).
 *   Locks: vm_page_lock covers the free lists and the free flags.
 */
#ifndef _VM_VM_PAGE_H_
#define _VM_VM_PAGE_H_
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "riscv/vm_param.h"

#define VM_PAGE_MAX_ORDER	10	/* blocks up to 4 MiB */

#define VM_PAGE_FREE		0x1	/* on a free list (head of a block) */
#define VM_PAGE_RESERVED	0x2	/* never given to the allocator */
#define VM_PAGE_BUSY		0x4	/* asked of its pager, not here yet: wait on it */
#define VM_PAGE_ERROR		0x8	/* its pager could not give it (data_error) */
#define VM_PAGE_DIRTY		0x10	/* mapped writable since its pager gave it */
#define VM_PAGE_UNLOCKING	0x20	/* data_unlock sent; faults wait on the page */

struct vm_object;

struct vm_page {
	struct vm_page	*next, *prev;	/* free list, or its object's page list */
	paddr_t		phys_addr;
	uint16_t	flags;
	uint8_t		order;		/* of the free block it heads */
	uint8_t		lock_prot;	/* access its pager withholds (lock_request) */
	struct vm_object *object;	/* resident in this object, or NULL */
	uint64_t	offset;		/* ... at this offset */
	struct vm_page	*hash_next;	/* the (object, offset) hash chain (vm_object.c) */
};

/*
 * vm_page_bootstrap: take charge of the frames [first, first + npages*PAGE_SIZE)
 * described by `array' (npages entries).  All start reserved; hand RAM to
 * the allocator with vm_page_release_range().
 */
void vm_page_bootstrap(struct vm_page *array, paddr_t first, size_t npages);
/* vm_page_release_range: free every frame in [start, end) (page-aligned inward). */
void vm_page_release_range(paddr_t start, paddr_t end);

/*
 * vm_page_alloc_order: a block of 2^order contiguous pages, aligned to its
 * size; NULL when no block that large is free.  Contents are not cleared.
 */
struct vm_page *vm_page_alloc_order(unsigned order);
/*
 * vm_page_alloc_contig: `npages' physically contiguous pages whose first
 * address is a multiple of `align' (a power of two, at least a page) and
 * which lie in [pmin, pmax); NULL when no free block holds such a run
 * (or npages is 0 or more than a block of VM_PAGE_MAX_ORDER).  The pages
 * are separate allocations: free each with vm_page_free.  Contents are
 * not cleared.
 */
struct vm_page *vm_page_alloc_contig(size_t npages, paddr_t pmin, paddr_t pmax, paddr_t align);
/* vm_page_free_order: give back a block from vm_page_alloc_order(order). */
void vm_page_free_order(struct vm_page *page, unsigned order);

static inline struct vm_page *vm_page_alloc(void) { return vm_page_alloc_order(0); }
#define VM_PAGE_RESERVE		128	/* pages: 512 KiB */
/*
 * vm_page_alloc_user: a page for a task's memory (a fault's zero fill or
 * copy, a pager's data); NULL when only the reserve is left, which the
 * kernel keeps for itself (messages, stacks, tables) so that a task that
 * eats all memory gets an error and the rest keeps working.
 */
struct vm_page *vm_page_alloc_user(void);
static inline void vm_page_free(struct vm_page *p) { vm_page_free_order(p, 0); }

/* vm_page_lookup_phys: the page struct of physical address `pa', or NULL if not RAM the allocator manages. */
struct vm_page *vm_page_lookup_phys(paddr_t pa);	/* NULL if not RAM we manage */
/* vm_page_free_count: pages on the free lists now (read without the lock). */
size_t vm_page_free_count(void);
/* vm_page_total_count: pages ever released to the allocator (all of RAM it manages). */
size_t vm_page_total_count(void);
/* vm_page_free_blocks: free blocks of `order' on the free lists now (for tests and the monitor). */
size_t vm_page_free_blocks(unsigned order);	/* for tests and the monitor */
/* Is the kernel virtual address `va' in the direct map of managed RAM? */
bool vm_page_kva_is_ram(uintptr_t va);

/* Kernel conveniences: a zeroed page (or block), by kernel virtual address. */
void *kmem_alloc_pages(unsigned order);
/*
 * kmem_alloc_pages_dirty: the same, not cleared: for a buffer whose every
 * byte that is read was written first (a kmsg: only its message and the
 * trailer written for it go out).  4 KiB of clearing is ~600 instructions.
 */
void *kmem_alloc_pages_dirty(unsigned order);
/* kmem_free_pages: give back a block from kmem_alloc_pages(order) (not NULL). */
void kmem_free_pages(void *va, unsigned order);

#endif /* _VM_VM_PAGE_H_ */
