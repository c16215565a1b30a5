/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VM objects: the memory behind mappings.  An object is a range of bytes
 * with the pages that are resident (in physical memory), kept on a list
 * sorted by nothing in particular and found by offset.  This version has
 * one kind of object, anonymous memory, whose pages are created zero-filled
 * when first touched (the kernel's internal pager); external pagers come
 * with the rest of the VM issue.
 *
 * Copy-on-write: an object may shadow another (its backing object, at
 * shadow_offset).  A page not resident in an object is looked for down the
 * chain; a write copies it up into the top object.  An object that is the
 * source of a copy (copy_source) is no longer written in place: every entry
 * that maps it directly has needs_copy set (vm_map.h), and its pages are
 * only freed with the object.
 *   Locks: object->lock covers the page list and the pages' object fields;
 *          a shadow's lock is taken before its backing object's.
 *   Refs:  each map entry, each shadow and each kernel user holds one.
 */
#ifndef _VM_VM_OBJECT_H_
#define _VM_VM_OBJECT_H_
#include <stdint.h>
#include <stddef.h>
#include "kern/lock.h"
#include "lib/queue.h"
#include "vm/vm_page.h"
#include <mach/vm_prot.h>

struct ipc_port;

struct vm_object {
	simple_lock_data_t lock;
	uint32_t	ref_count;		/* atomic */
	uint64_t	size;			/* bytes */
	struct vm_page	pages;			/* list head of resident pages */
	size_t		resident_count;
	bool		shared;			/* mapped by more than one map (VM_INHERIT_SHARE) */
	bool		copy_source;		/* copied on write: never written in place */
	struct vm_object *shadow;		/* the backing object, or NULL */
	uint64_t	shadow_offset;		/* where this object starts in it */
	queue_head_t	shadows;		/* the objects this one backs */
	queue_chain_t	shadow_link;		/* on shadow->shadows, under its lock */

	/* An external memory manager's object (vm/memory_object.c), or none. */
	struct ipc_port	*pager;			/* send right to the memory object */
	struct ipc_port	*pager_control;		/* the kernel's port for it */
	queue_chain_t	pager_link;		/* on the list of pager objects */

	/*
	 * A device object (device/device_map.c): offset o is the physical
	 * address device_base + o, device registers, not RAM.  It has no
	 * pages, no shadow and no pager; a fault maps the registers
	 * themselves, and nothing ever copies them (vm/vm_fault.c).
	 * Set before the object is mapped, then read-only.
	 */
	bool		device;
	uint64_t	device_base;

	/*
	 * Physically contiguous, wired memory for DMA (vm/vm_contig.c): every
	 * page is resident from the start, in physical order, and stays until
	 * the object is freed.  Such an object is also `shared', so it is
	 * never copied on write (a device writes the pages behind the MMU's
	 * back): out-of-line messages and forks copy its bytes.
	 */
	bool		contiguous;
};

typedef struct vm_object *vm_object_t;

/* vm_object_bootstrap: the object zone and the page hash (at boot). */
void vm_object_bootstrap(void);
/* vm_object_allocate: an anonymous object of `size' bytes; one reference. */
vm_object_t vm_object_allocate(uint64_t size);
/* vm_object_reference: one more reference (atomic; no lock; not NULL). */
void vm_object_reference(vm_object_t object);
/*
 * vm_object_deallocate: drop a reference; the last frees every page.  When
 * only one shadow is left holding it, the object is merged into that shadow
 * (vm_object_collapse).
 */
void vm_object_deallocate(vm_object_t object);

/*
 * vm_object_shadow: a new, empty object of `size' bytes backed by `backing'
 * from `offset' on; takes over the caller's reference to `backing', which
 * becomes a copy source.  NULL without memory (the reference stays the
 * caller's).
 */
vm_object_t vm_object_shadow(vm_object_t backing, uint64_t offset, uint64_t size);
/*
 * Pager objects (vm/memory_object.c).  vm_object_page_placeholder: a busy
 * page at `offset' that the pager's data will fill (a fault waits on it);
 * NULL without memory.  Object locked.
 */
struct vm_page *vm_object_page_placeholder(vm_object_t object, uint64_t offset);
/* vm_object_pager_request: ask the pager for the page at `offset' (data_request).  No locks. */
void vm_object_pager_request(vm_object_t object, uint64_t offset);
/* vm_object_pager_unlock: ask the pager to allow `access' to the page at `offset' (data_unlock). */
void vm_object_pager_unlock(vm_object_t object, uint64_t offset, vm_prot_t access);
/*
 * vm_object_for_pager: the object of memory object `pager' (a send right,
 * consumed), made and announced with memory_object_init the first time;
 * one reference.  NULL without memory.
 */
vm_object_t vm_object_for_pager(struct ipc_port *pager, uint64_t size);
/* vm_object_pager_gone: the last reference to a pager object went: terminate it later. */
void vm_object_pager_gone(vm_object_t object);
/* memory_object_wait_reaped: wait until the pager objects gone so far are terminated and freed. */
void memory_object_wait_reaped(void);
/* vm_object_free: free an unreferenced object's pages and itself (no backing object). */
void vm_object_free(vm_object_t object);
/* vm_object_chain_has_pager: is there a pager object in `object's chain? */
bool vm_object_chain_has_pager(vm_object_t object);
/* memory_object_bootstrap: start the pager reaper thread (panics without memory). */
void memory_object_bootstrap(void);

/*
 * vm_object_collapse: merge into `object' every backing object that only
 * it references (its pages that `object' does not hide move up, the others
 * are freed), so that chains stay short as copies come and go.  Called
 * from a map entry's use of `object' (a fault, a fork).  Object unlocked.
 */
void vm_object_collapse(vm_object_t object);
/*
 * vm_object_step_down: one step down a shadow chain, hand over hand: lock
 * `o's backing object (o->shadow, not NULL), then unlock `o' unless it is
 * `top' (the walker's first object, held throughout).  A backing object
 * that only one shadow still uses is merged into that shadow and freed
 * (vm_object_collapse, from any task's vm_object_deallocate) with the
 * shadow locked; so while `o' is locked its backing object stays, and a
 * walk that let go of `o' first could land on a freed object.  Every walk
 * down a chain goes this way.
 *   Locks: o locked (and top, if other); returns the backing object,
 *   locked, with o unlocked unless o is top.
 */
static inline vm_object_t
vm_object_step_down(vm_object_t o, vm_object_t top)
{
	vm_object_t b = o->shadow;

	simple_lock(&b->lock);
	if (o != top)
		simple_unlock(&o->lock);
	return b;
}
/*
 * vm_object_page_copy: a new resident page at `offset' of `object' holding
 * a copy of `src' (a copy-on-write fault); NULL without memory.  Object locked.
 */
struct vm_page *vm_object_page_copy(vm_object_t object, uint64_t offset, struct vm_page *src);

/* vm_page_lookup: the resident page at `offset', or NULL.  Object locked. */
struct vm_page *vm_page_lookup(vm_object_t object, uint64_t offset);
/*
 * vm_object_page_get: the page at `offset', made resident (zero-filled) if
 * it is not.  NULL when no physical page is free.  Object locked.
 */
struct vm_page *vm_object_page_get(vm_object_t object, uint64_t offset);
/* vm_object_page_remove: free the resident pages in [start, end).  Object locked. */
void vm_object_page_remove(vm_object_t object, uint64_t start, uint64_t end);

/* vm_object_count: VM objects in existence, for leak checks. */
size_t vm_object_count(void);

/* vm_object_insert_page: make `p' (allocated, in no object) resident at `offset'.  Object locked. */
void vm_object_insert_page(vm_object_t object, struct vm_page *p, uint64_t offset);
/* vm_contig_pages: pages held by contiguous objects now (leak checks, host_info). */
size_t vm_contig_pages(void);
/* vm_contig_pages_freed: a contiguous object's pages are being freed. */
void vm_contig_pages_freed(size_t n);

#endif /* _VM_VM_OBJECT_H_ */
