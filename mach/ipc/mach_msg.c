/* SPDX-License-Identifier: BSD-2-Clause */
/* mach_msg (see mach_msg.h). */
#include <stddef.h>
#include "ipc/mach_msg.h"
#include "ipc/ipc_fast.h"
#include "riscv/trap.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_budget.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "kern/copyio.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "vm/vm_page.h"

/*
 * MACHRV_IPC_FAST (the build option -DMACHRV_IPC_FAST=ON|OFF, as 1 or 0):
 * whether mach_msg tries the fast path (ipc_fast.c) at all.  At 0 every
 * message takes the general path; riscv/trap_vector.S skips ipc_fast_rpc
 * on the same constant.
 */
#ifndef MACHRV_IPC_FAST
#error "the build defines MACHRV_IPC_FAST: 1 (the fast path) or 0 (the general path only)"
#endif

struct ipc_space *ipc_space_kernel;

void
ipc_bootstrap(void)
{
	ipc_port_init_zone();
	ipc_pset_init_zone();
	ipc_space_init_zone();
	ipc_kmsg_init_zone();
	ipc_budget_init((uint64_t)vm_page_total_count() * PAGE_SIZE);
	if (ipc_space_create(&ipc_space_kernel) != KERN_SUCCESS)
		panic("ipc_bootstrap: no memory for the kernel's space");
}

/*
 * The sender's security token, carried in every trailer: its task's
 * (the Unix personality sets credentials there), or the kernel's.
 */
static security_token_t
sender_token(void)
{
	task_t task = current_task();
	return task ? task->sec_token : (security_token_t)KERNEL_SECURITY_TOKEN_VALUE;
}

/*
 * msg_send: steps (1) to (3) for a user task's message; `rcv_name' is what
 * the same call then receives on (MACH_PORT_NULL: nothing); a message whose
 * reply port is `rcv_name' is charged as an RPC (ipc_kmsg_charge_send).
 *   Locks:   none held on entry or return (the steps take the space's and
 *            the ports' locks in turn; (3) may block).
 *   Refs:    on success the queued kmsg holds every right copied in; the
 *            header's MOVE_* rights and the body's moved rights leave the
 *            sender's space at (2).
 *   Returns: MACH_MSG_SUCCESS; a (1) or (2) error (nothing happened, or
 *            the message was destroyed: see mach/ipc/README.md); over
 *            budget, MACH_SEND_TIMED_OUT or _INTERRUPTED: the message is
 *            returned, its rights pseudo-received into `space' and written
 *            back to the buffer -- MACH_SEND_INVALID_DATA if that write
 *            fails, when the rights are in the space under names the
 *            sender was not told.
 */
static mach_msg_return_t
msg_send(ipc_space_t space, const struct mach_msg_args *a, mach_port_name_t rcv_name)
{
	uintptr_t msg = a->msg;
	mach_msg_option_t option = a->option;
	mach_msg_timeout_t timeout = a->timeout;
	ipc_kmsg_t kmsg;
	mach_msg_return_t mr = ipc_kmsg_get(msg, a->send_size,			/* (1) */
					    a->have_header ? &a->header : NULL, &kmsg);

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	bool reply_awaited = MACH_PORT_VALID(rcv_name) &&
			     kmsg->ikm_header.msgh_local_port == rcv_name;
	kmsg->ikm_sender = sender_token();
	mr = ipc_kmsg_copyin(kmsg, space);					/* (2) */
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = ipc_kmsg_charge_send(kmsg, reply_awaited);			/* ipc_budget.h */
	if (mr == MACH_MSG_SUCCESS) {
		/*
		 * A kernel call's reply may come straight back
		 * (ipc_mqueue_reply_direct); the kernel call of a kernel
		 * routine's own call is kept across it.
		 */
		thread_t self = current_thread();
		__typeof__(self->ith_kcall) outer = self->ith_kcall;
		if (reply_awaited) {
			self->ith_kcall.port = kmsg->ikm_local;
			self->ith_kcall.name = rcv_name;
			self->ith_kcall.max = a->rcv_size;
			self->ith_kcall.trailer = REQUESTED_TRAILER_SIZE(option);
		}
		mr = ipc_mqueue_send(kmsg, option, timeout);			/* (3) */
		if (reply_awaited)
			self->ith_kcall = outer;
	}
	if (mr != MACH_MSG_SUCCESS) {
		/* Over budget, timed out or interrupted: the sender gets the message back. */
		ipc_kmsg_copyout_pseudo(kmsg, space);
		mach_msg_size_t size = kmsg->ikm_header.msgh_size;
		if (copyout(&kmsg->ikm_header, msg, size) != 0)
			mr = MACH_SEND_INVALID_DATA;
		ipc_kmsg_destroy(kmsg);		/* holds no rights any more */
	}
	return mr;
}

