/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The thread interface (<mach/thread_act.defs>): the server routines the
 * kernel's MIG stubs call on a thread port.
 */
#include <mach/thread_info.h>
#include <mach/thread_special_ports.h>
#include "kern/exception.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "kern/task.h"
#include "kern/thread_state.h"
#include "kern/zalloc.h"
#include "ipc/ipc_kobject.h"
#include "thread_actServer.h"

/* A user thread only: kernel threads have no user state to show. */
#define CHECK_USER(th)	do { if (!(th) || !(th)->task) return KERN_INVALID_ARGUMENT; } while (0)

/* thread_terminate: the reference to the thread is ours (thread_act_consume_ref_t). */
kern_return_t
thread_terminate(thread_act_t th)
{
	if (!th)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = th->task ? thread_terminate_internal(th) : KERN_INVALID_ARGUMENT;
	thread_deallocate(th);
	return kr;
}

/*
 * thread_get_state: a user thread's registers of `flavor' (thread_state.h),
 * read while it is stopped off its hart (thread_stop, then thread_unstop).
 *   Refs:    the thread reference is the stub's (released after the call).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no thread, a kernel
 *            thread, a bad flavor or a count too small); KERN_FAILURE
 *            (thread_stop: the thread did not leave its hart in time).
 */
kern_return_t
thread_get_state(thread_act_t th, thread_state_flavor_t flavor, thread_state_t old_state,
		 mach_msg_type_number_t *old_stateCnt)
{
	CHECK_USER(th);
	kern_return_t kr = thread_stop(th);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = thread_state_get(th, flavor, old_state, old_stateCnt);
	thread_unstop(th);
	return kr;
}

/*
 * thread_set_state: set a user thread's registers of `flavor' while it is
 * stopped off its hart; it resumes with them.
 *   Refs:    the thread reference is the stub's.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (as thread_get_state, or
 *            a state thread_state_set refuses); KERN_FAILURE (thread_stop).
 */
kern_return_t
thread_set_state(thread_act_t th, thread_state_flavor_t flavor, thread_state_t new_state,
		 mach_msg_type_number_t new_stateCnt)
{
	CHECK_USER(th);
	kern_return_t kr = thread_stop(th);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = thread_state_set(th, flavor, new_state, new_stateCnt);
	thread_unstop(th);
	return kr;
}

/* act_get_state: GNU Mach's name for thread_get_state (the same contract). */
kern_return_t
act_get_state(thread_act_t th, int flavor, thread_state_t old_state,
	      mach_msg_type_number_t *old_stateCnt)
{
	return thread_get_state(th, flavor, old_state, old_stateCnt);
}

/* act_set_state: GNU Mach's name for thread_set_state (the same contract). */
kern_return_t
act_set_state(thread_act_t th, int flavor, thread_state_t new_state,
	      mach_msg_type_number_t new_stateCnt)
{
	return thread_set_state(th, flavor, new_state, new_stateCnt);
}

/*
 * thread_suspend: raise a user thread's suspend count; as in Mach, unless
 * it is the caller, the thread has left its hart when the call returns
 * (waited for up to about a second: thread_wait_off_cpu).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no thread, a kernel
 *            thread); what thread_suspend_internal returns.  A thread that
 *            does not leave its hart in time is still reported suspended.
 */
kern_return_t
thread_suspend(thread_act_t th)
{
	CHECK_USER(th);
	kern_return_t kr = thread_suspend_internal(th);
	/* As in Mach, it has stopped when the call returns (unless it is the caller). */
	if (kr == KERN_SUCCESS && th != current_thread())
		thread_wait_off_cpu(th);
	return kr;
}

/*
 * thread_resume: lower a user thread's suspend count; it runs again when
 * the count reaches 0 (and its task is not held).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; KERN_FAILURE when the
 *            count is already 0 (thread_resume_internal).
 */
kern_return_t
thread_resume(thread_act_t th)
{
	CHECK_USER(th);
	return thread_resume_internal(th);
}

/*
 * thread_abort: mark a user thread aborted and end an interruptible wait
 * it is in with THREAD_INTERRUPTED (thread_abort_internal).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT.
 */
kern_return_t
thread_abort(thread_act_t th)
{
	CHECK_USER(th);
	return thread_abort_internal(th);
}

/* thread_abort_safely: the same as thread_abort (no restartable state is kept). */
kern_return_t
thread_abort_safely(thread_act_t th)
{
	return thread_abort(th);
}

/*
 * thread_depress_abort: priorities are never depressed here, so nothing to do.
 *   Returns: KERN_NOT_DEPRESSED for a user thread; KERN_INVALID_ARGUMENT.
 */
kern_return_t
thread_depress_abort(thread_act_t th)
{
	/* Priorities are never depressed in this kernel: nothing to undo. */
	CHECK_USER(th);
	return KERN_NOT_DEPRESSED;
}

/*
 * thread_get_special_port: THREAD_KERNEL_PORT, the thread's own port.
 *   Refs:    produces a send right for the reply (IP_NULL if the thread
 *            has no port any more).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (another `which', no
 *            thread, a kernel thread).
 */
kern_return_t
thread_get_special_port(thread_act_t th, int which, ipc_port_t *special_port)
{
	CHECK_USER(th);
	if (which != THREAD_KERNEL_PORT)
		return KERN_INVALID_ARGUMENT;
	*special_port = th->ith_self ? ipc_port_make_send(th->ith_self) : IP_NULL;
	return KERN_SUCCESS;
}

/*
 * thread_set_special_port: there is no thread special port a task may set.
 *   Refs:    keeps nothing (the request's right is released with it).
 *   Returns: KERN_INVALID_ARGUMENT always.
 */
