/* SPDX-License-Identifier: BSD-2-Clause */
/* Sending to and receiving from message queues (see ipc_mqueue.h). */
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_pset.h"
#include "kern/trace.h"
#include "kern/panic.h"
#include "kern/sched.h"

/*
 * An interruption from thread_abort (or task termination) ends the wait
 * whatever the options; others are retried.  Clears the abort.
 */
static bool
take_abort(void)
{
	thread_t self = current_thread();
	bool aborted = self->aborted || self->terminate_requested;

	self->aborted = false;
	return aborted;
}

static mach_msg_size_t
kmsg_size_with_trailer(ipc_kmsg_t kmsg, mach_msg_size_t trailer_size)
{
	return round_msg(kmsg->ikm_header.msgh_size) + trailer_size;
}

/* Queue `kmsg' on the locked, active `port' and wake a receiver; unlocks. */
static void
enqueue_and_wake(ipc_port_t port, ipc_kmsg_t kmsg)
{
	ipc_kmsg_transit(kmsg, port);
	enqueue_tail(&port->ip_messages, &kmsg->ikm_link);
	ipc_port_msgcount_add(port, 1);
	ipc_pset_t pset = port->ip_pset;
	thread_wakeup_registered((event_t)port, &port->ip_rcv_thread, 1);
	ip_unlock(port);
	if (pset)
		thread_wakeup_registered((event_t)pset, &pset->ips_rcv_thread, 1);
}

unsigned long ipc_mqueue_handoffs;

/*
 * The hand-off: if a thread blocks receiving on the locked, active `port'
 * (registered by port_receive), its queue is empty and `kmsg' fits, give
 * the message to that thread directly, end its wait and make it this
 * hart's next thread (`direct': skipping the run queue, see
 * thread_wakeup_handoff).  Unlocks the port and returns true; otherwise
 * returns false with the port still locked.
 */
static bool
try_handoff(ipc_port_t port, ipc_kmsg_t kmsg, bool direct)
{
	thread_t rcv = port->ip_rcv_thread;

	if (!rcv || !queue_empty(&port->ip_messages) || port->ip_pset ||
	    kmsg_size_with_trailer(kmsg, rcv->ith_rcv_trailer) > rcv->ith_rcv_max)
		return false;
	port->ip_rcv_thread = THREAD_NULL;
	rcv->ith_kmsg = kmsg;
	rcv->ith_seqno = port->ip_seqno++;
	ip_unlock(port);
	__atomic_fetch_add(&ipc_mqueue_handoffs, 1, __ATOMIC_RELAXED);
	thread_wakeup_handoff(rcv, direct);
	return true;
}

mach_msg_return_t
ipc_mqueue_send(ipc_kmsg_t kmsg, mach_msg_option_t option, mach_msg_timeout_t timeout_ms)
{
	ipc_port_t port = kmsg->ikm_remote;
	bool send_once = MACH_MSGH_BITS_REMOTE(kmsg->ikm_header.msgh_bits) ==
			 MACH_MSG_TYPE_PORT_SEND_ONCE;
	uint64_t deadline = 0;

	if ((option & MACH_SEND_TIMEOUT) && timeout_ms)
		deadline = sched_deadline_ms(timeout_ms);
	if (trace_on())
		trace_kmsg_send(kmsg, false);
	if (ipc_kmsg_circular(kmsg, port)) {
		ipc_kmsg_destroy(kmsg);		/* it could never be received */
		return MACH_MSG_SUCCESS;
	}
	for (;;) {
		ip_lock(port);
		if (!ip_active(port)) {
			/* The port died after copyin: the message is destroyed, quietly. */
			ip_unlock(port);
			ipc_kmsg_destroy(kmsg);
			return MACH_MSG_SUCCESS;
		}
		/* A kernel object: the kernel serves it now, in this thread. */
		if (port->ip_receiver == ipc_space_kernel) {
			ip_unlock(port);
			ipc_kobject_server(kmsg);
			return MACH_MSG_SUCCESS;
		}
		/* A receiver blocked on an empty queue takes it straight. */
		if (try_handoff(port, kmsg, option & MACH_RCV_MSG))
			return MACH_MSG_SUCCESS;
		/* Send-once rights are never held back by the queue limit. */
		if (send_once || port->ip_msgcount < port->ip_qlimit) {
			enqueue_and_wake(port, kmsg);
			return MACH_MSG_SUCCESS;
		}
		if ((option & MACH_SEND_TIMEOUT) && timeout_ms == 0) {
			ip_unlock(port);
			return MACH_SEND_TIMED_OUT;
		}
		assert_wait_deadline((event_t)&port->ip_msgcount, true, deadline);
		port->ip_snd_waiters++;
		ip_unlock(port);
		int wr = thread_block();
		ip_lock(port);
		port->ip_snd_waiters--;
		ip_unlock(port);
		if (wr == THREAD_TIMED_OUT)
			return MACH_SEND_TIMED_OUT;
		if (wr == THREAD_INTERRUPTED && ((option & MACH_SEND_INTERRUPT) || take_abort()))
			return MACH_SEND_INTERRUPTED;
	}
}

