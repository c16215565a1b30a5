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

#endif /* _KERN_UNIX_SYSCALL_H_ */
