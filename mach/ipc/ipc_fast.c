/* SPDX-License-Identifier: BSD-2-Clause */
/* The IPC fast path (see ipc_fast.h). */
#include <stddef.h>
#include "ipc/ipc_fast.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/mach_msg.h"
#include "kern/trace.h"
#include "kern/copyio.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "kern/task.h"
#include "riscv/syscall_return.h"

_Static_assert(IPC_FAST_BUF >= IPC_FAST_MAX + MAX_TRAILER_SIZE, "room for the trailer");

/*
 * The receiver a message to `dest' would go to in the fast path: the
 * thread registered on the port itself, or on the set it is in (read
 * once; a set's receiver is only ours once claimed).  NULL if none.
 *   Locks: dest locked.
 */
static inline __attribute__((always_inline)) thread_t
fast_receiver(ipc_port_t dest)
{
	ipc_pset_t pset = dest->ip_pset;

	return pset ? __atomic_load_n(&pset->ips_rcv_thread, __ATOMIC_ACQUIRE)
		    : dest->ip_rcv_thread;
}

/*
 * Can a message go to `rcv' on `dest' this way?  The guards, each a
 * reason to take the general path:
 *   - someone waits, and the port is alive;
 *   - nothing is queued on the port (messages keep their order);
 *   - the port is not a kernel object's (ipc_kobject_server serves it)
 *     and not in transit, unless it is the waiting kernel thread's own
 *     reply port (ith_rpc_reply: a Unix call's answer);
 *   - for a receiver registered on the port itself: it still waits and
 *     the message fits (a set's receiver is checked once claimed).
 *   Locks: dest locked.
 */
static inline __attribute__((always_inline)) bool
can_deliver(ipc_port_t dest, thread_t rcv, mach_msg_size_t size)
{
	if (!rcv || !ip_active(dest) || !queue_empty(&dest->ip_messages))
		return false;
	if (dest->ip_pset)		/* rcv is not ours to look at before the claim */
		return dest->ip_receiver && dest->ip_receiver != ipc_space_kernel;
	if (dest->ip_receiver ? dest->ip_receiver == ipc_space_kernel
			      : dest != rcv->ith_rpc_reply)
		return false;
	return rcv->ith_fast_wait && round_msg(size) + rcv->ith_rcv_trailer <= rcv->ith_rcv_max;
}

/*
 * Claim `rcv', registered on `pset' (dest's set): from here this sender
 * alone may end its wait.  The registration is checked again: the
 * receiver may have left and come back with other limits meanwhile.
 *   Returns: true, the receiver ours and the message fits; false, not
 *   claimed (nothing changed), or claimed but too small (the receiver is
 *   let go without a message: it receives the long way).
 *   Locks: dest locked, sched_lock held.
 */
