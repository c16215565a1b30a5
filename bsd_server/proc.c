// SPDX-License-Identifier: BSD-2-Clause
// Processes: the table, pids, and a process's end.  A process is a Mach
// task with its own syscall port (bsd_server holds the receive right, in
// its port set; the port's name finds the process) and bsd_server as its
// exception port.  Its life: ALIVE from proc_alloc and exec_image, then
// ZOMBIE from proc_exit (task, ports and files gone, status kept), then
// FREE when its parent's wait4 takes the status (proc_reap).
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <mach/thread_info.h>
#include <mach_debug/ipc_info.h>
#include "bsd_server.h"
#include "fs.h"

struct proc proc_table[BSD_MAXPROC];
struct proc *initproc;
static pid_t next_pid = 1;

struct proc *proc_by_pid(pid_t pid)
{
	for (int i = 0; i < BSD_MAXPROC; i++)
		if (proc_table[i].state != PROC_FREE && proc_table[i].pid == pid)
			return &proc_table[i];
	return NULL;
}

__thread struct proc *proc_syscall_last;

struct proc *proc_by_syscall_port_scan(mach_port_t port)
{
	for (int i = 0; i < BSD_MAXPROC; i++)
		if (proc_table[i].state == PROC_ALIVE && proc_table[i].syscall_port == port)
			return proc_syscall_last = &proc_table[i];
	return NULL;
}

struct proc *proc_by_task(mach_port_t task)
{
	for (int i = 0; i < BSD_MAXPROC; i++)
		if (proc_table[i].state == PROC_ALIVE && proc_table[i].task == task)
			return &proc_table[i];
	return NULL;
}

/* The next free pid: counting up, skipping those in use (as process or group). */
static pid_t pid_alloc(void)
{
	for (;;) {
		pid_t pid = next_pid++;
		if (next_pid >= 100000)
			next_pid = 2;
		bool used = false;
		for (int i = 0; i < BSD_MAXPROC && !used; i++) {
			struct proc *q = &proc_table[i];
			used = q->state != PROC_FREE && (q->pid == pid || q->pgid == pid || q->sid == pid);
		}
		if (!used)
			return pid;
	}
}

bool pgrp_exists(pid_t pgid, pid_t sid)
{
	for (int i = 0; i < BSD_MAXPROC; i++) {
		const struct proc *q = &proc_table[i];
		if (q->state == PROC_ALIVE && q->pgid == pgid && q->sid == sid)
			return true;
	}
	return false;
}

bool session_exists(pid_t sid)
{
	for (int i = 0; i < BSD_MAXPROC; i++)
		if (proc_table[i].state == PROC_ALIVE && proc_table[i].sid == sid)
			return true;
	return false;
}

bool pgrp_orphaned(pid_t pgid, pid_t sid)
{
	for (int i = 0; i < BSD_MAXPROC; i++) {
		const struct proc *q = &proc_table[i];
		if (q->state != PROC_ALIVE || q->pgid != pgid)
			continue;
		const struct proc *pp = q->parent;
		if (pp && pp->state == PROC_ALIVE && pp->pgid != pgid && pp->sid == sid)
			return false;
	}
	return true;
}

void pgrp_signal(pid_t pgid, int sig)
{
	for (int i = 0; i < BSD_MAXPROC; i++) {
		struct proc *q = &proc_table[i];
		if (q->state == PROC_ALIVE && q->pgid == pgid)
			proc_signal(q, sig);
	}
}

/* A stopped member of group `pgid', or NULL. */
static const struct proc *pgrp_stopped_member(pid_t pgid)
{
	for (int i = 0; i < BSD_MAXPROC; i++) {
		const struct proc *q = &proc_table[i];
		if (q->state == PROC_ALIVE && q->pgid == pgid && q->stopped)
			return q;
	}
	return NULL;
}

