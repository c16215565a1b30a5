/* SPDX-License-Identifier: BSD-2-Clause */
/* Address maps: entries, entering, removing, protecting (see vm_map.h). */
#include "vm/vm_map.h"
#include "kern/panic.h"
#include "lib/string.h"
#include "kern/zalloc.h"

static struct zone map_zone, entry_zone;
/* Every map, for vm_map_unmap_object; the lock is taken before a map's. */
static simple_lock_data_t maps_lock = SIMPLE_LOCK_INITIALIZER("vm maps", LOCK_RANK_VM_MAPS);
static queue_head_t maps = QUEUE_HEAD_INITIALIZER(maps);

void
vm_map_bootstrap(void)
{
	zone_init(&map_zone, "vm maps", sizeof(struct vm_map), 0);
	zone_init(&entry_zone, "vm map entries", sizeof(struct vm_map_entry), 0);
	vm_object_bootstrap();
}

size_t vm_map_count(void) { return map_zone.in_use; }

#define first_entry(map)	((map)->header.next)
#define end_of(map, e)		((e) == &(map)->header)

vm_map_t
vm_map_create(void)
{
	vm_map_t map = zalloc(&map_zone);

	if (!map)
		return NULL;
	if (pmap_init(&map->pmap) != KERN_SUCCESS) {
		zfree(&map_zone, map);
		return NULL;
	}
	simple_lock_init(&map->lock, "vm map", LOCK_RANK_VM_MAP);
	map->ref_count = 1;
	map->header.next = map->header.prev = &map->header;
	simple_lock(&maps_lock);
	enqueue_tail(&maps, &map->all_link);
	simple_unlock(&maps_lock);
	return map;
}

void
vm_map_reference(vm_map_t map)
{
	__atomic_fetch_add(&map->ref_count, 1, __ATOMIC_RELAXED);
}

static void
entry_unlink(vm_map_t map, struct vm_map_entry *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	map->nentries--;
	map->size -= e->end - e->start;
}

static void
entry_link_after(vm_map_t map, struct vm_map_entry *after, struct vm_map_entry *e)
{
	e->prev = after;
	e->next = after->next;
	after->next->prev = e;
	after->next = e;
	map->nentries++;
	map->size += e->end - e->start;
}

