/* SPDX-License-Identifier: BSD-2-Clause */
/* The IPC fast path (see ipc_fast.h). */
#include <stddef.h>
#include "ipc/ipc_fast.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/mach_msg.h"
#include "kern/trace.h"
#include "kern/copyio.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "kern/task.h"
#include "riscv/trap.h"

_Static_assert(IPC_FAST_BUF >= IPC_FAST_MAX + MAX_TRAILER_SIZE, "room for the trailer");

/* Undo a send-once right made for a message that did not go this way. */
static void
unmake_send_once(ipc_port_t port)
{
	ip_lock(port);
	port->ip_sorights--;
	ip_unlock(port);
	ipc_port_release(port);
}

/*
 * Hand the message whose header is `buf' (the body is in place already)
 * to `rcv', waiting on `dest' in ipc_fast_receive: the receiver has it
 * whatever ends its wait.  The header and trailer are written as the
 * receiver will see them, but for the reply port's name, which only the
 * receiver can give.  The destination right is consumed by the delivery:
 * a copied send right never exists, a moved send-once right is used up
 * (the caller frees its entry).  `reply': a send-once right made for the
 * message, or IP_NULL.  `task': the sender's (NULL: the kernel).
 *   Locks: dest locked.
 */
static inline __attribute__((always_inline)) void
deliver(thread_t rcv, ipc_port_t dest, const uint64_t *buf, mach_msg_type_name_t dest_type,
	ipc_port_t reply, mach_msg_size_t send_size, task_t task)
{
	mach_msg_header_t *h = (mach_msg_header_t *)rcv->ith_fast_msg;
	mach_msg_size_t trailer_size = rcv->ith_rcv_trailer;
	mach_msg_max_trailer_t *t =
		(mach_msg_max_trailer_t *)((uint8_t *)h + round_msg(send_size));

	dest->ip_rcv_thread = THREAD_NULL;
	rcv->ith_fast_wait = false;
	rcv->ith_fast_got = true;
	rcv->ith_fast_reply = reply;
	rcv->ith_fast_total = round_msg(send_size) + trailer_size;
	h->msgh_bits = MACH_MSGH_BITS(reply ? MACH_MSG_TYPE_PORT_SEND_ONCE : 0,
				      dest_type == MACH_MSG_TYPE_COPY_SEND
					      ? MACH_MSG_TYPE_PORT_SEND
					      : MACH_MSG_TYPE_PORT_SEND_ONCE);
	h->msgh_size = send_size;
	h->msgh_remote_port = MACH_PORT_NULL;
	h->msgh_local_port = dest->ip_receiver_name;
	h->msgh_voucher_port = MACH_PORT_NULL;
	h->msgh_id = ((const mach_msg_header_t *)buf)->msgh_id;
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = trailer_size;
	t->msgh_seqno = dest->ip_seqno++;
	t->msgh_sender = task ? task->sec_token : (security_token_t)KERNEL_SECURITY_TOKEN_VALUE;
	if (__builtin_expect(trailer_size > offsetof(mach_msg_max_trailer_t, msgh_audit), 0))
		memset(&t->msgh_audit, 0, trailer_size - offsetof(mach_msg_max_trailer_t, msgh_audit));
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE)
		dest->ip_sorights--;
	rcv->ith_fast_trace = trace_on() ? trace_msg_tag(h, dest, reply, false,
							 dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE,
							 0, reply ? 2 : 1) : 0;
}

/* Can `rcv', registered on `dest', take a message of `size' bytes this way?  dest locked. */
static inline __attribute__((always_inline)) bool
can_deliver(ipc_port_t dest, thread_t rcv, mach_msg_size_t size)
{
	return ip_active(dest) && rcv && rcv->ith_fast_wait && !dest->ip_pset &&
	       queue_empty(&dest->ip_messages) && dest->ip_receiver != ipc_space_kernel &&
	       dest->ip_receiver && round_msg(size) + rcv->ith_rcv_trailer <= rcv->ith_rcv_max;
}

/* Can this thread wait on `port' this way?  port locked. */
static inline __attribute__((always_inline)) bool
can_wait(ipc_port_t port)
{
	return ip_active(port) && !port->ip_pset && queue_empty(&port->ip_messages) &&
	       !port->ip_rcv_thread;
}

/*
 * Register the current thread as `port's receiver for the fast path (it
 * waits next), with a reference to the port across the wait.  port locked.
 */
