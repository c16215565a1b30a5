/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Unix system call in one step (kern/unix_syscall.h, unix_fast): the
 * request straight into the personality's waiting worker (ipc_fast_call,
 * inline from ipc/ipc_fast_steps.h), and the caller's continuation,
 * unix_continue.
 *
 * Built with s1..s11 caller-saved, as ipc/ipc_fast_rpc.c (which says why
 * that is safe): unix_fast returns only to the trap vector, unix_continue
 * never returns, and nothing else here is global
 * (ipc/check_call_used.sh checks, before the link).
 */
#include "kern/unix_syscall_steps.h"
#include "ipc/ipc_fast_steps.h"

/* An answer in the registers with bytes (ith_fast_out): the bytes into the caller's memory. */
static inline void
answer_regs_out(thread_t self, struct trap_frame *tf)
{
	self->ith_fast_out = false;
	if (!answer_copyout((const uint8_t *)self->ith_fast_msg, self->ith_fast_total))
		fail(tf, MACHRV_SYSCALL_EFAULT);
}

/*
 * Where a thread that made its call through unix_fast continues (see
 * kern/sched.h, continuations): the answer into its registers, back to
 * user mode.  No frame pointer of its own, as rpc_continue.
 */
static void __attribute__((noreturn, optimize("omit-frame-pointer")))
unix_continue(thread_t prev)
{
	thread_t self = current_thread();
	struct trap_frame *tf = self->user_frame;

	/*
	 * Answered in the registers already (ipc/ipc_fast_steps.h,
	 * deliver_answer_regs: ith_fast_got with ith_fast_regs, no reply
	 * right): the wait's end, and back to user mode, interrupts off.
	 */
	if (__builtin_expect(self->ith_fast_regs, 1)) {
		sched_continue_start_noirq(prev);
		self->ith_fast_regs = 0;
		self->ith_fast_got = false;
		self->ith_fast_object = NULL;	/* (its own reply port: no reference) */
		trap_user_exit_noirq(self, tf);
	}
	/*
	 * The same with bytes for the caller's memory (ith_fast_out:
	 * ith_fast_total bytes of segments in ith_fast_msg): interrupts on,
	 * a page may have to be faulted in.  (The way below handles it too, as
	 * the wait ended; this early return saves a small read 24
	 * instructions: read(/dev/zero, 1 byte) 1,637 -> 1,613.)
	 */
	if (self->ith_fast_out) {
		sched_continue_start(prev);
		self->ith_fast_got = false;
		self->ith_fast_object = NULL;
		answer_regs_out(self, tf);
		trap_user_exit(tf);
	}
	ipc_port_t reply = (ipc_port_t)self->ith_fast_object;
	const void *answer;
	mach_msg_size_t size;
	ipc_kmsg_t kmsg;

	/*
	 * An answer handed over (the common case) with no bytes for the
	 * caller's memory, which may have to be faulted in, and no reply right
	 * to destroy: interrupts stay off until the return to user mode.
	 */
	const mach_msg_header_t *h = (const void *)self->ith_fast_msg;
	bool irq_off = self->ith_fast_got && !self->ith_fast_reply &&
		       (self->ith_fast_regs ||
			(!self->ith_fast_out && h->msgh_size <= sizeof(machrv_syscall_reply_t)));
	if (irq_off)
		sched_continue_start_noirq(prev);
	else
		sched_continue_start(prev);
	if (__builtin_expect(ipc_fast_call_answer(&answer, &size, &kmsg), 1)) {
		if (self->ith_fast_regs)	/* in the registers, as the wait ended (a race) */
			self->ith_fast_regs = 0;
		else if (self->ith_fast_out)	/* the same, with bytes */
			answer_regs_out(self, tf);
		else
			answer_registers(tf, answer, size);
	} else if (kmsg)
		answer_kmsg(tf, kmsg);
	else if (self->wait_result == THREAD_INTERRUPTED)
		answer_interrupted(tf);		/* as answer_await's wait would end */
	else
		answer_await(tf, reply);	/* woken without it: wait the long way */
	if (irq_off)
		trap_user_exit_noirq(self, tf);
	trap_user_exit(tf);
}

/* No frame pointer: it returns only to the trap vector, where backtraces stop. */
void __attribute__((optimize("omit-frame-pointer")))
unix_fast(struct trap_frame *tf)
{
	thread_t self = current_thread();
	task_t task = self->task;

	if (trace_on())
		return;			/* the traced route records every step */
	/*
	 * The task's syscall port, if it is still the one this thread keeps a
	 * reference to (ith_syscall_port, which keeps it across the call):
	 * no lock, no reference taken.  A port set while the call starts is
	 * seen by the next call, as if set after this one.
	 */
	ipc_port_t dest = __atomic_load_n(&task->itk_syscall, __ATOMIC_RELAXED);
	if (__builtin_expect(dest != self->ith_syscall_port, 0)) {
		if (self->ith_syscall_port)
			return;		/* another port now: the long way lets go of the old one */
		simple_lock_noirq(&task->lock);
		dest = task->itk_syscall;
		if (IP_VALID(dest)) {
			ipc_port_reference(dest);	/* the thread's copy's (its first call) */
			self->ith_syscall_port = dest;
		}
		simple_unlock_noirq(&task->lock);
	}
	if (!IP_VALID(dest))
		return;
	mach_msg_header_t head;
	request_head_fill(&head);
	tf->sepc += 4;			/* it is the call's from here: a miss undoes it */
	/*
	 * ipc_fast_call inline, each time with its own fill_body: no call
	 * under its locks for a call that offers nothing, an output alone or a
	 * few bytes of input.
	 */
	struct call_offer in;
	if (__builtin_expect(!call_offered(tf, &in), 1))
		ipc_fast_call(dest, &head, request_body_fill, request_regs_fill, tf,
			      sizeof(machrv_syscall_request_t),
			      ANSWER_MAX + MAX_TRAILER_SIZE, unix_continue);
	else if (in.kind == MACHRV_SYSCALL_IN_WRITABLE && !in.str2_len)
		ipc_fast_call(dest, &head, request_out_fill, NULL, &in, request_offer_size(&in),
			      ANSWER_MAX + MAX_TRAILER_SIZE, unix_continue);
	else if (request_in_small(&in))
		ipc_fast_call(dest, &head, request_in_fill, NULL, &in, request_offer_size(&in),
			      ANSWER_MAX + MAX_TRAILER_SIZE, unix_continue);
	else
		ipc_fast_call(dest, &head, request_offer_fill, NULL, &in, request_offer_size(&in),
			      ANSWER_MAX + MAX_TRAILER_SIZE, unix_continue);
	tf->sepc -= 4;
}
