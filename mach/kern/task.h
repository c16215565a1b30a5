/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tasks: an address space (vm_map), an IPC space, and the threads that run
 * in them.  A task is named from user space by its task port, a kernel
 * object port (IKOT_TASK) whose receive right the kernel holds.
 *   State: active until task_terminate; then its threads end, its space
 *   and map are torn down by the last thread to leave (or at once if it
 *   has none), and the struct goes with the last reference.
 *   Locks: task->lock covers the thread list, counts, special ports and
 *   `active'.  It is taken before sched_lock and before any IPC lock
 *   (kern/lock_order.h).
 */
#ifndef _KERN_TASK_H_
#define _KERN_TASK_H_
#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include "kern/lock.h"
#include "lib/queue.h"
#include "kern/thread.h"
#include "kern/sched.h"
#include "kern/exception.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "vm/vm_map.h"

/* How many ports mach_ports_register keeps (Mach's number). */
#define TASK_PORT_REGISTER_MAX	3

struct task {
	simple_lock_data_t lock;
	uint32_t	ref_count;		/* atomic */
	bool		active;
	vm_map_t	map;
	ipc_space_t	itk_space;
	queue_head_t	threads;		/* struct thread, through task_threads */
	unsigned	thread_count;
	int		suspend_count;

	ipc_port_t	itk_self;		/* the task port (kernel receive right) */
	ipc_port_t	itk_bootstrap;		/* send rights, or IP_NULL */
	ipc_port_t	itk_exception;
	ipc_port_t	itk_syscall;		/* the Unix system-call port */
	ipc_port_t	itk_registered[TASK_PORT_REGISTER_MAX];	/* mach_ports_register: send rights */
	struct exception_action exc_actions[EXC_TYPES_COUNT];

	bool		ended_by_exception;	/* an unhandled exception ended it */
	bool		torn_down;		/* its space and map are gone (task_teardown) */
	security_token_t sec_token __attribute__((aligned(8)));	/* one 64-bit store changes it */
	struct ipc_budget *itk_budget;		/* kernel memory in its messages (ipc/ipc_budget.h) */
	uint64_t	id;
	char		name[32];
	bool		trace_traced;		/* its threads' work is traced (kern/trace.h) */
	uint32_t	trace_epoch;		/* the trace that has its name already */
	queue_chain_t	all_tasks_link;		/* all_tasks (kern/task_list.c), under tasks_lock */
	queue_head_t	semaphores;		/* those it made (kern/sync_sema.h), under lock */
};

typedef struct task *task_t;

/*
 * Every task from its creation until it is torn down, oldest first
 * (kern/task_list.c): host_tasks, and the debugger's `mach-tasks'.
 *   Locks: tasks_lock covers the list; it is taken before any task's lock.
 */
extern queue_head_t all_tasks;
void task_list_insert(task_t task);
void task_list_remove(task_t task);	/* idempotent */
/* task_list_untrace_all: no task is traced any more (kern/trace.c's trace_stop). */
void task_list_untrace_all(void);
#define TASK_NULL	((task_t)0)

/* task_bootstrap: the task zone (once, at boot, before the first task). */
void task_bootstrap(void);
/*
 * task_create_internal: a new task with an empty address space and IPC
 * space, no threads, inheriting the parent's special ports (bootstrap,
 * exception, syscall) if there is a parent.
 *   Refs:    returns one reference for the caller.
 *   Returns: KERN_SUCCESS, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t task_create_internal(task_t parent, const char *name, task_t *taskp);
/* task_reference: one more reference to `task' (atomic; no lock). */
void task_reference(task_t task);
/*
 * task_deallocate: drop one reference; the last one (the task terminated
 * and without threads by then) takes it off the task list, releases its
 * IPC budget and frees it.  NULL is ignored.
 *   Locks:   none held; the last reference takes tasks_lock.
 */
void task_deallocate(task_t task);
/* task_terminate_internal: end every thread and free the task's resources. */
kern_return_t task_terminate_internal(task_t task);

/*
 * thread_create_user: a new thread in `task', suspended once (as Mach's
 * thread_create), that will start in user mode at `pc' with stack `sp'.
 *   Refs:    returns one reference for the caller.
 */
kern_return_t thread_create_user(task_t task, uintptr_t pc, uintptr_t sp, thread_t *threadp);
/*
 * thread_suspend_internal: raise a user thread's suspend count; on the
 * first suspension it stops: at once if it is off its hart (taken off the
 * run queue), at its next return to user mode if it runs (an IPI asks).
 * Does not wait for it to stop (thread_stop does).
 *   Locks:   takes the task's lock, then sched_lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (a kernel thread);
 *            KERN_TERMINATED (termination requested).
 */
kern_return_t thread_suspend_internal(thread_t th);
/*
 * thread_resume_internal: lower a user thread's suspend count; at 0 it is
 * made runnable again if it was runnable when suspended.
 *   Locks:   takes the task's lock, then sched_lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (a kernel thread);
 *            KERN_FAILURE (the count is already 0).
 */
kern_return_t thread_resume_internal(thread_t th);

/*
 * thread_terminate_internal: end a user thread.  Another thread is asked
 * to end (thread_request_termination) and waited for up to 1 s; the
 * current thread ends on its way back to user mode, after its reply.
 *   Locks:   takes the task's lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (a kernel thread).
 */
kern_return_t thread_terminate_internal(thread_t th);
/*
 * thread_abort_internal: mark `th' aborted and end an interruptible wait
 * it is in with THREAD_INTERRUPTED (an uninterruptible one is left alone).
 *   Locks:   takes sched_lock.
 *   Returns: KERN_SUCCESS always.
 */
kern_return_t thread_abort_internal(thread_t th);
void thread_request_termination(thread_t th);	/* task locked */
/* thread_wait_off_cpu: wait (up to about a second) until `th' runs on no hart. */
bool thread_wait_off_cpu(thread_t th);
/* thread_stop: suspend `th' and wait until it is off its hart (for its state). */
kern_return_t thread_stop(thread_t th);
/* thread_unstop: undo a successful thread_stop (resume, unless `th' is the caller). */
void thread_unstop(thread_t th);
/* task_wait_gone: wait (at most `ms') until a terminated task has no threads left. */
bool task_wait_gone(task_t task, uint64_t ms);
/*
 * task_hold: raise the task's suspend count; the first hold suspends each
 * thread (task_threads_apply: see its limit); threads created while held
 * start suspended once more.  Does not wait for them to stop.
 *   Locks:   takes the task's lock (dropped before the threads are visited).
 *   Returns: KERN_SUCCESS; KERN_FAILURE (the task is terminated).
 */
kern_return_t task_hold(task_t task);		/* task_suspend */
/*
 * task_release: lower the task's suspend count; the last release resumes
 * each thread once.
 *   Returns: KERN_SUCCESS; KERN_FAILURE (not held, or terminated).
 */
kern_return_t task_release(task_t task);	/* task_resume */
/*
 * task_threads_apply: call fn on each of the task's threads, each held by
 * a reference and with the task's lock dropped during fn.  Visits at most
 * the first 64 threads.
 */
void task_threads_apply(task_t task, kern_return_t (*fn)(thread_t));

/* current_task: the task of the thread running on this hart (NULL: a kernel thread's). */
static inline task_t
current_task(void)
{
	return current_thread()->task;
}
/* task_count: tasks in existence (not yet freed), for leak checks and object counts. */
size_t task_count(void);

#endif /* _KERN_TASK_H_ */
