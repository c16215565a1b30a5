/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System calls.  ecall with a7 < 0 is a Mach trap, numbered as in XNU
 * (a7 = -N, arguments a0..a6, result in a0); a7 >= 0 is a Unix system
 * call, turned into a message to the task's syscall port.
 */
#ifndef _KERN_SYSCALL_SW_H_
#define _KERN_SYSCALL_SW_H_
#include "riscv/trap.h"

/* The kernel-RPC traps (kern/kernelrpc.h), at XNU's numbers. */
#define MACH_TRAP_VM_ALLOCATE		10
#define MACH_TRAP_VM_DEALLOCATE		12
#define MACH_TRAP_VM_PROTECT		14
#define MACH_TRAP_VM_MAP		15
#define MACH_TRAP_PORT_ALLOCATE		16
#define MACH_TRAP_PORT_DESTROY		17
#define MACH_TRAP_PORT_DEALLOCATE	18
#define MACH_TRAP_PORT_MOD_REFS		19
#define MACH_TRAP_PORT_MOVE_MEMBER	20
#define MACH_TRAP_PORT_INSERT_RIGHT	21
#define MACH_TRAP_PORT_INSERT_MEMBER	22
#define MACH_TRAP_PORT_EXTRACT_MEMBER	23
#define MACH_TRAP_REPLY_PORT	26
#define MACH_TRAP_THREAD_SELF	27
#define MACH_TRAP_TASK_SELF	28
#define MACH_TRAP_HOST_SELF	29
#define MACH_TRAP_MSG		31
/* Mach semaphores (kern/sync_sema.h), at XNU's numbers. */
#define MACH_TRAP_SEMAPHORE_SIGNAL	33
#define MACH_TRAP_SEMAPHORE_SIGNAL_ALL	34
#define MACH_TRAP_SEMAPHORE_SIGNAL_THREAD 35
#define MACH_TRAP_SEMAPHORE_WAIT	36
#define MACH_TRAP_SEMAPHORE_WAIT_SIGNAL	37
#define MACH_TRAP_SEMAPHORE_TIMEDWAIT	38
#define MACH_TRAP_SEMAPHORE_TIMEDWAIT_SIGNAL 39
#define MACH_TRAP_SWTCH_PRI	59
#define MACH_TRAP_SWTCH		60
#define MACH_TRAP_THREAD_SWITCH	61
#define MACH_TRAP_PORT_REQUEST_NOTIFICATION 77	/* XNU's _kernelrpc_ trap */
#define MACH_TRAP_DEBUG_WRITE	120	/* MachRV: write to the kernel console */
#define MACH_TRAP_NULL		121	/* MachRV: does nothing (for measuring traps) */
#define MACH_TRAP_TRACE_NOTE	122	/* MachRV: a server's trace record (kern/trace.h) */
#define MACH_TRAP_USER_WRITABLE	123	/* MachRV: may a task's range be written? */
#define MACH_TRAP_VM_READ_OVERWRITE 124	/* MachRV: vm_read_overwrite as a trap */
#define MACH_TRAP_VM_WRITE	125	/* MachRV: vm_write as a trap */
#define MACH_TRAP_PORT_SET_LABEL 126	/* MachRV: mach_port_set_label as a trap */
#define MACH_TRAP_SYSCALL_SERVE	127	/* MachRV: a worker serves Unix calls in registers */
#define MACH_TRAP_SYSCALL_REPLY_PORT 128	/* MachRV: name the held reply right of the call served */
#define MACH_TRAP_COUNT		129

#ifndef __ASSEMBLER__
#include <mach/message.h>
/* trap_mach_msg: the mach_msg trap with the arguments in `tf'; its return value. */
long trap_mach_msg(struct trap_frame *tf);
/*
 * thread_named: the thread a send right of the current task names, with a
 * reference (thread_deallocate); THREAD_NULL if the name is no live
 * thread's send right.
 *   Locks: none held; takes the space's and the port's.
 */
struct thread *thread_named(mach_port_name_t name);
/* syscall_dispatch: run the system call in `tf' (sepc already past the ecall). */
void syscall_dispatch(struct trap_frame *tf);
#endif

#endif /* _KERN_SYSCALL_SW_H_ */
