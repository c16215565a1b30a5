/* SPDX-License-Identifier: BSD-2-Clause */
/* The Unix system-call path (see kern/unix_syscall.h and <machrv/syscall_msg.h>). */
#include <machrv/syscall_msg.h>
#include "kern/unix_syscall.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "kern/task.h"
#include "kern/trace.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_mqueue.h"

static void
fail(struct trap_frame *tf, int64_t error)
{
	tf->a0 = (uint64_t)-error;
}

/*
 * The call itself: the request, the wait, the answer in the registers.
 *   Returns: the answer's trace tag (kern/trace.h), 0 without one.
 */
static uint64_t
unix_call(struct trap_frame *tf)
{
	thread_t self = current_thread();
	task_t task = self->task;

	simple_lock(&task->lock);
	ipc_port_t dest = ipc_port_copy_send(task->itk_syscall);
	security_token_t token = task->sec_token;
	simple_unlock(&task->lock);
	ipc_port_t reply = thread_rpc_reply_port(self);
	if (!IP_VALID(dest) || !reply) {
		ipc_port_release_send(dest);
		fail(tf, MACHRV_SYSCALL_ENOSYS);
		return 0;
	}

	/* (1) the request, built in kernel form */
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(sizeof(machrv_syscall_request_t));
	if (!kmsg) {
		ipc_port_release_send(dest);
		fail(tf, MACHRV_SYSCALL_ENOSYS);
		return 0;
	}
	machrv_syscall_request_t *req = (machrv_syscall_request_t *)&kmsg->ikm_header;
	memset(req, 0, sizeof(*req));
	req->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, MACH_MSG_TYPE_PORT_SEND_ONCE);
	req->head.msgh_size = sizeof(*req);
	req->head.msgh_id = MACHRV_SYSCALL_MSG_ID;
	req->ndr = NDR_record;
	req->number = (int64_t)tf->a7;
	req->args[0] = tf->a0;
	req->args[1] = tf->a1;
	req->args[2] = tf->a2;
	req->args[3] = tf->a3;
	req->args[4] = tf->a4;
	req->args[5] = tf->a5;
	req->pc = tf->sepc - 4;
	req->thread_id = self->id;
	kmsg->ikm_remote = dest;
	kmsg->ikm_local = ipc_port_make_send_once(reply);
	ipc_kmsg_copyin_from_kernel(kmsg);
	kmsg->ikm_sender = token;

	/* (2) send it to the personality, (3) wait for its answer */
	mach_msg_return_t mr = ipc_mqueue_send(kmsg, MACH_SEND_INTERRUPT, 0);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(kmsg);
		mig_dealloc_reply_port(IPC_KPORT_REPLY);	/* it may get a send-once notification */
		fail(tf, MACHRV_SYSCALL_ENOSYS);
		return 0;
	}
	ipc_kmsg_t answer;
	mach_port_seqno_t seqno;
	mach_msg_size_t needed;
	mr = ipc_mqueue_receive(&reply->ip_object, MACH_RCV_INTERRUPT, 0,
				sizeof(machrv_syscall_reply_t) + MAX_TRAILER_SIZE, 0, &answer, &seqno,
				&needed);
	if (mr != MACH_MSG_SUCCESS) {
		if (answer) {
			ipc_kmsg_consume_dest(answer);
			ipc_kmsg_destroy(answer);
		}
		mig_dealloc_reply_port(IPC_KPORT_REPLY);	/* a late reply must not be taken for the next */
		fail(tf, MACHRV_SYSCALL_ENOSYS);	/* interrupted: the thread is ending */
		return 0;
	}

	/* (4) the results into the registers */
	machrv_syscall_reply_t *rep = (machrv_syscall_reply_t *)&answer->ikm_header;
	if (rep->head.msgh_id != MACHRV_SYSCALL_MSG_ID + 100 ||
	    rep->head.msgh_size != sizeof(*rep) || rep->retcode != KERN_SUCCESS) {
		fail(tf, MACHRV_SYSCALL_ENOSYS);	/* a send-once notification, or garbage */
	} else if (rep->error) {
		fail(tf, rep->error);
	} else {
		tf->a0 = (uint64_t)rep->rv[0];
		tf->a1 = (uint64_t)rep->rv[1];
	}
	uint64_t tag = answer->ikm_trace;
	ipc_kmsg_consume_dest(answer);
	ipc_kmsg_destroy(answer);
	return tag;
}

void
unix_syscall(struct trap_frame *tf)
{
	long number = (long)tf->a7;

	if (!trace_on()) {
		unix_call(tf);
		return;
	}
	trace_trap_enter(tf, number);
	uint64_t tag = unix_call(tf);
	/* An error: a0 holds -errno (the library sets errno from it). */
	trace_trap_exit(number, tf->a0, 0, tag);
}
