// SPDX-License-Identifier: BSD-2-Clause
// Processes: fork, exit, wait4/waitpid, orphans, groups and sessions, execve.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "bt.h"

static int exit_with(void *arg)
{
	return (int)(long)arg;
}

BTEST(fork_returns_zero_in_the_child_and_its_pid_in_the_parent)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		pid_t me = getpid();
		(void)write(fds[1], &me, sizeof(me));
		_exit(0);
	}
	CHECK(pid > 0, "fork: %d", pid);
	pid_t child_says = 0;
	CHECK(read(fds[0], &child_says, sizeof(child_says)) == sizeof(child_says), "read");
	CHECK(child_says == pid, "the child's getpid %d, fork said %d", child_says, pid);
	CHECK(bt_wait(pid) == 0, "status");
	return 0;
}

BTEST(child_sees_its_parent_as_ppid)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		pid_t pp = getppid();
		(void)write(fds[1], &pp, sizeof(pp));
		_exit(0);
	}
	pid_t pp = 0;
	CHECK(read(fds[0], &pp, sizeof(pp)) == sizeof(pp), "read");
	CHECK(pp == getpid(), "ppid %d, parent %d", pp, getpid());
	bt_wait(pid);
	return 0;
}

static volatile int shared_value = 1;

static int change_value(void *arg)
{
	(void)arg;
	shared_value = 99;
	return shared_value == 99 ? 0 : 1;
}

BTEST(child_memory_is_a_copy_not_shared)
{
	int *heap = malloc(sizeof(int));
	*heap = 5;
	pid_t pid = bt_spawn(change_value, NULL);
	CHECK(bt_wait(pid) == 0, "the child saw its own write");
	CHECK(shared_value == 1 && *heap == 5, "the parent's memory changed: %d", shared_value);
	free(heap);
	return 0;
}

/*
 * fs2 and the rounding mode, set just before fork, read first thing in the
 * child.  fs2 is callee-saved: neither fork's wrapper nor this code (no FP
 * in it) changes it on the way.
 */
BTEST(a_forked_child_starts_with_its_parent_s_floating_point_registers)
{
	const uint64_t value = 0x400921fb54442d18ull;	/* pi */
	uint64_t old_frm;

	__asm__ volatile("fmv.d.x fs2, %1\n\tfsrmi %0, 2" : "=r"(old_frm) : "r"(value) : "fs2");
	pid_t pid = fork();
	if (pid == 0) {
		uint64_t got, frm;
		__asm__ volatile("fmv.x.d %0, fs2\n\tfrrm %1" : "=r"(got), "=r"(frm));
		_exit(got == value && frm == 2 ? 0 : 1);	/* 2: round down */
	}
	__asm__ volatile("fsrm %0" : : "r"(old_frm));
	CHECK(pid > 0, "fork: %d", pid);
	int status = bt_wait(pid);
	CHECK(status == 0, "the child saw other FP registers (status %#x)", status);
	return 0;
}

BTEST(exit_status_reaches_waitpid)
{
	pid_t pid = bt_spawn(exit_with, (void *)42L);
	int status = bt_wait(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "status %#x", status);
	return 0;
}

static int kill_self(void *arg)
{
	(void)arg;
	kill(getpid(), SIGTERM);
	return 0;
}

BTEST(death_by_signal_is_wifsignaled_with_the_signal)
{
	pid_t pid = bt_spawn(kill_self, NULL);
	int status = bt_wait(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "status %#x", status);
	CHECK(!WIFEXITED(status), "not exited");
	return 0;
}

/* arg: a pipe (int[2]); the child keeps only the read end and reads to EOF. */
static int read_until_eof(void *arg)
{
	int *fds = arg;
	char c;
	close(fds[1]);
	while (read(fds[0], &c, 1) > 0)
		;
	return 3;
}

BTEST(waitpid_wnohang_answers_zero_while_the_child_runs)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(read_until_eof, fds);
	int status = -1;
	CHECK(waitpid(pid, &status, WNOHANG) == 0, "WNOHANG with a running child");
	close(fds[1]);
	close(fds[0]);
	status = bt_wait(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3, "status %#x", status);
	return 0;
}

