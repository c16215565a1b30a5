/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Page faults and the byte movers built on them: find the entry, check the
 * access, make the object's page resident (zero-filled if new) and enter
 * the translation in the pmap (see vm_map.h).
 */
#include "vm/vm_map.h"
#include "lib/string.h"
#include "kern/sched.h"
#include "riscv/cpu.h"
#include "kern/copyio.h"

kern_return_t
vm_entry_copy_now(struct vm_map_entry *e)
{
	vm_object_t shadow = vm_object_shadow(e->object, e->offset, e->end - e->start);

	if (!shadow)
		return KERN_RESOURCE_SHORTAGE;
	e->object = shadow;		/* the entry's reference moved into the shadow */
	e->offset = 0;
	e->needs_copy = false;
	return KERN_SUCCESS;
}

/*
 * What a fault must wait for: a page its pager is asked for (or was asked
 * for by an earlier fault).  The wait is declared (assert_wait) before
 * the locks go, so the answer cannot be missed.
 */
struct fault_wait {
	vm_object_t	object;		/* referenced: the pager object */
	uint64_t	offset;
	enum { WAIT_ONLY, ASK_DATA, ASK_UNLOCK } ask;
	vm_prot_t	access;		/* for ASK_UNLOCK: what the fault needs */
	uint64_t	device_pa;	/* for FAULT_DEVICE: the register page */
};

#define FAULT_WAIT	((kern_return_t)-1)	/* internal: wait, then fault again */
#define FAULT_DEVICE	((kern_return_t)-2)	/* internal: map w->device_pa, no page */

/*
 * A page of `o' at `off' that is busy, in error, locked by its pager
 * against `need', or missing from a pager object: say what to do.
 * Returns KERN_SUCCESS (nothing to wait for), FAULT_WAIT (*w filled,
 * wait asserted), KERN_MEMORY_ERROR or KERN_RESOURCE_SHORTAGE.  `o' locked.
 */
static kern_return_t
pager_page(vm_object_t o, uint64_t off, struct vm_page *p, vm_prot_t need, bool can_wait,
	   struct fault_wait *w)
{
	if (p && (p->flags & VM_PAGE_ERROR)) {
		vm_object_page_remove(o, off, off + PAGE_SIZE);	/* the next fault asks again */
		return KERN_MEMORY_ERROR;
	}
	bool locked = p && !(p->flags & VM_PAGE_BUSY) && (p->lock_prot & need);
	if (p && !(p->flags & VM_PAGE_BUSY) && !locked)
		return KERN_SUCCESS;
	if (!p && !o->pager)
		return KERN_SUCCESS;
	if (!can_wait)
		return KERN_MEMORY_ERROR;	/* locks held: the pager cannot be waited for */
	w->ask = WAIT_ONLY;
	if (!p) {
		if (!(p = vm_object_page_placeholder(o, off)))
			return KERN_RESOURCE_SHORTAGE;
		w->ask = ASK_DATA;
	} else if (locked && !(p->flags & VM_PAGE_UNLOCKING)) {
		p->flags |= VM_PAGE_UNLOCKING;	/* one data_unlock; later faults just wait */
		w->ask = ASK_UNLOCK;
	}
	vm_object_reference(o);
	w->object = o;
	w->offset = off;
	w->access = need;
	assert_wait((event_t)p, true);
	return FAULT_WAIT;
}

/*
 * resident_page: the physical page behind `addr' in `map', resident after
 * this, checked for `need' access unless `force', and the access its
 * translation may have (*protp).  A write to memory shared copy-on-write
 * gets its own copy: the entry its shadow object (if it still shares the
 * object), the shadow a copy of the page found down the chain.  A page an
 * external pager has not given yet: FAULT_WAIT (see struct fault_wait).
 * A device object's registers: FAULT_DEVICE, w->device_pa and *protp set
 * (no page; shared even by a copy-on-write entry).  Map locked.
 */
