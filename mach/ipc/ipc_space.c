/* SPDX-License-Identifier: BSD-2-Clause */
/* IPC spaces: the table of names, its free list and the reverse hash (see ipc_space.h). */
#include "ipc/ipc_space.h"
#include "ipc/ipc_right.h"
#include "kern/panic.h"
#include "lib/string.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

static struct zone space_zone;

#define ENTRIES_PER_PAGE	(PAGE_SIZE / sizeof(struct ipc_entry))
#define GEN_INITIAL		1

void
ipc_space_init_zone(void)
{
	zone_init(&space_zone, "ipc spaces", sizeof(struct ipc_space), 0);
}

size_t ipc_space_count(void) { return space_zone.in_use; }

/*
 * The reverse hash's bucket for `object'.  The table holds a whole number
 * of pages of entries (ENTRIES_PER_PAGE, 170, a page), not a power of
 * two: a remainder, since a mask of size - 1 (169 = 0b10101001) would
 * reach only 16 of the 170 buckets.
 */
static uint32_t
hash_index(ipc_space_t space, struct ipc_object *object)
{
	uintptr_t x = (uintptr_t)object >> 4;
	return (uint32_t)((x ^ (x >> 9) ^ (x >> 21)) % space->is_table_size);
}

/* Rebuild the hash after the table changed size.  Entries keep their index. */
static void
rehash(ipc_space_t space)
{
	memset(space->is_hash, 0, space->is_table_size * sizeof(uint32_t));
	for (uint32_t i = 1; i < space->is_table_size; i++) {
		struct ipc_entry *e = &space->is_table[i];
		if (e->ie_object && (e->ie_bits & MACH_PORT_TYPE_SEND_RECEIVE))
			ipc_hash_insert(space, e);
	}
}

/*
 * Grow the table to (at least) `min_size' entries: a new, larger table
 * and hash, the old entries copied, the new ones put on the free list.
 */
/*
 * Pages that name tables hold beyond their first page each (a table and
 * its hash).  Tables never shrink: like zones, they keep what they grew
 * to for reuse, and leak checks count these pages as such.
 */
static size_t extra_pages;

static size_t
grown_pages(unsigned order)
{
	if (order == (unsigned)-1)
		return 0;
	return ((size_t)1 << order) + ((size_t)1 << (order >= 2 ? order - 2 : 0)) - 2;
}

size_t
ipc_space_extra_pages(void)
{
	return __atomic_load_n(&extra_pages, __ATOMIC_RELAXED);
}

static kern_return_t
grow_table(ipc_space_t space, uint32_t min_size)
{
	unsigned order = space->is_table_order;
	uint32_t size;

	do {
		order++;
		size = (uint32_t)(ENTRIES_PER_PAGE << order);
	} while (size < min_size);
	if (size > IPC_SPACE_MAX_ENTRIES || order > VM_PAGE_MAX_ORDER)
		return KERN_NO_SPACE;
	struct ipc_entry *table = kmem_alloc_pages(order);
	unsigned horder = order >= 2 ? order - 2 : 0;	/* 4-byte heads vs 16-byte entries */
	uint32_t *hash = kmem_alloc_pages(horder);
	if (!table || !hash) {
		if (table)
			kmem_free_pages(table, order);
		if (hash)
			kmem_free_pages(hash, horder);
		return KERN_RESOURCE_SHORTAGE;
	}
	uint32_t old = space->is_table_size;
	if (space->is_table) {
		memcpy(table, space->is_table, old * sizeof(*table));
		kmem_free_pages(space->is_table, space->is_table_order);
		kmem_free_pages(space->is_hash,
				space->is_table_order >= 2 ? space->is_table_order - 2 : 0);
	}
	/* New entries join the free list in index order, after the old ones. */
	for (uint32_t i = size - 1; i >= (old ? old : 1); i--) {
		table[i].ie_gen = GEN_INITIAL;
		table[i].ie_next = space->is_free_head;
		space->is_free_head = i;
	}
	__atomic_fetch_add(&extra_pages, grown_pages(order) - grown_pages(space->is_table_order),
			   __ATOMIC_RELAXED);
	space->is_table = table;
	space->is_hash = hash;
	space->is_table_size = size;
	space->is_table_order = order;
	if (old)
		rehash(space);	/* a new space's hash is empty: its page comes zeroed */
	return KERN_SUCCESS;
}

kern_return_t
ipc_space_create(ipc_space_t *spacep)
{
	ipc_space_t space = zalloc(&space_zone);

	if (!space)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock_init(&space->is_lock, "ipc space", LOCK_RANK_SPACE);
	space->is_references = 1;
	space->is_active = true;
	space->is_table_order = (unsigned)-1;	/* grow_table makes it order 0 */
	kern_return_t kr = grow_table(space, ENTRIES_PER_PAGE);
	if (kr != KERN_SUCCESS) {
		zfree(&space_zone, space);
		return kr;
	}
	*spacep = space;
	return KERN_SUCCESS;
}