static inline __attribute__((always_inline)) bool
claim_set_receiver(ipc_pset_t pset, thread_t rcv, mach_msg_size_t size)
{
	thread_t expected = rcv;

	if (!__atomic_compare_exchange_n(&pset->ips_rcv_thread, &expected, THREAD_NULL, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return false;
	if (__builtin_expect(round_msg(size) + rcv->ith_rcv_trailer <= rcv->ith_rcv_max, 1))
		return true;
	__atomic_store_n(&rcv->ith_fast_wait, false, __ATOMIC_RELEASE);
	clear_wait_locked(rcv, THREAD_AWAKENED);
	return false;
}

/*
 * Copy a message body of `len' bytes (a multiple of 4) between two
 * 8-aligned kernel buffers: words, then a last half word (a memcpy of a
 * length not known here would be a call).
 */
static inline __attribute__((always_inline)) void
body_copy(void *dst, const void *src, mach_msg_size_t len)
{
	uint64_t *d = __builtin_assume_aligned(dst, 8);
	const uint64_t *s = __builtin_assume_aligned(src, 8);
	mach_msg_size_t n = len / 8;

	for (mach_msg_size_t i = 0; i < n; i++)
		d[i] = s[i];
	if (len & 4)
		*(uint32_t *)(d + n) = *(const uint32_t *)(s + n);
}

/*
 * Hand the message whose header is `hdr' to `rcv' (registered on dest,
 * or on its set and claimed): the receiver has it whatever ends its
 * wait.  `body': the body, to copy; NULL if it is in place already.  The
 * header and trailer are written as the receiver will see them, but for
 * the reply port's name, which only the receiver can give.  The
 * destination right is consumed by the delivery: a copied send right
 * never exists, a moved send-once right is used up (the caller frees its
 * entry).  `reply': a send-once right made for the message, or IP_NULL.
 * `token': the sender's security token.  ith_fast_wait is cleared last
 * (a set's receiver that raced to leave waits for it).
 *   Locks: dest locked.
 */
static inline __attribute__((always_inline)) void
deliver(thread_t rcv, ipc_port_t dest, const mach_msg_header_t *hdr, const void *body,
	mach_msg_type_name_t dest_type, ipc_port_t reply, mach_msg_size_t send_size,
	security_token_t token)
{
	mach_msg_header_t *h = (mach_msg_header_t *)rcv->ith_fast_msg;
	mach_msg_size_t trailer_size = rcv->ith_rcv_trailer;
	mach_msg_max_trailer_t *t =
		(mach_msg_max_trailer_t *)((uint8_t *)h + round_msg(send_size));

	if (body)
		body_copy(h + 1, body, send_size - sizeof(*h));
	if (!dest->ip_pset)
		dest->ip_rcv_thread = THREAD_NULL;
	rcv->ith_fast_reply = reply;
	rcv->ith_fast_total = round_msg(send_size) + trailer_size;
	h->msgh_bits = (hdr->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(reply ? MACH_MSG_TYPE_PORT_SEND_ONCE : 0,
				      dest_type == MACH_MSG_TYPE_COPY_SEND
					      ? MACH_MSG_TYPE_PORT_SEND
					      : MACH_MSG_TYPE_PORT_SEND_ONCE);
	h->msgh_size = send_size;
	h->msgh_remote_port = MACH_PORT_NULL;
	h->msgh_local_port = dest->ip_receiver_name;
	h->msgh_voucher_port = MACH_PORT_NULL;
	h->msgh_id = hdr->msgh_id;
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = trailer_size;
	t->msgh_seqno = dest->ip_seqno++;
	t->msgh_sender = token;
	if (__builtin_expect(trailer_size > offsetof(mach_msg_max_trailer_t, msgh_audit), 0))
		memset(&t->msgh_audit, 0, trailer_size - offsetof(mach_msg_max_trailer_t, msgh_audit));
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE)
		dest->ip_sorights--;
	rcv->ith_fast_trace = trace_on() ? trace_msg_tag(h, dest, reply, false,
							 dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE,
							 0, (reply ? 2 : 1) + rcv->ith_fast_ports) : 0;
	rcv->ith_fast_got = true;
	__atomic_store_n(&rcv->ith_fast_wait, false, __ATOMIC_RELEASE);
}

/*
 * The complex shapes the fast path carries (MIG's replies, mostly):
 *   - out-of-line regions of no bytes, which ask nothing of the kernel
 *     (an array that went inline after all: io_read's reply);
 *   - one port descriptor with a send right made, copied or moved from a
 *     live port, or no port (a port returned: dir_lookup's reply).
 * Anything else takes the general path.  The checks change nothing;
 * fast_port_copyin, after every guard, takes the right.
 */
#define FAST_DESC_MAX	4	/* descriptors looked at */

struct fast_port {
	ipc_kdesc_port_t *kd;		/* the port descriptor in the body; NULL if none */
	ipc_port_t	port;		/* its port (IP_NULL: none) */
	struct ipc_entry *entry;	/* the right's entry in the sender's space */
	mach_msg_type_name_t disp;	/* MAKE_SEND, COPY_SEND or MOVE_SEND */
	bool		locked;		/* port locked by fast_port_check (a try) */
};

/*
 * Can the port descriptor at `at' go this way?  Its right must be one the
 * fast path takes without side effects (no dead name, no dead-name request
 * to cancel) under a name that is neither the destination's nor the
 * reply's (rights the header uses stay simple).  The port's lock is taken
 * with a try (a third port: no order to wait in) unless it is `held_a' or
 * `held_b', which the caller holds; it stays held (fast_port_unlock).
 *   Locks: space locked, held_a and held_b (or IP_NULL) locked.
 */
static bool __attribute__((noinline))
fast_port_check(ipc_space_t space, uint8_t *at, const mach_msg_header_t *h,
		ipc_port_t held_a, ipc_port_t held_b, struct fast_port *fp)
{
	mach_msg_port_descriptor_t ud;

	memcpy(&ud, __builtin_assume_aligned(at, 4), sizeof(ud));
	fp->kd = (ipc_kdesc_port_t *)at;
	fp->disp = ud.disposition;
	fp->port = IP_NULL;
	if (ud.disposition != MACH_MSG_TYPE_MAKE_SEND && ud.disposition != MACH_MSG_TYPE_COPY_SEND &&
	    ud.disposition != MACH_MSG_TYPE_MOVE_SEND)
		return false;
	if (ud.name == MACH_PORT_NULL)
		return true;
	if (ud.name == MACH_PORT_DEAD || ud.name == h->msgh_remote_port ||
	    ud.name == h->msgh_local_port)
		return false;
	struct ipc_entry *e = ipc_entry_lookup(space, ud.name);
	if (!e)
		return false;
	uint32_t bits = e->ie_bits;
	if (ud.disposition == MACH_MSG_TYPE_MAKE_SEND ? !(bits & MACH_PORT_TYPE_RECEIVE)
						      : !(bits & MACH_PORT_TYPE_SEND))
		return false;
	if (ud.disposition == MACH_MSG_TYPE_MOVE_SEND && IE_BITS_UREFS(bits) <= 1 &&
	    (bits & IE_BITS_DNREQUEST) && !(bits & MACH_PORT_TYPE_RECEIVE))
		return false;		/* moving its last right would cancel the request */
	ipc_port_t port = (ipc_port_t)e->ie_object;
	if (port != held_a && port != held_b) {
		if (!simple_lock_try(&port->ip_object.io_lock))
			return false;
		fp->locked = true;
	}
	fp->port = port;
	fp->entry = e;
	return ip_active(port);	/* a dead one arrives as a dead name: the general path */
}

/* Let go of what fast_port_check locked. */
static inline __attribute__((always_inline)) void
fast_port_unlock(struct fast_port *fp)
{
	if (__builtin_expect(fp->locked, 0)) {
		fp->locked = false;
		ip_unlock(fp->port);
	}
}

/*
 * Are the descriptors of `body' (a kernel copy of what follows the header,
 * `size' bytes) ones this path carries?  Empty regions are made what the
 * general path would deliver (ipc_kmsg.c's copyin_ool and copyout_ool of
 * no bytes): no address, no deallocation, a physical copy.  A port
 * descriptor is only looked at (*fp, set here); `ports_ok': the receiver
 * is a task, which can be given a right.
 *   Locks: as fast_port_check.  On false, nothing is held that was not;
 *   on true, fast_port_copyin or fast_port_unlock lets go of the port.
 */
static inline __attribute__((always_inline)) bool
fast_body_check(ipc_space_t space, void *body, mach_msg_size_t size, const mach_msg_header_t *h,
		ipc_port_t held_a, ipc_port_t held_b, bool ports_ok, struct fast_port *fp)
{
	_Static_assert(sizeof(mach_msg_ool_descriptor_t) == 16 &&
		       offsetof(mach_msg_ool_descriptor_t, size) == 12, "an OOL descriptor's shape");
	fp->kd = NULL;
	fp->locked = false;
	if (size < sizeof(mach_msg_body_t))
		return false;
	uint32_t *w = body;			/* 4-byte aligned only: by words */
	uint32_t count = w[0];			/* mach_msg_body_t */
	if (count > FAST_DESC_MAX)
		return false;
	mach_msg_size_t left = size - sizeof(mach_msg_body_t);
	w++;
	for (uint32_t i = 0; i < count; i++) {
		if (left < sizeof(mach_msg_port_descriptor_t))
			goto no;
		uint32_t type = w[2] >> 24;	/* every descriptor's last byte of its third word */
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			if (fp->kd || !ports_ok ||
			    !fast_port_check(space, (uint8_t *)w, h, held_a, held_b, fp))
				goto no;
			w += sizeof(mach_msg_port_descriptor_t) / 4;
			left -= sizeof(mach_msg_port_descriptor_t);
			continue;
		}
		if (left < sizeof(mach_msg_ool_descriptor_t) || w[3] != 0 ||
		    (type != MACH_MSG_OOL_DESCRIPTOR && type != MACH_MSG_OOL_VOLATILE_DESCRIPTOR))
			goto no;
		/* No address, no deallocation, a physical copy (0): pad1 and type kept. */
		w[0] = 0;
		w[1] = 0;
		w[2] &= 0xffff0000u;
		_Static_assert(MACH_MSG_PHYSICAL_COPY == 0, "the copy field cleared");
		w += sizeof(mach_msg_ool_descriptor_t) / 4;
		left -= sizeof(mach_msg_ool_descriptor_t);
	}
	return true;
no:
	fast_port_unlock(fp);
	return false;
}

/*
 * Take the port descriptor's right from the sender (every guard passed)
 * as ipc_right_copyin does (ipc_right_copyin_send_locked), and write the
 * kernel's form of the descriptor.  A right carried is marked on the receiver `rcv'
 * (ith_fast_ports), for fast_copyout to name: the message is its next.
 *   Locks: space locked; the port locked (fast_port_check), let go here.
 */
static void __attribute__((noinline))
fast_port_copyin(ipc_space_t space, struct fast_port *fp, thread_t rcv)
{
	ipc_port_t port = fp->port;
	ipc_kdesc_port_t *kd = fp->kd;

	if (port)
		ipc_right_copyin_send_locked(space, fp->entry, port, fp->disp);
	kd->port = port;
	kd->pad2 = 0;
	kd->disposition = MACH_MSG_TYPE_PORT_SEND;
	fast_port_unlock(fp);
	rcv->ith_fast_ports = port != IP_NULL;
}

/* Name the rights of a fast message's port descriptors in `space' (ipc_kmsg_copyout's part). */
static mach_msg_return_t __attribute__((noinline))
fast_copyout_ports(ipc_space_t space, mach_msg_header_t *h)
{
	mach_msg_body_t *b = (mach_msg_body_t *)(h + 1);
	uint8_t *d = (uint8_t *)(b + 1);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	is_lock(space);
	for (uint32_t i = 0; i < b->msgh_descriptor_count; i++) {
		mach_msg_descriptor_type_t type = ipc_desc_type(d);
		if (type == MACH_MSG_PORT_DESCRIPTOR)
			ipc_kmsg_copyout_port_desc(space, d, &mr);
		d += ipc_desc_size(type);
	}
	is_unlock(space);
	return mr;
}

/* Can this thread wait on `port' this way?  port locked. */
static inline __attribute__((always_inline)) bool
can_wait(ipc_port_t port)
{
	return ip_active(port) && !port->ip_pset && queue_empty(&port->ip_messages) &&
	       !port->ip_rcv_thread;
}

/*
 * Can this thread wait on `pset' this way?  Nothing may be queued on a
 * member; that is checked with sched_lock held (set_empty), since
 * senders queue on a member without the set's lock but wake the set's
 * waiters under sched_lock.
 *   Locks: pset locked.
 */
static inline __attribute__((always_inline)) bool
can_wait_set(ipc_pset_t pset)
{
	return pset->ips_object.io_active && !pset->ips_rcv_thread;
}

static inline __attribute__((always_inline)) bool
set_empty(ipc_pset_t pset)
{
	return __atomic_load_n(&pset->ips_msgcount, __ATOMIC_ACQUIRE) == 0;
}

/* Record what the coming wait may take, on `self' (the current thread). */
static inline __attribute__((always_inline)) void
prepare_wait(thread_t self, struct ipc_object *object, mach_msg_size_t rcv_size,
	     mach_msg_size_t trailer_size)
{
	__atomic_fetch_add(&object->io_references, 1, __ATOMIC_RELAXED);
	self->ith_fast_object = object;
	self->ith_fast_wait = true;
	self->ith_fast_got = false;
	self->ith_kmsg = NULL;
	self->ith_rcv_max = rcv_size;
	self->ith_rcv_trailer = trailer_size;
}

/*
 * Register the current thread `self' as `port's receiver for the fast path
 * (it waits next), with a reference to the port across the wait.  port locked.
 */
static inline __attribute__((always_inline)) void
register_wait(thread_t self, ipc_port_t port, mach_msg_size_t rcv_size,
	      mach_msg_size_t trailer_size)
{
	prepare_wait(self, &port->ip_object, rcv_size, trailer_size);
	port->ip_rcv_thread = self;
}

/* The same on a set.  pset locked, sched_lock held. */
static inline __attribute__((always_inline)) void
register_wait_set(thread_t self, ipc_pset_t pset, mach_msg_size_t rcv_size,
		  mach_msg_size_t trailer_size)
{
	prepare_wait(self, &pset->ips_object, rcv_size, trailer_size);
	__atomic_store_n(&pset->ips_rcv_thread, self, __ATOMIC_RELEASE);
}

/*
 * Drop the wait's reference to the port or set `object': the count first
 * (a port's and a set's are the same field), the type only for the last.
 */
static inline __attribute__((always_inline)) void
object_release(struct ipc_object *object)
{
	if (!atomic_release_ref(&object->io_references))
		return;
	if (object->io_otype == IOT_PORT)
		ipc_port_free((ipc_port_t)object);
	else
		ipc_pset_free((ipc_pset_t)object);
}

/*
 * A thread that took a message from a set in the fast path passes the
 * baton: a message a general sender queued meanwhile may have woken this
 * thread rather than another waiter.
 */
static inline __attribute__((always_inline)) void
set_pass_baton(struct ipc_object *object)
{
	if (object->io_otype == IOT_PORT_SET && !set_empty((ipc_pset_t)object))
		thread_wakeup_registered((event_t)object,
					 &((ipc_pset_t)object)->ips_rcv_thread, 1);
}

/* Lock two different ports, in address order (see ipc_fast.h); interrupts off. */
static inline __attribute__((always_inline)) void
lock_two_noirq(ipc_port_t a, ipc_port_t b)
{
	ip_lock_noirq(a < b ? a : b);
	ip_lock_noirq(a < b ? b : a);
}

/* The same with interrupts in any state. */
static inline __attribute__((always_inline)) void
lock_two(ipc_port_t a, ipc_port_t b)
{
	ip_lock(a < b ? a : b);
	ip_lock(a < b ? b : a);
}

/* Undo lock_two(a, b), or ip_lock(a) if b is IP_NULL. */
static inline __attribute__((always_inline)) void
unlock_two(ipc_port_t a, ipc_port_t b)
{
	if (b && a < b) {
		ip_unlock(b);
		ip_unlock(a);
	} else {
		ip_unlock(a);
		if (b)
			ip_unlock(b);
	}
}

ipc_fast_miss_t
ipc_fast_send(ipc_space_t space, struct mach_msg_args *a)
{
	uintptr_t msg = a->msg;
	mach_msg_size_t send_size = a->send_size;
	mach_msg_header_t *h = &a->header;

	if (send_size < sizeof(*h) || send_size > IPC_FAST_MAX || (send_size & 3))
		return IPC_FAST_MISS_SHAPE;
	if (!a->have_header) {
		if (copyin(msg, h, sizeof(*h)) != 0)	/* the body later, straight to the receiver */
			return IPC_FAST_MISS_NOT_RESIDENT;	/* the general path says why */
		a->have_header = true;
	}
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	struct ipc_entry *de, *re;

	is_lock(space);
	if (!ipc_rpc_header_lookup(space, h, true, &de, &re)) {
		is_unlock(space);
		return IPC_FAST_MISS_SHAPE;
	}
	ipc_port_t dest = (ipc_port_t)de->ie_object;
	if (!__atomic_load_n(&dest->ip_rcv_thread, __ATOMIC_RELAXED)) {
		bool kernel = __atomic_load_n(&dest->ip_receiver, __ATOMIC_RELAXED) ==
			      ipc_space_kernel;
		is_unlock(space);		/* nobody waits (or a set's receiver: not here) */
		return kernel ? IPC_FAST_MISS_KERNEL : IPC_FAST_MISS_NO_RECEIVER;
	}
	ipc_port_t reply = re ? (ipc_port_t)re->ie_object : IP_NULL;
	if (reply)
		lock_two(dest, reply);
	else
		ip_lock(dest);
	thread_t rcv = dest->ip_rcv_thread;
	bool complex = h->msgh_bits & MACH_MSGH_BITS_COMPLEX;
	struct fast_port fp;
	void *kbody = (uint8_t *)rcv->ith_fast_msg + sizeof(*h);
	if (!can_deliver(dest, rcv, send_size) || dest->ip_pset ||
	    /* The body, straight into the receiver (with a lock held: no page is faulted in). */
	    copyin(msg + sizeof(*h), kbody, send_size - sizeof(*h)) != 0 ||
	    (complex &&
	     !fast_body_check(space, kbody, send_size - sizeof(*h), h, dest, reply,
			      dest->ip_receiver != NULL, &fp))) {
		unlock_two(dest, reply);
		is_unlock(space);
		return IPC_FAST_MISS_NO_RECEIVER;
	}
	/* Every guard passed: from here on the message goes. */
	if (reply) {
		reply->ip_sorights++;
		ipc_port_reference(reply);
	}
	if (__builtin_expect(complex, 0) && fp.kd)
		fast_port_copyin(space, &fp, rcv);
	deliver(rcv, dest, h, NULL, dest_type, reply, send_size, current_task()->sec_token);
	unlock_two(dest, reply);
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		ipc_entry_free(space, de);
		is_unlock(space);
		ipc_port_release(dest);		/* the entry's reference; the receiver holds one */
	} else {
		is_unlock(space);
	}
	thread_wakeup_handoff(rcv, a->option & MACH_RCV_MSG);
	return IPC_FAST_TAKEN;
}

