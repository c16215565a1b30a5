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

/* mach_msg_args_fill: the mach_msg trap's arguments (a0..a6 of `tf') into `a'. */
static inline __attribute__((always_inline)) void
mach_msg_args_fill(struct mach_msg_args *a, const struct trap_frame *tf)
{
	a->msg = tf->a0;
	a->option = (mach_msg_option_t)tf->a1;
	a->send_size = (mach_msg_size_t)tf->a2;
	a->rcv_size = (mach_msg_size_t)tf->a3;
	a->rcv_name = (mach_port_name_t)tf->a4;
	a->timeout = (mach_msg_timeout_t)tf->a5;
	a->notify = (mach_port_name_t)tf->a6;
	a->have_header = false;
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
	trap_return(tf);
}

/*
 * trap_user_exit_noirq, thread_syscall_return_noirq: trap_user_exit and
 * thread_syscall_return from code that runs with interrupts off and holds
 * no lock (the IPC fast path's continuations): they come on with the
 * return to user mode (sret), or first if ast_user_return has work to do.
 */
static inline __attribute__((always_inline, noreturn)) void
trap_user_exit_noirq(struct trap_frame *tf)
{
	if (__builtin_expect(ast_user_pending(), 0)) {
		intr_on();
		ast_user_return();
	}
	trap_return(tf);
}

static inline __attribute__((always_inline, noreturn)) void
thread_syscall_return_noirq(long result)
{
	struct trap_frame *tf = current_thread()->user_frame;

	tf->a0 = (uint64_t)result;
	trap_user_exit_noirq(tf);
}

#endif /* _RISCV_SYSCALL_RETURN_H_ */
