/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Zones: allocators of fixed-size kernel objects (ports, threads, tasks,
 * messages), as in Mach.  A zone grows a page at a time from the page
 * allocator, keeps freed elements on a free list, and counts what is in
 * use, so tests can check that a run leaks no objects.
 *   Locks: zone->lock covers the free list and counts; it is a leaf lock.
 */
#ifndef _KERN_ZALLOC_H_
#define _KERN_ZALLOC_H_
#include <stddef.h>
#include <stdbool.h>
#include "kern/lock.h"
#include "lib/queue.h"

struct zone {
	const char	*name;
	size_t		elem_size;
	size_t		max_elems;	/* 0: no limit but memory */
	size_t		in_use;
	size_t		allocated;	/* elements carved from pages */
	size_t		pages;		/* pages taken from the page allocator */
	bool		noclear;	/* zalloc need not zero (the caller fills every field) */
	void		*free_list;
	simple_lock_data_t lock;
	queue_chain_t	all_zones;
};
typedef struct zone *zone_t;

/* zone_init: set up `z' for elements of `size' bytes (at most `max'). */
void zone_init(struct zone *z, const char *name, size_t size, size_t max);
/* zone_noclear: elements of `z' come unzeroed (hot objects that are filled anyway). */
static inline void zone_noclear(struct zone *z) { z->noclear = true; }
/* zalloc: a zeroed element, or NULL when the zone or memory is exhausted. */
void *zalloc(struct zone *z);
/* zfree: give `elem' back to `z' (NULL is ignored; more frees than allocations panic). */
void zfree(struct zone *z, void *elem);
/* zone_print: every zone's use, for the kernel monitor. */
void zone_print(void);
/*
 * zone_pages_total, zone_in_use_total: for leak checks, the pages held
 * by all zones (zones keep their pages) and the elements in use in all
 * zones.
 *   Locks:   take zones_lock.
 */
size_t zone_pages_total(void);
size_t zone_in_use_total(void);

#endif /* _KERN_ZALLOC_H_ */
