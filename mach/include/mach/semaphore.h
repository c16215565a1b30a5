/* SPDX-License-Identifier: BSD-2-Clause */
/* <mach/semaphore.h>: Mach's counting semaphores, with XNU's names,
 * arguments and returns: kernel objects (mach/kern/sync_sema.h) named by
 * send rights.  The task that makes one owns it (only it destroys it, and
 * its end destroys it); any task given a send right may signal and wait. */
#ifndef _MACH_SEMAPHORE_H_
#define _MACH_SEMAPHORE_H_
#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/clock_types.h>
#include <mach/sync_policy.h>

/* A semaphore of value `value' (>= 0) owned by `task'; a send right to it.
 * KERN_INVALID_ARGUMENT (a negative value, a bad policy, not a task),
 * KERN_RESOURCE_SHORTAGE. */
kern_return_t semaphore_create(task_t task, semaphore_t *semaphore, int policy, int value);
/* Destroy it (the send right is consumed); its waiters return
 * KERN_TERMINATED.  KERN_INVALID_ARGUMENT (not a semaphore `task' owns). */
kern_return_t semaphore_destroy(task_t task, semaphore_t semaphore);
/* Wake one waiter, or count one up when none waits. */
kern_return_t semaphore_signal(semaphore_t semaphore);
/* Wake every waiter (the count stays). */
kern_return_t semaphore_signal_all(semaphore_t semaphore);
/* Wake `thread' if it waits on it (KERN_NOT_WAITING otherwise);
 * THREAD_NULL: as semaphore_signal, but KERN_NOT_WAITING when none waits. */
kern_return_t semaphore_signal_thread(semaphore_t semaphore, thread_t thread);
/* Count one down, waiting while the count is 0.  KERN_SUCCESS,
 * KERN_TERMINATED (destroyed while waiting), KERN_ABORTED (thread_abort),
 * KERN_INVALID_ARGUMENT. */
kern_return_t semaphore_wait(semaphore_t semaphore);
/* As semaphore_wait, for at most wait_time: KERN_OPERATION_TIMED_OUT
 * (at once when wait_time is 0); KERN_INVALID_VALUE for a bad time. */
kern_return_t semaphore_timedwait(semaphore_t semaphore, mach_timespec_t wait_time);
/* Signal signal_semaphore, then wait on wait_semaphore (one trap). */
kern_return_t semaphore_wait_signal(semaphore_t wait_semaphore, semaphore_t signal_semaphore);
kern_return_t semaphore_timedwait_signal(semaphore_t wait_semaphore,
                                         semaphore_t signal_semaphore,
                                         mach_timespec_t wait_time);

#endif /* _MACH_SEMAPHORE_H_ */
