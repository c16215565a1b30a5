/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Address maps: a task's address space as a sorted list of entries, each
 * mapping [start, end) to an object at an offset with a protection, a
 * maximum protection and an inheritance.  The pmap holds the translations
 * that faults have made so far.
 *   Locks: map->lock covers the entry list and the entries; it is taken
 *          before an object's lock and the pmap's.  (A spinlock while all
 *          memory is anonymous; it becomes a sleep lock with external pagers.)
 *   Refs:  a map has a reference count (its task holds one).
 */
#ifndef _VM_VM_MAP_H_
#define _VM_VM_MAP_H_
#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/vm_prot.h>
#include <mach/vm_inherit.h>
#include "kern/lock.h"
#include "riscv/pmap.h"
#include "vm/vm_object.h"

/* The user half: the first pages stay unmapped to catch NULL pointers. */
#define VM_MIN_USER_ADDRESS	0x10000UL
#define VM_ANYWHERE_HINT	0x4000000000UL / 4	/* 64 GiB: away from programs */

struct vm_map_entry {
	struct vm_map_entry *next, *prev;
	uintptr_t	start, end;
	vm_object_t	object;
	uint64_t	offset;
	vm_prot_t	protection;
	vm_prot_t	max_protection;
	vm_inherit_t	inheritance;
	unsigned	wired_count;
	/*
	 * The object is shared copy-on-write with another mapping: reads see
	 * it, the first write gives this entry a shadow object of its own
	 * (vm_fault.c).  Meanwhile no page is mapped writable here.
	 */
	bool		needs_copy;
};

struct vm_map {
	simple_lock_data_t lock;
	uint32_t	ref_count;
	struct vm_map_entry header;	/* list head: entries sorted by address */
	unsigned	nentries;
	uint64_t	size;		/* bytes mapped */
	struct pmap	pmap;
	queue_chain_t	all_link;	/* on the list of every map (vm_map_unmap_object) */
};

typedef struct vm_map *vm_map_t;

/* vm_map_bootstrap: the zones of maps and map entries, then vm_object_bootstrap (at boot). */
void vm_map_bootstrap(void);
/* vm_map_create: an empty user address space; NULL without memory. */
vm_map_t vm_map_create(void);
/*
 * vm_map_check_access: is every byte of [start, start + size) mapped in
 * `map' with (at least) the permissions `access'?  (An access there may
 * still fault pages in.)
 *   Locks: takes the map's lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ADDRESS (a byte not mapped, or
 *   outside the user half); KERN_PROTECTION_FAILURE (mapped, not with
 *   `access').
 */
kern_return_t vm_map_check_access(vm_map_t map, uintptr_t start, uint64_t size,
				  vm_prot_t access);
/* vm_map_reference: one more reference (atomic; no lock). */
void vm_map_reference(vm_map_t map);
void vm_map_deallocate(vm_map_t map);

/*
 * vm_map_enter: map `object' (one reference consumed on success; NULL: a new
 * anonymous object, or, right after an entry whose anonymous object only it
 * maps, that entry and object grown: a heap stays one region) at *addr (or
 * anywhere, if `anywhere') for `size' bytes.
 *   Returns: KERN_SUCCESS, KERN_INVALID_ARGUMENT (size 0, misaligned,
 *   outside the user half), KERN_NO_SPACE (taken / no room),
 *   KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_enter(vm_map_t map, uintptr_t *addr, uint64_t size, bool anywhere,
			   vm_object_t object, uint64_t offset, vm_prot_t cur, vm_prot_t max,
			   vm_inherit_t inheritance);
/*
 * vm_map_share_range: the object behind [start, start + size) of `map'
 * (page-aligned, inside one mapping), to be mapped elsewhere and written in
 * place by both (vm_remap without copy): a reference to it, the offset of
 * `start' in it, and the mapping's protections.  The mapping's pending
 * copy-on-write is resolved first, and its object is marked shared (a
 * later fork copies it rather than sharing it copy-on-write).
 *   Locks: takes the map's lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ADDRESS (a hole, or the range
 *   spans mappings); KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_share_range(vm_map_t map, uintptr_t start, uint64_t size,
				 vm_object_t *objectp, uint64_t *offsetp, vm_prot_t *cur,
				 vm_prot_t *max);
/* vm_map_remove: unmap [start, end); pages only this mapping held are freed. */
kern_return_t vm_map_remove(vm_map_t map, uintptr_t start, uintptr_t end);
/*
 * vm_map_protect: set the current protection (or, with `set_max', the
 * maximum, lowering the current to fit) of [start, end), rounded to pages,
 * and the pmap's translations with it.  The range is checked first (no
 * hole; a current protection within each maximum), so a refusal changes
 * nothing; running out of entries while clipping can leave part changed.
 *   Locks:   takes the map's lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (empty or non-user range,
 *            bad bits); KERN_INVALID_ADDRESS (a hole); KERN_PROTECTION_FAILURE
 *            (above a maximum); KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_protect(vm_map_t map, uintptr_t start, uintptr_t end,
			     vm_prot_t prot, bool set_max);
/*
 * vm_map_inherit: set the inheritance of the entries in [start, end),
 * rounded to pages; holes are skipped, not refused (unlike vm_map_protect).
 *   Locks:   takes the map's lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_inherit(vm_map_t map, uintptr_t start, uintptr_t end,
			     vm_inherit_t inheritance);
/*
 * vm_map_region: the first entry at or after *addr: its range, protections,
 * inheritance, wiring count, and whether its memory is shared (with
 * VM_INHERIT_SHARE, or copy-on-write).  KERN_INVALID_ADDRESS if there is none.
 */
