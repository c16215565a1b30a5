/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VM objects: the memory behind mappings.  An object is a range of bytes
 * with the pages that are resident (in physical memory), kept on a list
 * sorted by nothing in particular and found by offset.  This version has
 * one kind of object, anonymous memory, whose pages are created zero-filled
 * when first touched (the kernel's internal pager); shadow objects for
 * copy-on-write and external pagers come with the VM issue.
 *   Locks: object->lock covers the page list and the pages' object fields.
 *   Refs:  each map entry and each kernel user holds one.
 */
#ifndef _VM_VM_OBJECT_H_
#define _VM_VM_OBJECT_H_
#include <stdint.h>
#include <stddef.h>
#include "kern/lock.h"
#include "vm/vm_page.h"

struct vm_object {
	simple_lock_data_t lock;
	uint32_t	ref_count;		/* atomic */
	uint64_t	size;			/* bytes */
	struct vm_page	pages;			/* list head of resident pages */
	size_t		resident_count;
	bool		shared;			/* mapped by more than one map (VM_INHERIT_SHARE) */
};

typedef struct vm_object *vm_object_t;

void vm_object_bootstrap(void);
/* vm_object_allocate: an anonymous object of `size' bytes; one reference. */
vm_object_t vm_object_allocate(uint64_t size);
void vm_object_reference(vm_object_t object);
/* vm_object_deallocate: drop a reference; the last frees every page. */
void vm_object_deallocate(vm_object_t object);

/* vm_page_lookup: the resident page at `offset', or NULL.  Object locked. */
struct vm_page *vm_page_lookup(vm_object_t object, uint64_t offset);
/*
 * vm_object_page_get: the page at `offset', made resident (zero-filled) if
 * it is not.  NULL when no physical page is free.  Object locked.
 */
struct vm_page *vm_object_page_get(vm_object_t object, uint64_t offset);
/* vm_object_page_remove: free the resident pages in [start, end).  Object locked. */
void vm_object_page_remove(vm_object_t object, uint64_t start, uint64_t end);

size_t vm_object_count(void);

#endif /* _VM_VM_OBJECT_H_ */
