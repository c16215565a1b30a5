/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Delivering exceptions (see kern/exception.h): exception_raise (or its
 * state variants) to the thread's, then the task's exception port, sent
 * with the MIG KernelUser stubs of <mach/exc.defs> and <mach/mach_exc.defs>.
 */
#include <mach/thread_status.h>
#include <mach/kobject_conv.h>
#include "kern/exception.h"
#include "kern/host.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread_state.h"
#include "kern/zalloc.h"
#include "ipc/ipc_kobject.h"
#include "riscv/intr.h"
#include "excUser.h"
#include "mach_excUser.h"

const char *
exception_name(int exception)
{
	static const char *const names[] = {
		"?", "EXC_BAD_ACCESS", "EXC_BAD_INSTRUCTION", "EXC_ARITHMETIC",
		"EXC_EMULATION", "EXC_SOFTWARE", "EXC_BREAKPOINT", "EXC_SYSCALL",
		"EXC_MACH_SYSCALL", "EXC_RPC_ALERT", "EXC_CRASH",
	};
	return exception > 0 && exception < EXC_TYPES_COUNT ? names[exception] : "EXC_?";
}

void
exception_actions_set(struct exception_action *actions, exception_mask_t mask,
		      ipc_port_t port, exception_behavior_t behavior, thread_state_flavor_t flavor)
{
	bool first = true;

	for (int exc = FIRST_EXCEPTION; exc < EXC_TYPES_COUNT; exc++) {
		if (!(mask & (1U << exc)))
			continue;
		ipc_port_t old = actions[exc].port;
		/* The right given is one; each further action gets a copy of it. */
		actions[exc].port = first ? port : ipc_port_copy_send(port);
		actions[exc].behavior = behavior;
		actions[exc].flavor = flavor;
		first = false;
		ipc_port_release_send(old);
	}
	if (first)
		ipc_port_release_send(port);	/* an empty mask: nothing keeps it */
}

void
exception_actions_get(struct exception_action *actions, exception_mask_t mask,
		      exception_mask_array_t masks, mach_msg_type_number_t *count,
		      exception_handler_array_t handlers, exception_behavior_array_t behaviors,
		      exception_flavor_array_t flavors)
{
	mach_msg_type_number_t n = 0, max = *count;

	for (int exc = FIRST_EXCEPTION; exc < EXC_TYPES_COUNT; exc++) {
		if (!(mask & (1U << exc)))
			continue;
		struct exception_action *a = &actions[exc];
		mach_msg_type_number_t j;
		for (j = 0; j < n; j++)
			if (ipc_kport_get(handlers[j]) == a->port && behaviors[j] == a->behavior &&
			    flavors[j] == a->flavor)
				break;
		if (j < n) {
			masks[j] |= 1U << exc;
			continue;
		}
		if (n == max)
			break;
		masks[n] = 1U << exc;
		handlers[n] = ipc_kport_put(ipc_port_copy_send(a->port), MACH_MSG_TYPE_PORT_SEND);
		behaviors[n] = a->behavior;
		flavors[n] = a->flavor;
		n++;
	}
	*count = n;
}

static struct zone actions_zone;

void
exception_bootstrap(void)
{
	zone_init(&actions_zone, "exception actions",
		  sizeof(struct exception_action) * EXC_TYPES_COUNT, 0);
}

struct exception_action *
exception_actions_alloc(void)
{
	return zalloc(&actions_zone);
}

void
exception_actions_free(struct exception_action *actions)
{
	if (!actions)
		return;
	exception_actions_release(actions);
	zfree(&actions_zone, actions);
}

void
exception_actions_release(struct exception_action *actions)
{
	for (int exc = 0; exc < EXC_TYPES_COUNT; exc++) {
		ipc_port_release_send(actions[exc].port);
		actions[exc].port = IP_NULL;
	}
}