/* The port or port set `name' names, with a reference; NULL if neither. */
static struct ipc_object *
receive_object(ipc_space_t space, mach_port_name_t name)
{
	struct ipc_object *object = NULL;

	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, name) : NULL;
	if (e && (e->ie_bits & (MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_PORT_SET))) {
		object = e->ie_object;
		__atomic_fetch_add(&object->io_references, 1, __ATOMIC_RELAXED);
	}
	is_unlock(space);
	return object;
}

static void
object_release(struct ipc_object *object)
{
	if (object->io_otype == IOT_PORT)
		ipc_port_release((ipc_port_t)object);
	else
		ipc_pset_release((ipc_pset_t)object);
}

/*
 * msg_receive: steps (3') to (5) on the port or port set `rcv_name':
 * dequeue (or be handed) a message, waiting up to `timeout' with
 * MACH_RCV_TIMEOUT; copy its rights out into `space' and write it to the
 * buffer at `msg' with the trailer `option' asks for.
 *   Locks:   none held on entry or return; may block.
 *   Refs:    holds a reference to the port or set while waiting; the
 *            received kmsg is consumed (its rights become names in `space').
 *   Returns: MACH_MSG_SUCCESS; MACH_RCV_INVALID_NAME (no receive right or
 *            set); MACH_RCV_TOO_LARGE (the size needed is written to the
 *            buffer's msgh_size, the write's failure ignored; without
 *            MACH_RCV_LARGE the message is destroyed); the waits' codes
 *            (MACH_RCV_TIMED_OUT, _INTERRUPTED, _PORT_DIED); a copyout
 *            error (4) is returned in preference to a put error (5), but
 *            the message is put either way.
 */
static mach_msg_return_t
msg_receive(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
	    mach_msg_size_t rcv_size, mach_port_name_t rcv_name, mach_msg_timeout_t timeout)
{
	mach_msg_size_t trailer_size = REQUESTED_TRAILER_SIZE(option);
	struct ipc_object *object = receive_object(space, rcv_name);

	if (!object)
		return MACH_RCV_INVALID_NAME;
	ipc_kmsg_t kmsg;
	mach_port_seqno_t seqno = 0;
	mach_msg_size_t needed = 0;
	mach_msg_return_t mr = ipc_mqueue_receive(object, option, timeout, rcv_size,	/* (3') */
						  trailer_size, &kmsg, &seqno, &needed);
	object_release(object);
	if (mr == MACH_RCV_TOO_LARGE) {
		/* Tell the receiver how much room the message needs. */
		copyout(&needed, msg + offsetof(mach_msg_header_t, msgh_size), sizeof(needed));
		if (kmsg)
			ipc_kmsg_destroy(kmsg);		/* without MACH_RCV_LARGE: gone */
		return mr;
	}
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = ipc_kmsg_copyout(kmsg, space);					/* (4) */
	mach_msg_return_t pr = ipc_kmsg_put(msg, kmsg, trailer_size, seqno);	/* (5) */
	return mr != MACH_MSG_SUCCESS ? mr : pr;
}

