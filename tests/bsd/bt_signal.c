// SPDX-License-Identifier: BSD-2-Clause
// Signals: handlers, masks, kill, default actions, SIGCHLD, stop and
// continue, alarm, and their interaction with calls that wait.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include "bt.h"

static volatile int caught, caught_sig, caught_count;

static void on_signal(int sig)
{
	caught = 1;
	caught_sig = sig;
	caught_count++;
}

static int catch(int sig, int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = flags;
	return sigaction(sig, &sa, NULL);
}

BTEST(a_handler_runs_for_a_signal_sent_to_self_and_gets_its_number)
{
	CHECK(catch(SIGUSR1, 0) == 0, "sigaction");
	CHECK(raise(SIGUSR1) == 0, "raise");
	CHECK(caught && caught_sig == SIGUSR1, "caught %d sig %d", caught, caught_sig);
	return 0;
}

BTEST(sigaction_reports_the_previous_action)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "set");
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0, "get");
	CHECK(old.sa_handler == on_signal && old.sa_flags == SA_RESTART &&
	      sigismember(&old.sa_mask, SIGUSR2), "old action");
	CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL, "SIGKILL cannot be caught");
	CHECK(sigaction(0, &sa, NULL) == -1 && errno == EINVAL, "signal 0");
	return 0;
}

BTEST(a_blocked_signal_waits_pending_until_unblocked)
{
	sigset_t set, pending, old;
	CHECK(catch(SIGUSR1, 0) == 0, "sigaction");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0, "block");
	raise(SIGUSR1);
	CHECK(!caught, "ran while blocked");
	CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1), "pending");
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0, "unblock");
	CHECK(caught, "ran once unblocked");
	CHECK(sigpending(&pending) == 0 && !sigismember(&pending, SIGUSR1), "no longer pending");
	return 0;
}

BTEST(sigkill_cannot_be_blocked)
{
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		raise(SIGKILL);
		_exit(0);
	}
	int status = bt_wait(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status %#x", status);
	return 0;
}

static int signal_parent_later(void *arg)
{
	pid_t parent = getppid();
	bt_msleep(20);
	if (getppid() == parent)
		kill(parent, (int)(long)arg);
	return 0;
}

/* Signal the parent every 10 ms (for 3 s at most) until it kills us: one
 * of them surely comes while the parent waits in the call under test. */
static int signal_parent_repeatedly(void *arg)
{
	pid_t parent = getppid();
	for (int i = 0; i < 300 && getppid() == parent; i++) {
		kill(parent, (int)(long)arg);
		bt_msleep(10);
	}
	return 0;
}

static void stop_sender(pid_t pid)
{
	kill(pid, SIGKILL);
	bt_wait(pid);
}

BTEST(sigsuspend_waits_for_a_signal_and_returns_eintr)
{
	sigset_t block, none, now;
	CHECK(catch(SIGUSR1, 0) == 0, "sigaction");
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid_t pid = bt_spawn(signal_parent_later, (void *)(long)SIGUSR1);
	sigemptyset(&none);
	int r = sigsuspend(&none);
	CHECK(r == -1 && errno == EINTR, "sigsuspend %d", r);
	CHECK(caught, "the handler ran");
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1), "the old mask is back");
	bt_wait(pid);
	return 0;
}

static int block_in_read(void *arg)
{
	int fd = (int)(long)arg;
	char c;
	(void)read(fd, &c, 1);
	return 0;
}

BTEST(kill_of_a_process_group_reaches_every_member)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t a = bt_spawn(block_in_read, (void *)(long)fds[0]);
	pid_t b = bt_spawn(block_in_read, (void *)(long)fds[0]);
	CHECK(setpgid(a, a) == 0 && setpgid(b, a) == 0, "one group");
	CHECK(kill(-a, SIGTERM) == 0, "kill the group");
	int sa = bt_wait(a), sb = bt_wait(b);
	CHECK(WIFSIGNALED(sa) && WTERMSIG(sa) == SIGTERM, "a %#x", sa);
	CHECK(WIFSIGNALED(sb) && WTERMSIG(sb) == SIGTERM, "b %#x", sb);
	return 0;
}

static int minus_one_sender(void *arg)
{
	(void)arg;
	/* As uid 1000: only uid 1000's processes (not the sender) are reached. */
	int fds[2];
	if (pipe(fds) != 0 || setuid(1000) != 0)
		return 2;
	pid_t victim = bt_spawn(block_in_read, (void *)(long)fds[0]);
	if (kill(-1, SIGTERM) != 0)
		return 3;
	int status = bt_wait(victim);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
		return 4;
	return 0;	/* and we are alive */
}