kern_return_t
thread_set_special_port(thread_act_t th, int which, ipc_port_t special_port)
{
	(void)which, (void)special_port;
	CHECK_USER(th);
	/* The kernel port is the kernel's own; there are no other thread special ports. */
	return KERN_INVALID_ARGUMENT;
}

/*
 * thread_info: THREAD_BASIC_INFO (run state from the scheduler's state
 * bits, suspend count) or THREAD_IDENTIFIER_INFO (the thread's id), for
 * kernel threads too.
 *   Locks:   takes sched_lock to read the state.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no thread, another
 *            flavor, `*count' too small).
 */
kern_return_t
thread_info(thread_act_t th, thread_flavor_t flavor, thread_info_t out,
	    mach_msg_type_number_t *count)
{
	if (!th)
		return KERN_INVALID_ARGUMENT;
	if (flavor == THREAD_IDENTIFIER_INFO) {
		if (*count < THREAD_IDENTIFIER_INFO_COUNT)
			return KERN_INVALID_ARGUMENT;
		thread_identifier_info_data_t *ii = (thread_identifier_info_data_t *)out;
		memset(ii, 0, sizeof(*ii));
		ii->thread_id = th->id;
		*count = THREAD_IDENTIFIER_INFO_COUNT;
		return KERN_SUCCESS;
	}
	if (flavor != THREAD_BASIC_INFO || *count < THREAD_BASIC_INFO_COUNT)
		return KERN_INVALID_ARGUMENT;
	thread_basic_info_data_t *bi = (thread_basic_info_data_t *)out;
	memset(bi, 0, sizeof(*bi));
	simple_lock(&sched_lock);
	int state = th->state;
	simple_unlock(&sched_lock);
	if (state & TH_TERMINATE)
		bi->run_state = TH_STATE_HALTED;
	else if (state & TH_SUSP)
		bi->run_state = TH_STATE_STOPPED;
	else if (state & TH_WAIT)
		bi->run_state = (state & TH_UNINT) ? TH_STATE_UNINTERRUPTIBLE : TH_STATE_WAITING;
	else
		bi->run_state = TH_STATE_RUNNING;
	bi->suspend_count = th->suspend_count;
	bi->policy = 1;		/* POLICY_TIMESHARE */
	*count = THREAD_BASIC_INFO_COUNT;
	return KERN_SUCCESS;
}

/* The thread's table of actions, made on first use.  Task locked. */
static struct exception_action *
thread_actions(thread_t th)
{
	if (!th->exc_actions)
		th->exc_actions = exception_actions_alloc();
	return th->exc_actions;
}

/*
 * thread_set_exception_ports: the thread's action for each exception of
 * `mask' becomes (new_port, behavior, new_flavor); its table of actions is
 * made on first use.
 *   Locks:   takes the task's lock.
 *   Refs:    keeps the lent send right `new_port' (copies for each further
 *            exception of the mask) and releases the rights it replaces,
 *            if it succeeds.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (a kernel thread, a bad
 *            mask or behavior); KERN_RESOURCE_SHORTAGE (no table).
 */
kern_return_t
thread_set_exception_ports(thread_act_t th, exception_mask_t mask, ipc_port_t new_port,
			   exception_behavior_t behavior, thread_state_flavor_t new_flavor)
{
	CHECK_USER(th);
	if (!exception_args_ok(mask, behavior))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&th->task->lock);
	struct exception_action *actions = thread_actions(th);
	if (!actions) {
		simple_unlock(&th->task->lock);
		return KERN_RESOURCE_SHORTAGE;
	}
	exception_actions_set(actions, mask, new_port, behavior, new_flavor);
	simple_unlock(&th->task->lock);
	return KERN_SUCCESS;
}

/*
 * thread_get_exception_ports: the thread's actions among `mask', one entry
 * per distinct action (none if it has no table yet).
 *   Locks:   takes the task's lock.
 *   Refs:    produces a send right for each handler returned.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT.
 */
kern_return_t
thread_get_exception_ports(thread_act_t th, exception_mask_t mask, exception_mask_array_t masks,
			   mach_msg_type_number_t *masksCnt, exception_handler_array_t old_handlers,
			   exception_behavior_array_t old_behaviors,
			   exception_flavor_array_t old_flavors)
{
	CHECK_USER(th);
	if (mask & ~EXC_MASK_ALL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&th->task->lock);
	struct exception_action none[EXC_TYPES_COUNT];
	memset(none, 0, sizeof(none));
	exception_actions_get(th->exc_actions ? th->exc_actions : none, mask, masks, masksCnt,
			      old_handlers, old_behaviors, old_flavors);
	simple_unlock(&th->task->lock);
	return KERN_SUCCESS;
}

/*
 * thread_swap_exception_ports: thread_get_exception_ports, then
 * thread_set_exception_ports.  The two take the task's lock separately, so
 * unlike task_swap_exception_ports the swap is not atomic.
 *   Refs, Returns: those of the two calls.
 */
kern_return_t
thread_swap_exception_ports(thread_act_t th, exception_mask_t mask, ipc_port_t new_port,
			    exception_behavior_t behavior, thread_state_flavor_t new_flavor,
			    exception_mask_array_t masks, mach_msg_type_number_t *masksCnt,
			    exception_handler_array_t old_handlers,
			    exception_behavior_array_t old_behaviors,
			    exception_flavor_array_t old_flavors)
{
	kern_return_t kr = thread_get_exception_ports(th, mask, masks, masksCnt, old_handlers,
						      old_behaviors, old_flavors);
	if (kr == KERN_SUCCESS)
		kr = thread_set_exception_ports(th, mask, new_port, behavior, new_flavor);
	return kr;
}
