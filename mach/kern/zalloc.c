/* SPDX-License-Identifier: BSD-2-Clause */
/* Zones of fixed-size kernel objects (see kern/zalloc.h). */
#include "kern/zalloc.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "lib/string.h"
#include "vm/vm_page.h"

static queue_head_t zones = QUEUE_HEAD_INITIALIZER(zones);
static simple_lock_data_t zones_lock = SIMPLE_LOCK_INITIALIZER("zones", LOCK_RANK_ZONES);

void
zone_init(struct zone *z, const char *name, size_t size, size_t max)
{
	/* Elements hold the free-list link, and stay 16-byte aligned. */
	size = (size + 15) & ~(size_t)15;
	if (size > PAGE_SIZE)
		panic("zone_init: %s: %lu-byte elements do not fit a page", name,
		      (unsigned long)size);
	z->name = name;
	z->noclear = false;
	z->elem_size = size;
	z->max_elems = max;
	z->in_use = z->allocated = 0;
	z->free_list = NULL;
	simple_lock_init(&z->lock, name, LOCK_RANK_ZONE);
	simple_lock(&zones_lock);
	enqueue_tail(&zones, &z->all_zones);
	simple_unlock(&zones_lock);
}

/* Carve a new page into elements.  Locks: z->lock held; dropped around the page. */
static bool
zone_grow(struct zone *z)
{
	simple_unlock(&z->lock);
	char *page = kmem_alloc_pages(0);
	simple_lock(&z->lock);
	if (!page)
		return false;
	z->pages++;
	for (size_t off = 0; off + z->elem_size <= PAGE_SIZE; off += z->elem_size) {
		*(void **)(page + off) = z->free_list;
		z->free_list = page + off;
		z->allocated++;
	}
	return true;
}

void *
zalloc(struct zone *z)
{
	simple_lock(&z->lock);
	if (z->max_elems && z->in_use >= z->max_elems) {
		simple_unlock(&z->lock);
		return NULL;
	}
	if (!z->free_list && !zone_grow(z)) {
		simple_unlock(&z->lock);
		return NULL;
	}
	void *e = z->free_list;
	z->free_list = *(void **)e;
	z->in_use++;
	simple_unlock(&z->lock);
	if (!z->noclear)
		memset(e, 0, z->elem_size);
	return e;
}

void
zfree(struct zone *z, void *e)
{
	if (!e)
		return;
	simple_lock(&z->lock);
	if (z->in_use == 0)
		panic("zfree: %s: more frees than allocations", z->name);
#ifdef ZONE_DEBUG
	/* Poison the element so a use after free shows. */
	memset(e, 0xdb, z->elem_size);
#endif
	*(void **)e = z->free_list;
	z->free_list = e;
	z->in_use--;
	simple_unlock(&z->lock);
}

void
zone_print(void)
{
	queue_chain_t *q;

	simple_lock(&zones_lock);
	queue_iterate(&zones, q) {
		struct zone *z = queue_entry_owner(q, struct zone, all_zones);
		printf("  %-16s %5lu bytes  %6lu in use  %6lu allocated\n", z->name,
		       (unsigned long)z->elem_size, (unsigned long)z->in_use,
		       (unsigned long)z->allocated);
	}
	simple_unlock(&zones_lock);
}

static size_t
zone_sum(size_t (*field)(const struct zone *))
{
	queue_chain_t *q;
	size_t n = 0;

	simple_lock(&zones_lock);
	queue_iterate(&zones, q)
		n += field(queue_entry_owner(q, struct zone, all_zones));
	simple_unlock(&zones_lock);
	return n;
}

static size_t zone_pages(const struct zone *z) { return z->pages; }
static size_t zone_in_use(const struct zone *z) { return z->in_use; }

size_t zone_pages_total(void) { return zone_sum(zone_pages); }
size_t zone_in_use_total(void) { return zone_sum(zone_in_use); }
