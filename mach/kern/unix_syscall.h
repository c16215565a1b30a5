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

/* unix_syscall: the call in `tf' (sepc past the ecall), the long way. */
void unix_syscall(struct trap_frame *tf);

/*
 * unix_fast: the call in `tf' (sepc at the ecall), from trap_vector with
 * interrupts off, in one step when the personality's worker waits in the
 * fast path (ipc_fast_call): never returns then.  Returns when it
 * missed, nothing done: the trap goes on the usual way.
 */
void unix_fast(struct trap_frame *tf);

#endif /* _KERN_UNIX_SYSCALL_H_ */
