/* SPDX-License-Identifier: BSD-2-Clause */
/* The IPC fast path (see ipc_fast.h). */
#include <stddef.h>
#include "ipc/ipc_fast.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "kern/copyio.h"
#include "kern/sched.h"
#include "kern/string.h"
#include "kern/task.h"

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

	if (!ipc_rpc_header_lookup(space, h, false, &de, &re))
		return IPC_FAST_MISS;
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
	if (!ip_active(dest) || !rcv || !rcv->ith_fast_wait || dest->ip_pset ||
	    !queue_empty(&dest->ip_messages) || dest->ip_receiver == ipc_space_kernel ||
	    !dest->ip_receiver || round_msg(send_size) + rcv->ith_rcv_trailer > rcv->ith_rcv_max ||
	    /* The body, straight into the receiver (a fault here cannot wait for a pager). */
	    copyin(msg + sizeof(*h), (uint8_t *)rcv->ith_fast_msg + sizeof(*h),
		   send_size - sizeof(*h)) != 0) {
		ip_unlock(dest);
		is_unlock(space);
		if (reply)
			unmake_send_once(reply);
		return IPC_FAST_MISS;
	}
	/*
	 * Delivered: the receiver has it whatever ends its wait.  The
	 * destination right is consumed by the delivery: a copied send right
	 * never exists, a moved send-once right is used up.
	 */
	dest->ip_rcv_thread = THREAD_NULL;
	rcv->ith_fast_wait = false;
	rcv->ith_fast_got = true;
	rcv->ith_seqno = dest->ip_seqno++;
	rcv->ith_fast_dest_name = dest->ip_receiver_name;
	rcv->ith_fast_dest_type = (uint8_t)ipc_object_copyin_type(dest_type);
	rcv->ith_fast_reply = reply;
	rcv->ith_fast_reply_type = re ? MACH_MSG_TYPE_PORT_SEND_ONCE : 0;
	rcv->ith_fast_size = send_size;
	task_t task = current_task();
	rcv->ith_fast_sender = task ? task->sec_token
				    : (security_token_t)KERNEL_SECURITY_TOKEN_VALUE;
	for (unsigned i = 0; i < sizeof(*h) / 8; i++)
		rcv->ith_fast_msg[i] = buf[i];
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE)
		dest->ip_sorights--;
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

/* Copy out what a fast sender delivered into this thread. */
static mach_msg_return_t
fast_copyout(ipc_space_t space, uintptr_t msg, mach_msg_size_t trailer_size)
{
	thread_t self = current_thread();
	mach_msg_header_t *h = (mach_msg_header_t *)self->ith_fast_msg;
	ipc_port_t reply = self->ith_fast_reply;
	mach_port_name_t reply_name = MACH_PORT_NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	self->ith_fast_reply = IP_NULL;
	if (reply) {
		struct ipc_entry *e;
		kern_return_t kr = KERN_INVALID_TASK;
		is_lock(space);
		if (space->is_active)
			kr = ipc_entry_alloc(space, &reply_name, &e);
		if (kr == KERN_SUCCESS) {
			e->ie_object = &reply->ip_object;	/* the message's reference moves */
			e->ie_bits = MACH_PORT_TYPE_SEND_ONCE | 1;
		}
		is_unlock(space);
		if (kr != KERN_SUCCESS) {
			ipc_object_destroy(&reply->ip_object, MACH_MSG_TYPE_PORT_SEND_ONCE);
			reply_name = MACH_PORT_DEAD;
			mr = MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE;
		}
	}
	mach_msg_size_t size = self->ith_fast_size;
	h->msgh_bits = MACH_MSGH_BITS(self->ith_fast_reply_type, self->ith_fast_dest_type);
	h->msgh_size = size;
	h->msgh_remote_port = reply_name;
	h->msgh_local_port = self->ith_fast_dest_name;
	h->msgh_voucher_port = MACH_PORT_NULL;
	mach_msg_max_trailer_t *t =
		(mach_msg_max_trailer_t *)((uint8_t *)h + round_msg(size));
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = trailer_size;
	t->msgh_seqno = self->ith_seqno;
	t->msgh_sender = self->ith_fast_sender;
	if (trailer_size > offsetof(mach_msg_max_trailer_t, msgh_audit))
		memset(&t->msgh_audit, 0, trailer_size - offsetof(mach_msg_max_trailer_t, msgh_audit));
	if (copyout(h, msg, round_msg(size) + trailer_size) != 0)
		return MACH_RCV_INVALID_DATA;
	return mr;
}

mach_msg_return_t
ipc_fast_receive(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
		 mach_msg_size_t rcv_size, mach_port_name_t rcv_name)
{
	thread_t self = current_thread();
	mach_msg_size_t trailer_size = REQUESTED_TRAILER_SIZE(option);

	if (option & (MACH_RCV_TIMEOUT | MACH_RCV_NOTIFY | MACH_RCV_OVERWRITE))
		return IPC_FAST_MISS;
	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, rcv_name) : NULL;
	if (!e || !(e->ie_bits & MACH_PORT_TYPE_RECEIVE)) {
		is_unlock(space);
		return IPC_FAST_MISS;
	}
	ipc_port_t port = (ipc_port_t)e->ie_object;
	ip_lock(port);
	if (port->ip_pset || !queue_empty(&port->ip_messages) || port->ip_rcv_thread) {
		ip_unlock(port);
		is_unlock(space);
		return IPC_FAST_MISS;
	}
	ipc_port_reference(port);		/* across the wait */
	assert_wait((event_t)port, true);
	port->ip_rcv_thread = self;
	self->ith_fast_wait = true;
	self->ith_fast_got = false;
	self->ith_kmsg = NULL;
	self->ith_rcv_max = rcv_size;
	self->ith_rcv_trailer = trailer_size;
	ip_unlock(port);
	is_unlock(space);

	int wr = thread_block();

	/* Whatever ended the wait, a message handed over meanwhile is ours. */
	ip_lock(port);
	bool got = self->ith_fast_got;
	ipc_kmsg_t kmsg = self->ith_kmsg;
	self->ith_fast_got = self->ith_fast_wait = false;
	self->ith_kmsg = NULL;
	if (port->ip_rcv_thread == self)
		port->ip_rcv_thread = THREAD_NULL;
	mach_msg_return_t mr = IPC_FAST_MISS;
	if (!got && !kmsg) {
		if (!ip_active(port))
			mr = MACH_RCV_PORT_DIED;
		else if (port->ip_receiver != space)
			mr = MACH_RCV_PORT_CHANGED;	/* the receive right left while we waited */
		else if (wr == THREAD_INTERRUPTED)
			mr = MACH_RCV_INTERRUPTED;
	}
	ip_unlock(port);
	ipc_port_release(port);

	if (got)
		return fast_copyout(space, msg, trailer_size);
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
