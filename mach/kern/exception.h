/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exceptions: a user thread did something the kernel cannot complete for
 * it (a bad access, an illegal instruction, a breakpoint).  Mach sends
 * exception_raise to the thread's, then the task's, then the host's
 * exception port; with none, or none that handles it, the task ends.
 */
#ifndef _KERN_EXCEPTION_H_
#define _KERN_EXCEPTION_H_
#include <stdbool.h>
#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/exception_types.h>
#include "riscv/trap.h"

struct ipc_port;

/* Where one exception type goes (task_set_exception_ports and friends). */
struct exception_action {
	struct ipc_port	*port;		/* a send right, or NULL */
	exception_behavior_t behavior;
	thread_state_flavor_t flavor;
};

/* Set the actions of `actions' selected by `mask' (consumes one send right per action). */
void exception_actions_set(struct exception_action *actions, exception_mask_t mask,
			   struct ipc_port *port, exception_behavior_t behavior,
			   thread_state_flavor_t flavor);
/* Describe the actions among `mask' (task_get_exception_ports and friends). */
void exception_actions_get(struct exception_action *actions, exception_mask_t mask,
			   exception_mask_array_t masks, mach_msg_type_number_t *count,
			   exception_handler_array_t handlers, exception_behavior_array_t behaviors,
			   exception_flavor_array_t flavors);
/* The mask and behavior of a *_set_exception_ports call are valid. */
bool exception_args_ok(exception_mask_t mask, exception_behavior_t behavior);
/* exception_bootstrap: the zone of threads' action tables (at boot). */
void exception_bootstrap(void);
/*
 * exception_actions_alloc, exception_actions_free: a thread's own array of
 * EXC_TYPES_COUNT actions (zeroed; NULL without memory), and its end,
 * which releases the send rights it holds (NULL is ignored).
 */
struct exception_action *exception_actions_alloc(void);
void exception_actions_free(struct exception_action *actions);
/* Release every port of an array of EXC_TYPES_COUNT actions. */
void exception_actions_release(struct exception_action *actions);

/*
 * exception_deliver: raise `exception' with (code, subcode) for the
 * current user thread.  Returns if a handler handled it (the thread goes
 * on with its possibly changed state); otherwise ends the task.
 */
void exception_deliver(struct trap_frame *tf, int exception, int64_t code, int64_t subcode);
/* exception_name: "EXC_BAD_ACCESS" and so on for an EXC_* number, "EXC_?" for others. */
const char *exception_name(int exception);

#endif /* _KERN_EXCEPTION_H_ */
