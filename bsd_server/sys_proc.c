// SPDX-License-Identifier: BSD-2-Clause
// Process system calls: fork, exit, wait4, execve, the process ids,
// process groups and sessions, getrusage.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <mach/task_info.h>
#include <mach/gnumach.h>
#include "bsd_server.h"
#include "path.h"


/*
 * The thread that made request `req' (a send right the caller releases
 * with thread_put), or MACH_PORT_NULL.  Usually the thread bsd_server
 * started; another thread of the task is found by its kernel id.
 */
static thread_act_t thread_of(struct proc *p, const machrv_syscall_request_t *req)
{
	if (req->thread_id == p->thread_id && MACH_PORT_VALID(p->thread)) {
		(void)mach_port_mod_refs(mach_task_self(), p->thread, MACH_PORT_RIGHT_SEND, 1);
		return p->thread;
	}
	thread_act_array_t threads;
	mach_msg_type_number_t n;
	thread_act_t found = MACH_PORT_NULL;
	if (task_threads(p->task, &threads, &n) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	for (mach_msg_type_number_t i = 0; i < n; i++) {
		if (!MACH_PORT_VALID(found) && thread_kernel_id(threads[i]) == req->thread_id)
			found = threads[i];
		else
			(void)mach_port_deallocate(mach_task_self(), threads[i]);
	}
	(void)vm_deallocate(mach_task_self(), (vm_address_t)threads, n * sizeof(*threads));
	return found;
}

/* Copy the registers and FP state of `from' to the new thread `to'; the
 * child's a0 is 0 (fork's answer in the child). */
static kern_return_t copy_thread_state(thread_act_t from, thread_act_t to)
{
	riscv_thread_state_t s;
	riscv_float_state_t fs;
	mach_msg_type_number_t n = RISCV_THREAD_STATE_COUNT;
	kern_return_t kr = thread_get_state(from, RISCV_THREAD_STATE, (thread_state_t)&s, &n);

	if (kr != KERN_SUCCESS)
		return kr;
	n = RISCV_FLOAT_STATE_COUNT;
	kr = thread_get_state(from, RISCV_FLOAT_STATE, (thread_state_t)&fs, &n);
	if (kr != KERN_SUCCESS)
		return kr;
	s.a0 = 0;
	s.a1 = 0;
	kr = thread_set_state(to, RISCV_THREAD_STATE, (thread_state_t)&s, RISCV_THREAD_STATE_COUNT);
	if (kr == KERN_SUCCESS)
		kr = thread_set_state(to, RISCV_FLOAT_STATE, (thread_state_t)&fs, RISCV_FLOAT_STATE_COUNT);
	return kr;
}

int sys_fork(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	thread_act_t self = thread_of(p, req);
	if (!MACH_PORT_VALID(self)) {
		bsd_log("fork of pid %d: its calling thread is not found", p->pid);
		return EAGAIN;
	}
	struct proc *c = proc_alloc(p);
	if (!c) {
		(void)mach_port_deallocate(mach_task_self(), self);
		return EAGAIN;
	}
	task_t task = MACH_PORT_NULL;
	thread_act_t thread = MACH_PORT_NULL;
	const char *step = "task_create";
	kern_return_t kr = task_create(p->task, NULL, 0, TRUE, &task);
	if (kr == KERN_SUCCESS) {
		step = "attach";
		/* The child's task has its program's name (GNU Mach's
		 * task_set_name), as the kernel's messages and ps show it. */
		(void)task_set_name(task, p->name);
		kr = proc_attach_task(c, task);
	}
	if (kr == KERN_SUCCESS) {
		step = "thread_create";
		kr = thread_create(task, &thread);
	}
	if (kr == KERN_SUCCESS) {
		step = "thread state";
		kr = copy_thread_state(self, thread);
	}
	(void)mach_port_deallocate(mach_task_self(), self);
	if (kr != KERN_SUCCESS) {
		bsd_log("fork of pid %d: %s: %s", p->pid, step, mach_error_string(kr));
		if (MACH_PORT_VALID(thread))
			(void)mach_port_deallocate(mach_task_self(), thread);
		task_forget(task);
		if (MACH_PORT_VALID(c->syscall_port))
			(void)mach_port_mod_refs(mach_task_self(), c->syscall_port,
						 MACH_PORT_RIGHT_RECEIVE, -1);
		proc_reap(c);
		return kr == KERN_RESOURCE_SHORTAGE || kr == KERN_NO_SPACE ? ENOMEM : EAGAIN;
	}
	c->task = task;
	c->thread = thread;
	c->thread_id = thread_kernel_id(thread);
	fd_copy(c, p);
	memcpy(c->sigacts, p->sigacts, sizeof(c->sigacts));
	c->sig_mask = p->sig_mask;
	c->sigtramp = p->sigtramp;
	(void)thread_resume(thread);
	rv[0] = c->pid;
	return 0;
}

int sys_exit(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	(void)mach_port_deallocate(mach_task_self(), cur_reply);	/* no answer: the task ends */
	proc_exit(p, W_EXITCODE((int)(ARG(0) & 0xff), 0));
	return EJUSTRETURN;
}

/* Does child c match wait4's pid argument for parent p? */
static bool wait_matches(struct proc *p, struct proc *c, pid_t pid)
{
	if (c->state == PROC_FREE || c->parent != p)
		return false;
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == p->pgid;
	if (pid < -1)
		return c->pgid == -pid;
	return true;
}

int sys_wait4(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	pid_t pid = (pid_t)ARG(0);
	int options = (int)ARG(2);
	bool any = false;

	if (options & ~(WNOHANG | WUNTRACED))
		return EINVAL;
	for (int i = 0; i < BSD_MAXPROC; i++) {
		struct proc *c = &proc_table[i];
		if (!wait_matches(p, c, pid))
			continue;
		any = true;
		int status;
		if (c->state == PROC_ZOMBIE) {
			status = c->xstatus;
		} else if ((options & WUNTRACED) && c->stopped && !c->stop_reported) {
			status = W_STOPCODE(c->stop_sig);
		} else {
			continue;
		}
		if (ARG(1)) {
			int error = copyout(p, &status, ARG(1), sizeof(status));
			if (error)
				return error;
		}
		if (ARG(3)) {
			struct rusage ru;
			memset(&ru, 0, sizeof(ru));
			int error = copyout(p, &ru, ARG(3), sizeof(ru));
			if (error)
				return error;
		}
		rv[0] = c->pid;
		if (c->state == PROC_ZOMBIE)
			proc_reap(c);
		else
			c->stop_reported = true;
		return 0;
	}
	if (!any)
		return ECHILD;
	if (options & WNOHANG) {
		rv[0] = 0;
		return 0;
	}
	syscall_park(p, WAIT_CHILD, p);
	return EJUSTRETURN;
}

/*
 * execve's buffers: the two paths, the argument and environment strings
 * and their vectors (82 KiB).  One set is kept for the next execve:
 * picolibc's malloc clears what it gives, about 28,000 instructions for
 * these each time.  An execve that finds none kept (another is under way)
 * allocates its own.
 */
struct exec_args {
	char	path[BSD_PATH_MAX];
	char	given[BSD_PATH_MAX];
	char	*vec[2 * 1024];		/* argv from 0, envp from 1024 */
	char	strings[BSD_ARG_MAX];
};
static struct exec_args *exec_args_kept;

static struct exec_args *exec_args_get(void)
{
	struct exec_args *a = __atomic_exchange_n(&exec_args_kept, NULL, __ATOMIC_ACQUIRE);
	return a ? a : malloc(sizeof(*a));
}

static void exec_args_put(struct exec_args *a)
{
	free(__atomic_exchange_n(&exec_args_kept, a, __ATOMIC_ACQ_REL));	/* one kept at most */
}

int sys_execve(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct exec_args *args = exec_args_get();
	size_t used = 0;
	int n[2] = { 0, 0 }, error = ENOMEM;

	(void)rv;
	if (!args)
		return ENOMEM;
	char *path = args->path, *given = args->given, *strings = args->strings;
	char **vec = args->vec;
	error = copyinstr(p, ARG(0), given, BSD_PATH_MAX);
	if (!error)	/* relative to the working directory */
		error = bsd_path_resolve(p->cwd, given, path);
	/* argv (ARG(1)) then envp (ARG(2)); each a NULL-ended vector. */
	for (int which = 0; which < 2 && !error; which++) {
		uint64_t uvec = ARG(1 + which);
		for (int i = 0; uvec; i++) {
			uint64_t uptr;
			if (i >= 1023) {
				error = E2BIG;
				break;
			}
			error = copyin(p, uvec + (uint64_t)i * 8, &uptr, sizeof(uptr));
			if (error || !uptr)
				break;
			error = copyinstr(p, uptr, strings + used, BSD_ARG_MAX - used);
			if (error) {
				if (error == ENAMETOOLONG)
					error = E2BIG;
				break;
			}
			vec[which * 1024 + i] = strings + used;
			used += strlen(strings + used) + 1;
			n[which] = i + 1;
		}
	}
	if (!error)
		error = exec_image(p, path, given, vec, n[0], vec + 1024, n[1]);
	exec_args_put(args);
	if (error)
		return error;
	p->execed = true;	/* its parent may no longer move it (setpgid) */
	/* The caller's task is gone: its reply right is a dead end. */
	(void)mach_port_deallocate(mach_task_self(), cur_reply);
	p->in_syscall = false;
	return EJUSTRETURN;
}

int sys_getpid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	rv[0] = p->pid;
	return 0;
}

