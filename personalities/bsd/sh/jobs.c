// SPDX-License-Identifier: BSD-2-Clause
// Children, process groups and the terminal.  With job control (an
// interactive shell on a terminal) every pipeline is a process group of
// its own; a foreground one gets the terminal (tcsetpgrp), so ^C goes to
// it and not to the shell, and the shell takes the terminal back when it
// ends.  Background jobs are remembered until `wait' or a prompt reports them.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "sh.h"

#define MAXPROCS 16

struct job {
	struct job	*next;
	int		id;		/* [N] */
	pid_t		pids[MAXPROCS];
	int		status[MAXPROCS];
	int		done[MAXPROCS];
	int		n;
	pid_t		pgrp;
};

static struct job *jobs;
volatile int sh_got_sigint;

static void on_sigint(int sig)
{
	(void)sig;
	sh_got_sigint = 1;
}

void jobs_init(void)
{
	struct sigaction sa;

	if (!sh.interactive)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;	/* no SA_RESTART: a read at the prompt ends */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	sh.tty = -1;
	if (!isatty(0))
		return;
	/* Job control: the shell in a process group of its own that owns the
	 * terminal.  Where the system cannot do that, the shell goes on
	 * without it (then ^C reaches the shell too, which ignores it). */
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	pid_t me = getpid();
	if (getpgrp() != me && setpgid(0, me) < 0)
		return;
	if (tcsetpgrp(0, me) < 0)
		return;
	sh.tty = 0;
	sh.pgrp = me;
	sh.jobcontrol = 1;
}

void jobs_reset_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
}

pid_t jobs_fork(pid_t pgrp, int foreground)
{
	/* (1) Keyboard signals wait, blocked, until the child has its default
	 * actions back: a ^C that reaches the new process group before then
	 * must kill the child, not run the shell's handler in it. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);

	pid_t pid = fork();
	if (pid == 0) {
		/* (2) the child: default actions first, then its group and the
		 * terminal.  SIGTTOU stays ignored until the child has set the
		 * terminal's group: until the parent has, the child's group is in
		 * the background, and tcsetpgrp there would stop it with SIGTTOU
		 * (seen on Linux under load: the job stopped, ^C never killed it). */
		jobs_reset_signals();
		signal(SIGTTOU, SIG_IGN);
		sh.interactive = 0;
		sh_got_sigint = 0;
	}
	if (pid >= 0 && sh.jobcontrol && pgrp >= 0) {
		/* Both sides set the group and the terminal's foreground group, so
		 * neither depends on which runs first. */
		pid_t me = pid == 0 ? getpid() : pid;
		pid_t g = pgrp == 0 ? me : pgrp;
		setpgid(me, g);
		if (foreground && sh.tty >= 0)
			tcsetpgrp(sh.tty, g);
	}
	if (pid == 0) {
		sh.jobcontrol = 0;
		signal(SIGTTOU, SIG_DFL);
	}
	/* (3) both: a pending ^C is delivered now (the child dies of it). */
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid;
}

int jobs_status(int ws)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	return 1;
}

/* What a shell says when a foreground job died of a signal. */
static void report_signal(int ws)
{
	if (!WIFSIGNALED(ws))
		return;
	int sig = WTERMSIG(ws);
	if (sig == SIGINT || sig == SIGPIPE) {
		if (sig == SIGINT && sh.interactive)
			fputc('\n', stderr);
		return;
	}
	fprintf(stderr, "%s\n", strsignal(sig));
}

/* A child that ended: its job's entry, if it is a background one. */
static void record(pid_t pid, int ws)
{
	for (struct job *j = jobs; j; j = j->next)
		for (int i = 0; i < j->n; i++)
			if (j->pids[i] == pid) {
				j->status[i] = jobs_status(ws);
				j->done[i] = 1;
			}
}

int jobs_wait_fg(pid_t *pids, int n, pid_t pgrp)
{
	int st = 0;

	for (int i = 0; i < n; i++) {
		int ws = 0;
		if (pids[i] <= 0) {
			st = 127;
			continue;
		}
		for (;;) {
			pid_t r = waitpid(pids[i], &ws, 0);
			if (r == pids[i])
				break;
			if (r < 0 && errno != EINTR) {
				ws = 127 << 8;
				break;
			}
		}
		if (i == n - 1) {
			st = jobs_status(ws);
			if (sh.interactive)
				report_signal(ws);
		}
	}
	if (pgrp > 0 && sh.jobcontrol && sh.tty >= 0)
		tcsetpgrp(sh.tty, sh.pgrp);
	sh_got_sigint = 0;
	return st;
}

static int job_done(const struct job *j)
{
	for (int i = 0; i < j->n; i++)
		if (!j->done[i])
			return 0;
	return 1;
}

/* Collect background children that ended, without blocking. */
static void reap(void)
{
	int ws;
	pid_t pid;

	while ((pid = waitpid(-1, &ws, WNOHANG)) > 0)
		record(pid, ws);
}

void jobs_add_bg(pid_t *pids, int n, pid_t pgrp)
{
	struct job *j = xmalloc(sizeof(*j));
	int id = 1;

	reap();
	for (struct job *k = jobs; k; k = k->next)
		if (k->id >= id)
			id = k->id + 1;
	memset(j, 0, sizeof(*j));
	j->id = id;
	j->n = n > MAXPROCS ? MAXPROCS : n;
	memcpy(j->pids, pids, (size_t)j->n * sizeof(*pids));
	j->pgrp = pgrp;
	j->next = jobs;
	jobs = j;
	if (sh.interactive)
		fprintf(stderr, "[%d] %ld\n", j->id, (long)pids[n - 1]);
}

static void forget(struct job *j)
{
	for (struct job **pp = &jobs; *pp; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			free(j);
			return;
		}
}

int jobs_wait_bg(pid_t pid)
{
	int st = 0;

	for (;;) {
		struct job *target = NULL;
		for (struct job *j = jobs; j; j = j->next) {
			if (pid == 0) {
				target = j;
				break;
			}
			for (int i = 0; i < j->n; i++)
				if (j->pids[i] == pid)
					target = j;
		}
		if (target == NULL)
			return pid == 0 ? st : 127;
		while (!job_done(target)) {
			int ws;
			pid_t r = waitpid(-1, &ws, 0);
			if (r < 0) {
				if (errno == EINTR && sh_got_sigint) {
					sh_got_sigint = 0;
					return 130;
				}
				if (errno == EINTR)
					continue;
				for (int i = 0; i < target->n; i++)
					if (!target->done[i])
						target->done[i] = 1, target->status[i] = 127;
				break;
			}
			record(r, ws);
		}
		st = target->status[target->n - 1];
		forget(target);
		if (pid != 0)
			return st;
	}
}

void jobs_notify(void)
{
	reap();
	struct job *j = jobs;
	while (j) {
		struct job *next = j->next;
		if (job_done(j)) {
			fprintf(stderr, "[%d] Done (%d)\n", j->id, j->status[j->n - 1]);
			forget(j);
		}
		j = next;
	}
}

void jobs_list(void)
{
	reap();
	for (struct job *j = jobs; j; j = j->next)
		printf("[%d] %ld %s\n", j->id, (long)j->pids[j->n - 1],
		       job_done(j) ? "Done" : "Running");
}
