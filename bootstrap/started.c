// SPDX-License-Identifier: BSD-2-Clause
// The started tasks and how each ends (see bootstrap.h): bootstrap_exit
// records an exit status, the mach_exc server a crash, the dead-name
// notification of the task port says the task is over.  The end of the
// --poweroff task ends the machine with its status (host_reboot).
#include <stdio.h>
#include <string.h>
#include <mach/host_reboot.h>
#include "bootstrap_private.h"

static struct started_task started[BOOT_CONFIG_MAX_TASKS];
static int nstarted;

struct started_task *started_add(const struct boot_task *conf, mach_port_t bootstrap_rcv)
{
	if (nstarted == BOOT_CONFIG_MAX_TASKS)
		return NULL;
	struct started_task *t = &started[nstarted++];
	memset(t, 0, sizeof(*t));
	t->conf = conf;
	t->bootstrap = bootstrap_rcv;
	t->task = MACH_PORT_NULL;
	return t;
}

struct started_task *started_by_task(mach_port_t task)
{
	for (int i = 0; i < nstarted; i++)
		if (MACH_PORT_VALID(task) && started[i].task == task)
			return &started[i];
	return NULL;
}

struct started_task *started_by_port(mach_port_t bootstrap_rcv)
{
	for (int i = 0; i < nstarted; i++)
		if (started[i].bootstrap == bootstrap_rcv)
			return &started[i];
	return NULL;
}

/* Ask for the dead-name notification that says the task `task' is over. */
void started_watch(struct started_task *t, mach_port_t task)
{
	mach_port_t previous = MACH_PORT_NULL;

	t->task = task;
	kern_return_t kr = mach_port_request_notification(mach_task_self(), task,
							   MACH_NOTIFY_DEAD_NAME, 0,
							   bootstrap_notify_port,
							   MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	if (kr != KERN_SUCCESS)
		printf("bootstrap: %s: cannot watch the task: %s\n", t->conf->argv[0],
		       mach_error_string(kr));
}

__attribute__((noreturn)) void bootstrap_halt(int status)
{
	fflush(stdout);
	kern_return_t kr = host_reboot(bootstrap_host_priv, HOST_REBOOT_HALT | HOST_REBOOT_STATUS(status));
	printf("bootstrap: host_reboot: %s; stopping\n", mach_error_string(kr));
	for (;;)
		(void)thread_suspend(mach_thread_self());
}

static const char *exception_name(exception_type_t e)
{
	static const char *const names[] = {
		"?", "EXC_BAD_ACCESS", "EXC_BAD_INSTRUCTION", "EXC_ARITHMETIC", "EXC_EMULATION",
		"EXC_SOFTWARE", "EXC_BREAKPOINT", "EXC_SYSCALL", "EXC_MACH_SYSCALL",
		"EXC_RPC_ALERT", "EXC_CRASH",
	};
	return e > 0 && e < (exception_type_t)(sizeof(names) / sizeof(names[0])) ? names[e] : "EXC_?";
}

/* The task is over: say how; the --poweroff task's end ends the machine. */
static void started_over(struct started_task *t)
{
	const char *name = t->conf->argv[0];
	int status;

	t->over = true;
	switch (t->state) {
	case TASK_EXITED:
		status = t->status;
		printf("bootstrap: %s exited with status %d\n", name, status);
		break;
	case TASK_CRASHED:
		status = BOOTSTRAP_STATUS_CRASHED + t->exception;
		printf("bootstrap: %s crashed: %s (code %lld, address 0x%llx) at pc 0x%llx; status %d\n",
		       name, exception_name(t->exception), (long long)t->code[0],
		       (unsigned long long)t->code[1], (unsigned long long)t->pc, status);
		break;
	default:
		status = 0;
		printf("bootstrap: %s ended without an exit status\n", name);
		break;
	}
	if (t->conf->poweroff)
		bootstrap_halt(status);
}

// ---- bootstrap.defs: the end of a task ----

/* Record the exit status of the task `task' (the caller); see bootstrap.defs. */
kern_return_t do_bootstrap_exit(mach_port_t bootstrap, mach_port_t task, int status)
{
	struct started_task *t = started_by_task(task);

	(void)bootstrap;
	if (t && t->state == TASK_RUNNING) {
		t->state = TASK_EXITED;
		t->status = status & 0xff;
	}
	(void)mach_port_deallocate(mach_task_self(), task);
	return KERN_SUCCESS;
}

// ---- notify.defs: a started task's port died ----

kern_return_t do_mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	struct started_task *t = started_by_task(name);

	(void)notify;
	// The notification's reference, then the dead name of our send right:
	// a started task's port, or a service's (names.c).
	(void)mach_port_deallocate(mach_task_self(), name);
	if (t && !t->over) {
		(void)mach_port_deallocate(mach_task_self(), name);
		t->task = MACH_PORT_NULL;
		started_over(t);
	} else if (!t) {
		(void)names_port_died(name);
	}
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	(void)notify; (void)name;
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	(void)notify;
	(void)mach_port_mod_refs(mach_task_self(), rights, MACH_PORT_RIGHT_RECEIVE, -1);
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	(void)notify; (void)mscount;
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_send_once(mach_port_t notify)
{
	(void)notify;
	return KERN_SUCCESS;
}

// ---- mach_exc.defs: a started task took an exception it did not handle ----

/*
 * Record the crash, then refuse it (KERN_FAILURE): the kernel goes on to
 * the host's handler, if any, and otherwise ends the task with its own
 * console message.  The request's rights are destroyed by the server loop.
 */
kern_return_t mach_exception_raise(mach_port_t exception_port, mach_port_t thread,
				   mach_port_t task, exception_type_t exception,
				   mach_exception_data_t code, mach_msg_type_number_t codeCnt)
{
	struct started_task *t = started_by_task(task);

	(void)exception_port;
	if (t && t->state == TASK_RUNNING) {
		riscv_thread_state_t s;
		mach_msg_type_number_t count = RISCV_THREAD_STATE_COUNT;
		t->state = TASK_CRASHED;
		t->exception = exception;
		t->code[0] = codeCnt > 0 ? code[0] : 0;
		t->code[1] = codeCnt > 1 ? code[1] : 0;
		if (thread_get_state(thread, RISCV_THREAD_STATE, (thread_state_t)&s, &count) ==
		    KERN_SUCCESS)
			t->pc = s.pc;
	}
	return KERN_FAILURE;
}

kern_return_t mach_exception_raise_state(mach_port_t exception_port, exception_type_t exception,
					 const mach_exception_data_t code,
					 mach_msg_type_number_t codeCnt, int *flavor,
					 const thread_state_t old_state,
					 mach_msg_type_number_t old_stateCnt,
					 thread_state_t new_state,
					 mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port; (void)exception; (void)code; (void)codeCnt; (void)flavor;
	(void)old_state; (void)old_stateCnt; (void)new_state; (void)new_stateCnt;
	return KERN_FAILURE;	/* bootstrap asks for EXCEPTION_DEFAULT only */
}

kern_return_t mach_exception_raise_state_identity(mach_port_t exception_port, mach_port_t thread,
						  mach_port_t task, exception_type_t exception,
						  mach_exception_data_t code,
						  mach_msg_type_number_t codeCnt, int *flavor,
						  thread_state_t old_state,
						  mach_msg_type_number_t old_stateCnt,
						  thread_state_t new_state,
						  mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port; (void)thread; (void)task; (void)exception; (void)code;
	(void)codeCnt; (void)flavor; (void)old_state; (void)old_stateCnt; (void)new_state;
	(void)new_stateCnt;
	return KERN_FAILURE;
}