/*
 * poll_finds_nothing: true for a receive that must not wait (MACH_RCV_TIMEOUT
 * with timeout 0) on a port or port set of `space' that has no message:
 * the caller says MACH_RCV_TIMED_OUT with no kmsg, reference or wait set
 * up.  False for everything else (a message, a port in a set, a bad name),
 * which the general receive answers as before.
 *   Locks:   takes and drops the space, then the port or the set.
 */
static bool
poll_finds_nothing(ipc_space_t space, mach_msg_option_t option, mach_msg_timeout_t timeout,
		   mach_port_name_t name)
{
	if (!(option & MACH_RCV_TIMEOUT) || timeout != 0)
		return false;
	bool empty = false;
	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, name) : NULL;
	if (e && (e->ie_bits & MACH_PORT_TYPE_RECEIVE)) {
		ipc_port_t port = (ipc_port_t)e->ie_object;
		ip_lock(port);
		empty = ip_active(port) && !port->ip_pset && queue_empty(&port->ip_messages);
		ip_unlock(port);
	} else if (e && (e->ie_bits & MACH_PORT_TYPE_PORT_SET)) {
		ipc_pset_t pset = (ipc_pset_t)e->ie_object;
		ips_lock(pset);
		empty = pset->ips_object.io_active &&
			__atomic_load_n(&pset->ips_msgcount, __ATOMIC_ACQUIRE) == 0;
		ips_unlock(pset);
	}
	is_unlock(space);
	return empty;
}

/* mach_msg_common (mach_msg.h). */
static mach_msg_return_t
msg_common(ipc_space_t space, struct mach_msg_args *a, ipc_fast_miss_t miss)
{
	mach_msg_option_t option = a->option;

	if (option & MACH_SEND_MSG) {
		if (miss != IPC_FAST_MISS_KERNEL && miss != IPC_FAST_MISS_SEND_TRIED && MACHRV_IPC_FAST)
			miss = ipc_fast_send(space, a);
		mach_msg_return_t mr = MACH_MSG_SUCCESS;
		if (miss != IPC_FAST_TAKEN)
			mr = msg_send(space, a, option & MACH_RCV_MSG ? a->rcv_name : MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			sched_handoff_flush();
			return mr;
		}
	}
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	thread_t self = current_thread();
	ipc_kmsg_t reply = self->ith_kcall_reply;
	if (reply) {
		/* A kernel call's reply, taken as the send ended (ipc_mqueue_reply_direct). */
		self->ith_kcall_reply = NULL;
		mach_msg_return_t mr = ipc_kmsg_copyout(reply, space);		/* (4) */
		mach_msg_return_t pr = ipc_kmsg_put(a->msg, reply, REQUESTED_TRAILER_SIZE(option),
						    self->ith_kcall_seqno);	/* (5) */
		sched_handoff_flush();
		return mr != MACH_MSG_SUCCESS ? mr : pr;
	}
	/*
	 * A send with MACH_RCV_MSG may have handed its message to a waiting
	 * receiver for this hart to run next (ipc_mqueue_send): the receive
	 * blocks and switches to it, or the hand-off is flushed here.
	 */
	mach_msg_return_t mr;
	if (poll_finds_nothing(space, option, a->timeout, a->rcv_name))
		mr = MACH_RCV_TIMED_OUT;
	else if (miss == IPC_FAST_MISS_KERNEL || !MACHRV_IPC_FAST ||
		 ipc_fast_receive(space, a, &mr) != IPC_FAST_TAKEN)
		mr = msg_receive(space, a->msg, option, a->rcv_size, a->rcv_name, a->timeout);
	sched_handoff_flush();
	return mr;
}

mach_msg_return_t
mach_msg_common(ipc_space_t space, struct mach_msg_args *args, ipc_fast_miss_t miss)
{
	return msg_common(space, args, miss);
}