static inline __attribute__((always_inline)) void
register_wait(ipc_port_t port, mach_msg_size_t rcv_size, mach_msg_size_t trailer_size)
{
	thread_t self = current_thread();

	ipc_port_reference(port);
	port->ip_rcv_thread = self;
	self->ith_fast_port = port;
	self->ith_fast_wait = true;
	self->ith_fast_got = false;
	self->ith_kmsg = NULL;
	self->ith_rcv_max = rcv_size;
	self->ith_rcv_trailer = trailer_size;
}

mach_msg_return_t
ipc_fast_send(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
	      mach_msg_size_t send_size)
{
	uint64_t buf[sizeof(mach_msg_header_t) / 8];
	mach_msg_header_t *h = (mach_msg_header_t *)buf;

	if (send_size < sizeof(*h) || send_size > IPC_FAST_MAX || (send_size & 3))
		return IPC_FAST_MISS;
	if (copyin(msg, buf, sizeof(*h)) != 0)	/* the body later, straight to the receiver */
		return IPC_FAST_MISS;		/* the general path says why */
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	struct ipc_entry *de, *re;

	is_lock(space);
	if (!ipc_rpc_header_lookup(space, h, false, &de, &re)) {
		is_unlock(space);
		return IPC_FAST_MISS;
	}
	ipc_port_t dest = (ipc_port_t)de->ie_object;
	if (!__atomic_load_n(&dest->ip_rcv_thread, __ATOMIC_RELAXED)) {
		bool kernel = __atomic_load_n(&dest->ip_receiver, __ATOMIC_RELAXED) ==
			      ipc_space_kernel;
		is_unlock(space);		/* nobody waits */
		return kernel ? IPC_FAST_MISS_KERNEL : IPC_FAST_MISS;
	}
	ipc_port_t reply = IP_NULL;
	if (re) {
		/* First, so that the receiver finds the message whole once it sees it. */
		reply = (ipc_port_t)re->ie_object;
		ip_lock(reply);
		reply->ip_sorights++;
		ip_unlock(reply);
		ipc_port_reference(reply);
	}

	ip_lock(dest);
	thread_t rcv = dest->ip_rcv_thread;
	if (!can_deliver(dest, rcv, send_size) ||
	    /* The body, straight into the receiver (with a lock held: no page is faulted in). */
	    copyin(msg + sizeof(*h), (uint8_t *)rcv->ith_fast_msg + sizeof(*h),
		   send_size - sizeof(*h)) != 0) {
		ip_unlock(dest);
		is_unlock(space);
		if (reply)
			unmake_send_once(reply);
		return IPC_FAST_MISS;
	}
	deliver(rcv, dest, buf, dest_type, reply, send_size, current_task());
	ip_unlock(dest);
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		ipc_entry_free(space, de);
		is_unlock(space);
		ipc_port_release(dest);		/* the entry's reference; the receiver holds one */
	} else {
		is_unlock(space);
	}
	thread_wakeup_handoff(rcv, option & MACH_RCV_MSG);
	return MACH_MSG_SUCCESS;
}