struct proc *proc_alloc(struct proc *parent)
{
	for (int i = 0; i < BSD_MAXPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state != PROC_FREE)
			continue;
		/* A free slot is all zeros (the table starts so; proc_reap clears it). */
		p->state = PROC_ALIVE;
		p->pid = pid_alloc();
		p->parent = parent;
		p->start_ns = now_ns();
		if (parent) {
			p->pgid = parent->pgid;
			p->sid = parent->sid;
			p->cred = parent->cred;
			strcpy(p->cwd, parent->cwd);
			p->umask = parent->umask;
			p->no_ctty = parent->no_ctty;
			strcpy(p->name, parent->name);
			strcpy(p->comm, parent->comm);
		} else {
			p->pgid = p->sid = p->pid;
			strcpy(p->cwd, "/");
			p->umask = 022;
			initproc = p;
		}
		return p;
	}
	return NULL;
}

uint64_t thread_kernel_id(thread_act_t thread)
{
	thread_identifier_info_data_t info;
	mach_msg_type_number_t count = THREAD_IDENTIFIER_INFO_COUNT;

	if (thread_info(thread, THREAD_IDENTIFIER_INFO, (thread_info_t)&info, &count) != KERN_SUCCESS)
		return 0;
	return info.thread_id;
}

void bsd_label(mach_port_t port, const char *label)
{
	/* A label is for people: a refusal (too long, no port) changes nothing else. */
	(void)mach_port_set_label(mach_task_self(), port, label);
}

void proc_label(struct proc *p)
{
	char label[80];

	if (!MACH_PORT_VALID(p->syscall_port))
		return;
	/* Cut to fit: a long program name loses its end, not the pid. */
	snprintf(label, sizeof(label), "syscall port of pid %d (%s)", p->pid, p->name);
	label[MACH_PORT_LABEL_MAX - 1] = 0;
	bsd_label(p->syscall_port, label);
}

kern_return_t proc_attach_task(struct proc *p, task_t task)
{
	kern_return_t kr;

	if (!MACH_PORT_VALID(p->syscall_port)) {
		kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p->syscall_port);
		if (kr != KERN_SUCCESS)
			return kr;
		kr = mach_port_move_member(mach_task_self(), p->syscall_port, bsd_port_set);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	/* Once per fork and exec: the program's name is p->name by now. */
	proc_label(p);
	kr = mach_port_insert_right(mach_task_self(), p->syscall_port, p->syscall_port,
				    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS) {
		kr = task_set_special_port(task, TASK_SYSCALL_PORT, p->syscall_port);
		(void)mach_port_deallocate(mach_task_self(), p->syscall_port);	/* the send right */
	}
	if (kr == KERN_SUCCESS)
		kr = task_set_exception_ports(task, EXC_MASK_ALL & ~EXC_MASK_SYSCALL, bsd_exc_port,
					      EXCEPTION_DEFAULT | MACH_EXCEPTION_CODES,
					      RISCV_THREAD_STATE);
	if (kr == KERN_SUCCESS) {
		mach_port_t previous;
		kr = mach_port_request_notification(mach_task_self(), task, MACH_NOTIFY_DEAD_NAME, 1,
						    bsd_notify_port, MACH_MSG_TYPE_MAKE_SEND_ONCE,
						    &previous);
		if (kr == KERN_SUCCESS && MACH_PORT_VALID(previous))
			(void)mach_port_deallocate(mach_task_self(), previous);
	}
	return kr;
}

/* Give p's living children, and its zombies, to init. */
static void proc_orphan_children(struct proc *p)
{
	bool zombie = false;

	for (int i = 0; i < BSD_MAXPROC; i++) {
		struct proc *c = &proc_table[i];
		if (c->state == PROC_FREE || c->parent != p)
			continue;
		c->parent = initproc != p ? initproc : NULL;
		if (c->state == PROC_ZOMBIE)
			zombie = true;
		if (!c->parent && c->state == PROC_ZOMBIE)
			proc_reap(c);
	}
	if (zombie && initproc && initproc != p && initproc->state == PROC_ALIVE) {
		proc_signal(initproc, SIGCHLD);
		syscall_wake(WAIT_CHILD, initproc);
	}
}

/*
 * The groups p's end or move may orphan (POSIX's _exit, setpgid, setsid):
 * its own and its children's, each of them not orphaned now, added to the
 * `n' in `g'; how many then.  (Small on the stack: an exit's signals may
 * end other processes, whose proc_exit runs inside this one's.)
 */