int sys_getppid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	rv[0] = p->parent ? p->parent->pid : 0;
	return 0;
}

int sys_getpgrp(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	rv[0] = p->pgid;
	return 0;
}

int sys_getpgid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	pid_t pid = (pid_t)ARG(0);
	struct proc *q = pid == 0 ? p : proc_by_pid(pid);

	if (!q)
		return ESRCH;
	rv[0] = q->pgid;
	return 0;
}

int sys_getsid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	pid_t pid = (pid_t)ARG(0);
	struct proc *q = pid == 0 ? p : proc_by_pid(pid);

	if (!q)
		return ESRCH;
	rv[0] = q->sid;
	return 0;
}

/* setpgid with POSIX's rules: p itself or a child of p that has not exec'd
 * (EACCES once it has, checked after the session as FreeBSD does) is
 * moved, within p's session, to its own group or an existing group of that
 * session; a session leader never moves.  A group the move orphans with a
 * stopped member is told (proc_set_pgrp). */
int sys_setpgid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	pid_t pid = (pid_t)ARG(0), pgid = (pid_t)ARG(1);
	struct proc *q = pid == 0 ? p : proc_by_pid(pid);

	(void)rv;
	if (pgid < 0)
		return EINVAL;
	if (!q || q->state != PROC_ALIVE || (q != p && q->parent != p))
		return ESRCH;
	if (q->sid != p->sid)
		return EPERM;
	if (q != p && q->execed)
		return EACCES;
	if (q->pid == q->sid)
		return EPERM;
	if (pgid == 0)
		pgid = q->pid;
	if (pgid != q->pid) {
		bool exists = false;
		for (int i = 0; i < BSD_MAXPROC && !exists; i++) {
			struct proc *r = &proc_table[i];
			exists = r->state == PROC_ALIVE && r->pgid == pgid && r->sid == p->sid;
		}
		if (!exists)
			return EPERM;
	}
	proc_set_pgrp(q, q->sid, pgid);
	return 0;
}

int sys_setsid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	for (int i = 0; i < BSD_MAXPROC; i++) {
		struct proc *r = &proc_table[i];
		if (r->state == PROC_ALIVE && r->pgid == p->pid)
			return EPERM;	/* already a group leader */
	}
	proc_set_pgrp(p, p->pid, p->pid);
	p->no_ctty = false;	/* a new session, with no terminal yet */
	rv[0] = p->sid;
	return 0;
}

int sys_getrusage(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int who = (int)ARG(0);
	struct rusage ru;

	(void)rv;
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN)
		return EINVAL;
	/* Times are not accounted per task yet: zero, honestly. */
	memset(&ru, 0, sizeof(ru));
	return copyout(p, &ru, ARG(1), sizeof(ru));
}