/* Copy out what a fast sender delivered into this thread, naming its reply right. */
static inline __attribute__((always_inline)) mach_msg_return_t
fast_copyout(ipc_space_t space, uintptr_t msg, ipc_port_t port)
{
	thread_t self = current_thread();
	mach_msg_header_t *h = (mach_msg_header_t *)self->ith_fast_msg;
	ipc_port_t reply = self->ith_fast_reply;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (trace_on())
		h->msgh_bits |= trace_msg_received(self->ith_fast_trace, h, port);

	if (reply) {
		struct ipc_entry *e;
		mach_port_name_t reply_name;
		kern_return_t kr = KERN_INVALID_TASK;
		/* Interrupts off for a moment instead of the lock's nesting count. */
		bool on = intr_enabled();
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
	mach_msg_size_t total = self->ith_fast_total;
	int err = !(total & 7) && self->task && user_words_ok(msg, total / 8)
			  ? copy_user_words((uint64_t *)msg, self->ith_fast_msg, total / 8)
			  : copyout(h, msg, total);
	return err ? MACH_RCV_INVALID_DATA : mr;
}

/*
 * The end of a fast wait on `port' (registered by register_wait), whatever
 * ended it (`wr', the wait result): a message handed over meanwhile is
 * ours.  Drops the wait's reference to the port.
 *   Returns what mach_msg's receive does, or IPC_FAST_MISS: receive the
 *   long way (woken for a queued message, or by an interrupt that does
 *   not end this receive).
 */
static inline __attribute__((always_inline)) mach_msg_return_t
receive_finish(ipc_space_t space, uintptr_t msg, mach_msg_option_t option, ipc_port_t port,
	       int wr)
{
	thread_t self = current_thread();
	mach_msg_size_t trailer_size = REQUESTED_TRAILER_SIZE(option);

	self->ith_fast_port = IP_NULL;
	/* Got one: the sender unregistered us, nothing of the port to look at. */
	bool got = self->ith_fast_got;
	ipc_kmsg_t kmsg = NULL;
	mach_msg_return_t mr = IPC_FAST_MISS;
	if (__builtin_expect(!got, 0)) {
		ip_lock(port);
		got = self->ith_fast_got;
		kmsg = self->ith_kmsg;
		self->ith_fast_wait = false;
		self->ith_kmsg = NULL;
		if (port->ip_rcv_thread == self)
			port->ip_rcv_thread = THREAD_NULL;
		if (!got && !kmsg) {
			if (!ip_active(port))
				mr = MACH_RCV_PORT_DIED;
			else if (port->ip_receiver != space)
				mr = MACH_RCV_PORT_CHANGED;	/* the right left while we waited */
			else if (port->ip_pset)
				mr = MACH_RCV_PORT_CHANGED;	/* moved into a set while we waited */
			else if (wr == THREAD_INTERRUPTED)
				mr = MACH_RCV_INTERRUPTED;
		}
		ip_unlock(port);
	}
	self->ith_fast_got = false;
	ipc_port_release(port);

	if (got)
		return fast_copyout(space, msg, port);
	if (kmsg) {
		/* A general sender's message (it fit: the sender checked). */
		mr = ipc_kmsg_copyout(kmsg, space);
		mach_msg_return_t pr = ipc_kmsg_put(msg, kmsg, trailer_size, self->ith_seqno);
		return mr != MACH_MSG_SUCCESS ? mr : pr;
	}
	if (mr == MACH_RCV_INTERRUPTED && !(option & MACH_RCV_INTERRUPT)) {
		/* As the general path: only thread_abort or the task's end stop a receive. */
		bool aborted = self->aborted || self->terminate_requested;
		self->aborted = false;
		if (!aborted)
			mr = IPC_FAST_MISS;	/* wait again, the long way */
	}
	return mr;				/* IPC_FAST_MISS: woken for a queued message */
}

mach_msg_return_t
ipc_fast_receive(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
		 mach_msg_size_t rcv_size, mach_port_name_t rcv_name)
{
	if (option & IPC_FAST_RCV_EXCLUDED)
		return IPC_FAST_MISS;
	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, rcv_name) : NULL;
	if (!e || !(e->ie_bits & MACH_PORT_TYPE_RECEIVE)) {
		is_unlock(space);
		return IPC_FAST_MISS;
	}
	ipc_port_t port = (ipc_port_t)e->ie_object;
	ip_lock(port);
	if (!can_wait(port)) {
		ip_unlock(port);
		is_unlock(space);
		return IPC_FAST_MISS;
	}
	register_wait(port, rcv_size, REQUESTED_TRAILER_SIZE(option));
	assert_wait((event_t)port, true);
	ip_unlock(port);
	is_unlock(space);

	int wr = thread_block();
	return receive_finish(space, msg, option, port, wr);
}

/* rpc_continue's way for anything but a message delivered by a fast sender. */
static void __attribute__((noreturn, noinline))
rpc_continue_general(void)
{
	thread_t self = current_thread();
	struct trap_frame *tf = self->user_frame;
	ipc_space_t space = self->task->itk_space;
	mach_msg_option_t option = (mach_msg_option_t)tf->a1;

	mach_msg_return_t mr = receive_finish(space, tf->a0, option, self->ith_fast_port,
					      self->wait_result);
	if (mr == IPC_FAST_MISS)
		mr = mach_msg_common(space, tf->a0, option & ~MACH_SEND_MSG, 0,
				     (mach_msg_size_t)tf->a3, (mach_port_name_t)tf->a4,
				     (mach_msg_timeout_t)tf->a5, (mach_port_name_t)tf->a6);
	sched_handoff_flush();
	tf->a0 = (uint64_t)mr;
	trap_user_exit(tf);
}

/*
 * Where a thread that waited in ipc_fast_rpc continues: on an empty
 * kernel stack, its call's arguments in its trap frame.  The common case
 * (a fast sender delivered) is kept short.
 */
static void __attribute__((noreturn))
rpc_continue(thread_t prev)
{
	sched_continue_start(prev);
	thread_t self = current_thread();

	if (__builtin_expect(!self->ith_fast_got, 0))
		rpc_continue_general();
	struct trap_frame *tf = self->user_frame;
	ipc_port_t port = self->ith_fast_port;
	self->ith_fast_port = IP_NULL;
	self->ith_fast_got = false;
	ipc_port_release(port);			/* the wait's reference */
	tf->a0 = (uint64_t)fast_copyout(self->task->itk_space, tf->a0, port);
	ast_user_return();
	trap_return(tf);
}

