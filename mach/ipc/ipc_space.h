/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPC spaces: a task's names for port rights.  A space is a table of
 * entries; a name is MACH_PORT_MAKE(index, generation), and the generation
 * changes each time an entry is reused, so a stale name is refused rather
 * than naming somebody else's right.  An entry holds a set of rights to one
 * object: send and/or receive (with user references for send), send-once,
 * a port set, or a dead name (with user references).  A port has at most
 * one entry with send or receive rights in a space: the reverse hash finds
 * it from the port, so a second send right merges into the first name.
 *   Locks: is_lock covers the table, the hash and every entry.  It is taken
 *          before any port or port-set lock (kern/lock_order.h).
 *   Refs:  each entry naming an object holds one reference to it.
 */
#ifndef _IPC_IPC_SPACE_H_
#define _IPC_IPC_SPACE_H_
#include <stddef.h>
#include <mach/port.h>
#include <mach/kern_return.h>
#include "ipc/ipc_object.h"

/* ie_bits: MACH_PORT_TYPE_* bits, and the user references in the low 16. */
#define IE_BITS_UREFS_MASK	0x0000ffffU
#define IE_BITS_TYPE_MASK	0x001f0000U
#define IE_BITS_DNREQUEST	MACH_PORT_TYPE_DNREQUEST
#define IE_BITS_UREFS(bits)	((bits) & IE_BITS_UREFS_MASK)
#define IE_BITS_TYPE(bits)	((bits) & IE_BITS_TYPE_MASK)
#define MACH_PORT_UREFS_MAX	((mach_port_urefs_t)IE_BITS_UREFS_MASK)

/*
 * An entry is 16 bytes, so that a name's index finds it with one shift
 * (the fast path looks up two or three names per message).  The
 * generation and the chain share a word: an index has 24 bits at most
 * (a name is index << 8 | generation).
 */
struct ipc_entry {
	struct ipc_object *ie_object;	/* NULL for a dead name or a free entry */
	uint32_t	ie_bits;
	union {
		struct {
			uint32_t ie_gen : 8;	/* the generation byte, as in the name */
			uint32_t ie_next : 24;	/* free list, or reverse-hash chain (an index) */
		};
		uint32_t ie_gen_next;		/* both, written at once */
	};
};
_Static_assert(sizeof(struct ipc_entry) == 16, "an entry is found by a shift");

struct task;

struct ipc_space {
	simple_lock_data_t is_lock;
	uint32_t	is_references;	/* atomic */
	bool		is_active;
	struct ipc_entry *is_table;
	uint32_t	is_table_size;	/* entries; index 0 is never used */
	unsigned	is_table_order;	/* pages of the table, as a buddy order */
	uint32_t	is_free_head;	/* index of the first free entry; 0: none */
	uint32_t	*is_hash;	/* reverse hash heads, is_table_size of them */
	uint32_t	is_entries_used;
	struct task	*is_task;
};

typedef struct ipc_space *ipc_space_t;

#define is_lock(s)	simple_lock(&(s)->is_lock)
#define is_unlock(s)	simple_unlock(&(s)->is_lock)

/* ipc_space_init_zone: the space zone (at boot). */
void ipc_space_init_zone(void);
/* ipc_space_create: an empty, active space with one reference. */
kern_return_t ipc_space_create(ipc_space_t *spacep);
/* ipc_space_reference: one more reference (atomic; no lock). */
void ipc_space_reference(ipc_space_t space);
/* ipc_space_release: drop one reference; the last frees the space (terminated by then). */
void ipc_space_release(ipc_space_t space);
/*
 * ipc_space_terminate: destroy every right in the space (receive rights
 * die, send rights are released) and mark it inactive.  Calls on an
 * inactive space fail with KERN_INVALID_TASK.
 */
void ipc_space_terminate(ipc_space_t space);

/*
 * Entries.  All of these take the space locked and active.
 * ipc_entry_find: the entry at `name's index if its generation matches,
 * whatever it holds, or NULL; for a caller that looks at the entry's type
 * bits itself (the fast path).  A free entry, and index 0's (never used),
 * have no type bits.
 */
