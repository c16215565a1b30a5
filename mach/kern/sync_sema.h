/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mach's counting semaphores as kernel objects (XNU's <mach/semaphore.h>):
 * a semaphore is a count and a queue of waiting threads, named by a
 * kernel port (IKOT_SEMAPHORE).  A task makes one with semaphore_create
 * (task.defs 3418), which gives it a send right; any task holding a send
 * right may signal it or wait on it (the traps below, at XNU's numbers),
 * so threads of different tasks can meet on it (bsd_server's pipes).
 *
 * A semaphore belongs to the task that made it (its owner): only the
 * owner's task port destroys it (semaphore_destroy, 3419), and it is
 * destroyed when its owner ends (task_teardown).  Destroyed, its waiters
 * return KERN_TERMINATED and its port dies (send rights become dead
 * names).  Sending its send right elsewhere does not change its owner.
 *
 * A wait is interruptible: thread_abort, or the end of the waiting
 * thread's task, ends it with KERN_ABORTED.  A count is never lost: a
 * signal that picked a waiter is that waiter's even if an abort or its
 * time limit ends its wait at the same moment.
 *
 * Policy: SYNC_POLICY_FIFO wakes the longest waiting thread,
 * SYNC_POLICY_LIFO the newest; SYNC_POLICY_FIXED_PRIORITY is taken as
 * FIFO (this kernel has one priority for user threads' waits).
 *   Locks: a semaphore's lock has rank LOCK_RANK_SEMAPHORE
 *   (kern/lock_order.h): taken with no IPC lock held, before sched_lock;
 *   the owner's task lock is never held with it.
 */
#ifndef _KERN_SYNC_SEMA_H_
#define _KERN_SYNC_SEMA_H_
#include <mach/kern_return.h>
#include "kern/lock.h"
#include "lib/queue.h"
#include "riscv/trap.h"

struct task;
struct ipc_port;

struct semaphore {
	simple_lock_data_t lock;	/* count, policy, active, waiters */
	int		count;		/* >= 0; waiters only while it is 0 */
	int		policy;		/* SYNC_POLICY_FIFO or _LIFO */
	bool		active;		/* false once destroyed */
	bool		linked;		/* on its owner's list (under the owner's lock) */
	uint32_t	refs;		/* atomic: the owner's list's, and one per user */
	struct task	*owner;		/* not referenced: it unlinks us before it goes */
	struct ipc_port	*port;		/* its kernel port (dead once destroyed), referenced */
	queue_head_t	waiters;	/* struct sema_waiter, oldest first */
	queue_chain_t	task_link;	/* in owner->semaphores */
};

/* semaphore_bootstrap: the semaphore zone (at boot, before any task). */
void semaphore_bootstrap(void);

/*
 * semaphore_create_internal: a semaphore of `task' with `policy' and
 * count `value'.
 *   Refs: returns one reference for the caller (the owner's list holds
 *   its own).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no task, a negative
 *   value, an unknown policy); KERN_INVALID_TASK (the task is ending);
 *   KERN_RESOURCE_SHORTAGE.
 *   Locks: none held; takes the task's lock.
 */
kern_return_t semaphore_create_internal(struct task *task, int policy, int value,
					struct semaphore **semp);

/*
 * semaphore_destroy_all: destroy every semaphore `task' made (its end:
 * task_teardown).  Their waiters return KERN_TERMINATED.
 *   Locks: none held; takes the task's lock, each semaphore's, its port's.
 */
void semaphore_destroy_all(struct task *task);

/* semaphore_reference, semaphore_release: references (atomic); the last frees it. */
void semaphore_reference(struct semaphore *s);
void semaphore_release(struct semaphore *s);

/*
 * The traps (a0.. as in XNU's semaphore_*_trap; names are send rights in
 * the caller's space).  Each returns KERN_INVALID_ARGUMENT for a name
 * that is not a live semaphore's send right, and KERN_TERMINATED for one
 * destroyed meanwhile.  Locks: none held.
 */
/* 33 (sem): wake one waiter (the policy's pick), or count one up. */
long semaphore_signal_trap(struct trap_frame *tf);
/* 34 (sem): wake every waiter (the count stays). */
long semaphore_signal_all_trap(struct trap_frame *tf);
/* 35 (sem, thread): wake that thread if it waits here (MACH_PORT_NULL:
 * any one waiter); KERN_NOT_WAITING if none does (nothing counted). */
long semaphore_signal_thread_trap(struct trap_frame *tf);
/* 36 (sem): count one down, waiting while it is 0: KERN_SUCCESS,
 * KERN_TERMINATED (destroyed), KERN_ABORTED (thread_abort, the task's end). */
long semaphore_wait_trap(struct trap_frame *tf);
/* 37 (wait, signal): signal `signal' (an invalid one: nothing done), then wait. */
long semaphore_wait_signal_trap(struct trap_frame *tf);
/* 38 (sem, sec, nsec): wait at most that long (KERN_OPERATION_TIMED_OUT;
 * 0: do not wait); nsec outside 0..999,999,999 is KERN_INVALID_VALUE. */
long semaphore_timedwait_trap(struct trap_frame *tf);
/* 39 (wait, signal, sec, nsec): signal, then wait at most that long. */
long semaphore_timedwait_signal_trap(struct trap_frame *tf);

#endif /* _KERN_SYNC_SEMA_H_ */