/* Lock two different ports, in address order (see ipc_fast.h); interrupts off. */
static inline __attribute__((always_inline)) void
lock_two(ipc_port_t a, ipc_port_t b)
{
	if (a > b) {
		ipc_port_t t = a;
		a = b;
		b = t;
	}
	ip_lock_noirq(a);
	ip_lock_noirq(b);
}

mach_msg_return_t
ipc_fast_rpc(struct trap_frame *tf)
{
	uintptr_t msg = tf->a0;
	mach_msg_option_t option = (mach_msg_option_t)tf->a1;
	mach_msg_size_t send_size = (mach_msg_size_t)tf->a2;
	uint64_t buf[sizeof(mach_msg_header_t) / 8];
	mach_msg_header_t *h = (mach_msg_header_t *)buf;

	if ((option & (MACH_SEND_MSG | MACH_RCV_MSG | IPC_FAST_RCV_EXCLUDED)) !=
	    (MACH_SEND_MSG | MACH_RCV_MSG))
		return IPC_FAST_MISS;
	if (send_size < sizeof(*h) || send_size > IPC_FAST_MAX || (send_size & 3) ||
	    !user_words_ok(msg, send_size / 8))
		return IPC_FAST_MISS;
	_Static_assert(sizeof(*h) == 3 * 8, "a header is three words");
	if (copyin_3words(msg, buf) != 0)
		return IPC_FAST_MISS;	/* not faulted in (interrupts are off): the long way */

	/* Interrupts are off: the space and port locks skip their bookkeeping. */
	thread_t self = current_thread();
	ipc_space_t space = self->task->itk_space;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	struct ipc_entry *de, *re;
	simple_lock_noirq(&space->is_lock);
	if (!ipc_rpc_header_lookup(space, h, false, &de, &re)) {
		simple_unlock_noirq(&space->is_lock);
		return IPC_FAST_MISS;
	}
	/* The reply right, if any, comes from the port this call receives on. */
	mach_port_name_t rcv_name = (mach_port_name_t)tf->a4;
	struct ipc_entry *ce = re && h->msgh_local_port == rcv_name
				       ? re : ipc_entry_lookup(space, rcv_name);
	ipc_port_t dest = (ipc_port_t)de->ie_object;
	ipc_port_t port = ce ? (ipc_port_t)ce->ie_object : IP_NULL;
	if (!ce || !(ce->ie_bits & MACH_PORT_TYPE_RECEIVE) || (re && re != ce) || port == dest) {
		simple_unlock_noirq(&space->is_lock);
		return IPC_FAST_MISS;
	}
	if (!__atomic_load_n(&dest->ip_rcv_thread, __ATOMIC_RELAXED)) {
		bool kernel = __atomic_load_n(&dest->ip_receiver, __ATOMIC_RELAXED) ==
			      ipc_space_kernel;
		simple_unlock_noirq(&space->is_lock);
		return kernel ? IPC_FAST_MISS_KERNEL : IPC_FAST_MISS;
	}
	lock_two(dest, port);
	thread_t rcv = dest->ip_rcv_thread;
	if (!can_deliver(dest, rcv, send_size) || !can_wait(port) ||
	    (send_size > sizeof(*h) &&
	     copyin(msg + sizeof(*h), (uint8_t *)rcv->ith_fast_msg + sizeof(*h),
		    send_size - sizeof(*h)) != 0)) {
		ip_unlock_noirq(port);
		ip_unlock_noirq(dest);
		simple_unlock_noirq(&space->is_lock);
		return IPC_FAST_MISS;
	}
	if (re) {
		port->ip_sorights++;		/* the reply right, made */
		ipc_port_reference(port);
	}
	deliver(rcv, dest, buf, dest_type, re ? port : IP_NULL, send_size, self->task);
	register_wait(port, (mach_msg_size_t)tf->a3, REQUESTED_TRAILER_SIZE(option));

	simple_lock(&sched_lock);	/* before the port unlocks: no wake-up of us is lost */
	ip_unlock_noirq(port);
	ip_unlock_noirq(dest);
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		ipc_entry_free(space, de);
		ipc_port_release(dest);	/* the entry's; never the last: the receiver holds one */
	}
	simple_unlock_noirq(&space->is_lock);
	/* The receiver cannot run before this: waking it needs sched_lock. */
	thread_handoff_continue_locked((event_t)port, rcv, rpc_continue);
}
