/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fast path's steps (ipc_fast.h), shared by its two files: ipc_fast.c
 * (a send, a receive) and ipc_fast_rpc.c (the one-step RPC, built with
 * other register rules: see there); and ipc_fast_call, the Unix call's
 * one step, inlined into kern/unix_fast.c (built with those rules too);
 * and kern/unix_serve_fast.c (a worker's answer in registers, the same
 * rules).  Private to those four.
 */
#ifndef _IPC_IPC_FAST_STEPS_H_
#define _IPC_IPC_FAST_STEPS_H_

#include <stddef.h>
#include <machrv/syscall_msg.h>
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
 * deliver's way for a Unix call to a worker that serves in registers
 * (ith_unix_serving, kern/unix_serve.c): the caller has written the
 * call's registers into rcv's frame; here what a message would carry
 * besides: the syscall port's name and sequence number (t2: the name in
 * its low half), and the reply right, which the worker keeps
 * (fast_copyout moves it to ith_unix_reply) instead of naming it.
 *   Locks: dest locked.
 */
static inline __attribute__((always_inline)) void
deliver_regs(thread_t rcv, ipc_port_t dest, ipc_port_t reply)
{
	if (!dest->ip_pset)
		dest->ip_rcv_thread = THREAD_NULL;
	rcv->ith_fast_reply = reply;
	rcv->user_frame->t2 = dest->ip_receiver_name | (uint64_t)dest->ip_seqno++ << 32;
	rcv->ith_fast_trace = 0;
	rcv->ith_fast_regs = ITH_UNIX_CALL_REGS;
	rcv->ith_fast_got = true;
	__atomic_store_n(&rcv->ith_fast_wait, false, __ATOMIC_RELEASE);
}

/*
 * The answer straight into the caller `rcv' (waiting on its kernel reply
 * port `reply' in the fast path: can_deliver), as unix_continue would
 * take it from an answer message (answer_registers: an error -e in a0,
 * else rv0 and rv1 in a0 and a1); the send-once right is used up.
 * unix_continue sees ith_fast_regs; or, with `out_size' bytes of
 * segments for the caller's memory (copied into ith_fast_msg already),
 * ith_fast_out, and copies them out.
 *   Locks: reply locked.
 */