/*
 * Copy out what a fast sender delivered into this thread (`self'), naming
 * its reply right.  `irq_off' (a constant in each copy): called with
 * interrupts off and no lock held (rpc_continue); they come on only if the
 * receive buffer must be faulted in.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
fast_copyout(thread_t self, ipc_space_t space, uintptr_t msg, struct ipc_object *object,
	     const bool irq_off)
{
	mach_msg_header_t *h = (mach_msg_header_t *)self->ith_fast_msg;
	ipc_port_t reply = self->ith_fast_reply;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (trace_on()) {
		/* The port the message came to: a set's member, by its name. */
		ipc_port_t port = (ipc_port_t)object;
		if (object->io_otype != IOT_PORT) {
			struct ipc_entry *e;
			is_lock(space);
			e = space->is_active ? ipc_entry_lookup(space, h->msgh_local_port) : NULL;
			port = e && (e->ie_bits & MACH_PORT_TYPE_RECEIVE) ? (ipc_port_t)e->ie_object
									  : IP_NULL;
			is_unlock(space);
		}
		if (port)
			h->msgh_bits |= trace_msg_received(self->ith_fast_trace, h, port);
	}

	if (reply) {
		struct ipc_entry *e;
		mach_port_name_t reply_name;
		kern_return_t kr = KERN_INVALID_TASK;
		/* Interrupts off for a moment instead of the lock's nesting count. */
		bool on = !irq_off && intr_enabled();
		if (!irq_off)
			intr_off();
		simple_lock_noirq(&space->is_lock);
		if (space->is_active)
			kr = ipc_entry_alloc(space, &reply_name, &e);
		if (kr == KERN_SUCCESS) {
			e->ie_object = &reply->ip_object;	/* the message's reference moves */
			e->ie_bits = MACH_PORT_TYPE_SEND_ONCE | 1;
		}
		simple_unlock_noirq(&space->is_lock);
		if (on)
			intr_on();
		if (kr != KERN_SUCCESS) {
			ipc_object_destroy(&reply->ip_object, MACH_MSG_TYPE_PORT_SEND_ONCE);
			reply_name = MACH_PORT_DEAD;
			mr = MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE;
		}
		self->ith_fast_reply = IP_NULL;
		h->msgh_remote_port = reply_name;
	}
	if (__builtin_expect(self->ith_fast_ports, 0)) {
		self->ith_fast_ports = false;
		mr |= fast_copyout_ports(space, h);
	}
	mach_msg_size_t total = self->ith_fast_total;
	int err;
	if (self->task && user_msg_ok(msg, total)) {
		err = copy_user_msg((void *)msg, self->ith_fast_msg, total);
		if (irq_off && __builtin_expect(err, 0)) {
			intr_on();		/* a page to fault in, perhaps: again */
			err = copy_user_msg((void *)msg, self->ith_fast_msg, total);
		}
	} else {
		if (irq_off)
			intr_on();
		err = copyout(h, msg, total);
	}
	return err ? MACH_RCV_INVALID_DATA : mr;
}

