/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * External memory managers: a user task (the pager) backs a VM object.
 *
 *   vm_map(task, ..., memory_object, ...)   the object for that port, made
 *        the first time and announced with memory_object_init(memory
 *        object, control port, page size);
 *   a fault on a page it does not hold      a busy placeholder page, then
 *        memory_object_data_request(offset, length, access); the faulting
 *        thread waits on the placeholder (vm_fault.c);
 *   the pager answers on the control port   memory_object_data_supply
 *        (the bytes), _data_unavailable (zeros) or _data_error (the fault
 *        fails with KERN_MEMORY_ERROR); waiting faults go on;
 *   the last mapping goes                   memory_object_terminate, from
 *        the pager reaper thread (the last reference may go with VM locks
 *        held, and sending takes port locks).
 *
 *   memory_object_lock_request              pages in a range are given
 *        back (data_return: the dirty ones, or all), dropped, or locked
 *        against some access; a fault needing locked-out access sends
 *        memory_object_data_unlock and waits for the lock_request that
 *        lifts it; lock_completed answers a request with a reply port.
 *
 * The control port is a kernel port (IKOT_PAGER) naming the object.  One
 * object per memory object port: a second vm_map of the same port shares
 * it.  A page is dirty once written: it is mapped writable only by a write
 * fault (a software dirty bit).  Not yet: precious
 * pages, pages given back on termination (the pager asks with
 * lock_request first), memory_object_ready/attributes.
 */
#include <mach/kobject_conv.h>
#include "vm/vm_map.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_kmsg.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "kern/thread.h"
#include <mach/memory_object_types.h>
#include "memory_objectUser.h"
#include "memory_object_controlServer.h"

static simple_lock_data_t pagers_lock = SIMPLE_LOCK_INITIALIZER("pager objects", LOCK_RANK_PAGERS);
static queue_head_t pagers = QUEUE_HEAD_INITIALIZER(pagers);	/* live pager objects */
static queue_head_t pagers_gone = QUEUE_HEAD_INITIALIZER(pagers_gone);	/* to terminate */

