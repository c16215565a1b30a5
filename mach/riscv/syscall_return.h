/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * How a system call's arguments come in and its result goes back, for the
 * machine-independent code that must not read the trap frame itself:
 * mach_msg's arguments decoded once (mach_msg_args_fill), and Mach 3's
 * thread_syscall_return.  Inline: both are on the IPC fast path.
 */
#ifndef _RISCV_SYSCALL_RETURN_H_
#define _RISCV_SYSCALL_RETURN_H_
#include "ipc/mach_msg_args.h"
#include "kern/sched.h"
#include "kern/thread.h"
#include "riscv/trap.h"

/* mach_msg_args_set: the mach_msg trap's arguments (its a0..a6) into `a'. */
static inline __attribute__((always_inline)) void
mach_msg_args_set(struct mach_msg_args *a, uint64_t msg, uint64_t option, uint64_t send_size,
		  uint64_t rcv_size, uint64_t rcv_name, uint64_t timeout, uint64_t notify)
{
	a->msg = msg;
	a->option = (mach_msg_option_t)option;
	a->send_size = (mach_msg_size_t)send_size;
	a->rcv_size = (mach_msg_size_t)rcv_size;
	a->rcv_name = (mach_port_name_t)rcv_name;
	a->timeout = (mach_msg_timeout_t)timeout;
	a->notify = (mach_port_name_t)notify;
	a->have_header = false;
}

/* mach_msg_args_fill: the same from the trap frame `tf'. */
static inline __attribute__((always_inline)) void
mach_msg_args_fill(struct mach_msg_args *a, const struct trap_frame *tf)
{
	mach_msg_args_set(a, tf->a0, tf->a1, tf->a2, tf->a3, tf->a4, tf->a5, tf->a6);
}

/*
 * thread_syscall_return: the current thread's system call returns
 * `result' (a0) to user mode, from wherever it is (a continuation, on an
 * empty kernel stack).
 */
static inline __attribute__((always_inline, noreturn)) void
thread_syscall_return(long result)
{
	struct trap_frame *tf = current_thread()->user_frame;

	tf->a0 = (uint64_t)result;
	ast_user_return();
	trap_return_user(tf);
}

/*
 * trap_user_exit_noirq, thread_syscall_return_noirq: trap_user_exit and
 * thread_syscall_return from code that runs with interrupts off and holds
 * no lock (the IPC fast path's continuations), `self' the current thread:
 * they come on with the return to user mode (sret), or first if
 * ast_user_return has work to do.
 */
static inline __attribute__((always_inline, noreturn)) void
trap_user_exit_noirq(thread_t self, struct trap_frame *tf)
{
	if (__builtin_expect(ast_user_pending(self), 0)) {
		intr_on();
		ast_user_return();
	}
	trap_return_user(tf);
}

static inline __attribute__((always_inline, noreturn)) void
thread_syscall_return_noirq(thread_t self, long result)
{
	struct trap_frame *tf = self->user_frame;

	tf->a0 = (uint64_t)result;
	trap_user_exit_noirq(self, tf);
}

#endif /* _RISCV_SYSCALL_RETURN_H_ */