/*
 * Leave a port's registration (its receiver woke for another reason):
 * whatever a sender handed over meanwhile is taken, a general sender's
 * kmsg into *kmsgp.  Returns whether a fast sender delivered.
 *   Locks: port locked.
 */
static inline bool
port_leave_locked(ipc_port_t port, ipc_kmsg_t *kmsgp)
{
	thread_t self = current_thread();

	*kmsgp = self->ith_kmsg;
	self->ith_kmsg = NULL;
	self->ith_fast_wait = false;
	if (port->ip_rcv_thread == self)
		port->ip_rcv_thread = THREAD_NULL;
	return self->ith_fast_got;
}

/*
 * Leave a set's registration (its receiver woke for another reason): if a
 * sender claimed this thread first, wait until it has delivered (it holds
 * the member's lock with interrupts off: not long).
 */
static void
set_leave(ipc_pset_t pset)
{
	thread_t self = current_thread();
	thread_t expected = self;

	if (__atomic_compare_exchange_n(&pset->ips_rcv_thread, &expected, THREAD_NULL, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		self->ith_fast_wait = false;
		return;
	}
	while (__atomic_load_n(&self->ith_fast_wait, __ATOMIC_ACQUIRE))
		;
}

/*
 * The end of a fast wait on `object' (registered by register_wait or
 * register_wait_set), whatever ended it (`wr', the wait result): a message
 * handed over meanwhile is ours.  Drops the wait's reference.
 *   Returns: true and *mrp what mach_msg's receive returns; false to
 *   receive the long way (woken for a queued message, or by an interrupt
 *   that does not end this receive).
 */
static bool
receive_finish(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
	       struct ipc_object *object, int wr, mach_msg_return_t *mrp)
{
	thread_t self = current_thread();
	mach_msg_size_t trailer_size = REQUESTED_TRAILER_SIZE(option);

	self->ith_fast_object = NULL;
	/* Got one: the sender unregistered us, nothing of the port to look at. */
	bool got = self->ith_fast_got;
	ipc_kmsg_t kmsg = NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	bool ends = false;		/* the wait ended the receive without a message */
	if (__builtin_expect(!got, 0) && object->io_otype == IOT_PORT_SET) {
		ipc_pset_t pset = (ipc_pset_t)object;
		set_leave(pset);
		got = self->ith_fast_got;
		if (!got) {
			ends = true;
			if (!pset->ips_object.io_active)
				mr = MACH_RCV_PORT_DIED;
			else if (wr == THREAD_INTERRUPTED)
				mr = MACH_RCV_INTERRUPTED;
			else
				ends = false;
		}
	} else if (__builtin_expect(!got, 0)) {
		ipc_port_t port = (ipc_port_t)object;
		ip_lock(port);
		got = port_leave_locked(port, &kmsg);
		if (!got && !kmsg) {
			ends = true;
			if (!ip_active(port))
				mr = MACH_RCV_PORT_DIED;
			else if (port->ip_receiver != space)
				mr = MACH_RCV_PORT_CHANGED;	/* the right left while we waited */
			else if (port->ip_pset)
				mr = MACH_RCV_PORT_CHANGED;	/* moved into a set while we waited */
			else if (wr == THREAD_INTERRUPTED)
				mr = MACH_RCV_INTERRUPTED;
			else
				ends = false;
		}
		ip_unlock(port);
	}
	self->ith_fast_got = false;

	if (got) {
		*mrp = fast_copyout(self, space, msg, object, false);
		set_pass_baton(object);
		object_release(object);
		return true;
	}
	object_release(object);
	if (kmsg) {
		/* A general sender's message (it fit: the sender checked). */
		mr = ipc_kmsg_copyout(kmsg, space);
		mach_msg_return_t pr = ipc_kmsg_put(msg, kmsg, trailer_size, self->ith_seqno);
		*mrp = mr != MACH_MSG_SUCCESS ? mr : pr;
		return true;
	}
	if (ends && mr == MACH_RCV_INTERRUPTED && !(option & MACH_RCV_INTERRUPT)) {
		/* As the general path: only thread_abort or the task's end stop a receive. */
		bool aborted = self->aborted || self->terminate_requested;
		self->aborted = false;
		if (!aborted)
			ends = false;	/* wait again, the long way */
	}
	*mrp = mr;
	return ends;			/* false: woken for a queued message */
}

ipc_fast_miss_t
ipc_fast_receive(ipc_space_t space, const struct mach_msg_args *a, mach_msg_return_t *mrp)
{
	uintptr_t msg = a->msg;
	mach_msg_option_t option = a->option;
	mach_msg_size_t rcv_size = a->rcv_size;
	mach_port_name_t rcv_name = a->rcv_name;

	if (option & IPC_FAST_RCV_EXCLUDED)
		return IPC_FAST_MISS_SHAPE;
	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, rcv_name) : NULL;
	if (e && (e->ie_bits & MACH_PORT_TYPE_PORT_SET)) {
		ipc_pset_t pset = (ipc_pset_t)e->ie_object;
		ips_lock(pset);
		if (!can_wait_set(pset)) {
			ips_unlock(pset);
			is_unlock(space);
			return IPC_FAST_MISS_RECEIVE;
		}
		simple_lock(&sched_lock);	/* see can_wait_set */
		if (!set_empty(pset)) {
			simple_unlock(&sched_lock);
			ips_unlock(pset);
			is_unlock(space);
			return IPC_FAST_MISS_RECEIVE;
		}
		register_wait_set(current_thread(), pset, rcv_size, REQUESTED_TRAILER_SIZE(option));
		assert_wait_locked(current_thread(), (event_t)pset, true);
		simple_unlock(&sched_lock);
		ips_unlock(pset);
		is_unlock(space);
		int wr = thread_block();
		return receive_finish(space, msg, option, &pset->ips_object, wr, mrp)
			       ? IPC_FAST_TAKEN : IPC_FAST_MISS_RECEIVE;
	}
	if (!e || !(e->ie_bits & MACH_PORT_TYPE_RECEIVE)) {
		is_unlock(space);
		return IPC_FAST_MISS_SHAPE;
	}
	ipc_port_t port = (ipc_port_t)e->ie_object;
	ip_lock(port);
	if (!can_wait(port)) {
		ip_unlock(port);
		is_unlock(space);
		return IPC_FAST_MISS_RECEIVE;
	}
	register_wait(current_thread(), port, rcv_size, REQUESTED_TRAILER_SIZE(option));
	assert_wait((event_t)port, true);
	ip_unlock(port);
	is_unlock(space);

	int wr = thread_block();
	return receive_finish(space, msg, option, &port->ip_object, wr, mrp)
		       ? IPC_FAST_TAKEN : IPC_FAST_MISS_RECEIVE;
}