/* Send one exception message as `action' says; KERN_SUCCESS if handled. */
static kern_return_t
raise_to(struct exception_action *action, thread_t self, int exception, int64_t code,
	 int64_t subcode)
{
	exception_behavior_t behavior = action->behavior & ~MACH_EXCEPTION_CODES;
	bool wide = action->behavior & MACH_EXCEPTION_CODES;
	mach_port_t port = ipc_kport_put(ipc_port_copy_send(action->port), MACH_MSG_TYPE_PORT_SEND);
	kern_return_t kr;

	if (behavior == EXCEPTION_DEFAULT) {
		thread_reference(self);
		task_reference(self->task);
		mach_port_t th = convert_thread_to_port(self);
		mach_port_t tk = convert_task_to_port(self->task);
		if (wide) {
			mach_exception_data_type_t codes[2] = { code, subcode };
			kr = mach_exception_raise(port, th, tk, exception, codes, 2);
		} else {
			exception_data_type_t codes[2] = { (int)code, (int)subcode };
			kr = exception_raise(port, th, tk, exception, codes, 2);
		}
	} else {
		/* The state variants: the handler gets the state and may change it. */
		thread_state_flavor_t flavor = action->flavor;
		natural_t old_state[THREAD_STATE_MAX], new_state[THREAD_STATE_MAX];
		mach_msg_type_number_t old_count = THREAD_STATE_MAX, new_count = THREAD_STATE_MAX;
		kr = thread_state_get(self, flavor, old_state, &old_count);
		if (kr == KERN_SUCCESS) {
			if (behavior == EXCEPTION_STATE && wide) {
				mach_exception_data_type_t codes[2] = { code, subcode };
				kr = mach_exception_raise_state(port, exception, codes, 2, &flavor,
								old_state, old_count, new_state,
								&new_count);
			} else if (behavior == EXCEPTION_STATE) {
				exception_data_type_t codes[2] = { (int)code, (int)subcode };
				kr = exception_raise_state(port, exception, codes, 2, &flavor,
							   old_state, old_count, new_state,
							   &new_count);
			} else {
				thread_reference(self);
				task_reference(self->task);
				mach_port_t th = convert_thread_to_port(self);
				mach_port_t tk = convert_task_to_port(self->task);
				if (wide) {
					mach_exception_data_type_t codes[2] = { code, subcode };
					kr = mach_exception_raise_state_identity(
						port, th, tk, exception, codes, 2, &flavor, old_state,
						old_count, new_state, &new_count);
				} else {
					exception_data_type_t codes[2] = { (int)code, (int)subcode };
					kr = exception_raise_state_identity(
						port, th, tk, exception, codes, 2, &flavor, old_state,
						old_count, new_state, &new_count);
				}
			}
			if (kr == KERN_SUCCESS)
				kr = thread_state_set(self, flavor, new_state, new_count);
		}
	}
	ipc_kports_release_all();
	return kr;
}

bool
exception_args_ok(exception_mask_t mask, exception_behavior_t behavior)
{
	exception_behavior_t b = behavior & ~MACH_EXCEPTION_CODES;

	return !(mask & ~EXC_MASK_ALL) &&
	       (b == EXCEPTION_DEFAULT || b == EXCEPTION_STATE || b == EXCEPTION_STATE_IDENTITY);
}

/* A copy of one action of the thread, task or host, with its own send right. */
static void
action_at_level(int level, thread_t self, int exception, struct exception_action *action)
{
	task_t task = self->task;

	if (level == 2) {
		host_exception_action(exception, action);
		return;
	}
	simple_lock(&task->lock);
	struct exception_action *actions = level == 0 ? self->exc_actions : task->exc_actions;
	if (actions) {
		*action = actions[exception];
		action->port = ipc_port_copy_send(action->port);
	} else {
		action->port = IP_NULL;
	}
	simple_unlock(&task->lock);
}

void
exception_deliver(struct trap_frame *tf, int exception, int64_t code, int64_t subcode)
{
	thread_t self = current_thread();
	task_t task = self->task;
	struct exception_action action;

	intr_on();
	if (self->terminate_requested)
		thread_terminate_user_self();	/* ending anyway: no exception */
	/* (1) the thread's handler, (2) the task's, (3) the host's; the first that handles it wins. */
	for (int level = 0; level < 3; level++) {
		action_at_level(level, self, exception, &action);
		if (!IP_VALID(action.port))
			continue;
		kern_return_t kr = raise_to(&action, self, exception, code, subcode);
		ipc_port_release_send(action.port);
		if (kr == KERN_SUCCESS)
			return;		/* handled: resume with the (possibly new) state */
		if (self->terminate_requested)
			thread_terminate_user_self();
	}

	/* (4) No handler took it: the task ends, and says why. */
	printf("task %s (%lu): unhandled %s (code %ld, subcode %#lx) at pc %p, %s; terminating\n",
	       task->name, task->id, exception_name(exception), code, subcode,
	       (void *)tf->sepc, scause_name(tf->scause));
	task->ended_by_exception = true;
	task_terminate_internal(task);
	thread_terminate_user_self();
}