kern_return_t vm_map_region(vm_map_t map, uintptr_t *addr, uint64_t *size, vm_prot_t *prot,
			    vm_prot_t *max, vm_inherit_t *inheritance, unsigned *wired,
			    bool *shared);

/*
 * vm_map_read_bytes, vm_map_write_bytes: moving bytes in and out of
 * another address space (vm_read, vm_write,
 * loading programs, out-of-line data), page by page through the direct
 * map.  A page already in the map's tables with the access is used
 * as it is; another is made resident as a fault would, with `need'
 * access, and entered in the tables as the task's own fault would enter
 * it (the force form enters nothing: its access is not the task's).
 *   Returns: KERN_SUCCESS, KERN_INVALID_ADDRESS (unmapped),
 *   KERN_PROTECTION_FAILURE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_read_bytes(vm_map_t map, uintptr_t addr, void *buf, uint64_t len);
kern_return_t vm_map_write_bytes(vm_map_t map, uintptr_t addr, const void *buf, uint64_t len);
/*
 * vm_map_move_user: move bytes between `map' at `addr' and the current
 * task's memory at `uaddr' in one copy, where both sides are mapped now:
 * into map (`to_map', a copyin from the caller) or out of it (a copyout
 * to the caller).  It stops at the first page that is not (a page of map
 * not in its tables with that access, or a caller's page that would have
 * to be faulted in): the caller moves the rest the long way
 * (vm_map_read_bytes/vm_map_write_bytes), which faults pages in and says
 * what is wrong.  Overlapping ranges in one task are copied forward.
 *   Locks: none held on entry; takes map->lock a page at a time.
 *   Returns: the bytes moved, from the start of the range.
 */
uint64_t vm_map_move_user(vm_map_t map, uintptr_t addr, uintptr_t uaddr, uint64_t len,
			  bool to_map);
/* vm_map_write_bytes_force: the same, ignoring protections (the kernel loading a program). */
kern_return_t vm_map_write_bytes_force(vm_map_t map, uintptr_t addr, const void *buf,
				       uint64_t len);
/* vm_write_from_user: vm_write from the calling task's memory (vm/vm_user.c). */
kern_return_t vm_write_from_user(vm_map_t map, vm_address_t address, vm_address_t data,
				 vm_size_t count);

/*
 * vm_fault: make the page at `addr' resident and mapped in the map's pmap
 * for an access of `type' (VM_PROT_READ, _WRITE or _EXECUTE).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ADDRESS (no mapping there);
 *   KERN_PROTECTION_FAILURE; KERN_RESOURCE_SHORTAGE (no free page).
 */
kern_return_t vm_fault(vm_map_t map, uintptr_t addr, vm_prot_t type);

/* vm_map_count: maps in existence, for leak checks. */
size_t vm_map_count(void);
/* vm_map_resident_pages: pages of the map's objects that are resident. */
size_t vm_map_resident_pages(vm_map_t map);
/*
 * vm_map_fork: fill the empty `child' from `parent' by inheritance: share
 * VM_INHERIT_SHARE regions, copy VM_INHERIT_COPY ones copy-on-write (both
 * entries get needs_copy and the parent's translations lose write access;
 * a region whose object is already shared by VM_INHERIT_SHARE is copied
 * now, since its other users write it in place), leave VM_INHERIT_NONE out.
 */