/* rpc_continue's way for anything but a message delivered by a fast sender. */
static void __attribute__((noreturn, noinline))
rpc_continue_general(void)
{
	thread_t self = current_thread();
	ipc_space_t space = self->task->itk_space;
	struct mach_msg_args *a = &self->ith_msg_args;
	mach_msg_return_t mr;

	if (!receive_finish(space, a->msg, a->option, self->ith_fast_object, self->wait_result,
			    &mr)) {
		a->option &= ~MACH_SEND_MSG;	/* sent already: the receive, the long way */
		mr = mach_msg_common(space, a, IPC_FAST_MISS_RECEIVE);
	}
	sched_handoff_flush();
	thread_syscall_return(mr);
}

/*
 * Where a thread that waited in ipc_fast_rpc continues: on an empty
 * kernel stack, its call's arguments in ith_msg_args.  The common case
 * (a fast sender delivered) is kept short.
 */
static void __attribute__((noreturn))
rpc_continue(thread_t prev)
{
	thread_t self = current_thread();

	if (__builtin_expect(!self->ith_fast_got, 0)) {
		sched_continue_start(prev);
		rpc_continue_general();
	}
	/* A fast sender delivered: interrupts stay off until the return to user mode. */
	sched_continue_start_noirq(prev);
	struct ipc_object *object = self->ith_fast_object;
	self->ith_fast_object = NULL;
	self->ith_fast_got = false;
	mach_msg_return_t mr =
		fast_copyout(self, self->task->itk_space, self->ith_msg_args.msg, object, true);
	set_pass_baton(object);
	object_release(object);			/* the wait's reference */
	thread_syscall_return_noirq(self, mr);
}