void
vm_map_deallocate(vm_map_t map)
{
	if (!map)
		return;		/* a MIG destructor: NULL when the port was no task */
	if (__atomic_sub_fetch(&map->ref_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	simple_lock(&maps_lock);
	queue_remove(&map->all_link);
	simple_unlock(&maps_lock);
	while (!end_of(map, first_entry(map))) {
		struct vm_map_entry *e = first_entry(map);
		entry_unlink(map, e);
		vm_object_deallocate(e->object);
		zfree(&entry_zone, e);
	}
	pmap_fini(&map->pmap);		/* frees the tables, not the pages */
	zfree(&map_zone, map);
}

/* The entry containing `addr', or the one before the gap it is in.  Map locked. */
static bool
lookup_entry(vm_map_t map, uintptr_t addr, struct vm_map_entry **ep)
{
	struct vm_map_entry *e;

	for (e = first_entry(map); !end_of(map, e); e = e->next) {
		if (addr < e->start)
			break;
		if (addr < e->end) {
			*ep = e;
			return true;
		}
	}
	*ep = e->prev;
	return false;
}

static bool
range_ok(uintptr_t start, uint64_t size)
{
	return size && !(start & PAGE_MASK) && !(size & PAGE_MASK) &&
	       start >= VM_MIN_USER_ADDRESS && start < VM_MAX_USER_ADDRESS &&
	       size <= VM_MAX_USER_ADDRESS - start;
}

/* Find a free range of `size' bytes at or after `hint'.  Map locked. */
static bool
find_space(vm_map_t map, uintptr_t hint, uint64_t size, uintptr_t *addrp,
	   struct vm_map_entry **afterp)
{
	uintptr_t start = hint;
	struct vm_map_entry *prev = &map->header;

	for (struct vm_map_entry *e = first_entry(map); !end_of(map, e); e = e->next) {
		if (e->end <= start) {
			prev = e;
			continue;
		}
		if (e->start >= start + size)
			break;
		start = e->end;
		prev = e;
	}
	if (start + size > VM_MAX_USER_ADDRESS || start + size < start)
		return false;
	*addrp = start;
	*afterp = prev;
	return true;
}

/* A new entry's fields (not linked): [start, end) of `object' from `offset'. */
static void
entry_init(struct vm_map_entry *e, uintptr_t start, uintptr_t end, vm_object_t object,
	   uint64_t offset, vm_prot_t cur, vm_prot_t max, vm_inherit_t inheritance)
{
	e->start = start;
	e->end = end;
	e->object = object;
	e->offset = offset;
	e->protection = cur;
	e->max_protection = max;
	e->inheritance = inheritance;
	e->wired_count = 0;
	e->needs_copy = false;
}

/*
 * Can zero-filled memory at [prev->end, prev->end + size) be had by
 * growing prev's object and prev, as Mach's vm_object_coalesce does (a
 * heap grown by one vm_allocate after another stays one entry and one
 * object)?  Only when nothing but prev sees that object: anonymous (no
 * pager, no device, not contiguous), one reference, no shadow and none
 * shadowing it, neither shared nor copied on write, prev mapping its
 * end, and prev as the new memory would be (protections, inheritance,
 * not wired, no copy pending).  If so, it is grown.
 *   Locks: map locked; takes the object's lock.
 */
static bool
coalesce(vm_map_t map, struct vm_map_entry *prev, uint64_t size, vm_prot_t cur,
	 vm_prot_t max, vm_inherit_t inheritance)
{
	if (prev == &map->header || prev->protection != cur || prev->max_protection != max ||
	    prev->inheritance != inheritance || prev->wired_count || prev->needs_copy)
		return false;
	vm_object_t o = prev->object;
	bool ok = false;
	simple_lock(&o->lock);
	if (__atomic_load_n(&o->ref_count, __ATOMIC_ACQUIRE) == 1 && !o->shared &&
	    !o->copy_source && !o->shadow && queue_empty(&o->shadows) && !o->pager &&
	    !o->device && !o->contiguous && prev->offset + (prev->end - prev->start) == o->size) {
		o->size += size;
		ok = true;
	}
	simple_unlock(&o->lock);
	if (ok) {
		prev->end += size;
		map->size += size;
	}
	return ok;
}

kern_return_t
vm_map_enter(vm_map_t map, uintptr_t *addrp, uint64_t size, bool anywhere,
	     vm_object_t object, uint64_t offset, vm_prot_t cur, vm_prot_t max,
	     vm_inherit_t inheritance)
{
	bool zero_fill = object == NULL;
	uintptr_t addr = anywhere ? VM_ANYWHERE_HINT : *addrp;
	struct vm_map_entry *after;

	size = round_page(size);
	if ((cur & ~max) || inheritance > VM_INHERIT_LAST_VALID || !size || (addr & PAGE_MASK))
		return KERN_INVALID_ARGUMENT;
	if (!range_ok(addr, size))
		return KERN_INVALID_ADDRESS;	/* as Mach: outside the map */
	struct vm_map_entry *e = zalloc(&entry_zone);
	if (!e)
		return KERN_RESOURCE_SHORTAGE;
	if (!object && !(object = vm_object_allocate(size))) {
		zfree(&entry_zone, e);
		return KERN_RESOURCE_SHORTAGE;
	}

	simple_lock(&map->lock);
	if (anywhere) {
		if (!find_space(map, addr, size, &addr, &after)) {
			simple_unlock(&map->lock);
			goto no_space;
		}
	} else {
		struct vm_map_entry *hit;
		if (lookup_entry(map, addr, &hit) ||
		    (!end_of(map, hit->next) && hit->next->start < addr + size)) {
			simple_unlock(&map->lock);
			goto no_space;
		}
		after = hit;
	}
	if (zero_fill && after->end == addr && coalesce(map, after, size, cur, max, inheritance)) {
		simple_unlock(&map->lock);
		zfree(&entry_zone, e);
		vm_object_deallocate(object);	/* the new one, never used */
		*addrp = addr;
		return KERN_SUCCESS;
	}
	entry_init(e, addr, addr + size, object, offset, cur, max, inheritance);
	entry_link_after(map, after, e);
	simple_unlock(&map->lock);
	*addrp = addr;
	return KERN_SUCCESS;

no_space:
	zfree(&entry_zone, e);
	vm_object_deallocate(object);
	return KERN_NO_SPACE;
}

/*
 * Split `e' at `addr' (start < addr < end): `e' keeps the lower part, a new
 * entry after it the upper part, sharing the object.  Map locked.
 */
static bool
clip(vm_map_t map, struct vm_map_entry *e, uintptr_t addr)
{
	if (addr <= e->start || addr >= e->end)
		return true;
	struct vm_map_entry *upper = zalloc(&entry_zone);
	if (!upper)
		return false;
	*upper = *e;
	upper->start = addr;
	upper->offset = e->offset + (addr - e->start);
	vm_object_reference(e->object);
	map->size -= e->end - addr;		/* entry_link_after adds it back */
	e->end = addr;
	entry_link_after(map, e, upper);
	return true;
}

/*
 * Clip the entries overlapping [start, end) to exactly that range; the
 * first of them, or the header when none.  Map locked.
 */
static struct vm_map_entry *
clip_range(vm_map_t map, uintptr_t start, uintptr_t end, bool *ok)
{
	struct vm_map_entry *e;

	*ok = true;
	if (lookup_entry(map, start, &e)) {
		if (!clip(map, e, start)) {
			*ok = false;
			return &map->header;
		}
		if (e->start < start)
			e = e->next;
	} else {
		e = e->next;
	}
	for (struct vm_map_entry *x = e; !end_of(map, x) && x->start < end; x = x->next) {
		if (!clip(map, x, end)) {
			*ok = false;
			break;
		}
	}
	return e;
}

kern_return_t
vm_map_remove(vm_map_t map, uintptr_t start, uintptr_t end)
{
	bool ok;

	start = trunc_page(start);
	end = round_page(end);
	if (end <= start || !range_ok(start, end - start))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&map->lock);
	struct vm_map_entry *e = clip_range(map, start, end, &ok);
	while (ok && !end_of(map, e) && e->start < end) {
		struct vm_map_entry *next = e->next;
		entry_unlink(map, e);
		pmap_remove(&map->pmap, e->start, e->end);
		vm_object_t object = e->object;
		/*
		 * Unless the object is shared with another map or is the
		 * source of a copy, only this entry maps these offsets
		 * (clipped pieces of one allocation cover disjoint offsets),
		 * so the pages go now rather than when the last piece goes.
		 */
		simple_lock(&object->lock);
		if (!object->shared && !object->copy_source)
			vm_object_page_remove(object, e->offset, e->offset + (e->end - e->start));
		simple_unlock(&object->lock);
		vm_object_deallocate(object);
		zfree(&entry_zone, e);
		e = next;
	}
	simple_unlock(&map->lock);
	return ok ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

kern_return_t
vm_map_protect(vm_map_t map, uintptr_t start, uintptr_t end, vm_prot_t prot, bool set_max)
{
	bool ok;

	start = trunc_page(start);
	end = round_page(end);
	if (end <= start || !range_ok(start, end - start) || (prot & ~VM_PROT_ALL))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&map->lock);
	/* Check first: either every entry changes or none does. */
	struct vm_map_entry *e;
	uintptr_t covered = start;
	bool found = lookup_entry(map, start, &e);
	if (!found)
		e = e->next;
	for (struct vm_map_entry *x = e; !end_of(map, x) && x->start < end; x = x->next) {
		if (x->start > covered || (!set_max && (prot & ~x->max_protection))) {
			simple_unlock(&map->lock);
			return x->start > covered ? KERN_INVALID_ADDRESS : KERN_PROTECTION_FAILURE;
		}
		covered = x->end;
	}
	if (covered < end) {
		simple_unlock(&map->lock);
		return KERN_INVALID_ADDRESS;
	}
	e = clip_range(map, start, end, &ok);
	for (; ok && !end_of(map, e) && e->start < end; e = e->next) {
		if (set_max) {
			e->max_protection = prot;
			e->protection &= prot;
		} else {
			e->protection = prot;
		}
		pmap_protect(&map->pmap, e->start, e->end, vm_entry_pmap_prot(e));
	}
	simple_unlock(&map->lock);
	return ok ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

kern_return_t
vm_map_inherit(vm_map_t map, uintptr_t start, uintptr_t end, vm_inherit_t inheritance)
{
	bool ok;

	start = trunc_page(start);
	end = round_page(end);
	if (end <= start || !range_ok(start, end - start) || inheritance > VM_INHERIT_LAST_VALID)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&map->lock);
	struct vm_map_entry *e = clip_range(map, start, end, &ok);
	for (; ok && !end_of(map, e) && e->start < end; e = e->next)
		e->inheritance = inheritance;
	simple_unlock(&map->lock);
	return ok ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

kern_return_t
vm_map_region(vm_map_t map, uintptr_t *addr, uint64_t *size, vm_prot_t *prot, vm_prot_t *max,
	      vm_inherit_t *inheritance, unsigned *wired, bool *shared)
{
	struct vm_map_entry *e;

	simple_lock(&map->lock);
	if (!lookup_entry(map, *addr, &e))
		e = e->next;
	if (end_of(map, e)) {
		simple_unlock(&map->lock);
		return KERN_INVALID_ADDRESS;
	}
	*addr = e->start;
	*size = e->end - e->start;
	*prot = e->protection;
	*max = e->max_protection;
	*inheritance = e->inheritance;
	*wired = e->wired_count;
	*shared = e->object->shared || e->needs_copy || e->object->shadow;
	simple_unlock(&map->lock);
	return KERN_SUCCESS;
}

size_t
vm_map_resident_pages(vm_map_t map)
{
	size_t n = 0;

	simple_lock(&map->lock);
	for (struct vm_map_entry *e = first_entry(map); !end_of(map, e); e = e->next) {
		simple_lock(&e->object->lock);
		for (struct vm_page *p = e->object->pages.next; p != &e->object->pages; p = p->next)
			if (p->offset >= e->offset && p->offset < e->offset + (e->end - e->start))
				n++;
		simple_unlock(&e->object->lock);
	}
	simple_unlock(&map->lock);
	return n;
}

/*
 * A copy of an entry's object range: a new object holding copies of the
 * resident pages, for an object others write in place (VM_INHERIT_SHARE).
 * Map locked.
 */
static vm_object_t
object_copy_range(vm_object_t src, uint64_t offset, uint64_t size)
{
	vm_object_t copy = vm_object_allocate(size);

	if (!copy)
		return NULL;
	/* Down the chain (hand over hand): a page found higher up hides the ones below it. */
	uint64_t base = offset;		/* where the range starts in `o' */
	vm_object_t o = src;
	simple_lock(&o->lock);
	for (;;) {
		for (struct vm_page *p = o->pages.next; p != &o->pages; p = p->next) {
			if (p->offset < base || p->offset >= base + size ||
			    vm_page_lookup(copy, p->offset - base))
				continue;
			struct vm_page *q = vm_object_page_get(copy, p->offset - base);
			if (!q) {
				simple_unlock(&o->lock);
				vm_object_deallocate(copy);
				return NULL;
			}
			memcpy(phystokv(q->phys_addr), phystokv(p->phys_addr), PAGE_SIZE);
		}
		if (!o->shadow)
			break;
		base += o->shadow_offset;
		o = vm_object_step_down(o, NULL);
	}
	simple_unlock(&o->lock);
	return copy;
}

kern_return_t
vm_map_set_needs_copy(vm_map_t map, uintptr_t addr)
{
	struct vm_map_entry *e;
	kern_return_t kr = KERN_INVALID_ADDRESS;

	simple_lock(&map->lock);
	if (lookup_entry(map, addr, &e)) {
		e->needs_copy = true;
		pmap_protect(&map->pmap, e->start, e->end, vm_entry_pmap_prot(e));
		kr = KERN_SUCCESS;
	}
	simple_unlock(&map->lock);
	return kr;
}

kern_return_t
vm_map_share_range(vm_map_t map, uintptr_t start, uint64_t size, vm_object_t *objectp,
		   uint64_t *offsetp, vm_prot_t *cur, vm_prot_t *max)
{
	struct vm_map_entry *e;
	kern_return_t kr = KERN_SUCCESS;

	simple_lock(&map->lock);
	if (!lookup_entry(map, start, &e) || start + size > e->end) {
		kr = KERN_INVALID_ADDRESS;	/* a hole, or more than one mapping */
	} else if (e->needs_copy && vm_entry_copy_now(e) != KERN_SUCCESS) {
		kr = KERN_RESOURCE_SHORTAGE;
	} else {
		if (e->object->shadow)
			vm_object_collapse(e->object);
		/* Written in place from now on, as VM_INHERIT_SHARE's (vm_map_fork). */
		e->object->shared = true;
		vm_object_reference(e->object);
		*objectp = e->object;
		*offsetp = e->offset + (start - e->start);
		*cur = e->protection;
		*max = e->max_protection;
	}
	simple_unlock(&map->lock);
	return kr;
}

kern_return_t
vm_map_fork(vm_map_t parent, vm_map_t child)
{
	kern_return_t kr = KERN_SUCCESS;

	simple_lock_set_rank(&child->lock, LOCK_RANK_VM_MAP_CHILD);	/* kern/lock_order.h */
	simple_lock(&parent->lock);
	for (struct vm_map_entry *e = first_entry(parent); !end_of(parent, e); e = e->next) {
		vm_object_t object;
		uint64_t offset = e->offset;
		bool cow = false;
		if (e->inheritance == VM_INHERIT_NONE)
			continue;
		if (e->object->shadow)
			vm_object_collapse(e->object);	/* copies of copies stay shallow */
		if (e->inheritance == VM_INHERIT_SHARE) {
			/* Shared memory is written in place: not an object we copy on write. */
			if (e->needs_copy && vm_entry_copy_now(e) != KERN_SUCCESS) {
				kr = KERN_RESOURCE_SHORTAGE;
				break;
			}
			object = e->object;
			vm_object_reference(object);
			object->shared = true;
		} else if (!e->object->shared || vm_object_chain_has_pager(e->object)) {
			/* Copy-on-write: both sides read the object until they write. */
			object = e->object;
			vm_object_reference(object);
			object->copy_source = true;
			e->needs_copy = cow = true;
			pmap_protect(&parent->pmap, e->start, e->end, vm_entry_pmap_prot(e));
		} else {
			object = object_copy_range(e->object, e->offset, e->end - e->start);
			offset = 0;
			if (!object) {
				kr = KERN_RESOURCE_SHORTAGE;
				break;
			}
		}
		uintptr_t addr = e->start;
		/* The child's map after the parent's: see LOCK_RANK_VM_MAP_CHILD. */
		kr = vm_map_enter(child, &addr, e->end - e->start, false, object, offset,
				  e->protection, e->max_protection, e->inheritance);
		if (kr != KERN_SUCCESS)
			break;
		if (cow)
			vm_map_set_needs_copy(child, addr);
	}
	simple_unlock(&parent->lock);
	simple_lock_set_rank(&child->lock, LOCK_RANK_VM_MAP);
	return kr;
}

/* ---- out-of-line memory: virtual copies ---- */

#define COPY_MAX_ITEMS	((PAGE_SIZE - sizeof(struct vm_map_copy)) / sizeof(struct vm_map_copy_item))

kern_return_t
vm_map_copyin(vm_map_t map, uintptr_t addr, uint64_t size, bool destroy,
	      struct vm_map_copy **copyp)
{
	uintptr_t start = trunc_page(addr), end = round_page(addr + size);
	bool ok;

	if (!size || end <= start || !range_ok(start, end - start))
		return KERN_INVALID_ADDRESS;
	struct vm_map_copy *copy = kmem_alloc_pages(0);
	if (!copy)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&map->lock);
	/* Check first, so that a refusal leaves the map as it was (but clipped). */
	struct vm_map_entry *e = clip_range(map, start, end, &ok);
	kern_return_t kr = ok ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
	uintptr_t covered = start;
	unsigned n = 0;
	for (struct vm_map_entry *x = e; kr == KERN_SUCCESS && !end_of(map, x) && x->start < end;
	     x = x->next) {
		if (x->start != covered)
			kr = KERN_INVALID_ADDRESS;
		else if (!(x->protection & VM_PROT_READ))
			kr = KERN_PROTECTION_FAILURE;
		else if (x->object->shared || vm_object_chain_has_pager(x->object) ||
			 ++n > COPY_MAX_ITEMS)
			kr = KERN_FAILURE;	/* copied as bytes, faulting as it goes */
		covered = x->end;
	}
	if (kr == KERN_SUCCESS && covered < end)
		kr = KERN_INVALID_ADDRESS;
	if (kr != KERN_SUCCESS) {
		simple_unlock(&map->lock);
		kmem_free_pages(copy, 0);
		return kr;
	}

	copy->size = size;
	copy->offset = addr - start;
	copy->nitems = n;
	struct vm_map_copy_item *item = copy->items;
	while (!end_of(map, e) && e->start < end) {
		struct vm_map_entry *next = e->next;
		if (e->object->shadow)
			vm_object_collapse(e->object);
		item->object = e->object;
		item->offset = e->offset;
		item->size = e->end - e->start;
		if (destroy) {
			/* The entry's reference moves into the copy. */
			entry_unlink(map, e);
			pmap_remove(&map->pmap, e->start, e->end);
			if (!e->needs_copy) {
				simple_lock(&e->object->lock);
				e->object->copy_source = true;	/* others may map it beside us */
				simple_unlock(&e->object->lock);
			}
			zfree(&entry_zone, e);
		} else {
			/* Copy-on-write, as a fork does. */
			vm_object_reference(e->object);
			simple_lock(&e->object->lock);
			e->object->copy_source = true;
			simple_unlock(&e->object->lock);
			if (!e->needs_copy) {	/* already shared: nothing is writable */
				e->needs_copy = true;
				pmap_protect(&map->pmap, e->start, e->end, vm_entry_pmap_prot(e));
			}
		}
		item++;
		e = next;
	}
	simple_unlock(&map->lock);
	*copyp = copy;
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copyout(vm_map_t map, struct vm_map_copy *copy, uintptr_t *addrp)
{
	struct vm_map_entry *entries[COPY_MAX_ITEMS];
	uint64_t total = 0;
	unsigned i;

	for (i = 0; i < copy->nitems; i++) {
		total += copy->items[i].size;
		if (!(entries[i] = zalloc(&entry_zone)))
			break;
	}
	if (i < copy->nitems) {
		while (i--)
			zfree(&entry_zone, entries[i]);
		return KERN_RESOURCE_SHORTAGE;
	}
	simple_lock(&map->lock);
	uintptr_t addr;
	struct vm_map_entry *after;
	if (!find_space(map, VM_ANYWHERE_HINT, total, &addr, &after)) {
		simple_unlock(&map->lock);
		for (i = 0; i < copy->nitems; i++)
			zfree(&entry_zone, entries[i]);
		return KERN_NO_SPACE;
	}
	uintptr_t at = addr;
	for (i = 0; i < copy->nitems; i++) {
		struct vm_map_entry *e = entries[i];
		/* The copy's reference to the object moves to the entry. */
		entry_init(e, at, at + copy->items[i].size, copy->items[i].object,
			   copy->items[i].offset, VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY);
		e->needs_copy = true;
		entry_link_after(map, after, e);
		after = e;
		at = e->end;
	}
	simple_unlock(&map->lock);
	*addrp = addr + copy->offset;
	kmem_free_pages(copy, 0);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copy_overwrite(vm_map_t map, uintptr_t addr, struct vm_map_copy *copy)
{
	uint64_t total = 0;
	bool ok;

	for (unsigned i = 0; i < copy->nitems; i++)
		total += copy->items[i].size;
	if (copy->offset || (addr & PAGE_MASK) || !range_ok(addr, total))
		return KERN_INVALID_ADDRESS;
	simple_lock(&map->lock);
	/* Every destination page mapped and writable, or nothing changes. */
	struct vm_map_entry *e;
	bool found = lookup_entry(map, addr, &e);
	uintptr_t covered = addr;
	kern_return_t kr = KERN_SUCCESS;
	for (struct vm_map_entry *x = found ? e : e->next;
	     kr == KERN_SUCCESS && covered < addr + total; x = x->next) {
		if (end_of(map, x) || x->start > covered)
			kr = KERN_INVALID_ADDRESS;
		else if (!(x->protection & VM_PROT_WRITE))
			kr = KERN_PROTECTION_FAILURE;
		else if (x->object->contiguous)
			kr = KERN_PROTECTION_FAILURE;	/* its pages are a device's: never replaced */
		else
			covered = x->end;
	}
	/* Entries cut at every item's edges, so each maps one item's part. */
	uintptr_t at = addr;
	for (unsigned i = 0; kr == KERN_SUCCESS && i < copy->nitems; i++) {
		clip_range(map, at, at + copy->items[i].size, &ok);
		if (!ok)
			kr = KERN_RESOURCE_SHORTAGE;
		at += copy->items[i].size;
	}
	if (kr != KERN_SUCCESS) {
		simple_unlock(&map->lock);
		return kr;
	}
	at = addr;
	lookup_entry(map, addr, &e);
	for (unsigned i = 0; i < copy->nitems; i++) {
		const struct vm_map_copy_item *item = &copy->items[i];
		for (; !end_of(map, e) && e->start < at + item->size; e = e->next) {
			vm_object_t old = e->object;
			simple_lock(&old->lock);
			if (!old->shared && !old->copy_source)
				vm_object_page_remove(old, e->offset, e->offset + (e->end - e->start));
			simple_unlock(&old->lock);
			pmap_remove(&map->pmap, e->start, e->end);
			vm_object_reference(item->object);
			e->object = item->object;
			e->offset = item->offset + (e->start - at);
			e->needs_copy = true;
			vm_object_deallocate(old);
		}
		at += item->size;
	}
	simple_unlock(&map->lock);
	vm_map_copy_discard(copy);	/* the entries took their own references */
	return KERN_SUCCESS;
}

void
vm_map_copy_read(const struct vm_map_copy *copy, void *buf)
{
	uint8_t *out = buf;
	uint64_t skip = copy->offset, left = copy->size;

	for (unsigned i = 0; i < copy->nitems && left; i++) {
		const struct vm_map_copy_item *item = &copy->items[i];
		for (uint64_t off = 0; off < item->size && left; off += PAGE_SIZE) {
			uint64_t from = skip, n = PAGE_SIZE - skip;
			skip = 0;
			if (n > left)
				n = left;
			/* The page as a read fault would find it: down the chain, or zeros. */
			struct vm_page *p = NULL;
			uint64_t o_off = item->offset + off;
			vm_object_t o = item->object;
			if (o) {
				simple_lock(&o->lock);
				while (!(p = vm_page_lookup(o, o_off)) && o->shadow) {
					o_off += o->shadow_offset;
					o = vm_object_step_down(o, NULL);
				}
				if (p)
					memcpy(out, (uint8_t *)phystokv(p->phys_addr) + from, n);
				simple_unlock(&o->lock);
			}
			if (!p)
				memset(out, 0, n);
			out += n;
			left -= n;
		}
	}
}

void
vm_map_copy_discard(struct vm_map_copy *copy)
{
	for (unsigned i = 0; i < copy->nitems; i++)
		vm_object_deallocate(copy->items[i].object);
	kmem_free_pages(copy, 0);
}

void
vm_map_unmap_object(vm_object_t object, uint64_t start, uint64_t end)
{
	queue_chain_t *q;

	simple_lock(&maps_lock);
	queue_iterate(&maps, q) {
		vm_map_t map = queue_entry_owner(q, struct vm_map, all_link);
		simple_lock(&map->lock);
		for (struct vm_map_entry *e = first_entry(map); !end_of(map, e); e = e->next) {
			/* Where the entry's first byte is in each object of its chain. */
			uint64_t base = e->offset;
			vm_object_t o = e->object;
			if (!o)
				continue;
			simple_lock(&o->lock);
			while (o != object && o->shadow) {
				base += o->shadow_offset;
				o = vm_object_step_down(o, NULL);
			}
			bool found = o == object;
			simple_unlock(&o->lock);
			if (!found)
				continue;
			uint64_t len = e->end - e->start;
			uint64_t lo = start > base ? start : base;
			uint64_t hi = end < base + len ? end : base + len;
			if (lo < hi)
				pmap_remove(&map->pmap, e->start + (lo - base), e->start + (hi - base));
		}
		simple_unlock(&map->lock);
	}
	simple_unlock(&maps_lock);
}

kern_return_t
vm_map_wire(vm_map_t map, uintptr_t start, uintptr_t end, vm_prot_t access)
{
	bool ok;

	start = trunc_page(start);
	end = round_page(end);
	if (end <= start || !range_ok(start, end - start) || (access & ~VM_PROT_ALL))
		return KERN_INVALID_ARGUMENT;
	/* Faulting first (the map unlocked): a wire that fails leaves no count. */
	if (access != VM_PROT_NONE) {
		for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
			kern_return_t kr = vm_fault(map, va, access);
			if (kr != KERN_SUCCESS)
				return kr;
		}
	}
	simple_lock(&map->lock);
	struct vm_map_entry *e = clip_range(map, start, end, &ok);
	uintptr_t covered = start;
	kern_return_t kr = ok ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
	for (struct vm_map_entry *x = e; kr == KERN_SUCCESS && covered < end; x = x->next) {
		if (end_of(map, x) || x->start != covered)
			kr = KERN_INVALID_ADDRESS;
		else if (access == VM_PROT_NONE && !x->wired_count)
			kr = KERN_INVALID_ARGUMENT;
		else
			covered = x->end;
	}
	for (struct vm_map_entry *x = e;
	     kr == KERN_SUCCESS && !end_of(map, x) && x->start < end; x = x->next)
		x->wired_count += access == VM_PROT_NONE ? -1 : 1;
	simple_unlock(&map->lock);
	return kr;
}

kern_return_t
vm_map_check_access(vm_map_t map, uintptr_t start, uint64_t size, vm_prot_t access)
{
	uintptr_t end = start + size;
	struct vm_map_entry *e;
	kern_return_t kr = KERN_SUCCESS;

	if (size == 0)
		return KERN_SUCCESS;
	if (end < start || end > VM_MAX_USER_ADDRESS)
		return KERN_INVALID_ADDRESS;
	simple_lock(&map->lock);
	if (!lookup_entry(map, start, &e)) {
		kr = KERN_INVALID_ADDRESS;
	} else {
		for (;;) {
			if (access & ~e->protection) {
				kr = KERN_PROTECTION_FAILURE;
				break;
			}
			if (end <= e->end)
				break;
			struct vm_map_entry *next = e->next;
			if (end_of(map, next) || next->start != e->end) {
				kr = KERN_INVALID_ADDRESS;	/* a hole */
				break;
			}
			e = next;
		}
	}
	simple_unlock(&map->lock);
	return kr;
}
