/* SPDX-License-Identifier: BSD-2-Clause */
/* VM objects and their resident pages (see vm_object.h). */
#include "vm/vm_object.h"
#include "vm/vm_map.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"

static struct zone object_zone;

void
vm_object_bootstrap(void)
{
	zone_init(&object_zone, "vm objects", sizeof(struct vm_object), 0);
}

size_t vm_object_count(void) { return object_zone.in_use; }

vm_object_t
vm_object_allocate(uint64_t size)
{
	vm_object_t object = zalloc(&object_zone);

	if (!object)
		return NULL;
	simple_lock_init(&object->lock, "vm object");
	object->ref_count = 1;
	object->size = size;
	object->pages.next = object->pages.prev = &object->pages;
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
	p->prev->next = p->next;
	p->next->prev = p->prev;
	p->next = p->prev = NULL;
	p->object = NULL;
	object->resident_count--;
}

void
vm_object_deallocate(vm_object_t object)
{
	if (!object || __atomic_sub_fetch(&object->ref_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	/* The last reference: nobody maps it, nobody can find it. */
	while (object->pages.next != &object->pages) {
		struct vm_page *p = object->pages.next;
		page_remove(object, p);
		vm_page_free(p);
	}
	zfree(&object_zone, object);
}

struct vm_page *
vm_page_lookup(vm_object_t object, uint64_t offset)
{
	for (struct vm_page *p = object->pages.next; p != &object->pages; p = p->next)
		if (p->offset == offset)
			return p;
	return NULL;
}

struct vm_page *
vm_object_page_get(vm_object_t object, uint64_t offset)
{
	struct vm_page *p = vm_page_lookup(object, offset);

	if (p)
		return p;
	p = vm_page_alloc();
	if (!p)
		return NULL;
	memset(phystokv(p->phys_addr), 0, PAGE_SIZE);	/* the internal pager: zero fill */
	__atomic_fetch_add(&vm_stat_zero_fills, 1, __ATOMIC_RELAXED);
	p->object = object;
	p->offset = offset;
	p->next = object->pages.next;
	p->prev = &object->pages;
	object->pages.next->prev = p;
	object->pages.next = p;
	object->resident_count++;
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