/* Take a reference unless the last one is already gone (the object is being reaped). */
static bool
reference_if_live(vm_object_t o)
{
	uint32_t r = __atomic_load_n(&o->ref_count, __ATOMIC_ACQUIRE);

	while (r && !__atomic_compare_exchange_n(&o->ref_count, &r, r + 1, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		;
	return r != 0;
}

/* A right as a kernel-RPC handle, and its release once a stub has used it. */
static mach_port_t
handle_for(ipc_port_t send_right)
{
	return ipc_kport_put(send_right, MACH_MSG_TYPE_PORT_SEND);
}

static void
handle_drop(mach_port_t handle)
{
	mach_msg_type_name_t type;
	ipc_port_t port = ipc_kport_take(handle, &type);

	if (IP_VALID(port))
		ipc_object_destroy(&port->ip_object, type);
}

/* The two rights every message to a pager names: its memory object and our control port. */
struct pager_handles {
	mach_port_t	object, control;
};

static struct pager_handles
pager_handles(vm_object_t o)
{
	return (struct pager_handles){
		.object = handle_for(ipc_port_copy_send(o->pager)),
		.control = handle_for(ipc_port_make_send(o->pager_control)),
	};
}

static void
pager_handles_drop(struct pager_handles h)
{
	handle_drop(h.object);
	handle_drop(h.control);
}

/* The live object of memory object `pager', referenced, or NULL.  pagers_lock held. */
static vm_object_t
live_object_of(ipc_port_t pager)
{
	queue_chain_t *q;

	queue_iterate(&pagers, q) {
		vm_object_t o = queue_entry_owner(q, struct vm_object, pager_link);
		if (o->pager == pager && reference_if_live(o))
			return o;
	}
	return NULL;
}

vm_object_t
vm_object_for_pager(ipc_port_t pager, uint64_t size)
{
	simple_lock(&pagers_lock);
	vm_object_t found = live_object_of(pager);
	simple_unlock(&pagers_lock);
	if (found) {
		if (size > found->size)
			found->size = size;
		ipc_port_release_send(pager);	/* the object has its own */
		return found;
	}

	vm_object_t o = vm_object_allocate(size);
	ipc_port_t control = o ? ipc_port_create() : IP_NULL;
	if (!control) {
		if (o)
			vm_object_free(o);
		ipc_port_release_send(pager);
		return NULL;
	}
	control->ip_receiver = ipc_space_kernel;
	ipc_port_set_kobject(control, IKOT_PAGER, o);
	o->pager = pager;
	o->pager_control = control;
	o->copy_source = true;		/* its pages are the pager's: never freed piecemeal */
	simple_lock(&pagers_lock);
	vm_object_t other = live_object_of(pager);	/* a vm_map of the same port meanwhile */
	if (!other)
		enqueue_tail(&pagers, &o->pager_link);
	simple_unlock(&pagers_lock);
	if (other) {
		ipc_port_set_kobject(control, IKOT_NONE, NULL);
		ip_lock(control);
		ipc_port_destroy(control);
		o->pager = NULL;
		vm_object_free(o);
		ipc_port_release_send(pager);
		return other;
	}

	struct pager_handles h = pager_handles(o);
	memory_object_init(h.object, h.control, PAGE_SIZE);
	pager_handles_drop(h);
	return o;
}

void
vm_object_pager_request(vm_object_t object, uint64_t offset)
{
	struct pager_handles h = pager_handles(object);

	memory_object_data_request(h.object, h.control, offset, PAGE_SIZE,
				   VM_PROT_READ | VM_PROT_WRITE);
	pager_handles_drop(h);
}

void
vm_object_pager_unlock(vm_object_t object, uint64_t offset, vm_prot_t access)
{
	struct pager_handles h = pager_handles(object);

	memory_object_data_unlock(h.object, h.control, offset, PAGE_SIZE, access);
	pager_handles_drop(h);
}

void
vm_object_pager_gone(vm_object_t object)
{
	simple_lock(&pagers_lock);
	queue_remove(&object->pager_link);
	enqueue_tail(&pagers_gone, &object->pager_link);
	simple_unlock(&pagers_lock);
	thread_wakeup((event_t)&pagers_gone);
}

static bool reaper_busy;	/* the reaper holds an object off both queues (pagers_lock) */

/* The pager reaper: terminate and free pager objects nobody maps any more. */
static void
pager_reaper(void *arg)
{
	(void)arg;
	for (;;) {
		simple_lock(&pagers_lock);
		reaper_busy = false;
		if (queue_empty(&pagers_gone)) {
			thread_wakeup((event_t)&reaper_busy);	/* memory_object_wait_reaped */
			assert_wait((event_t)&pagers_gone, false);
			simple_unlock(&pagers_lock);
			thread_block();
			continue;
		}
		vm_object_t o = queue_entry_owner(dequeue_head(&pagers_gone), struct vm_object,
						  pager_link);
		reaper_busy = true;
		simple_unlock(&pagers_lock);

		ipc_port_t control = o->pager_control;
		mach_port_t mo = handle_for(o->pager);		/* the object's right, moved */
		mach_port_t mc = handle_for(ipc_port_make_send(control));
		memory_object_terminate(mo, mc);
		handle_drop(mo);
		handle_drop(mc);
		ipc_port_set_kobject(control, IKOT_NONE, NULL);
		ip_lock(control);
		ipc_port_destroy(control);
		/* Faults waiting on a page the pager never gave: they fault again and fail. */
		vm_object_free(o);
	}
}

/*
 * memory_object_wait_reaped: wait until every pager object whose last
 * mapping went so far is terminated and freed, so that counts of ports,
 * objects and pages taken next are settled (leak checks).
 */
void
memory_object_wait_reaped(void)
{
	simple_lock(&pagers_lock);
	while (reaper_busy || !queue_empty(&pagers_gone)) {
		assert_wait((event_t)&reaper_busy, false);
		simple_unlock(&pagers_lock);
		thread_block();
		simple_lock(&pagers_lock);
	}
	simple_unlock(&pagers_lock);
}

/* The object a control port names, referenced; NULL if it is not one (the MIG intran). */
vm_object_t
convert_port_to_pager_object(mach_port_t control)
{
	ipc_port_t port = ipc_kport_get(control);
	vm_object_t o = NULL;

	if (!IP_VALID(port))
		return NULL;
	ip_lock(port);
	if (ip_active(port) && port->ip_kotype == IKOT_PAGER && reference_if_live(port->ip_kobject))
		o = port->ip_kobject;
	ip_unlock(port);
	return o;
}

/*
 * Fill the page at `offset' with `data' (or zeros, or mark it in error) if
 * a fault waits for it; a page nobody asked for is taken too (data_supply
 * only).  Object locked.
 */
static void
settle_page(vm_object_t o, uint64_t offset, const void *data, bool error, bool unasked_ok,
	    vm_prot_t lock)
{
	struct vm_page *p = vm_page_lookup(o, offset);

	if (p && !(p->flags & VM_PAGE_BUSY))
		return;				/* resident already: the kernel's copy wins */
	if (!p) {
		if (!unasked_ok || !(p = vm_object_page_placeholder(o, offset)))
			return;
	}
	p->lock_prot = (uint8_t)lock;
	p->flags &= ~VM_PAGE_DIRTY;
	if (error)
		p->flags |= VM_PAGE_ERROR;
	else if (data)
		memcpy(phystokv(p->phys_addr), data, PAGE_SIZE);
	else
		memset(phystokv(p->phys_addr), 0, PAGE_SIZE);
	p->flags &= ~VM_PAGE_BUSY;
	thread_wakeup((event_t)p);
}

static kern_return_t
settle_range(vm_object_t o, vm_offset_t offset, vm_size_t size, const uint8_t *data, bool error,
	     vm_prot_t lock)
{
	if (!o)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = KERN_SUCCESS;
	if ((offset & PAGE_MASK) || (size & PAGE_MASK) || offset + size < offset)
		kr = KERN_INVALID_ARGUMENT;
	for (vm_size_t done = 0; kr == KERN_SUCCESS && done < size; done += PAGE_SIZE) {
		simple_lock(&o->lock);
		settle_page(o, offset + done, data ? data + done : NULL, error, data != NULL, lock);
		simple_unlock(&o->lock);
	}
	return kr;		/* the stub drops the reference */
}

/*
 * memory_object_data_supply: the pager's pages for [offset, +dataCnt) of
 * the object: each page a fault waits for (or, unasked, a placeholder)
 * gets its bytes and `lock_value'; a page already resident keeps the
 * kernel's copy.  A partial last page is dropped.
 *   Locks:   takes the object's lock per page.
 *   Refs:    consumes the out-of-line data on success; the control
 *            reference is the stub's.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no object, unaligned
 *            range, a bad lock value, `precious' pages).
 */
kern_return_t
memory_object_data_supply(vm_object_t control, vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t dataCnt, vm_prot_t lock_value, boolean_t precious,
			  mach_port_t reply_to, mach_msg_type_name_t reply_toPoly)
{
	(void)reply_to;
	(void)reply_toPoly;
	kern_return_t kr = KERN_INVALID_ARGUMENT;

	/* Precious pages are not in this version. */
	if (!(lock_value & ~VM_PROT_ALL) && !precious)
		kr = settle_range(control, offset, dataCnt & ~(vm_size_t)PAGE_MASK,
				  (const uint8_t *)data, false, lock_value);
	/* The request's buffer is ours on success (ipc_kobject_server frees it otherwise). */
	if (kr == KERN_SUCCESS && dataCnt)
		ipc_ool_free((void *)data, dataCnt);
	return kr;
}

/*
 * memory_object_data_unavailable: the pages of the range that faults wait
 * for become zero-filled.
 *   Locks, Returns: as memory_object_data_supply (no data).
 */
kern_return_t
memory_object_data_unavailable(vm_object_t control, vm_offset_t offset, vm_size_t size)
{
	return settle_range(control, offset, size, NULL, false, VM_PROT_NONE);
}

/*
 * memory_object_data_error: the pages of the range that faults wait for
 * are marked in error (the faulting thread gets an exception); the
 * pager's `error_value' is not kept.
 *   Locks, Returns: as memory_object_data_unavailable.
 */
kern_return_t
memory_object_data_error(vm_object_t control, vm_offset_t offset, vm_size_t size,
			 kern_return_t error_value)
{
	(void)error_value;
	return settle_range(control, offset, size, NULL, true, VM_PROT_NONE);
}

/* Give the page at `offset' back to the pager (data_return).  No locks held. */
static void
return_page(vm_object_t o, uint64_t offset, const void *bytes, bool dirty)
{
	struct pager_handles h = pager_handles(o);

	memory_object_data_return(h.object, h.control, offset, (vm_offset_t)bytes, PAGE_SIZE,
				  dirty, FALSE);
	pager_handles_drop(h);
}

/*
 * memory_object_lock_request: for each resident page of the range: unmap
 * it from every map, give it back to the pager (data_return) as
 * `should_return' says, set its lock to `lock_value', and free it if
 * `should_flush'; pages still being supplied are skipped, not waited for.
 * Then, if `reply_to' is valid, send memory_object_lock_completed to it.
 *   Locks:   takes the object's lock per page, never across unmapping or
 *            the data_return message (the page is held busy instead).
 *   Refs:    consumes `reply_to' (the completion message takes it).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no object or no pager,
 *            an unaligned range, bad lock or return values);
 *            KERN_RESOURCE_SHORTAGE (no page buffer for data_return).
 */
kern_return_t
memory_object_lock_request(vm_object_t o, vm_offset_t offset, vm_size_t size,
			   memory_object_return_t should_return, boolean_t should_flush,
			   vm_prot_t lock_value, mach_port_t reply_to, mach_msg_type_name_t reply_toPoly)
{
	/* reply_to is MAKE_SEND_ONCE|polymorphic: as in GNU Mach, the stub says
	 * which right arrived (a send-once right from MIG's user stubs);
	 * memory_object_lock_completed sends to it either way. */
	(void)reply_toPoly;
	if (!o || !o->pager || (offset & PAGE_MASK) || (size & PAGE_MASK) ||
	    offset + size < offset || (lock_value & ~VM_PROT_ALL) ||
	    should_return < MEMORY_OBJECT_RETURN_NONE ||
	    should_return > MEMORY_OBJECT_RETURN_ANYTHING)
		return KERN_INVALID_ARGUMENT;
	void *copy = should_return != MEMORY_OBJECT_RETURN_NONE ? ipc_ool_alloc(PAGE_SIZE) : NULL;
	if (should_return != MEMORY_OBJECT_RETURN_NONE && !copy)
		return KERN_RESOURCE_SHORTAGE;
	for (vm_size_t done = 0; done < size; done += PAGE_SIZE) {
		uint64_t off = offset + done;
		/* Hold the page (faults wait on it) while no map may translate it. */
		simple_lock(&o->lock);
		struct vm_page *p = vm_page_lookup(o, off);
		if (!p || (p->flags & VM_PAGE_BUSY)) {
			simple_unlock(&o->lock);
			continue;		/* not resident, or not yet supplied */
		}
		p->flags |= VM_PAGE_BUSY;
		simple_unlock(&o->lock);
		vm_map_unmap_object(o, off, off + PAGE_SIZE);

		bool dirty = p->flags & VM_PAGE_DIRTY;
		bool give = should_return == MEMORY_OBJECT_RETURN_ALL ||
			    should_return == MEMORY_OBJECT_RETURN_ANYTHING ||
			    (should_return == MEMORY_OBJECT_RETURN_DIRTY && dirty);
		if (give)
			memcpy(copy, phystokv(p->phys_addr), PAGE_SIZE);
		simple_lock(&o->lock);
		p->flags &= ~(VM_PAGE_BUSY | VM_PAGE_UNLOCKING | (give ? VM_PAGE_DIRTY : 0));
		p->lock_prot = (uint8_t)lock_value;
		thread_wakeup((event_t)p);	/* waiting faults look again */
		if (should_flush)
			vm_object_page_remove(o, off, off + PAGE_SIZE);
		simple_unlock(&o->lock);
		if (give)
			return_page(o, off, copy, dirty);
	}
	if (copy)
		ipc_ool_free(copy, PAGE_SIZE);
	if (MACH_PORT_VALID(reply_to)) {
		mach_port_t mc = handle_for(ipc_port_make_send(o->pager_control));
		memory_object_lock_completed(reply_to, mc, offset, size);	/* takes reply_to */
		handle_drop(mc);
	}
	return KERN_SUCCESS;
}

void
memory_object_bootstrap(void)
{
	thread_t th = kernel_thread_create("pager reaper", pager_reaper, NULL, BASEPRI_DEFAULT);

	if (!th)
		panic("memory_object_bootstrap: no memory for the pager reaper");
	thread_deallocate(th);
}
