/* SPDX-License-Identifier: BSD-2-Clause */
/* Tasks and their user threads: creation, suspension, termination (see kern/task.h). */
#include "kern/trace.h"
#include "kern/task.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/sync_sema.h"
#include "lib/string.h"
#include "kern/zalloc.h"
#include "riscv/cpu.h"
#include "riscv/csr.h"
#include "riscv/intr.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_budget.h"
#include "kern/unix_syscall.h"

static struct zone task_zone;
static uint64_t next_task_id = 1;

void
task_bootstrap(void)
{
	zone_init(&task_zone, "tasks", sizeof(struct task), 0);
}

size_t task_count(void) { return task_zone.in_use; }

void
task_reference(task_t task)
{
	__atomic_fetch_add(&task->ref_count, 1, __ATOMIC_RELAXED);
}

void
task_deallocate(task_t task)
{
	if (!task || __atomic_sub_fetch(&task->ref_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	assert(!task->active && task->thread_count == 0);
	task_list_remove(task);
	ipc_budget_release(task->itk_budget);	/* kmsgs still charged keep it */
	zfree(&task_zone, task);
}

kern_return_t
task_create_internal(task_t parent, const char *name, task_t *taskp)
{
	task_t task = zalloc(&task_zone);

	if (!task)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock_init(&task->lock, "task", LOCK_RANK_TASK);
	queue_init(&task->threads);
	queue_init(&task->semaphores);
	task->ref_count = 1;
	task->id = __atomic_fetch_add(&next_task_id, 1, __ATOMIC_RELAXED);
	strlcpy(task->name, name, sizeof(task->name));
	if (trace_on())
		trace_task_created(task);
	task->itk_budget = ipc_budget_create(parent && parent->itk_budget
					     ? __atomic_load_n(&parent->itk_budget->limit,
							       __ATOMIC_RELAXED)
					     : ipc_budget_default);
	if (!task->itk_budget)
		goto fail;
	task->map = vm_map_create();
	if (!task->map)
		goto fail_budget;
	if (ipc_space_create(&task->itk_space) != KERN_SUCCESS)
		goto fail_map;
	task->itk_space->is_task = task;
	task->itk_self = ipc_port_create();
	if (!task->itk_self)
		goto fail_space;
	/* The kernel holds the receive right of a kernel object's port. */
	task->itk_self->ip_receiver = ipc_space_kernel;
	ipc_port_set_kobject(task->itk_self, IKOT_TASK, task);
	task_reference(task);		/* the port's */
	if (parent) {
		simple_lock(&parent->lock);
		task->itk_bootstrap = ipc_port_copy_send(parent->itk_bootstrap);
		task->itk_exception = ipc_port_copy_send(parent->itk_exception);
		task->itk_syscall = ipc_port_copy_send(parent->itk_syscall);
		for (int i = 0; i < TASK_PORT_REGISTER_MAX; i++)
			task->itk_registered[i] = ipc_port_copy_send(parent->itk_registered[i]);
		task->sec_token = parent->sec_token;
		simple_unlock(&parent->lock);
	}
	task->active = true;
	task_list_insert(task);
	*taskp = task;
	return KERN_SUCCESS;

fail_space:
	ipc_space_terminate(task->itk_space);
	ipc_space_release(task->itk_space);
fail_map:
	vm_map_deallocate(task->map);
fail_budget:
	ipc_budget_release(task->itk_budget);
fail:
	zfree(&task_zone, task);
	return KERN_RESOURCE_SHORTAGE;
}

/*
 * task_teardown: free what an inactive task with no threads holds: its
 * port (it dies: senders get dead names), IPC space, address space and
 * special ports.
 */
static void
task_teardown(task_t task)
{
	task_list_remove(task);
	semaphore_destroy_all(task);		/* their waiters, in any task, are told */
	ipc_port_t self = task->itk_self;
	task->itk_self = IP_NULL;
	if (self) {
		ipc_port_set_kobject(self, IKOT_NONE, NULL);
		ip_lock(self);
		ipc_port_destroy(self);
		task_deallocate(task);		/* the port's reference */
	}
	ipc_port_release_send(task->itk_bootstrap);
	ipc_port_release_send(task->itk_exception);
	ipc_port_release_send(task->itk_syscall);
	for (int i = 0; i < TASK_PORT_REGISTER_MAX; i++) {
		ipc_port_release_send(task->itk_registered[i]);
		task->itk_registered[i] = IP_NULL;
	}
	exception_actions_release(task->exc_actions);
	task->itk_bootstrap = task->itk_exception = task->itk_syscall = IP_NULL;
	ipc_space_terminate(task->itk_space);
	ipc_space_release(task->itk_space);
	task->itk_space = NULL;
	vm_map_deallocate(task->map);
	task->map = NULL;
	simple_lock(&task->lock);
	task->torn_down = true;
	simple_unlock(&task->lock);
	thread_wakeup((event_t)task);		/* whoever waits for the task to end */
}

/* Make `th' leave what it is doing and end at its next chance.  Task locked. */
void
thread_request_termination(thread_t th)
{
	th->terminate_requested = true;
	simple_lock(&sched_lock);
	if (th->state & TH_SUSP) {
		th->state &= ~TH_SUSP;
		if ((th->state & TH_RUN) && !th->on_cpu && !th->on_runq)
			thread_setrun_locked(th);
	}
	if ((th->state & TH_WAIT) && !(th->state & TH_UNINT))
		clear_wait_locked(th, THREAD_INTERRUPTED);
	/* Running in user mode on another hart: make it trap and look. */
	if (th->on_cpu && th->last_cpu != cpu_number())
		cpu_send_ipi(th->last_cpu, IPI_RESCHED);
	simple_unlock(&sched_lock);
}

/* Print each thread `task' still has (sched_thread_report), for a task that does not end. */
static void
task_report_threads(task_t task)
{
	simple_lock(&task->lock);
	queue_chain_t *q;
	queue_iterate(&task->threads, q)
		sched_thread_report(queue_entry_owner(q, struct thread, task_threads));
	simple_unlock(&task->lock);
}

kern_return_t
task_terminate_internal(task_t task)
{
	simple_lock(&task->lock);
	if (!task->active) {
		simple_unlock(&task->lock);
		return KERN_FAILURE;
	}
	task->active = false;
	queue_chain_t *q;
	queue_iterate(&task->threads, q)
		thread_request_termination(queue_entry_owner(q, struct thread, task_threads));
	bool no_threads = task->thread_count == 0;
	simple_unlock(&task->lock);
	/* With threads, the last one to leave tears the task down. */
	if (no_threads) {
		task_teardown(task);
		return KERN_SUCCESS;
	}
	/*
	 * From outside the task: return once it is gone, as GNU Mach and XNU
	 * do (a bounded wait: a thread stuck uninterruptibly is reported).
	 */
	if (current_task() != task && !task_wait_gone(task, 2000)) {
		printf("task_terminate: task %s (%lu) still has threads after 2 s\n",
		       task->name, task->id);
		task_report_threads(task);
	}
	return KERN_SUCCESS;
}

bool
task_wait_gone(task_t task, uint64_t ms)
{
	uint64_t deadline = sched_deadline_ms(ms);

	simple_lock(&task->lock);
	while (!task->torn_down) {
		assert_wait_deadline((event_t)task, false, deadline);
		simple_unlock(&task->lock);
		if (thread_block() == THREAD_TIMED_OUT)
			return false;
		simple_lock(&task->lock);
	}
	simple_unlock(&task->lock);
	return true;
}

/* ---- user threads ---- */

/*
 * A user thread's first kernel code: go to user mode through its frame,
 * unless it was suspended or terminated before it first ran.
 */
static void
thread_enter_user(void *arg)
{
	thread_t self = current_thread();

	(void)arg;
	thread_user_ast();
	intr_off();
	trap_return(self->user_frame);
}

kern_return_t
thread_create_user(task_t task, uintptr_t pc, uintptr_t sp, thread_t *threadp)
{
	thread_t th = kernel_thread_alloc(task->name, BASEPRI_DEFAULT);

	if (!th)
		return KERN_RESOURCE_SHORTAGE;
	th->task = task;
	th->pmap = &task->map->pmap;
	th->start = thread_enter_user;
	struct trap_frame *tf = (struct trap_frame *)(th->kstack_top - sizeof(*tf));
	memset(tf, 0, sizeof(*tf));
	tf->sepc = pc;
	tf->sp = sp;
	/* U-mode, interrupts on there, FP off until first used (riscv/fpu.c). */
	tf->sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_FS |
					     SSTATUS_SUM)) | SSTATUS_SPIE;
	th->user_frame = tf;
	/* Kernel work before entering user mode starts below the frame. */
	th->context.sp = (uint64_t)tf;
	th->ith_self = ipc_port_create();
	if (!th->ith_self) {
		kernel_thread_free(th);
		return KERN_RESOURCE_SHORTAGE;
	}
	th->ith_self->ip_receiver = ipc_space_kernel;
	ipc_port_set_kobject(th->ith_self, IKOT_THREAD, th);

	simple_lock(&task->lock);
	if (!task->active) {
		simple_unlock(&task->lock);
		ip_lock(th->ith_self);
		ipc_port_destroy(th->ith_self);
		kernel_thread_free(th);
		return KERN_FAILURE;
	}
	enqueue_tail(&task->threads, &th->task_threads);
	task->thread_count++;
	task_reference(task);		/* the thread's */
	/* Created suspended, as thread_create; once more while its task is. */
	th->suspend_count = 1 + (task->suspend_count > 0);
	th->suspended = true;
	th->state = TH_RUN | TH_SUSP;
	th->ref_count = 3;		/* the caller's, the scheduler's and the port's */
	simple_unlock(&task->lock);
	*threadp = th;
	return KERN_SUCCESS;
}