/*
 * An RPC whose send went this way but whose receive cannot wait (a
 * message is queued for it): the receiver runs when this thread next
 * blocks or leaves the kernel (a direct hand-off, as ipc_fast_send's), and
 * the general path does the receive alone.
 *   Locks: sched_lock held (its interrupt state pushed), released here.
 */
static ipc_fast_miss_t __attribute__((noinline))
rpc_sent_only(struct mach_msg_args *a, thread_t rcv)
{
	simple_unlock(&sched_lock);
	thread_wakeup_handoff(rcv, true);
	a->option &= ~MACH_SEND_MSG;		/* sent: mach_msg_common receives */
	return IPC_FAST_MISS_RECEIVE;
}

/*
 * ipc_fast_rpc once its header is in `a': the send, the wait and the
 * switch, or a miss.  `complex' (a constant in each of its two copies):
 * the message is complex, so its descriptors are looked at; the simple
 * copy, every null RPC's, has none of that code.
 */
static inline __attribute__((always_inline)) ipc_fast_miss_t
rpc_send_wait(struct mach_msg_args *a, const bool complex)
{
	uintptr_t msg = a->msg;
	mach_msg_option_t option = a->option;
	mach_msg_size_t send_size = a->send_size;
	mach_msg_header_t *h = &a->header;
	uint64_t body[(IPC_FAST_MAX - sizeof(mach_msg_header_t)) / 8];

	/* Interrupts are off: the space and port locks skip their bookkeeping. */
	thread_t self = current_thread();
	ipc_space_t space = self->task->itk_space;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	struct ipc_entry *de, *re;
	simple_lock_noirq(&space->is_lock);
	if (!ipc_rpc_header_lookup(space, h, complex, &de, &re)) {
		simple_unlock_noirq(&space->is_lock);
		return IPC_FAST_MISS_SHAPE;
	}
	/* Nobody waits (a kernel object's port: a kernel call): a miss, told first. */
	ipc_port_t dest = (ipc_port_t)de->ie_object;
	if (!__atomic_load_n(&dest->ip_rcv_thread, __ATOMIC_RELAXED) &&
	    !__atomic_load_n(&dest->ip_pset, __ATOMIC_RELAXED)) {
		bool kernel = __atomic_load_n(&dest->ip_receiver, __ATOMIC_RELAXED) ==
			      ipc_space_kernel;
		simple_unlock_noirq(&space->is_lock);
		return kernel ? IPC_FAST_MISS_KERNEL : IPC_FAST_MISS_NO_RECEIVER;
	}
	/* The reply right, if any, comes from the port this call receives on. */
	mach_port_name_t rcv_name = a->rcv_name;
	struct ipc_entry *ce = re && h->msgh_local_port == rcv_name
				       ? re : ipc_entry_find(space, rcv_name);	/* bits below */
	/* What this call receives on: a port (its own reply right's), or a set. */
	ipc_port_t port = IP_NULL;
	ipc_pset_t rset = NULL;
	if (ce && (ce->ie_bits & MACH_PORT_TYPE_PORT_SET) && !re)
		rset = (ipc_pset_t)ce->ie_object;
	else if (ce && (ce->ie_bits & MACH_PORT_TYPE_RECEIVE) && (!re || re == ce))
		port = (ipc_port_t)ce->ie_object;
	if ((!port && !rset) || port == dest) {
		simple_unlock_noirq(&space->is_lock);
		return IPC_FAST_MISS_SHAPE;
	}
	if (rset) {
		simple_lock_noirq(&rset->ips_object.io_lock);	/* a set before its members */
		ip_lock_noirq(dest);
	} else {
		lock_two_noirq(dest, port);
	}
	thread_t rcv = fast_receiver(dest);
	ipc_pset_t dset = dest->ip_pset;
	mach_msg_size_t body_size = send_size - sizeof(*h);
	/*
	 * The guards (can_deliver, can_wait*, the body readable): any one
	 * failing is a miss with nothing changed.  The body goes straight into
	 * a receiver waiting on the port itself (the port's lock keeps it
	 * there); for a set's receiver, which is only ours once claimed, it is
	 * read first.
	 */
	if (!can_deliver(dest, rcv, send_size) ||
	    (rset ? !can_wait_set(rset) : !can_wait(port)))
		goto miss;
	void *kbody = dset ? (void *)body : (uint8_t *)rcv->ith_fast_msg + sizeof(*h);
	struct fast_port fp;
	if ((body_size && copy_user_msg(kbody, (const void *)(msg + sizeof(*h)), body_size) != 0) ||
	    (complex &&
	     !fast_body_check(space, kbody, body_size, h, dest, port, dest->ip_receiver != NULL,
			      &fp)))
		goto miss;
	/*
	 * Before the last guards: no wake-up of this thread can be lost from
	 * here.  Interrupts are off since the trap, and pushed only by a port
	 * descriptor's lock (fast_port_check's try).
	 */
	if (complex)
		simple_lock(&sched_lock);
	else
		simple_lock_off(&sched_lock);
	/*
	 * A message queued on the set this thread receives on: the send still
	 * goes this way, but the thread does not wait; it takes that message
	 * the long way (rpc_sent_only).
	 */
	bool rcv_queued = rset && !set_empty(rset);
	if (dset && !claim_set_receiver(dset, rcv, send_size)) {
		simple_unlock(&sched_lock);
		if (complex)
			fast_port_unlock(&fp);
		goto miss;
	}
	/* Every guard passed: from here on the message goes. */
	if (re) {
		port->ip_sorights++;		/* the reply right, made */
		ipc_port_reference(port);
	}
	if (__builtin_expect(complex, 0) && fp.kd)
		fast_port_copyin(space, &fp, rcv);
	deliver(rcv, dest, h, dset && body_size ? body : NULL, dest_type, re ? port : IP_NULL,
		send_size, self->task->sec_token);
	struct ipc_object *object;
	if (rset) {
		if (!rcv_queued)
			register_wait_set(self, rset, a->rcv_size, REQUESTED_TRAILER_SIZE(option));
		ip_unlock_noirq(dest);
		simple_unlock_noirq(&rset->ips_object.io_lock);
		object = &rset->ips_object;
	} else {
		register_wait(self, port, a->rcv_size, REQUESTED_TRAILER_SIZE(option));
		ip_unlock_noirq(port);
		ip_unlock_noirq(dest);
		object = &port->ip_object;
	}
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		ipc_entry_free(space, de);
		ipc_port_release(dest);	/* the entry's; never the last: the receiver holds one */
	}
	simple_unlock_noirq(&space->is_lock);
	if (__builtin_expect(rcv_queued, 0))
		return rpc_sent_only(a, rcv);
	/* The receiver cannot run before this: waking it needs sched_lock. */
	thread_handoff_continue_locked((event_t)object, rcv, rpc_continue);

