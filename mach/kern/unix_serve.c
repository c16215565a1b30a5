/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Serving Unix calls in registers (<machrv/syscall_msg.h>, "Serving in
 * registers"): a personality's worker waits in machrv_syscall_serve; a
 * call that offers nothing comes into its registers (unix_fast,
 * ipc_fast_call's regs_fill and deliver_regs), the call's send-once reply
 * right held by the worker's thread (ith_unix_reply) instead of named in
 * its space; its next machrv_syscall_serve answers it in registers, and
 * waits for the next call.  In the common case (the caller waits in the
 * fast path, nothing queued for the worker) that is one step,
 * serve_answer_wait (unix_serve_fast.c): the answer straight into the
 * caller, the worker registered on its port set, a switch to the caller.
 * Everything else is what the message form does: the answer goes as a
 * message the kernel sends with the held right (answer_send), the receive
 * is mach_msg's.  A worker that needs the right named (to answer later, or
 * with bytes) asks machrv_syscall_reply_port; one that drops it, or ends
 * holding it, destroys it (a send-once notification, as the message form's
 * deallocation sends).
 */
#include <mach/ndr.h>
#include <machrv/syscall_msg.h>
#include "ipc/ipc_budget.h"
#include "ipc/ipc_fast.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_right.h"
#include "ipc/mach_msg.h"
#include "kern/copyio.h"
#include "kern/syscall_sw.h"
#include "kern/task.h"
#include "kern/unix_syscall.h"
#include "lib/string.h"
#include "riscv/intr.h"
#include "riscv/syscall_return.h"

/* machrv_syscall_serve's answer argument when there is none. */
#define NO_ANSWER	(-1)

/*
 * The answer to the call whose send-once right `reply' this thread held,
 * as a message the kernel sends with that right (the right is consumed):
 * the caller takes it as it takes any answer (unix_continue, answer_kmsg).
 * Its bytes for the caller: `out_size' bytes of segments at `out' in this
 * task (at most MACHRV_SYSCALL_SERVE_OUT_MAX); if they cannot be read, the
 * answer is EFAULT without them.  No memory for it: the right is destroyed
 * (the caller sees a send-once notification: ENOSYS).  Interrupts on, no
 * lock held.
 */
static void
answer_send(ipc_port_t reply, int error, int64_t rv0, int64_t rv1, uint64_t out,
	    uint32_t out_size)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(sizeof(machrv_syscall_reply_t) + out_size);

	if (!kmsg) {
		ipc_object_destroy(&reply->ip_object, MACH_MSG_TYPE_PORT_SEND_ONCE);
		return;
	}
	machrv_syscall_reply_t *r = (machrv_syscall_reply_t *)&kmsg->ikm_header;
	memset(r, 0, sizeof(*r));
	if (out_size && copyin(out, r + 1, out_size) != 0) {
		out_size = 0;
		error = MACHRV_SYSCALL_EFAULT;
	}
	r->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	r->head.msgh_size = sizeof(*r) + out_size;
	r->head.msgh_id = MACHRV_SYSCALL_MSG_ID + 100;
	r->ndr = NDR_record;
	r->retcode = KERN_SUCCESS;
	r->error = error;
	r->rv[0] = rv0;
	r->rv[1] = rv1;
	kmsg->ikm_remote = reply;
	kmsg->ikm_local = IP_NULL;
	ipc_kmsg_copyin_from_kernel(kmsg);
	ipc_kmsg_charge_kernel(kmsg);
	ipc_mqueue_send_kernel(kmsg);
}

/*
 * The held right's end, the long way: answered (`answer' >= 0, the error;
 * rv0, rv1; the bytes as answer_send's) or dropped (NO_ANSWER).
 * Interrupts on, no lock held.
 */
static void
held_right_end(thread_t self, int answer, int64_t rv0, int64_t rv1, uint64_t out,
	       uint32_t out_size)
{
	ipc_port_t reply = self->ith_unix_reply;

	if (!reply)
		return;
	self->ith_unix_reply = IP_NULL;
	if (answer >= 0 && MACHRV_IPC_FAST &&
	    ipc_fast_answer(reply, answer, rv0, rv1, out, out_size, true))
		return;			/* straight into its caller, who runs next */
	if (answer >= 0)
		answer_send(reply, answer, rv0, rv1, out, out_size);
	else
		ipc_object_destroy(&reply->ip_object, MACH_MSG_TYPE_PORT_SEND_ONCE);
}

void
unix_serve_thread_end(thread_t self)
{
	held_right_end(self, NO_ANSWER, 0, 0, 0, 0);
}

/*
 * machrv_syscall_serve the long way (and the whole of it for a caller
 * through trap_syscall_serve): the held right answered or dropped, then
 * mach_msg with the trap's arguments (ith_msg_args, set already), its
 * receive open to calls in registers.  Returns what the receive returns.
 */
static long
serve_general(struct trap_frame *tf, ipc_fast_miss_t miss)
{
	thread_t self = current_thread();
	uint32_t out_size = (uint32_t)tf->t2;

	/* Too many bytes, or not whole words: refused, nothing done (the right stays held). */
	if ((int)tf->a5 >= 0 && self->ith_unix_reply &&
	    (out_size > MACHRV_SYSCALL_SERVE_OUT_MAX || (out_size & 7)))
		return MACH_SEND_TOO_LARGE;
	held_right_end(self, (int)tf->a5, (int64_t)tf->a6, (int64_t)tf->t0, tf->t1,
		       (int)tf->a5 >= 0 ? out_size : 0);
	self->ith_unix_serving = true;
	mach_msg_return_t mr = mach_msg_common(current_task()->itk_space, &self->ith_msg_args, miss);
	self->ith_unix_serving = false;
	return mr;
}

void
trap_syscall_serve_general(struct trap_frame *tf, int miss)
{
	intr_on();			/* system calls run with interrupts on */
	tf->a0 = (uint64_t)serve_general(tf, (ipc_fast_miss_t)miss);
	ast_user_return();
}

long
trap_syscall_serve(struct trap_frame *tf)
{
	mach_msg_args_fill(&current_thread()->ith_msg_args, tf);
	current_thread()->ith_msg_args.timeout = MACH_MSG_TIMEOUT_NONE;
	current_thread()->ith_msg_args.notify = MACH_PORT_NULL;
	return serve_general(tf, IPC_FAST_MISS_SHAPE);
}

long
trap_syscall_reply_port(struct trap_frame *tf)
{
	(void)tf;
	thread_t self = current_thread();
	ipc_port_t reply = self->ith_unix_reply;
	ipc_space_t space = current_task()->itk_space;
	mach_port_name_t name = MACH_PORT_NULL;
	struct ipc_entry *e;

	if (!reply)
		return MACH_PORT_NULL;
	is_lock(space);
	if (space->is_active && ipc_entry_alloc(space, &name, &e) == KERN_SUCCESS) {
		e->ie_object = &reply->ip_object;	/* the right's reference moves */
		e->ie_bits = MACH_PORT_TYPE_SEND_ONCE | 1;
		self->ith_unix_reply = IP_NULL;
	} else {
		name = MACH_PORT_NULL;		/* still held: it may be answered in registers */
	}
	is_unlock(space);
	return name;
}