BTEST(kill_minus_one_reaches_the_others_it_may_signal_but_not_itself)
{
	pid_t pid = bt_spawn(minus_one_sender, NULL);
	int status = bt_wait(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	return 0;
}

BTEST(kill_of_an_unknown_pid_is_esrch)
{
	CHECK(kill(99999, SIGTERM) == -1 && errno == ESRCH, "kill");
	CHECK(kill(getpid(), 0) == 0, "signal 0 checks only");
	CHECK(kill(getpid(), 77) == -1 && errno == EINVAL, "a bad signal");
	return 0;
}

static int kill_init_as_user(void *arg)
{
	(void)arg;
	if (setuid(1000) != 0)
		return 2;
	return kill(1, SIGTERM) == -1 && errno == EPERM ? 0 : 3;
}

BTEST(an_ordinary_user_may_not_signal_root_processes)
{
	pid_t pid = bt_spawn(kill_init_as_user, NULL);
	CHECK(bt_wait(pid) == 0, "EPERM expected");
	return 0;
}

static int exit_now(void *arg)
{
	(void)arg;
	return 0;
}

BTEST(sigchld_reaches_the_parent_when_a_child_exits)
{
	CHECK(catch(SIGCHLD, 0) == 0, "sigaction");
	pid_t pid = bt_spawn(exit_now, NULL);
	CHECK(bt_wait_flag(&caught, 2000), "no SIGCHLD");
	CHECK(caught_sig == SIGCHLD, "sig %d", caught_sig);
	bt_wait(pid);
	return 0;
}

BTEST(ignoring_sigchld_leaves_no_zombie)
{
	signal(SIGCHLD, SIG_IGN);
	pid_t pid = bt_spawn(exit_now, NULL);
	bt_msleep(20);
	int status;
	CHECK(waitpid(pid, &status, 0) == -1 && errno == ECHILD, "no zombie to wait for");
	return 0;
}

BTEST(sigterm_by_default_ends_the_process)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(block_in_read, (void *)(long)fds[0]);
	kill(pid, SIGTERM);
	int status = bt_wait(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "status %#x", status);
	return 0;
}

static int spin_until_told(void *arg)
{
	int fd = (int)(long)arg;
	char c;
	/* Blocked reading: stop and continue act on the whole task. */
	return read(fd, &c, 1) == 1 ? c : 9;
}

BTEST(sigstop_stops_and_sigcont_continues)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(spin_until_told, (void *)(long)fds[0]);
	CHECK(kill(pid, SIGSTOP) == 0, "SIGSTOP");
	int status = 0;
	CHECK(waitpid(pid, &status, WUNTRACED) == pid, "waitpid WUNTRACED");
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP, "status %#x", status);
	CHECK(kill(pid, SIGCONT) == 0, "SIGCONT");
	CHECK(write(fds[1], "\5", 1) == 1, "write");
	status = bt_wait(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5, "status %#x", status);
	return 0;
}

/* Spin without a system call until the handler sets `caught' (at most
 * a few seconds' worth of work, so a lost signal ends the child). */
static int spin_until_caught(void *arg)
{
	(void)arg;
	if (catch(SIGUSR1, 0) != 0)
		return 2;
	for (unsigned long i = 0; i < 4000000000UL && !caught; i++)
		;
	return caught ? 0 : 1;
}

BTEST(a_signal_caught_while_stopped_is_handled_once_sigcont_continues_it)
{
	pid_t pid = bt_spawn(spin_until_caught, NULL);
	CHECK(pid > 0, "fork");
	bt_msleep(20);			/* its handler is set */
	CHECK(kill(pid, SIGSTOP) == 0, "SIGSTOP");
	int status = 0;
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status), "stopped: %#x", status);
	CHECK(kill(pid, SIGUSR1) == 0, "SIGUSR1 while stopped");
	CHECK(kill(pid, SIGCONT) == 0, "SIGCONT (its default action)");
	pid_t got = 0;
	for (int ms = 0; ms < 3000 && (got = waitpid(pid, &status, WNOHANG)) == 0; ms += 5)
		bt_msleep(5);
	if (got == 0) {
		kill(pid, SIGKILL);
		bt_wait(pid);
	}
	CHECK(got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the handler did not run: %s %#x", got ? "status" : "still spinning", status);
	return 0;
}

BTEST(alarm_sends_sigalrm)
{
	CHECK(catch(SIGALRM, 0) == 0, "sigaction");
	alarm(1);
	CHECK(bt_wait_flag(&caught, 3000), "no SIGALRM");
	CHECK(caught_sig == SIGALRM, "sig %d", caught_sig);
	CHECK(alarm(0) == 0, "no alarm left");
	return 0;
}

BTEST(a_read_interrupted_without_sa_restart_fails_with_eintr)
{
	int fds[2];
	char c;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(catch(SIGUSR1, 0) == 0, "sigaction");
	pid_t pid = bt_spawn(signal_parent_repeatedly, (void *)(long)SIGUSR1);
	ssize_t r = read(fds[0], &c, 1);
	int e = errno;
	stop_sender(pid);
	errno = e;
	CHECK(r == -1 && errno == EINTR, "read %zd", r);
	CHECK(caught, "the handler ran");
	return 0;
}