static inline __attribute__((always_inline)) void
deliver_answer_regs(thread_t rcv, ipc_port_t reply, int error, int64_t rv0, int64_t rv1,
		    uint64_t out_size)
{
	struct trap_frame *tf = rcv->user_frame;

	if (error) {
		tf->a0 = (uint64_t)-(int64_t)error;
	} else {
		tf->a0 = (uint64_t)rv0;
		tf->a1 = (uint64_t)rv1;
	}
	reply->ip_rcv_thread = THREAD_NULL;
	reply->ip_sorights--;
	reply->ip_seqno++;
	rcv->ith_fast_reply = IP_NULL;
	if (__builtin_expect(out_size, 0)) {
		rcv->ith_fast_total = (uint32_t)out_size;
		rcv->ith_fast_out = true;
	} else {
		rcv->ith_fast_regs = ITH_UNIX_ANSWER_REGS;
	}
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

/* Can the port descriptor at `at' go this way?  (ipc_fast.c, with its contract.) */
bool fast_port_check(ipc_space_t space, uint8_t *at, const mach_msg_header_t *h,
		     ipc_port_t held_a, ipc_port_t held_b, struct fast_port *fp);
/* Take the checked port descriptor's right from the sender (ipc_fast.c). */
void fast_port_copyin(ipc_space_t space, struct fast_port *fp, thread_t rcv);
/* Name the rights of a fast message's port descriptors in `space' (ipc_fast.c). */
mach_msg_return_t fast_copyout_ports(ipc_space_t space, mach_msg_header_t *h);
/* The end of a fast wait, whatever ended it (ipc_fast.c, with its contract). */
bool receive_finish(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
		    struct ipc_object *object, int wr, mach_msg_return_t *mrp);

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

/*
 * ith_fast_wait's values (zero: not registered): a receiver a fast sender
 * may deliver to, and one it may hand the message in registers
 * (ipc_fast_rpc.c, "the message in registers"): it waits on a port (not
 * a set) in ipc_receive_continue (rpc_continue), with no deadline (the
 * fast path takes no MACH_RCV_TIMEOUT), its buffer is 8-aligned and in
 * the user half for all it may receive (ith_rcv_max: rcv_buffer_ok), and
 * its trailer is at most a sequence number (RPC_TRAILER_MAX_REGS).  So
 * the sender need not look at where the receiver's switch left it, nor
 * the receiver at its buffer's address.
 */
#define FAST_WAIT		1
#define FAST_WAIT_REGS		3
#define RPC_TRAILER_MAX_REGS	sizeof(mach_msg_seqno_trailer_t)

/*
 * rcv_buffer_ok: may a message in registers (its size a multiple of 4,
 * with its trailer at most `rcv_size' bytes: can_deliver) be stored
 * inline at `msg' (copyout_header_regs, copy_user_msg)?
 */
static inline __attribute__((always_inline)) bool
rcv_buffer_ok(uintptr_t msg, mach_msg_size_t rcv_size)
{
	return !(msg & 7) && user_range_ok32(msg, rcv_size);
}

/*
 * Record what the coming wait may take, on `self' (the current thread),
 * with a reference to `object' for the wait; none for `own' (the thread's
 * own kernel reply port, ith_rpc_reply, which lives as long as the thread
 * does: a Unix call's wait, ipc_fast_call).  `regs': the message may come
 * in registers (FAST_WAIT_REGS above) as far as the caller knows: it
 * waits on a port, next, with the continuation ipc_receive_continue and
 * no deadline (nothing else may block it in between), and its buffer,
 * for `rcv_size' bytes, passed rcv_buffer_ok.
 */
static inline __attribute__((always_inline)) void
prepare_wait_ref(thread_t self, struct ipc_object *object, mach_msg_size_t rcv_size,
		 mach_msg_size_t trailer_size, const bool own, const bool regs)
{
	if (!own)
		__atomic_fetch_add(&object->io_references, 1, __ATOMIC_RELAXED);
	self->ith_fast_object = object;
	self->ith_fast_wait =
		regs && trailer_size <= RPC_TRAILER_MAX_REGS ? FAST_WAIT_REGS : FAST_WAIT;
	self->ith_fast_got = false;
	self->ith_kmsg = NULL;
	self->ith_rcv_max = rcv_size;
	self->ith_rcv_trailer = trailer_size;
}

static inline __attribute__((always_inline)) void
prepare_wait(thread_t self, struct ipc_object *object, mach_msg_size_t rcv_size,
	     mach_msg_size_t trailer_size, const bool regs)
{
	prepare_wait_ref(self, object, rcv_size, trailer_size, false, regs);
}

/*
 * Register the current thread `self' as `port's receiver for the fast path
 * (it waits next), with a reference to the port across the wait; `regs'
 * as prepare_wait_ref's.  port locked.
 */
static inline __attribute__((always_inline)) void
register_wait(thread_t self, ipc_port_t port, mach_msg_size_t rcv_size,
	      mach_msg_size_t trailer_size, const bool regs)
{
	prepare_wait(self, &port->ip_object, rcv_size, trailer_size, regs);
	port->ip_rcv_thread = self;
}

/* The same on a set.  pset locked, sched_lock held. */
static inline __attribute__((always_inline)) void
register_wait_set(thread_t self, ipc_pset_t pset, mach_msg_size_t rcv_size,
		  mach_msg_size_t trailer_size)
{
	prepare_wait(self, &pset->ips_object, rcv_size, trailer_size, false);
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
	/* The order asked once: one branch, not one for each lock. */
	if (a < b) {
		ip_lock_noirq(a);
		ip_lock_noirq(b);
	} else {
		ip_lock_noirq(b);
		ip_lock_noirq(a);
	}
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

/*
 * The name in `space' (the current task's) of the send-once right
 * `reply' a fast message carried: a new entry holds it, with the
 * message's reference.  If the space is gone or full, the right is
 * destroyed, the name is MACH_PORT_DEAD and *mr gets
 * MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE.  `irq_off' (a constant):
 * interrupts are off already; else they are turned off around the lock.
 */
static inline __attribute__((always_inline)) mach_port_name_t
fast_name_reply(ipc_space_t space, ipc_port_t reply, const bool irq_off, mach_msg_return_t *mr)
{
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
	if (__builtin_expect(kr != KERN_SUCCESS, 0)) {
		ipc_object_destroy(&reply->ip_object, MACH_MSG_TYPE_PORT_SEND_ONCE);
		reply_name = MACH_PORT_DEAD;
		*mr = MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE;
	}
	return reply_name;
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

	if (__builtin_expect(self->ith_fast_regs, 0)) {
		/* A Unix call to a worker that serves in registers: it keeps the reply right. */
		bool in_regs = self->ith_fast_regs == ITH_UNIX_CALL_REGS;
		self->ith_fast_regs = 0;
		self->ith_unix_reply = reply;
		self->ith_fast_reply = reply = IP_NULL;
		if (in_regs)
			return MACHRV_SYSCALL_SERVED;	/* in the registers (deliver_regs) */
		/*
		 * One that offers bytes (ipc_fast_call): a message, but its
		 * right held as a call in the registers has it, so that it is
		 * answered in them.
		 */
		h->msgh_remote_port = MACHRV_SYSCALL_REPLY_HELD;
	}
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
		h->msgh_remote_port = fast_name_reply(space, reply, irq_off, &mr);
		self->ith_fast_reply = IP_NULL;
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
 * ipc_fast_call: a kernel-built request for the current user thread
 * (header `hdr', of which msgh_id counts; the body, send_size in all less
 * the header, written by fill_body(at, arg) straight into the receiver's
 * buffer: it runs with locks held and interrupts off, so it may not wait
 * or take a lock, and reads user memory only by a guarded copy, which
 * fails rather than fault a page in; or, when `regs_fill' is not NULL and
 * the receiver serves in registers, regs_fill(frame, arg) writes the call
 * into the receiver's user registers instead: deliver_regs) to `dest', as if sent with a copied
 * send right and a send-once reply right made from the thread's ith_rpc_reply, when dest's receiver
 * (on the port or its set) waits in the fast path and the reply port is
 * free.  The thread then waits for the answer (at most `reply_max' bytes
 * with the trailer) and continues in `cont', which takes the answer with
 * ipc_fast_call_answer.  Interrupts off; dest referenced by the caller
 * across the wait; the wait on the thread's own reply port takes no
 * reference (it lives as long as the thread).  The Unix system-call route (kern/unix_fast.c), which
 * inlines it with a fill_body of its own, inline too.
 *   Returns: only when it missed (nothing happened): why.
 */
static inline __attribute__((always_inline)) ipc_fast_miss_t
ipc_fast_call(ipc_port_t dest, const mach_msg_header_t *hdr,
	      void (*const fill_body)(void *at, const void *arg),
	      void (*const regs_fill)(struct trap_frame *frame, const void *arg), const void *arg,
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
	/* (A trailer with more than the sequence number: a message, which has the rest.) */
	if (regs_fill && rcv->ith_unix_serving &&
	    rcv->ith_rcv_trailer <= sizeof(mach_msg_seqno_trailer_t)) {
		regs_fill(rcv->user_frame, arg);
		deliver_regs(rcv, dest, reply);
	} else {
		/* To a worker that serves in registers, with the right held (fast_copyout). */
		rcv->ith_fast_regs = rcv->ith_unix_serving ? ITH_UNIX_CALL_HELD : 0;
		fill_body((mach_msg_header_t *)rcv->ith_fast_msg + 1, arg);
		deliver(rcv, dest, hdr, NULL, MACH_MSG_TYPE_COPY_SEND, reply, send_size,
			self->task->sec_token);
	}
	/* No reference for the wait: the thread's own reply port (ipc_fast_call_answer). */
	prepare_wait_ref(self, &reply->ip_object, reply_max, REQUESTED_TRAILER_SIZE(0), true,
			 false);
	reply->ip_rcv_thread = self;
	ip_unlock_noirq(reply);
	ip_unlock_noirq(dest);
	thread_handoff_continue_locked((event_t)reply, rcv, cont);

miss:
	ip_unlock_noirq(reply);
	ip_unlock_noirq(dest);
	return IPC_FAST_MISS_NO_RECEIVER;
}

#endif /* _IPC_IPC_FAST_STEPS_H_ */