BTEST(wait_without_children_is_echild)
{
	int status;
	errno = 0;
	CHECK(wait(&status) == -1 && errno == ECHILD, "wait");
	CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD, "WNOHANG");
	return 0;
}

BTEST(waitpid_for_a_process_not_our_child_is_echild)
{
	int status;
	CHECK(waitpid(getppid(), &status, 0) == -1 && errno == ECHILD, "the parent");
	return 0;
}

BTEST(a_zombie_is_reaped_once)
{
	pid_t pid = bt_spawn(exit_with, (void *)0L);
	CHECK(bt_wait(pid) == 0, "first wait");
	int status;
	CHECK(waitpid(pid, &status, 0) == -1 && errno == ECHILD, "second wait");
	return 0;
}

static int orphan_maker(void *arg)
{
	int fd = (int)(long)arg;
	pid_t pid = fork();
	if (pid == 0) {
		/* The grandchild: wait until our parent is gone, then say who adopted us. */
		for (int i = 0; i < 2000 && getppid() != 1; i++)
			bt_msleep(1);
		pid_t pp = getppid();
		(void)write(fd, &pp, sizeof(pp));
		_exit(0);
	}
	return 0;
}

BTEST(an_orphan_is_adopted_by_init)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(orphan_maker, (void *)(long)fds[1]);
	CHECK(bt_wait(pid) == 0, "the middle process");
	close(fds[1]);
	pid_t pp = 0;
	CHECK(read(fds[0], &pp, sizeof(pp)) == sizeof(pp), "read");
	CHECK(pp == 1, "adopted by %d", pp);
	/* init (our runner) reaps it: give it a moment so the leak check sees none. */
	bt_msleep(5);
	return 0;
}

BTEST(twenty_children_all_exit_and_are_reaped)
{
	pid_t pids[20];
	for (int i = 0; i < 20; i++) {
		pids[i] = bt_spawn(exit_with, (void *)(long)i);
		CHECK(pids[i] > 0, "fork %d", i);
	}
	for (int i = 0; i < 20; i++) {
		int status = bt_wait(pids[i]);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == i, "child %d: %#x", i, status);
	}
	int status;
	CHECK(wait(&status) == -1 && errno == ECHILD, "none left");
	return 0;
}

BTEST(setsid_makes_a_new_session_and_group)
{
	/* The test runs in a child of the runner: not a group leader. */
	pid_t sid = setsid();
	CHECK(sid == getpid(), "setsid %d pid %d", sid, getpid());
	CHECK(getpgrp() == getpid() && getsid(0) == getpid(), "group %d", getpgrp());
	CHECK(setsid() == -1 && errno == EPERM, "a group leader may not");
	return 0;
}

static int pause_reading(void *arg)
{
	return read_until_eof(arg);
}

/* A group orphaned with a stopped member (POSIX _exit): every member
 * gets SIGHUP, then SIGCONT.  The group's one link to its session was
 * its parent; the session is a new one, since init's would keep the
 * group joined through init once the parent is gone. */
static int orphan_report;

static void note_hup(int sig)
{
	(void)sig;
	(void)write(orphan_report, "H", 1);
}

static void note_cont(int sig)
{
	(void)sig;
	(void)write(orphan_report, "C", 1);
}

/* Note SIGHUP and SIGCONT, report the pid, stop; 3 s for the signals. */
static int report_and_stop(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note_hup;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = note_cont;
	sigaction(SIGCONT, &sa, NULL);
	pid_t me = getpid();
	(void)write(orphan_report, &me, sizeof(me));
	kill(me, SIGSTOP);
	for (int i = 0; i < 300; i++)	/* the signals come, or 3 s pass */
		bt_msleep(10);
	return 0;
}

static int leader_of_a_stopped_child(void *arg)
{
	(void)arg;
	if (setsid() < 0)
		return 2;
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, 0);
		_exit(report_and_stop());
	}
	setpgid(c, c);
	int st = 0;
	if (waitpid(c, &st, WUNTRACED) != c || !WIFSTOPPED(st))
		return 3;
	return 0;	/* its group is orphaned now, with a stopped member */
}

