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

kern_return_t
act_get_state(thread_act_t th, int flavor, thread_state_t old_state,
	      mach_msg_type_number_t *old_stateCnt)
{
	return thread_get_state(th, flavor, old_state, old_stateCnt);
}

kern_return_t
act_set_state(thread_act_t th, int flavor, thread_state_t new_state,
	      mach_msg_type_number_t new_stateCnt)
{
	return thread_set_state(th, flavor, new_state, new_stateCnt);
}

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

kern_return_t
thread_resume(thread_act_t th)
{
	CHECK_USER(th);
	return thread_resume_internal(th);
}

kern_return_t
thread_abort(thread_act_t th)
{
	CHECK_USER(th);
	return thread_abort_internal(th);
}

kern_return_t
thread_abort_safely(thread_act_t th)
{
	return thread_abort(th);
}

kern_return_t
thread_depress_abort(thread_act_t th)
{
	/* Priorities are never depressed in this kernel: nothing to undo. */
	CHECK_USER(th);
	return KERN_NOT_DEPRESSED;
}

kern_return_t
thread_get_special_port(thread_act_t th, int which, ipc_port_t *special_port)
{
	CHECK_USER(th);
	if (which != THREAD_KERNEL_PORT)
		return KERN_INVALID_ARGUMENT;
	*special_port = th->ith_self ? ipc_port_make_send(th->ith_self) : IP_NULL;
	return KERN_SUCCESS;
}

kern_return_t
thread_set_special_port(thread_act_t th, int which, ipc_port_t special_port)
{
	(void)which, (void)special_port;
	CHECK_USER(th);
	/* The kernel port is the kernel's own; there are no other thread special ports. */
	return KERN_INVALID_ARGUMENT;
}

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
