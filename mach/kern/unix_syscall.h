/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Unix system-call path: ecall with a7 >= 0 becomes a message to the
 * task's syscall port (a task special port the personality sets); the
 * thread waits for the reply, whose results the kernel puts back in the
 * registers.  The messages are MachRV's own (<mach/machrv_syscall.h>).
 */
#ifndef _KERN_UNIX_SYSCALL_H_
#define _KERN_UNIX_SYSCALL_H_
#include "riscv/trap.h"

/*
 * unix_syscall: a Unix system call (a7 >= 0) from the current thread:
 * send it to the task's syscall port, wait for the reply and put its
 * results in `tf' (a0, a1; an error as -errno in a0).  Traced when
 * tracing is on.
 * The long way: a kmsg and a general wait (see unix_fast).
 *   Locks:   none held on entry or return.
 */
void unix_syscall(struct trap_frame *tf);

/*
 * unix_fast: the call in `tf' (sepc at the ecall), from trap_vector with
 * interrupts off, in one step when the personality's worker waits in the
 * fast path (ipc_fast_call): never returns then.  Returns when it
 * missed, nothing done: the trap goes on the usual way.
 */
void unix_fast(struct trap_frame *tf);

/*
 * Serving in registers (kern/unix_serve.c, <machrv/syscall_msg.h>): the
 * worker's trap machrv_syscall_serve (a0..a6 as mach_msg's: msg, option,
 * send_size, rcv_size, rcv_name, then the answer: a5 the error, or -1 for
 * none, a6 rv0, t0 rv1).
 *
 * Returned to user mode: what mach_msg's receive returns, or
 * MACHRV_SYSCALL_SERVED with a call in the registers.
 *
 * trap_syscall_serve_user: from trap_vector, interrupts off, the trap's
 * registers as arguments (`tf' the frame, for t0): the held call's answer
 * and the receive in one step (never returns then), or mach_msg's one step
 * when no call is held.
 *   Returns: why it missed, nothing done (then trap_syscall_serve_general).
 */
#include "ipc/mach_msg.h"
ipc_fast_miss_t trap_syscall_serve_user(uint64_t msg, uint64_t option, uint64_t send_size,
					uint64_t rcv_size, uint64_t rcv_name, uint64_t answer,
					uint64_t rv0, struct trap_frame *tf);
/*
 * trap_syscall_serve_general: the whole trap the long way after
 * trap_syscall_serve_user missed (`miss', why), interrupts on: the held
 * right answered by a message or dropped, then mach_msg.
 *   Returns: nothing; the trap's result in tf->a0.
 */
void trap_syscall_serve_general(struct trap_frame *tf, int miss);
/*
 * trap_syscall_serve: the same whole trap for the trap table (a
 * self-test's hooked traps), its arguments in `tf'.
 *   Returns: the trap's result.
 */
long trap_syscall_serve(struct trap_frame *tf);

/*
 * trap_syscall_reply_port (machrv_syscall_reply_port): name the held
 * call's send-once right in the current task's space, to answer later by
 * a message.
 *   Returns: its name; MACH_PORT_NULL when no call is held, or no name
 *   could be made (the right stays held).
 */
long trap_syscall_reply_port(struct trap_frame *tf);

/*
 * unix_serve_thread_end: the ending thread `self' drops the right it
 * holds for a call it serves, if any (its caller gets a send-once
 * notification).  Interrupts on, no lock held.
 */
struct thread;
void unix_serve_thread_end(struct thread *self);

#endif /* _KERN_UNIX_SYSCALL_H_ */