void
ipc_mqueue_send_kernel(ipc_kmsg_t kmsg)
{
	ipc_port_t port = kmsg->ikm_remote;

	if (trace_on())
		trace_kmsg_send(kmsg, true);
	if (ipc_kmsg_circular(kmsg, port)) {
		ipc_kmsg_destroy(kmsg);		/* it could never be received */
		return;
	}
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		ipc_kmsg_destroy(kmsg);
		return;
	}
	if (port->ip_receiver == ipc_space_kernel) {
		ip_unlock(port);
		ipc_kobject_server(kmsg);
		return;
	}
	enqueue_and_wake(port, kmsg);
}

bool
ipc_mqueue_reply_direct(ipc_kmsg_t reply, mach_msg_type_name_t dest_type)
{
	thread_t self = current_thread();
	ipc_port_t port = reply->ikm_remote;

	if (port != self->ith_kcall.port || dest_type != MACH_MSG_TYPE_PORT_SEND_ONCE ||
	    !self->task || trace_on())
		return false;
	ip_lock(port);
	bool ok = ip_active(port) && port->ip_receiver == self->task->itk_space &&
		  port->ip_receiver_name == self->ith_kcall.name && !port->ip_pset &&
		  queue_empty(&port->ip_messages) && !port->ip_rcv_thread &&
		  kmsg_size_with_trailer(reply, self->ith_kcall.trailer) <= self->ith_kcall.max;
	if (ok) {
		self->ith_kcall_seqno = port->ip_seqno++;
		self->ith_kcall_reply = reply;
	}
	ip_unlock(port);
	return ok;
}

/*
 * Take the first message of the locked `port' if it fits.  Returns
 * MACH_MSG_SUCCESS, MACH_RCV_TOO_LARGE, or MACH_RCV_TIMED_OUT when the
 * queue is empty (the caller decides whether to wait).
 */
static mach_msg_return_t
take_message(ipc_port_t port, mach_msg_option_t option, mach_msg_size_t max_size,
	     mach_msg_size_t trailer_size, ipc_kmsg_t *kmsgp, mach_port_seqno_t *seqnop,
	     mach_msg_size_t *sizep)
{
	if (queue_empty(&port->ip_messages))
		return MACH_RCV_TIMED_OUT;
	ipc_kmsg_t kmsg = queue_entry_owner(port->ip_messages.next, struct ipc_kmsg, ikm_link);
	mach_msg_size_t needed = kmsg_size_with_trailer(kmsg, trailer_size);
	if (needed > max_size) {
		*sizep = needed;
		if (option & MACH_RCV_LARGE)
			return MACH_RCV_TOO_LARGE;	/* it stays queued */
	}
	queue_remove(&kmsg->ikm_link);
	ipc_kmsg_transit(kmsg, IP_NULL);
	ipc_port_msgcount_add(port, -1);
	*seqnop = port->ip_seqno++;
	*kmsgp = kmsg;
	return needed > max_size ? MACH_RCV_TOO_LARGE : MACH_MSG_SUCCESS;
}