static int signal_parent_without_pause(void *arg)
{
	pid_t parent = getppid();
	(void)arg;
	for (int i = 0; i < 1000000 && getppid() == parent; i++)
		kill(parent, SIGUSR1);
	return 0;
}

/*
 * Signals sent as fast as a process can send them meet the reader at every
 * step of its read: in user code, on its way into bsd_server, parked.
 * Each read must end with EINTR after a handler ran (a signal that set the
 * thread going in its handler while the read was on its way once left the
 * read parked for ever, with the signal blocked).
 */
BTEST(reads_under_a_stream_of_signals_all_end_with_eintr)
{
	int fds[2];
	char c;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(catch(SIGUSR1, 0) == 0, "sigaction");
	pid_t pid = bt_spawn(signal_parent_without_pause, NULL);
	int eintr = 0, other = 0;
	for (int i = 0; i < 200; i++) {
		caught = 0;
		ssize_t r = read(fds[0], &c, 1);
		if (r == -1 && errno == EINTR && caught)
			eintr++;
		else
			other++;
	}
	stop_sender(pid);
	CHECK(eintr == 200, "%d reads ended with EINTR after a handler, %d otherwise", eintr,
	      other);
	return 0;
}

static int signal_then_write(void *arg)
{
	int fd = (int)(long)arg;
	pid_t parent = getppid();
	for (int i = 0; i < 20 && getppid() == parent; i++) {
		kill(parent, SIGUSR1);
		bt_msleep(5);
	}
	return write(fd, "R", 1) == 1 ? 0 : 1;
}

BTEST(a_read_interrupted_with_sa_restart_goes_on_and_gets_the_data)
{
	int fds[2];
	char c = 0;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(catch(SIGUSR1, SA_RESTART) == 0, "sigaction");
	pid_t pid = bt_spawn(signal_then_write, (void *)(long)fds[1]);
	ssize_t r = read(fds[0], &c, 1);
	CHECK(r == 1 && c == 'R', "read %zd %c", r, c);
	CHECK(caught, "the handler ran");
	bt_wait(pid);
	return 0;
}

BTEST(nanosleep_interrupted_is_eintr_with_the_time_left)
{
	struct timespec want = { 5, 0 }, left = { 0, 0 };
	CHECK(catch(SIGUSR1, 0) == 0, "sigaction");
	pid_t pid = bt_spawn(signal_parent_repeatedly, (void *)(long)SIGUSR1);
	int r = nanosleep(&want, &left);
	int e = errno;
	stop_sender(pid);
	errno = e;
	CHECK(r == -1 && errno == EINTR, "nanosleep %d", r);
	CHECK(left.tv_sec > 0 && left.tv_sec <= 5, "left %lld s", (long long)left.tv_sec);
	return 0;
}

BTEST(sa_resethand_runs_the_handler_once)
{
	struct sigaction old;
	CHECK(catch(SIGUSR1, SA_RESETHAND) == 0, "sigaction");
	raise(SIGUSR1);
	CHECK(caught_count == 1, "count %d", caught_count);
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == SIG_DFL, "back to SIG_DFL");
	return 0;
}

/* A handler that uses registers a lot, called while the main code holds values in them. */
static volatile double handler_sink;

static void busy_handler(int sig)
{
	double x = sig;
	for (int i = 0; i < 50; i++)
		x = x * 1.5 + i;
	handler_sink = x;
	caught_count++;
}

static int kill_parent_often(void *arg)
{
	(void)arg;
	pid_t parent = getppid();
	for (int i = 0; i < 20 && getppid() == parent; i++) {
		kill(parent, SIGUSR1);
		bt_msleep(2);
	}
	return 0;
}

BTEST(a_handler_that_interrupts_running_code_leaves_its_registers_as_they_were)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = busy_handler;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction");
	pid_t pid = bt_spawn(kill_parent_often, NULL);
	/* Compute in registers (no calls) until the sender is done. */
	double f = 1.0;
	unsigned long n = 0, sum = 0;
	int status = 0;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		for (int i = 0; i < 10000; i++) {
			n++;
			sum += n;
			f += 1.0;
		}
	}
	CHECK(sum == n * (n + 1) / 2, "the integer registers changed: n %lu sum %lu", n, sum);
	CHECK(f == 1.0 + (double)n, "the FP registers changed");
	CHECK(caught_count > 0, "no handler ran");
	return 0;
}

BTEST(sigreturn_of_a_bad_context_is_refused)
{
	char junk[600];
	memset(junk, 0x5a, sizeof(junk));
	CHECK(sigreturn(junk) == -1 && errno == EINVAL, "garbage context");
	CHECK(sigreturn(BAD_PTR) == -1 && errno == EFAULT, "bad pointer");
	return 0;
}