void
ipc_space_reference(ipc_space_t space)
{
	__atomic_fetch_add(&space->is_references, 1, __ATOMIC_RELAXED);
}

void
ipc_space_release(ipc_space_t space)
{
	if (__atomic_sub_fetch(&space->is_references, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	assert(!space->is_active);
	zfree(&space_zone, space);
}

void
ipc_space_terminate(ipc_space_t space)
{
	is_lock(space);
	if (!space->is_active) {
		is_unlock(space);
		return;
	}
	space->is_active = false;
	/* Nobody can name anything here now: take the table and destroy it unlocked. */
	struct ipc_entry *table = space->is_table;
	uint32_t size = space->is_table_size;
	unsigned order = space->is_table_order;
	uint32_t *hash = space->is_hash;
	space->is_table = 0;
	space->is_hash = 0;
	space->is_table_size = 0;
	is_unlock(space);

	for (uint32_t i = 1; i < size; i++)
		if (IE_BITS_TYPE(table[i].ie_bits))
			ipc_right_terminate(space, MACH_PORT_MAKE(i, (uint32_t)table[i].ie_gen << 24),
					    &table[i]);
	kmem_free_pages(table, order);
	kmem_free_pages(hash, order >= 2 ? order - 2 : 0);
	__atomic_fetch_sub(&extra_pages, grown_pages(order), __ATOMIC_RELAXED);
}

mach_port_name_t
ipc_entry_name(ipc_space_t space, struct ipc_entry *entry)
{
	uint32_t index = (uint32_t)(entry - space->is_table);
	return (index << 8) | entry->ie_gen;
}

kern_return_t
ipc_entry_alloc_grow(ipc_space_t space, mach_port_name_t *namep, struct ipc_entry **entryp)
{
	if (!space->is_free_head) {
		kern_return_t kr = grow_table(space, space->is_table_size + 1);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	if (!space->is_free_head)
		return KERN_NO_SPACE;
	return ipc_entry_alloc(space, namep, entryp);
}

/*
 * Take entry `index' out of the chain (the free list or a hash chain,
 * linked through ie_next) whose first index is *head.  False if it is
 * not in it.
 */
static bool
chain_unlink(ipc_space_t space, uint32_t *head, uint32_t index)
{
	uint32_t prev = 0, i = *head;

	while (i && i != index) {
		prev = i;
		i = space->is_table[i].ie_next;
	}
	if (i != index)
		return false;
	if (prev)
		space->is_table[prev].ie_next = space->is_table[index].ie_next;
	else
		*head = space->is_table[index].ie_next;
	space->is_table[index].ie_next = 0;
	return true;
}

kern_return_t
ipc_entry_alloc_name(ipc_space_t space, mach_port_name_t name, struct ipc_entry **entryp)
{
	uint32_t index = MACH_PORT_INDEX(name);

	if (!MACH_PORT_VALID(name) || index == 0 || (name & 0xff) == 0)
		return KERN_INVALID_VALUE;
	if (index >= IPC_SPACE_MAX_ENTRIES)
		return KERN_NO_SPACE;
	if (index >= space->is_table_size) {
		kern_return_t kr = grow_table(space, index + 1);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	struct ipc_entry *e = &space->is_table[index];
	if (IE_BITS_TYPE(e->ie_bits)) {
		*entryp = e;
		return e->ie_gen == (name & 0xff) ? KERN_NAME_EXISTS : KERN_NO_SPACE;
	}
	/* Unlink it from the free list (a walk: choosing names is rare). */
	if (!chain_unlink(space, &space->is_free_head, index))
		return KERN_NO_SPACE;	/* reserved by an allocation in progress */
	e->ie_gen = name & 0xff;
	e->ie_object = NULL;
	e->ie_bits = 0;
	space->is_entries_used++;
	*entryp = e;
	return KERN_SUCCESS;
}

struct ipc_entry *
ipc_hash_lookup(ipc_space_t space, struct ipc_object *object)
{
	for (uint32_t i = space->is_hash[hash_index(space, object)]; i;
	     i = space->is_table[i].ie_next) {
		struct ipc_entry *e = &space->is_table[i];
		if (e->ie_object == object)
			return e;
	}
	return NULL;
}

void
ipc_hash_insert(ipc_space_t space, struct ipc_entry *e)
{
	uint32_t *head = &space->is_hash[hash_index(space, e->ie_object)];

	e->ie_next = *head;
	*head = (uint32_t)(e - space->is_table);
}

void
ipc_hash_delete(ipc_space_t space, struct ipc_entry *e)
{
	uint32_t index = (uint32_t)(e - space->is_table);

	if (!chain_unlink(space, &space->is_hash[hash_index(space, e->ie_object)], index))
		panic("ipc_hash_delete: entry %u is not in the hash", index);
}