/*
 * One look at a port or set: a message, an error, or MACH_RCV_TIMED_OUT
 * (none yet).  *wokenp: the port a message was taken from if senders
 * wait for room in its queue (to be woken), else left alone.
 */
static mach_msg_return_t
try_receive(struct ipc_object *object, mach_msg_option_t option, mach_msg_size_t max_size,
	    mach_msg_size_t trailer_size, ipc_kmsg_t *kmsgp, mach_port_seqno_t *seqnop,
	    mach_msg_size_t *sizep, ipc_port_t *wokenp)
{
	mach_msg_return_t mr;

	if (object->io_otype == IOT_PORT) {
		ipc_port_t port = (ipc_port_t)object;
		ip_lock(port);
		if (!ip_active(port))
			mr = MACH_RCV_PORT_DIED;
		else if (port->ip_pset)
			mr = MACH_RCV_IN_SET;
		else
			mr = take_message(port, option, max_size, trailer_size, kmsgp, seqnop, sizep);
		if ((mr == MACH_MSG_SUCCESS || mr == MACH_RCV_TOO_LARGE) && port->ip_snd_waiters)
			*wokenp = port;
		ip_unlock(port);
		return mr;
	}

	ipc_pset_t pset = (ipc_pset_t)object;
	queue_chain_t *q;
	ips_lock(pset);
	if (!pset->ips_object.io_active) {
		ips_unlock(pset);
		return MACH_RCV_PORT_DIED;
	}
	mr = MACH_RCV_TIMED_OUT;
	/*
	 * Members with nothing queued are passed by without their locks: a
	 * message queued after this look wakes the set's waiters, and the
	 * caller declared its wait before looking (ipc_mqueue_receive), or
	 * polls, for which a message arriving meanwhile may be left.
	 */
	if (!__atomic_load_n(&pset->ips_msgcount, __ATOMIC_ACQUIRE)) {
		ips_unlock(pset);
		return mr;
	}
	queue_iterate(&pset->ips_members, q) {
		ipc_port_t port = queue_entry_owner(q, struct ipc_port, ip_pset_link);
		if (!__atomic_load_n(&port->ip_msgcount, __ATOMIC_ACQUIRE))
			continue;
		ip_lock(port);
		mr = take_message(port, option, max_size, trailer_size, kmsgp, seqnop, sizep);
		if ((mr == MACH_MSG_SUCCESS || mr == MACH_RCV_TOO_LARGE) && port->ip_snd_waiters)
			*wokenp = port;
		ip_unlock(port);
		if (mr != MACH_RCV_TIMED_OUT)
			break;
	}
	ips_unlock(pset);
	return mr;
}

/*
 * Receive from a port: the message or error if there is one; otherwise
 * declare the wait while the port is still locked (a sender queues under
 * the same lock, so its wake-up cannot be missed) and return
 * MACH_RCV_IN_PROGRESS for the caller to block.
 */
