/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tasks: an address space (vm_map), an IPC space, and the threads that run
 * in them.  A task is named from user space by its task port, a kernel
 * object port (IKOT_TASK) whose receive right the kernel holds.
 *   State: active until task_terminate; then its threads end, its space
 *   and map are torn down by the last thread to leave (or at once if it
 *   has none), and the struct goes with the last reference.
 *   Locks: task->lock covers the thread list, counts, special ports and
 *   `active'.  It is taken before sched_lock and before any IPC lock.
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

void task_bootstrap(void);
/*
 * task_create_internal: a new task with an empty address space and IPC
 * space, no threads, inheriting the parent's special ports (bootstrap,
 * exception, syscall) if there is a parent.
 *   Refs:    returns one reference for the caller.
 *   Returns: KERN_SUCCESS, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t task_create_internal(task_t parent, const char *name, task_t *taskp);
void task_reference(task_t task);
void task_deallocate(task_t task);
/* task_terminate_internal: end every thread and free the task's resources. */
kern_return_t task_terminate_internal(task_t task);

/*
 * thread_create_user: a new thread in `task', suspended once (as Mach's
 * thread_create), that will start in user mode at `pc' with stack `sp'.
 *   Refs:    returns one reference for the caller.
 */
kern_return_t thread_create_user(task_t task, uintptr_t pc, uintptr_t sp, thread_t *threadp);
kern_return_t thread_suspend_internal(thread_t th);
kern_return_t thread_resume_internal(thread_t th);

kern_return_t thread_terminate_internal(thread_t th);
kern_return_t thread_abort_internal(thread_t th);
void thread_request_termination(thread_t th);	/* task locked */
/* thread_wait_off_cpu: wait (up to about a second) until `th' runs on no hart. */
bool thread_wait_off_cpu(thread_t th);
/* thread_stop: suspend `th' and wait until it is off its hart (for its state). */
kern_return_t thread_stop(thread_t th);
void thread_unstop(thread_t th);
/* task_wait_gone: wait (at most `ms') until a terminated task has no threads left. */
bool task_wait_gone(task_t task, uint64_t ms);
kern_return_t task_hold(task_t task);		/* task_suspend */
kern_return_t task_release(task_t task);	/* task_resume */
void task_threads_apply(task_t task, kern_return_t (*fn)(thread_t));

/* current_task: the task of the thread running on this hart (NULL: a kernel thread's). */
static inline task_t
current_task(void)
{
	return current_thread()->task;
}
size_t task_count(void);

#endif /* _KERN_TASK_H_ */
