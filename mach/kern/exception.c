/* SPDX-License-Identifier: BSD-2-Clause */
/* Delivering exceptions (see kern/exception.h). */
#include "kern/exception.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/task.h"

const char *
exception_name(int exception)
{
	static const char *const names[] = {
		"?", "EXC_BAD_ACCESS", "EXC_BAD_INSTRUCTION", "EXC_ARITHMETIC",
		"EXC_EMULATION", "EXC_SOFTWARE", "EXC_BREAKPOINT",
	};
	return exception > 0 && exception <= EXC_BREAKPOINT ? names[exception] : "EXC_?";
}

void
exception_deliver(struct trap_frame *tf, int exception, int64_t code, int64_t subcode)
{
	thread_t self = current_thread();
	task_t task = self->task;

	/* No exception port took it: the task ends, and says why. */
	printf("task %s (%lu): unhandled %s (code %ld, subcode %#lx) at pc %p, %s; terminating\n",
	       task->name, task->id, exception_name(exception), code, subcode,
	       (void *)tf->sepc, scause_name(tf->scause));
	task_terminate_internal(task);
	thread_terminate_user_self();
}