static int groups_at_stake(const struct proc *p, pid_t g[BSD_MAXPROC + 2], int n)
{

	for (int i = -1; i < BSD_MAXPROC; i++) {
		const struct proc *q = i < 0 ? p : &proc_table[i];
		if (q->state != PROC_ALIVE || (i >= 0 && q->parent != p))
			continue;
		bool seen = false;
		for (int k = 0; k < n && !seen; k++)
			seen = g[k] == q->pgid;
		if (!seen && !pgrp_orphaned(q->pgid, q->sid))
			g[n++] = q->pgid;
	}
	return n;
}

/* Of the `n' groups in `g', not orphaned before: those orphaned now that
 * have a stopped member would stay stopped for ever; every member of such
 * a group gets SIGHUP, then SIGCONT. */
static void hangup_orphaned_stopped(const pid_t *g, int n)
{
	for (int k = 0; k < n; k++) {
		const struct proc *q = pgrp_stopped_member(g[k]);
		if (q && pgrp_orphaned(g[k], q->sid)) {
			pgrp_signal(g[k], SIGHUP);
			pgrp_signal(g[k], SIGCONT);
		}
	}
}

void proc_set_pgrp(struct proc *p, pid_t sid, pid_t pgid)
{
	pid_t stake[BSD_MAXPROC + 2];
	int nstake = groups_at_stake(p, stake, 0);
	/* The group p joins: its members p's children lose p as their link. */
	bool seen = false;
	for (int k = 0; k < nstake && !seen; k++)
		seen = stake[k] == pgid;
	if (!seen && !pgrp_orphaned(pgid, sid))
		stake[nstake++] = pgid;
	p->sid = sid;
	p->pgid = pgid;
	hangup_orphaned_stopped(stake, nstake);
}

void proc_exit(struct proc *p, int status)
{
	if (p->state != PROC_ALIVE)
		return;
	pid_t stake[BSD_MAXPROC + 2];
	int nstake = groups_at_stake(p, stake, 0);
	syscall_drop(p);
	fd_close_all(p);
	p->state = PROC_ZOMBIE;
	p->xstatus = status;
	task_forget(p->task);
	pipe_detach_all(p);		/* its task is gone: nothing of it runs in a ring */
	if (MACH_PORT_VALID(p->thread))
		(void)mach_port_deallocate(mach_task_self(), p->thread);
	p->task = p->thread = MACH_PORT_NULL;
	if (MACH_PORT_VALID(p->syscall_port))
		(void)mach_port_mod_refs(mach_task_self(), p->syscall_port, MACH_PORT_RIGHT_RECEIVE, -1);
	p->syscall_port = MACH_PORT_NULL;
	proc_orphan_children(p);
	if (p != initproc) {
		tty_proc_exit(p);
		hangup_orphaned_stopped(stake, nstake);
	}

	if (p == initproc) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		bsd_log("init (%s) ended: %s %d; exiting with %d", p->name,
			WIFEXITED(status) ? "exit status" : "signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), code);
		/* halt: what was written reaches the disk (and, linked in,
		 * the file system is unmounted clean). */
		if (bsd_fs->vop_sync && bsd_fs->vop_sync())
			bsd_log("sync: an I/O error");
		fs_core_shutdown();
		fflush(stdout);
		exit(code);
	}
	struct proc *parent = p->parent;
	if (!parent) {
		proc_reap(p);
		return;
	}
	const struct sigacts *sa = &parent->sigacts[SIGCHLD];
	if (sa->handler == (uint64_t)SIG_IGN || (sa->flags & SA_NOCLDWAIT)) {
		proc_reap(p);		/* nobody will wait: no zombie */
		syscall_wake(WAIT_CHILD, parent);
		return;
	}
	proc_signal(parent, SIGCHLD);
	syscall_wake(WAIT_CHILD, parent);
}

void proc_reap(struct proc *p)
{
	proc_wait_kind(p, WAIT_NONE);
	memset(p, 0, sizeof(*p));	/* free means zeros: proc_alloc clears nothing */
	p->state = PROC_FREE;
}
