// SPDX-License-Identifier: BSD-2-Clause
// Exceptions become signals: bsd_server is every process's exception port
// (EXCEPTION_DEFAULT | MACH_EXCEPTION_CODES).  A caught signal runs its
// handler on the faulting thread (the answer KERN_SUCCESS resumes it in
// the handler); blocked, ignored or default, the process ends with the
// signal in its status, as BSD's trapsignal does.
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <mach/exception_types.h>
#include "bsd_server.h"

bool signal_deliver_exception(struct proc *p, thread_act_t th, int sig, int code);

int exception_to_signal(exception_type_t exc, int64_t code)
{
	switch (exc) {
	case EXC_BAD_ACCESS:
		/* A page its pager could not supply is a bus error (as BSD's
		 * mmap past the end of a file); a missing or forbidden page SIGSEGV.
		 * (Misaligned accesses never reach us: OpenSBI emulates them.) */
		return code == KERN_MEMORY_ERROR ? SIGBUS : SIGSEGV;
	case EXC_BAD_INSTRUCTION:
		return SIGILL;
	case EXC_ARITHMETIC:
		return SIGFPE;
	case EXC_BREAKPOINT:
		return SIGTRAP;
	case EXC_SOFTWARE:
	case EXC_EMULATION:
		return SIGSYS;
	default:
		return SIGKILL;
	}
}

kern_return_t mach_exception_raise(mach_port_t exception_port, mach_port_t thread,
					 mach_port_t task, exception_type_t exception,
					 mach_exception_data_t code, mach_msg_type_number_t codeCnt)
{
	struct proc *p = proc_by_task(task);

	(void)exception_port;
	if (!p)
		return KERN_FAILURE;	/* not a process (any more): the rights are destroyed */
	/* A bad buffer given to a pipe used directly: the call is EFAULT. */
	if (exception == EXC_BAD_ACCESS && pipe_copy_fault(p, thread)) {
		(void)mach_port_deallocate(mach_task_self(), thread);
		(void)mach_port_deallocate(mach_task_self(), task);
		return KERN_SUCCESS;
	}
	int sig = exception_to_signal(exception, codeCnt > 0 ? code[0] : 0);
	if (signal_deliver_exception(p, thread, sig, (int)(codeCnt > 0 ? code[0] : 0))) {
		(void)mach_port_deallocate(mach_task_self(), thread);
		(void)mach_port_deallocate(mach_task_self(), task);
		return KERN_SUCCESS;
	}
	proc_exit(p, W_EXITCODE(0, sig));
	return KERN_FAILURE;
}

kern_return_t mach_exception_raise_state(mach_port_t exception_port,
					       exception_type_t exception,
					       const mach_exception_data_t code,
					       mach_msg_type_number_t codeCnt, int *flavor,
					       const thread_state_t old_state,
					       mach_msg_type_number_t old_stateCnt,
					       thread_state_t new_state,
					       mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port, (void)exception, (void)code, (void)codeCnt, (void)flavor;
	(void)old_state, (void)old_stateCnt, (void)new_state, (void)new_stateCnt;
	return KERN_FAILURE;	/* processes are given EXCEPTION_DEFAULT only */
}

kern_return_t mach_exception_raise_state_identity(
	mach_port_t exception_port, mach_port_t thread, mach_port_t task, exception_type_t exception,
	mach_exception_data_t code, mach_msg_type_number_t codeCnt, int *flavor,
	thread_state_t old_state, mach_msg_type_number_t old_stateCnt, thread_state_t new_state,
	mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port, (void)thread, (void)task, (void)exception, (void)code, (void)codeCnt;
	(void)flavor, (void)old_state, (void)old_stateCnt, (void)new_state, (void)new_stateCnt;
	return KERN_FAILURE;
}

/* ---- notify.defs: a process's task died without exit ---- */

kern_return_t do_mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	struct proc *p = proc_by_task(name);

	(void)notify;
	if (p) {
		/* Ended from outside (task_terminate of itself, the kernel): SIGKILL. */
		proc_exit(p, W_EXITCODE(0, SIGKILL));
	}
	/* The notification's reference to the dead name. */
	(void)mach_port_deallocate(mach_task_self(), name);
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	(void)notify, (void)name;
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
	(void)notify, (void)mscount;
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_send_once(mach_port_t notify)
{
	(void)notify;
	return KERN_SUCCESS;
}