static inline __attribute__((always_inline)) struct ipc_entry *
ipc_entry_find(ipc_space_t space, mach_port_name_t name)
{
	uintptr_t index = MACH_PORT_INDEX(name);

	if (index >= space->is_table_size)
		return NULL;
	struct ipc_entry *e = &space->is_table[index];
	return e->ie_gen == (name & 0xff) ? e : NULL;
}
/* ipc_entry_lookup: the entry `name' names, or NULL (free, stale, out of range). */
static inline struct ipc_entry *
ipc_entry_lookup(ipc_space_t space, mach_port_name_t name)
{
	struct ipc_entry *e = ipc_entry_find(space, name);

	return e && IE_BITS_TYPE(e->ie_bits) ? e : NULL;
}
/* ipc_entry_name: the name of an entry of the table. */
mach_port_name_t ipc_entry_name(ipc_space_t space, struct ipc_entry *entry);
/*
 * ipc_entry_alloc: a free entry and its new name.
 *   Returns: KERN_SUCCESS; KERN_NO_SPACE (the table is at its limit);
 *            KERN_RESOURCE_SHORTAGE (no memory to grow it).
 *   The table may move: entry pointers taken before are stale after.
 *   Inline: the free list's first entry; ipc_entry_alloc_grow when it is
 *   empty (the table grows, then the same).
 */
kern_return_t ipc_entry_alloc_grow(ipc_space_t space, mach_port_name_t *namep,
				   struct ipc_entry **entryp);

static inline __attribute__((always_inline)) kern_return_t
ipc_entry_alloc(ipc_space_t space, mach_port_name_t *namep, struct ipc_entry **entryp)
{
	uintptr_t index = space->is_free_head;

	if (__builtin_expect(index == 0, 0)) {
		/* The table grows first (through locals of its own: the caller's stay in registers). */
		mach_port_name_t name = MACH_PORT_NULL;
		struct ipc_entry *entry = NULL;
		kern_return_t kr = ipc_entry_alloc_grow(space, &name, &entry);
		*namep = name;
		*entryp = entry;
		return kr;
	}
	struct ipc_entry *e = &space->is_table[index];
	uint32_t gen_next = e->ie_gen_next;
	space->is_free_head = gen_next >> 8;		/* ie_next */
	e->ie_gen_next = gen_next & 0xff;		/* ie_gen kept, ie_next 0 */
	e->ie_object = NULL;
	e->ie_bits = 0;
	space->is_entries_used++;
	*namep = (index << 8) | (gen_next & 0xff);
	*entryp = e;
	return KERN_SUCCESS;
}
/*
 * ipc_entry_alloc_name: the entry for a name the caller chose.
 *   Returns: KERN_SUCCESS (a free entry, now reserved); KERN_NAME_EXISTS
 *   (in use: *entryp is it); KERN_INVALID_VALUE (not a usable name);
 *   KERN_NO_SPACE; KERN_RESOURCE_SHORTAGE.
 */
kern_return_t ipc_entry_alloc_name(ipc_space_t space, mach_port_name_t name,
				   struct ipc_entry **entryp);
/* ipc_entry_free: the entry holds nothing any more; give it back. */
static inline __attribute__((always_inline)) void
ipc_entry_free(ipc_space_t space, struct ipc_entry *e)
{
	uint32_t gen = (e->ie_gen + 1) & 0xff;

	e->ie_object = NULL;
	e->ie_bits = 0;
	/* A new generation: the old name now names nothing.  Skip 0 (never used). */
	e->ie_gen_next = (gen + (gen == 0)) | space->is_free_head << 8;
	space->is_free_head = (uint32_t)(e - space->is_table);
	space->is_entries_used--;
}

/* The reverse hash: the entry holding send/receive rights to `object'. */
struct ipc_entry *ipc_hash_lookup(ipc_space_t space, struct ipc_object *object);
/*
 * ipc_hash_insert, ipc_hash_delete: add `entry' (holding send or receive
 * rights to its object) to the reverse hash, or take it out (panics if it
 * is not there).
 *   Locks:   space locked.
 */
void ipc_hash_insert(ipc_space_t space, struct ipc_entry *entry);
void ipc_hash_delete(ipc_space_t space, struct ipc_entry *entry);

#define IPC_SPACE_MAX_ENTRIES	(1U << 16)

/* ipc_space_count: spaces in existence, for leak checks. */
size_t ipc_space_count(void);
/* Pages name tables grew to beyond their first (kept for reuse, like zones' pages). */
size_t ipc_space_extra_pages(void);

#endif /* _IPC_IPC_SPACE_H_ */