static mach_msg_return_t
port_receive(ipc_port_t port, mach_msg_option_t option, bool poll, uint64_t deadline,
	     mach_msg_size_t max_size, mach_msg_size_t trailer_size, ipc_kmsg_t *kmsgp,
	     mach_port_seqno_t *seqnop, mach_msg_size_t *sizep, struct ipc_space **owner,
	     bool first)
{
	mach_msg_return_t mr;

	ip_lock(port);
	if (first)
		*owner = port->ip_receiver;
	if (!ip_active(port))
		mr = MACH_RCV_PORT_DIED;
	else if (port->ip_receiver != *owner)
		mr = MACH_RCV_PORT_CHANGED;	/* the receive right left while we waited */
	else if (port->ip_pset)		/* in a set already, or moved into one while we waited */
		mr = first ? MACH_RCV_IN_SET : MACH_RCV_PORT_CHANGED;
	else
		mr = take_message(port, option, max_size, trailer_size, kmsgp, seqnop, sizep);
	if (mr == MACH_RCV_TIMED_OUT && !poll) {
		assert_wait_deadline((event_t)port, true, deadline);
		mr = MACH_RCV_IN_PROGRESS;
		if (!port->ip_rcv_thread) {	/* offer ourselves for the hand-off */
			thread_t self = current_thread();
			port->ip_rcv_thread = self;
			self->ith_kmsg = NULL;
			self->ith_rcv_max = max_size;
			self->ith_rcv_trailer = trailer_size;
		}
	}
	bool senders = *kmsgp && port->ip_snd_waiters;
	ip_unlock(port);
	if (senders)
		thread_wakeup_one((event_t)&port->ip_msgcount);	/* a slot opened */
	return mr;
}

/*
 * After the wait on `port': the message a sender handed us, if one did
 * (whatever ended the wait: the message is ours already); otherwise
 * withdraw the hand-off offer.
 */
static bool
handoff_taken(ipc_port_t port, ipc_kmsg_t *kmsgp, mach_port_seqno_t *seqnop)
{
	thread_t self = current_thread();

	ip_lock(port);
	ipc_kmsg_t kmsg = self->ith_kmsg;
	self->ith_kmsg = NULL;
	if (port->ip_rcv_thread == self)
		port->ip_rcv_thread = THREAD_NULL;
	ip_unlock(port);
	if (!kmsg)
		return false;
	*kmsgp = kmsg;
	*seqnop = self->ith_seqno;
	return true;
}

mach_msg_return_t
ipc_mqueue_receive(struct ipc_object *object, mach_msg_option_t option,
		   mach_msg_timeout_t timeout_ms, mach_msg_size_t max_size,
		   mach_msg_size_t trailer_size, ipc_kmsg_t *kmsgp,
		   mach_port_seqno_t *seqnop, mach_msg_size_t *sizep)
{
	uint64_t deadline = 0;
	bool poll = (option & MACH_RCV_TIMEOUT) && timeout_ms == 0;

	if ((option & MACH_RCV_TIMEOUT) && timeout_ms)
		deadline = sched_deadline_ms(timeout_ms);
	*kmsgp = NULL;
	struct ipc_space *owner = NULL;
	for (bool first = true;; first = false) {
		mach_msg_return_t mr;
		if (object->io_otype == IOT_PORT) {
			mr = port_receive((ipc_port_t)object, option, poll, deadline, max_size,
					  trailer_size, kmsgp, seqnop, sizep, &owner, first);
			if (mr != MACH_RCV_IN_PROGRESS)
				return mr;
		} else {
			ipc_port_t taken_from = IP_NULL;
			/*
			 * A set: declare the wait before looking, so a message
			 * that arrives on any member meanwhile still wakes us.
			 */
			if (!poll)
				assert_wait_deadline((event_t)object, true, deadline);
			mr = try_receive(object, option, max_size, trailer_size, kmsgp, seqnop,
					 sizep, &taken_from);
			if (mr != MACH_RCV_TIMED_OUT || poll) {
				if (!poll) {
					simple_lock(&sched_lock);
					clear_wait_locked(current_thread(), THREAD_AWAKENED);
					simple_unlock(&sched_lock);
				}
				if (taken_from)		/* a slot opened */
					thread_wakeup_one((event_t)&taken_from->ip_msgcount);
				return mr;
			}
		}
		int wr = thread_block();
		if (object->io_otype == IOT_PORT && handoff_taken((ipc_port_t)object, kmsgp, seqnop))
			return MACH_MSG_SUCCESS;
		if (wr == THREAD_TIMED_OUT)
			return MACH_RCV_TIMED_OUT;
		if (wr == THREAD_INTERRUPTED && ((option & MACH_RCV_INTERRUPT) || take_abort()))
			return MACH_RCV_INTERRUPTED;
	}
}