kern_return_t
thread_suspend_internal(thread_t th)
{
	task_t task = th->task;

	if (!task)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	if (th->terminate_requested) {
		simple_unlock(&task->lock);
		return KERN_TERMINATED;
	}
	if (th->suspend_count++ == 0) {
		__atomic_store_n(&th->suspended, true, __ATOMIC_RELAXED);
		simple_lock(&sched_lock);
		if (th->on_cpu && th != current_thread()) {
			/* It stops at its next return to user mode (ast_user_return). */
			cpu_send_ipi(th->last_cpu, IPI_RESCHED);
		} else if (th != current_thread()) {
			th->state |= TH_SUSP;
			if (th->on_runq) {
				queue_remove(&th->links);
				sched_runq_removed(th);
			}
		}
		simple_unlock(&sched_lock);
	}
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

kern_return_t
thread_resume_internal(thread_t th)
{
	task_t task = th->task;

	if (!task)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	if (th->suspend_count == 0) {
		simple_unlock(&task->lock);
		return KERN_FAILURE;
	}
	if (--th->suspend_count == 0) {
		__atomic_store_n(&th->suspended, false, __ATOMIC_RELAXED);
		simple_lock(&sched_lock);
		if (th->state & TH_SUSP) {
			th->state &= ~TH_SUSP;
			if ((th->state & (TH_RUN | TH_WAIT)) == TH_RUN && !th->on_cpu && !th->on_runq)
				thread_setrun_locked(th);
		}
		simple_unlock(&sched_lock);
	}
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

/*
 * thread_user_ast: on the way back to user mode: end the thread if its
 * task is ending, stop it while it is suspended.
 */
void
thread_user_ast(void)
{
	thread_t self = current_thread();
	task_t task = self->task;

	if (!task)
		return;
	if (self->terminate_requested)
		thread_terminate_user_self();
	/* thread_abort stops kernel operations: one that found none is forgotten here. */
	if (__atomic_load_n(&self->aborted, __ATOMIC_RELAXED))
		__atomic_store_n(&self->aborted, false, __ATOMIC_RELAXED);
	/* The common case, without the lock: a stale 0 is caught at the next return. */
	if (!__atomic_load_n(&self->suspended, __ATOMIC_RELAXED))
		return;
	simple_lock(&task->lock);
	if (self->suspend_count > 0) {
		simple_lock(&sched_lock);
		self->state |= TH_SUSP;
		simple_unlock(&sched_lock);
		simple_unlock(&task->lock);
		thread_block();
		if (self->terminate_requested)
			thread_terminate_user_self();
		return;
	}
	simple_unlock(&task->lock);
}

/*
 * thread_terminate_user_self: a user thread ends.  It leaves its task
 * (the last one out tears the task down), then the scheduler reaps it.
 */
void
thread_terminate_user_self(void)
{
	thread_t self = current_thread();
	task_t task = self->task;

	/* Counted as dying before its port dies: a joiner that sees the dead name counts it gone. */
	sched_terminating();
	/* Its ports die now, outside the scheduler's lock (the lock order). */
	ipc_port_t port = self->ith_self;
	self->ith_self = IP_NULL;
	if (port) {
		ipc_port_set_kobject(port, IKOT_NONE, NULL);
		ip_lock(port);
		ipc_port_destroy(port);
		thread_deallocate(self);	/* the port's reference */
	}
	if (self->ith_rpc_reply) {
		ip_lock(self->ith_rpc_reply);
		ipc_port_destroy(self->ith_rpc_reply);
		self->ith_rpc_reply = IP_NULL;
	}
	unix_serve_thread_end(self);		/* a call it served in registers */
	if (self->ith_syscall_port) {
		ipc_port_release(self->ith_syscall_port);	/* unix_fast's copy */
		self->ith_syscall_port = IP_NULL;
	}
	simple_lock(&task->lock);
	struct exception_action *actions = self->exc_actions;
	self->exc_actions = NULL;
	simple_unlock(&task->lock);
	exception_actions_free(actions);

	simple_lock(&task->lock);
	queue_remove(&self->task_threads);
	bool last = --task->thread_count == 0 && !task->active;
	simple_unlock(&task->lock);
	/* Leave the address space before it can go. */
	self->pmap = kernel_pmap;
	pmap_activate_kernel();
	if (last)
		task_teardown(task);
	self->task = NULL;
	task_deallocate(task);
	thread_terminate_self();
}

kern_return_t
thread_terminate_internal(thread_t th)
{
	task_t task = th->task;

	if (!task)
		return KERN_INVALID_ARGUMENT;
	/*
	 * As in XNU, a thread ending itself gets its reply first: it ends on
	 * its way back to user mode (thread_user_ast).
	 */
	simple_lock(&task->lock);
	bool self = th == current_thread();
	if (self)
		th->terminate_requested = true;
	else
		thread_request_termination(th);
	simple_unlock(&task->lock);
	/* Another thread: return once it is gone (as GNU Mach waits for the halt). */
	if (!self)
		thread_join_timeout(th, 1000);
	return KERN_SUCCESS;
}

kern_return_t
thread_abort_internal(thread_t th)
{
	simple_lock(&sched_lock);
	th->aborted = true;
	if ((th->state & TH_WAIT) && !(th->state & TH_UNINT))
		clear_wait_locked(th, THREAD_INTERRUPTED);
	simple_unlock(&sched_lock);
	return KERN_SUCCESS;
}

bool
thread_wait_off_cpu(thread_t th)
{
	for (int i = 0; i < 1000; i++) {
		simple_lock(&sched_lock);
		bool off = !th->on_cpu;
		simple_unlock(&sched_lock);
		if (off)
			return true;
		thread_sleep_ms(1);
	}
	return false;
}

kern_return_t
thread_stop(thread_t th)
{
	if (th == current_thread())
		return KERN_SUCCESS;
	kern_return_t kr = thread_suspend_internal(th);
	if (kr != KERN_SUCCESS)
		return kr;
	/* Its registers must be in its frame, not on a hart. */
	if (thread_wait_off_cpu(th))
		return KERN_SUCCESS;
	thread_resume_internal(th);
	return KERN_FAILURE;
}

void
thread_unstop(thread_t th)
{
	if (th != current_thread())
		thread_resume_internal(th);
}

kern_return_t
task_hold(task_t task)
{
	simple_lock(&task->lock);
	if (!task->active) {
		simple_unlock(&task->lock);
		return KERN_FAILURE;
	}
	bool first = task->suspend_count++ == 0;
	simple_unlock(&task->lock);
	if (first)
		task_threads_apply(task, thread_suspend_internal);
	return KERN_SUCCESS;
}

kern_return_t
task_release(task_t task)
{
	simple_lock(&task->lock);
	if (!task->active || task->suspend_count == 0) {
		simple_unlock(&task->lock);
		return KERN_FAILURE;
	}
	bool last = --task->suspend_count == 0;
	simple_unlock(&task->lock);
	if (last)
		task_threads_apply(task, thread_resume_internal);
	return KERN_SUCCESS;
}

/* Call fn on each thread of the task (without the task lock held during fn). */
void
task_threads_apply(task_t task, kern_return_t (*fn)(thread_t))
{
	thread_t list[64];
	unsigned n = 0;
	queue_chain_t *q;

	simple_lock(&task->lock);
	queue_iterate(&task->threads, q) {
		if (n == 64)
			break;
		thread_t th = queue_entry_owner(q, struct thread, task_threads);
		thread_reference(th);
		list[n++] = th;
	}
	simple_unlock(&task->lock);
	for (unsigned i = 0; i < n; i++) {
		fn(list[i]);
		thread_deallocate(list[i]);
	}
}
