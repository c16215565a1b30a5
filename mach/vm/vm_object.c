/* SPDX-License-Identifier: BSD-2-Clause */
/* VM objects and their resident pages (see vm_object.h). */
#include "vm/vm_object.h"
#include "vm/vm_map.h"
#include "kern/panic.h"
#include "lib/string.h"
#include "kern/zalloc.h"

static struct zone object_zone;

/*
 * Resident pages are found by (object, offset) in a hash table, as in
 * Mach: a fault in a large object, or down a copy-on-write chain, costs
 * one short chain, not a walk of the object's pages.  A bucket's chain is
 * changed under its bucket lock, taken inside the object's lock.
 */
#define PAGE_HASH_LOCKS	64

static struct vm_page **page_buckets;
static uint64_t page_bucket_mask;
static simple_lock_data_t page_hash_locks[PAGE_HASH_LOCKS];

static inline uint64_t
page_hash(vm_object_t object, uint64_t offset)
{
	uint64_t h = ((uintptr_t)object >> 6) ^ ((offset >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ULL);
	return (h ^ (h >> 29)) & page_bucket_mask;
}

static inline simple_lock_data_t *
bucket_lock(uint64_t bucket)
{
	return &page_hash_locks[bucket % PAGE_HASH_LOCKS];
}

void
vm_object_bootstrap(void)
{
	zone_init(&object_zone, "vm objects", sizeof(struct vm_object), 0);
	/* About one bucket for every two pages of memory. */
	unsigned order = 0;
	while ((PAGE_SIZE << order) / sizeof(struct vm_page *) < vm_page_total_count() / 2 &&
	       order < VM_PAGE_MAX_ORDER)
		order++;
	page_buckets = kmem_alloc_pages(order);
	if (!page_buckets)
		panic("vm_object_bootstrap: no memory for the page hash");
	memset(page_buckets, 0, PAGE_SIZE << order);
	page_bucket_mask = (PAGE_SIZE << order) / sizeof(struct vm_page *) - 1;
	for (unsigned i = 0; i < PAGE_HASH_LOCKS; i++)
		simple_lock_init(&page_hash_locks[i], "vm page hash", LOCK_RANK_PAGE_HASH);
}

size_t vm_object_count(void) { return object_zone.in_use; }

vm_object_t
vm_object_allocate(uint64_t size)
{
	vm_object_t object = zalloc(&object_zone);

	if (!object)
		return NULL;
	simple_lock_init(&object->lock, "vm object", LOCK_RANK_VM_OBJECT);
	object->ref_count = 1;
	object->size = size;
	object->shared = object->copy_source = false;
	object->shadow = NULL;
	object->shadow_offset = 0;
	queue_init(&object->shadows);
	queue_chain_init(&object->shadow_link);
	object->pager = object->pager_control = NULL;
	queue_chain_init(&object->pager_link);
	object->pages.next = object->pages.prev = &object->pages;
	object->device = false;
	object->device_base = 0;
	object->contiguous = false;
	return object;
}

void
vm_object_reference(vm_object_t object)
{
	__atomic_fetch_add(&object->ref_count, 1, __ATOMIC_RELAXED);
}

static void
page_remove(vm_object_t object, struct vm_page *p)
{
	uint64_t b = page_hash(object, p->offset);
	simple_lock(bucket_lock(b));
	struct vm_page **link = &page_buckets[b];
	while (*link != p)
		link = &(*link)->hash_next;
	*link = p->hash_next;
	simple_unlock(bucket_lock(b));
	p->hash_next = NULL;

	p->prev->next = p->next;
	p->next->prev = p->prev;
	p->next = p->prev = NULL;
	p->object = NULL;
	object->resident_count--;
}

/* A backing object whose last user is one shadow: merge it into that shadow. */
static void
collapse_into_only_shadow(vm_object_t backing)
{
	vm_object_t top = NULL;

	simple_lock(&backing->lock);
	queue_chain_t *first = backing->shadows.next;
	if (__atomic_load_n(&backing->ref_count, __ATOMIC_ACQUIRE) == 1 &&
	    first != &backing->shadows && first->next == &backing->shadows) {
		top = queue_entry_owner(first, struct vm_object, shadow_link);
		/* A reference of our own, unless the shadow is being freed right now. */
		uint32_t r = __atomic_load_n(&top->ref_count, __ATOMIC_ACQUIRE);
		while (r && !__atomic_compare_exchange_n(&top->ref_count, &r, r + 1, false,
							 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			;
		if (!r)
			top = NULL;
	}
	simple_unlock(&backing->lock);
	if (top) {
		vm_object_collapse(top);
		vm_object_deallocate(top);
	}
}

void
vm_object_deallocate(vm_object_t object)
{
	/* A loop, not recursion: dropping a shadow drops its backing object too. */
	while (object) {
		uint32_t left = __atomic_sub_fetch(&object->ref_count, 1, __ATOMIC_ACQ_REL);
		if (left == 1 && object->copy_source && !object->pager)
			collapse_into_only_shadow(object);
		if (left != 0)
			return;
		if (object->pager) {
			vm_object_pager_gone(object);	/* terminated and freed by the reaper */
			return;
		}
		/* The last reference: nobody maps it, nobody can find it. */
		if (object->contiguous)
			vm_contig_pages_freed(object->resident_count);
		while (object->pages.next != &object->pages) {
			struct vm_page *p = object->pages.next;
			page_remove(object, p);
			vm_page_free(p);
		}
		vm_object_t backing = object->shadow;
		if (backing) {
			simple_lock(&backing->lock);
			queue_remove(&object->shadow_link);
			simple_unlock(&backing->lock);
		}
		zfree(&object_zone, object);
		object = backing;
	}
}

void
vm_object_free(vm_object_t object)
{
	while (object->pages.next != &object->pages) {
		struct vm_page *p = object->pages.next;
		page_remove(object, p);
		vm_page_free(p);
	}
	zfree(&object_zone, object);
}

bool
vm_object_chain_has_pager(vm_object_t object)
{
	if (!object)
		return false;
	simple_lock(&object->lock);
	while (!object->pager && object->shadow)
		object = vm_object_step_down(object, NULL);
	bool found = object->pager != NULL;
	simple_unlock(&object->lock);
	return found;
}

vm_object_t
vm_object_shadow(vm_object_t backing, uint64_t offset, uint64_t size)
{
	vm_object_t object = vm_object_allocate(size);

	if (!object)
		return NULL;
	object->shadow = backing;
	object->shadow_offset = offset;
	simple_lock(&backing->lock);
	backing->copy_source = true;
	enqueue_tail(&backing->shadows, &object->shadow_link);
	simple_unlock(&backing->lock);
	return object;
}

struct vm_page *
vm_page_lookup(vm_object_t object, uint64_t offset)
{
	uint64_t b = page_hash(object, offset);
	struct vm_page *p;

	simple_lock(bucket_lock(b));
	for (p = page_buckets[b]; p; p = p->hash_next)
		if (p->object == object && p->offset == offset)
			break;
	simple_unlock(bucket_lock(b));
	return p;
}

static void
page_insert(vm_object_t object, struct vm_page *p, uint64_t offset)
{
	p->object = object;
	p->offset = offset;
	uint64_t b = page_hash(object, offset);
	simple_lock(bucket_lock(b));
	p->hash_next = page_buckets[b];
	page_buckets[b] = p;
	simple_unlock(bucket_lock(b));
	p->next = object->pages.next;
	p->prev = &object->pages;
	object->pages.next->prev = p;
	object->pages.next = p;
	object->resident_count++;
}

void
vm_object_insert_page(vm_object_t object, struct vm_page *p, uint64_t offset)
{
	page_insert(object, p, offset);
}

struct vm_page *
vm_object_page_get(vm_object_t object, uint64_t offset)
{
	struct vm_page *p = vm_page_lookup(object, offset);

	if (p)
		return p;
	p = vm_page_alloc_user();
	if (!p)
		return NULL;
	memset(phystokv(p->phys_addr), 0, PAGE_SIZE);	/* the internal pager: zero fill */
	__atomic_fetch_add(&vm_stat_zero_fills, 1, __ATOMIC_RELAXED);
	page_insert(object, p, offset);
	return p;
}

uint64_t vm_stat_cow_faults;

struct vm_page *
vm_object_page_placeholder(vm_object_t object, uint64_t offset)
{
	struct vm_page *p = vm_page_alloc_user();

	if (!p)
		return NULL;
	p->flags |= VM_PAGE_BUSY;
	page_insert(object, p, offset);
	return p;
}

void
vm_object_collapse(vm_object_t object)
{
	simple_lock(&object->lock);
	for (;;) {
		vm_object_t backing = object->shadow;
		/* One reference: ours, as its shadow.  Nobody else can reach it. */
		if (!backing || backing->pager ||
		    __atomic_load_n(&backing->ref_count, __ATOMIC_ACQUIRE) != 1)
			break;		/* a pager's object stays whole: it is terminated */
		simple_lock(&backing->lock);
		uint64_t base = object->shadow_offset;
		while (backing->pages.next != &backing->pages) {
			struct vm_page *p = backing->pages.next;
			page_remove(backing, p);
			if (p->offset >= base && p->offset - base < object->size &&
			    !vm_page_lookup(object, p->offset - base))
				page_insert(object, p, p->offset - base);
			else
				vm_page_free(p);	/* hidden by ours, or outside us */
		}
		queue_remove(&object->shadow_link);	/* from backing->shadows */
		vm_object_t next = backing->shadow;	/* its reference moves to us */
		if (next) {
			simple_lock(&next->lock);
			queue_remove(&backing->shadow_link);
			enqueue_tail(&next->shadows, &object->shadow_link);
			simple_unlock(&next->lock);
		}
		object->shadow = next;
		object->shadow_offset += backing->shadow_offset;
		simple_unlock(&backing->lock);
		zfree(&object_zone, backing);
	}
	simple_unlock(&object->lock);
}

struct vm_page *
vm_object_page_copy(vm_object_t object, uint64_t offset, struct vm_page *src)
{
	struct vm_page *p = vm_page_alloc_user();

	if (!p)
		return NULL;
	memcpy(phystokv(p->phys_addr), phystokv(src->phys_addr), PAGE_SIZE);
	__atomic_fetch_add(&vm_stat_cow_faults, 1, __ATOMIC_RELAXED);
	page_insert(object, p, offset);
	return p;
}

void
vm_object_page_remove(vm_object_t object, uint64_t start, uint64_t end)
{
	struct vm_page *p = object->pages.next;

	while (p != &object->pages) {
		struct vm_page *next = p->next;
		if (p->offset >= start && p->offset < end) {
			page_remove(object, p);
			vm_page_free(p);
		}
		p = next;
	}
}