static kern_return_t
resident_page(vm_map_t map, uintptr_t addr, vm_prot_t need, bool force, struct vm_page **pp,
	      vm_prot_t *protp, struct fault_wait *w)
{
	struct vm_map_entry *e;
	bool can_wait = cpu_self()->intr_depth == 1;	/* only the map lock */

	for (e = map->header.next; e != &map->header; e = e->next)
		if (addr >= e->start && addr < e->end)
			break;
	if (e == &map->header)
		return KERN_INVALID_ADDRESS;
	if (!force && (need & ~e->protection))
		return KERN_PROTECTION_FAILURE;
	if (e->object->device) {
		w->device_pa = e->object->device_base + e->offset + trunc_page(addr - e->start);
		*protp = e->protection;
		return FAULT_DEVICE;
	}
	bool write = need & VM_PROT_WRITE;
	if (write && e->needs_copy && vm_entry_copy_now(e) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;

	vm_object_t object = e->object;
	if (object->shadow)
		vm_object_collapse(object);
	uint64_t offset = e->offset + trunc_page(addr - e->start);
	simple_lock(&object->lock);
	struct vm_page *p = vm_page_lookup(object, offset);
	vm_prot_t prot = vm_entry_pmap_prot(e);
	kern_return_t kr = pager_page(object, offset, p, need, can_wait, w);
	if (kr != KERN_SUCCESS) {
		simple_unlock(&object->lock);
		return kr;
	}
	if (!p && object->shadow) {
		/*
		 * Down the chain, hand over hand (vm_object_step_down): backing
		 * objects are copy sources, whose pages never change in place,
		 * but one may be merged into its only shadow and freed
		 * (vm_object_collapse, from another task's vm_object_deallocate)
		 * unless the object above it is locked.  The object where the
		 * page is found stays locked until it is copied.
		 */
		struct vm_page *below = NULL;
		uint64_t off = offset;
		vm_object_t held = NULL;		/* locked, below the top */
		for (vm_object_t o = object; !below && o->shadow; o = held) {
			off += o->shadow_offset;
			held = vm_object_step_down(o, object);
			below = vm_page_lookup(held, off);
			/* A write copies the page: the pager's write lock is not in the way. */
			kr = pager_page(held, off, below, write ? VM_PROT_READ : need, can_wait, w);
			if (kr != KERN_SUCCESS) {
				simple_unlock(&held->lock);
				simple_unlock(&object->lock);
				return kr;
			}
		}
		if (below && !write) {
			p = below;			/* read it where it is */
		} else if (below) {
			p = vm_object_page_copy(object, offset, below);
			/* The map may still translate to the original (vm_write does not refault). */
			pmap_remove(&map->pmap, trunc_page(addr), trunc_page(addr) + PAGE_SIZE);
		} else {
			p = vm_object_page_get(object, offset);	/* nobody had it: zeros */
		}
		if (held)
			simple_unlock(&held->lock);
		if (p && p != below)
			prot = e->protection;		/* this object's own page */
	} else if (!p) {
		p = vm_object_page_get(object, offset);
	} else if (!e->needs_copy) {
		prot = e->protection;			/* its own page, in its own object */
	}
	if (p && p->object == object && object->pager) {
		prot &= ~(vm_prot_t)p->lock_prot;	/* what its pager withholds */
		/*
		 * A software dirty bit: a pager's page is mapped writable only
		 * by a write, which marks it dirty (for lock_request's
		 * MEMORY_OBJECT_RETURN_DIRTY).
		 */
		if (write && (prot & VM_PROT_WRITE))
			p->flags |= VM_PAGE_DIRTY;
		else if (!(p->flags & VM_PAGE_DIRTY))
			prot &= ~VM_PROT_WRITE;
	}
	simple_unlock(&object->lock);
	if (!p)
		return KERN_RESOURCE_SHORTAGE;
	*pp = p;
	*protp = prot;
	return KERN_SUCCESS;
}

/*
 * After resident_page said FAULT_WAIT, with no lock held: ask the pager if
 * we made the placeholder, and wait for the page.  KERN_SUCCESS to fault
 * again; KERN_ABORTED if the thread was interrupted (thread_abort, the
 * task ending).
 */
static kern_return_t
fault_wait(struct fault_wait *w)
{
	if (w->ask == ASK_DATA)
		vm_object_pager_request(w->object, w->offset);
	else if (w->ask == ASK_UNLOCK)
		vm_object_pager_unlock(w->object, w->offset, w->access);
	int wr = thread_block();
	vm_object_deallocate(w->object);
	return wr == THREAD_INTERRUPTED ? KERN_ABORTED : KERN_SUCCESS;
}

uint64_t vm_stat_faults, vm_stat_zero_fills;

kern_return_t
vm_fault(vm_map_t map, uintptr_t addr, vm_prot_t type)
{
	struct vm_page *p;
	vm_prot_t prot;

	if (addr >= VM_MAX_USER_ADDRESS)
		return KERN_INVALID_ADDRESS;
	__atomic_fetch_add(&vm_stat_faults, 1, __ATOMIC_RELAXED);
	for (;;) {
		struct fault_wait w;
		simple_lock(&map->lock);
		kern_return_t kr = resident_page(map, addr, type, false, &p, &prot, &w);
		if (kr == KERN_SUCCESS)
			kr = pmap_enter(&map->pmap, trunc_page(addr), p->phys_addr, PAGE_SIZE, prot,
					PMAP_USER);
		else if (kr == FAULT_DEVICE)
			kr = pmap_enter(&map->pmap, trunc_page(addr), w.device_pa, PAGE_SIZE, prot,
					PMAP_USER);
		simple_unlock(&map->lock);
		if (kr != FAULT_WAIT)
			return kr;
		if ((kr = fault_wait(&w)) != KERN_SUCCESS)
			return kr;
	}
}

/*
 * The kernel address of the byte at `addr' in `map' when the task's own
 * page tables let it write (`to_map') or read there now, in a page of RAM;
 * NULL otherwise (resident_page then decides).  A mapping is exactly what
 * the task itself would touch: a copy-on-write page is mapped read-only
 * until its copy is made, and a pager's page writable only once dirty
 * (resident_page), so nothing is bypassed.  Every change to a map's page
 * tables is made under its lock (vm_fault, vm_map_*, vm_map_unmap_object
 * before a page is freed), so the page stays while the lock is held.
 *   Locks: map->lock held.
 */
static inline char *
mapped_byte(vm_map_t map, uintptr_t addr, bool to_map)
{
	paddr_t pa;
	pt_entry_t pte;
	pt_entry_t need = PTE_U | (to_map ? PTE_W : PTE_R);

	if (!pmap_extract(&map->pmap, addr, &pa, &pte) || (pte & need) != need ||
	    !vm_page_lookup_phys(pa))
		return NULL;		/* device registers, or not mapped so */
	return (char *)phystokv(pa);
}

/* Copy between `buf' and `map' at `addr', a page at a time through the direct map. */
static kern_return_t
move_bytes(vm_map_t map, uintptr_t addr, void *buf, uint64_t len, bool to_map, bool force)
{
	char *b = buf;

	if (addr >= VM_MAX_USER_ADDRESS || len > VM_MAX_USER_ADDRESS - addr)
		return KERN_INVALID_ADDRESS;
	simple_lock(&map->lock);
	while (len) {
		uint64_t off = addr & PAGE_MASK, n = PAGE_SIZE - off;
		if (n > len)
			n = len;
		/* The common case: the page is in the task's tables with the access. */
		char *at = mapped_byte(map, addr, to_map);
		if (!at) {
			struct vm_page *p;
			vm_prot_t prot;
			struct fault_wait w;
			kern_return_t kr = resident_page(map, addr,
							 to_map ? VM_PROT_WRITE : VM_PROT_READ,
							 force, &p, &prot, &w);
			if (kr == FAULT_DEVICE)
				kr = KERN_PROTECTION_FAILURE;	/* the kernel does not copy registers */
			if (kr == FAULT_WAIT) {
				simple_unlock(&map->lock);
				if ((kr = fault_wait(&w)) != KERN_SUCCESS)
					return kr;
				simple_lock(&map->lock);
				continue;
			}
			if (kr != KERN_SUCCESS) {
				simple_unlock(&map->lock);
				return kr;
			}
			/*
			 * Mapped as the task's own fault would map it, so that the
			 * next copy (and the task) find it in the tables; not for a
			 * forced write, whose protection is not the task's.  A
			 * failure to map costs only that.
			 */
			if (!force)
				(void)pmap_enter(&map->pmap, trunc_page(addr), p->phys_addr,
						 PAGE_SIZE, prot, PMAP_USER);
			at = (char *)phystokv(p->phys_addr) + off;
		}
		if (to_map)
			memcpy(at, b, n);
		else
			memcpy(b, at, n);
		addr += n;
		b += n;
		len -= n;
	}
	simple_unlock(&map->lock);
	return KERN_SUCCESS;
}

uint64_t
vm_map_move_user(vm_map_t map, uintptr_t addr, uintptr_t uaddr, uint64_t len, bool to_map)
{
	uint64_t done = 0;

	if (addr >= VM_MAX_USER_ADDRESS || len > VM_MAX_USER_ADDRESS - addr)
		return 0;
	while (done < len) {
		uint64_t n = PAGE_SIZE - (addr & PAGE_MASK);
		if (n > len - done)
			n = len - done;
		/*
		 * A page at a time under the lock (interrupts off, so the copy
		 * faults nothing in: a page of the caller's that is not mapped
		 * ends it, as one of map's does).
		 */
		simple_lock(&map->lock);
		char *at = mapped_byte(map, addr, to_map);
		int err = !at ? -1 : to_map ? copyin(uaddr, at, n) : copyout(at, uaddr, n);
		simple_unlock(&map->lock);
		if (err)
			break;
		addr += n;
		uaddr += n;
		done += n;
	}
	return done;
}

kern_return_t
vm_map_read_bytes(vm_map_t map, uintptr_t addr, void *buf, uint64_t len)
{
	return move_bytes(map, addr, buf, len, false, false);
}

kern_return_t
vm_map_write_bytes(vm_map_t map, uintptr_t addr, const void *buf, uint64_t len)
{
	return move_bytes(map, addr, (void *)buf, len, true, false);
}

kern_return_t
vm_map_write_bytes_force(vm_map_t map, uintptr_t addr, const void *buf, uint64_t len)
{
	return move_bytes(map, addr, (void *)buf, len, true, true);
}