kern_return_t vm_map_fork(vm_map_t parent, vm_map_t child);

/*
 * Out-of-line memory by virtual copy (mach_msg).  A copy holds the objects
 * behind a range of an address space, shared copy-on-write with it, or
 * taken out of it; the receiver maps them copy-on-write.  Nothing is
 * copied until someone writes.
 */
struct vm_map_copy_item {
	vm_object_t	object;		/* one reference */
	uint64_t	offset;
	uint64_t	size;		/* whole pages */
};

struct vm_map_copy {
	uint64_t	size;		/* the bytes asked for */
	uint64_t	offset;		/* of the first of them in the first page */
	unsigned	nitems;
	struct vm_map_copy_item items[];
};

/*
 * vm_map_copyin: the range [addr, addr + size) of `map' as a copy (*copyp);
 * with `destroy', the range leaves the map.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ADDRESS (a hole); KERN_PROTECTION_
 *   FAILURE (not readable); KERN_FAILURE (memory shared with
 *   VM_INHERIT_SHARE, or too many pieces: copy it physically);
 *   KERN_RESOURCE_SHORTAGE.  The map is unchanged on failure.
 */
kern_return_t vm_map_copyin(vm_map_t map, uintptr_t addr, uint64_t size, bool destroy,
			    struct vm_map_copy **copyp);
/*
 * vm_map_copyout: map `copy' anywhere in `map', copy-on-write; *addrp is
 * where its first byte is.  Consumes the copy on success.
 *   Returns: KERN_SUCCESS, KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_copyout(vm_map_t map, struct vm_map_copy *copy, uintptr_t *addrp);
/*
 * vm_map_copy_overwrite: put `copy' in place of the memory at [addr, addr +
 * copy's whole pages), which must be mapped and writable; each entry keeps
 * its protections and maps the copy's objects copy-on-write.  Consumes the
 * copy on success.  Returns KERN_SUCCESS, KERN_INVALID_ADDRESS (a hole),
 * KERN_PROTECTION_FAILURE (not writable), KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_copy_overwrite(vm_map_t map, uintptr_t addr, struct vm_map_copy *copy);
/* vm_map_copy_read: the copy's bytes into `buf' (copy->size of them); the copy stays. */
void vm_map_copy_read(const struct vm_map_copy *copy, void *buf);
/* vm_map_copy_discard: drop the copy and its references. */
void vm_map_copy_discard(struct vm_map_copy *copy);

/* Counters for host_statistics (vm_fault.c). */
extern uint64_t vm_stat_faults, vm_stat_zero_fills, vm_stat_cow_faults;

/*
 * vm_map_wire: fault in every page of [start, end) for `access' and count
 * the wiring in the entries (VM_PROT_NONE: uncount).  Returns
 * KERN_SUCCESS, KERN_INVALID_ADDRESS (a hole), KERN_INVALID_ARGUMENT
 * (unwiring what is not wired), KERN_PROTECTION_FAILURE, or a fault's error.
 */
kern_return_t vm_map_wire(vm_map_t map, uintptr_t start, uintptr_t end, vm_prot_t access);

/*
 * vm_map_unmap_object: remove every translation, in every map, of the
 * pages at [start, end) of `object' (mapped directly or down a shadow
 * chain), so that the next access faults.  No locks held.
 */
void vm_map_unmap_object(vm_object_t object, uint64_t start, uint64_t end);

/* vm_map_set_needs_copy: make the entry at `addr' a copy-on-write copy of its object. */
kern_return_t vm_map_set_needs_copy(vm_map_t map, uintptr_t addr);

/*
 * vm_entry_copy_now: end `e's needs_copy by giving it a shadow object of its
 * own over the shared one.  KERN_RESOURCE_SHORTAGE without memory.  Map locked.
 */
kern_return_t vm_entry_copy_now(struct vm_map_entry *e);

/*
 * vm_entry_pmap_prot: the access a translation of `e' may have: without
 * write while it shares its object or may map pages of a backing object
 * (a write must fault, to copy).
 */
static inline vm_prot_t
vm_entry_pmap_prot(const struct vm_map_entry *e)
{
	if (e->needs_copy || e->object->shadow)
		return e->protection & ~VM_PROT_WRITE;
	return e->protection;
}

#endif /* _VM_VM_MAP_H_ */