miss:
	ip_unlock_noirq(dest);
	if (rset)
		simple_unlock_noirq(&rset->ips_object.io_lock);
	else
		ip_unlock_noirq(port);
	simple_unlock_noirq(&space->is_lock);
	return IPC_FAST_MISS_NO_RECEIVER;
}

/* The two copies, each with its frame; ipc_fast_rpc needs none (tail calls). */
static ipc_fast_miss_t __attribute__((noinline))
rpc_send_wait_simple(struct mach_msg_args *a)
{
	return rpc_send_wait(a, false);
}

static ipc_fast_miss_t __attribute__((noinline))
rpc_send_wait_complex(struct mach_msg_args *a)
{
	return rpc_send_wait(a, true);
}

/* No frame of its own (it only checks, reads the header and tail-calls): not in a backtrace. */
ipc_fast_miss_t __attribute__((optimize("omit-frame-pointer")))
ipc_fast_rpc(struct mach_msg_args *a)
{
	uintptr_t msg = a->msg;
	mach_msg_option_t option = a->option;
	mach_msg_size_t send_size = a->send_size;
	mach_msg_header_t *h = &a->header;

	if ((option & (MACH_SEND_MSG | MACH_RCV_MSG | IPC_FAST_RCV_EXCLUDED)) !=
	    (MACH_SEND_MSG | MACH_RCV_MSG))
		return IPC_FAST_MISS_SHAPE;
	if (send_size < sizeof(*h) || send_size > IPC_FAST_MAX || !user_msg_ok(msg, send_size))
		return IPC_FAST_MISS_SHAPE;
	_Static_assert(sizeof(*h) == 3 * 8, "a header is three words");
	if (copyin_3words(msg, (uint64_t *)h) != 0)
		return IPC_FAST_MISS_NOT_RESIDENT;	/* interrupts are off: the long way */
	a->have_header = true;			/* the general path takes it from here */
	if (__builtin_expect(h->msgh_bits & MACH_MSGH_BITS_COMPLEX, 0))
		return rpc_send_wait_complex(a);
	return rpc_send_wait_simple(a);
}