/* Run `orphaner' (a new session's leader that leaves a stopped member
 * reporting on orphan_report); 0 if that member got SIGHUP then SIGCONT
 * within 2 s, else 1 (what it got printed).  The member is killed after. */
static int stopped_member_hears_hup_then_cont(int (*orphaner)(void *))
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	orphan_report = fds[1];
	pid_t s = bt_spawn(orphaner, NULL);
	CHECK(s > 0, "fork");
	close(fds[1]);
	int st = bt_wait(s);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the session leader: status %#x", st);
	pid_t c = 0;
	CHECK(read(fds[0], &c, sizeof(c)) == sizeof(c) && c > 0, "the stopped member's pid");
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	char got[4] = "";
	size_t n = 0;
	for (int ms = 0; n < 2 && ms < 2000; ms += 5) {
		ssize_t r = read(fds[0], got + n, 2 - n);
		if (r > 0)
			n += (size_t)r;
		else
			bt_msleep(5);
	}
	kill(c, SIGKILL);		/* init reaps it */
	CHECK(n == 2 && got[0] == 'H' && got[1] == 'C', "the orphan got '%.*s'", (int)n, got);
	return 0;
}

BTEST(a_stopped_group_orphaned_by_an_exit_gets_sighup_then_sigcont)
{
	return stopped_member_hears_hup_then_cont(leader_of_a_stopped_child);
}

/* Session leader S; X, its child, leads group G; in G, Y stops, its parent
 * gone (init's, of another session): X is G's one link to S's group.  X
 * then joins S's group with setpgid, and G is orphaned. */
static int leader_of_a_group_setpgid_orphans(void *arg)
{
	(void)arg;
	if (setsid() < 0)
		return 2;
	pid_t x = fork();
	if (x == 0) {
		setpgid(0, 0);
		pid_t w = fork();
		if (w == 0) {
			pid_t y = fork();
			if (y == 0)
				_exit(report_and_stop());
			int st = 0;
			_exit(waitpid(y, &st, WUNTRACED) == y && WIFSTOPPED(st) ? 0 : 1);
		}
		int st = -1;
		if (waitpid(w, &st, 0) != w || st != 0)
			_exit(4);
		_exit(setpgid(0, getppid()) == 0 ? 0 : 5);
	}
	return bt_wait(x) == 0 ? 0 : 3;
}

BTEST(a_stopped_group_orphaned_by_setpgid_gets_sighup_then_sigcont)
{
	return stopped_member_hears_hup_then_cont(leader_of_a_group_setpgid_orphans);
}

/* Session leader S; X, its child, joins group G of X's child Y, which
 * stops: X is G's one link to S's group.  X then leaves for a session of
 * its own, and G is orphaned. */
static int leader_of_a_group_setsid_orphans(void *arg)
{
	(void)arg;
	if (setsid() < 0)
		return 2;
	pid_t x = fork();
	if (x == 0) {
		pid_t y = fork();
		if (y == 0) {
			setpgid(0, 0);
			_exit(report_and_stop());
		}
		setpgid(y, y);
		if (setpgid(0, y) != 0)
			_exit(4);
		int st = 0;
		if (waitpid(y, &st, WUNTRACED) != y || !WIFSTOPPED(st))
			_exit(5);
		_exit(setsid() > 0 ? 0 : 6);
	}
	return bt_wait(x) == 0 ? 0 : 3;
}

BTEST(a_stopped_group_orphaned_by_setsid_gets_sighup_then_sigcont)
{
	return stopped_member_hears_hup_then_cont(leader_of_a_group_setsid_orphans);
}

BTEST(setpgid_moves_a_child_to_its_own_group)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(pause_reading, fds);
	CHECK(getpgid(pid) == getpgrp(), "inherits the group");
	CHECK(setpgid(pid, pid) == 0, "setpgid");
	CHECK(getpgid(pid) == pid, "own group %d", getpgid(pid));
	CHECK(setpgid(pid, 12345) == -1 && errno == EPERM, "to a group that does not exist");
	close(fds[1]);
	close(fds[0]);
	bt_wait(pid);
	return 0;
}