ipc_fast_miss_t
ipc_fast_call(ipc_port_t dest, const mach_msg_header_t *hdr,
	      void (*fill_body)(void *at, const void *arg), const void *arg,
	      mach_msg_size_t send_size, mach_msg_size_t reply_max, thread_continue_t cont)
{
	thread_t self = current_thread();
	ipc_port_t reply = self->ith_rpc_reply;

	if (!reply || reply == dest || send_size > IPC_FAST_MAX)
		return IPC_FAST_MISS_SHAPE;
	lock_two_noirq(dest, reply);
	thread_t rcv = fast_receiver(dest);
	ipc_pset_t dset = dest->ip_pset;
	/* The guards: see ipc_fast_rpc. */
	if (!can_deliver(dest, rcv, send_size) || !can_wait(reply))
		goto miss;
	simple_lock_off(&sched_lock);	/* interrupts off since the trap */
	if (dset && !claim_set_receiver(dset, rcv, send_size)) {
		simple_unlock(&sched_lock);
		goto miss;
	}
	/* Every guard passed: from here on the message goes. */
	reply->ip_sorights++;
	ipc_port_reference(reply);
	fill_body((mach_msg_header_t *)rcv->ith_fast_msg + 1, arg);
	deliver(rcv, dest, hdr, NULL, MACH_MSG_TYPE_COPY_SEND, reply, send_size,
		self->task->sec_token);
	register_wait(self, reply, reply_max, REQUESTED_TRAILER_SIZE(0));
	ip_unlock_noirq(reply);
	ip_unlock_noirq(dest);
	thread_handoff_continue_locked((event_t)reply, rcv, cont);

miss:
	ip_unlock_noirq(reply);
	ip_unlock_noirq(dest);
	return IPC_FAST_MISS_NO_RECEIVER;
}

bool
ipc_fast_call_answer_general(const void **answer, mach_msg_size_t *size, ipc_kmsg_t *kmsgp)
{
	thread_t self = current_thread();
	struct ipc_object *object = self->ith_fast_object;
	ipc_port_t reply = (ipc_port_t)object;

	self->ith_fast_object = NULL;
	*kmsgp = NULL;
	if (__builtin_expect(!self->ith_fast_got, 0)) {
		ip_lock(reply);
		(void)port_leave_locked(reply, kmsgp);
		ip_unlock(reply);
	}
	bool got = self->ith_fast_got;
	self->ith_fast_got = false;
	ipc_port_release(reply);		/* the wait's reference */
	if (!got)
		return false;
	if (self->ith_fast_reply) {
		/* An answer has no business carrying a reply right. */
		ipc_object_destroy(&self->ith_fast_reply->ip_object, MACH_MSG_TYPE_PORT_SEND_ONCE);
		self->ith_fast_reply = IP_NULL;
	}
	*answer = self->ith_fast_msg;
	const mach_msg_header_t *h = (const void *)self->ith_fast_msg;
	*size = h->msgh_size;
	return true;
}