BTEST(setpgid_of_a_session_leader_is_eperm)
{
	CHECK(setsid() == getpid(), "setsid");
	CHECK(setpgid(0, 0) == -1 && errno == EPERM, "setpgid");
	return 0;
}

BTEST(setpgid_of_an_unrelated_process_is_esrch)
{
	CHECK(setpgid(1, 1) == -1 && errno == ESRCH, "init is not our child");
	return 0;
}

BTEST(execve_runs_a_program_with_its_argv_and_envp)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "bt_exec_child", "args", "one", "two", NULL };
		char *envp[] = { "ALPHA=1", "BETA=two", NULL };
		execve("/bin/bt_exec_child", argv, envp);
		_exit(100);
	}
	int status = bt_wait(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the program said %#x", status);
	return 0;
}

BTEST(execve_keeps_the_pid_and_parent)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		char fdarg[16];
		snprintf(fdarg, sizeof(fdarg), "%d", fds[1]);
		char *argv[] = { "bt_exec_child", "pid", fdarg, NULL };
		execve("/bin/bt_exec_child", argv, NULL);
		_exit(100);
	}
	close(fds[1]);
	pid_t said[2] = { 0, 0 };
	CHECK(read(fds[0], said, sizeof(said)) == sizeof(said), "read");
	CHECK(said[0] == pid && said[1] == getpid(), "pid %d ppid %d, want %d %d", said[0],
	      said[1], pid, getpid());
	CHECK(bt_wait(pid) == 0, "status");
	return 0;
}

BTEST(execve_keeps_descriptors_and_closes_close_on_exec_ones)
{
	int keep[2], gone[2];
	CHECK(pipe(keep) == 0 && pipe(gone) == 0, "pipes");
	CHECK(fcntl(gone[1], F_SETFD, FD_CLOEXEC) == 0, "FD_CLOEXEC");
	pid_t pid = fork();
	if (pid == 0) {
		char a[16], b[16];
		snprintf(a, sizeof(a), "%d", keep[1]);
		snprintf(b, sizeof(b), "%d", gone[1]);
		char *argv[] = { "bt_exec_child", "fds", a, b, NULL };
		execve("/bin/bt_exec_child", argv, NULL);
		_exit(100);
	}
	int status = bt_wait(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the program said %#x", status);
	return 0;
}

BTEST(execve_of_a_missing_program_is_enoent_and_the_caller_goes_on)
{
	char *argv[] = { "nothing", NULL };
	CHECK(execve("/bin/no_such_program", argv, NULL) == -1 && errno == ENOENT, "execve");
	CHECK(execve("/bin/boot.conf", argv, NULL) == -1 && errno == ENOEXEC, "not a program");
	return 0;
}

BTEST(execve_with_a_bad_path_pointer_is_efault)
{
	char *argv[] = { "x", NULL };
	CHECK(execve((const char *)BAD_PTR, argv, NULL) == -1 && errno == EFAULT, "path");
	CHECK(execve("/bin/bt_exec_child", (char **)BAD_PTR, NULL) == -1 && errno == EFAULT, "argv");
	return 0;
}

BTEST(setpgid_of_a_child_that_has_exec_d_is_eacces)
{
	int go[2], ran[2];
	char c, r[12], w[12];
	CHECK(pipe(go) == 0 && pipe(ran) == 0, "pipe");
	snprintf(r, sizeof(r), "%d", go[0]);
	snprintf(w, sizeof(w), "%d", ran[1]);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "bt_exec_child", "wait", r, w, NULL };
		execve("/bin/bt_exec_child", argv, NULL);
		_exit(99);
	}
	CHECK(pid > 0 && read(ran[0], &c, 1) == 1, "the child runs the new program");
	errno = 0;
	int ret = setpgid(pid, pid), err = errno;
	errno = 0;
	int own = setpgid(pid, getpgrp()), own_err = errno;
	CHECK(write(go[1], "g", 1) == 1, "let it end");
	CHECK(bt_wait(pid) == 0, "the child's status");
	CHECK(ret == -1 && err == EACCES, "its own group: %d, errno %d", ret, err);
	CHECK(own == -1 && own_err == EACCES, "the group it is in: %d, errno %d", own, own_err);
	return 0;
}
