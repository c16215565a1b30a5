// SPDX-License-Identifier: BSD-2-Clause
// init: process 1 of the BSD personality (/sbin/init on the disk).
//
//   init [-u USER] [-c COMMAND]
//
// bsd_server starts it with descriptors 0, 1 and 2 on /dev/console
// (docs/shapes.md, "Boot").  init runs /etc/rc, then:
//   - with -c: `sh -c COMMAND` as root (or USER), and when that shell ends
//     the system goes down with the shell's status (128 + the signal if it
//     was killed): what `scripts/run -c` is made of;
//   - without -c: a shell on the console (as root, or USER), started again
//     whenever it exits, until halt or poweroff.
// Meanwhile it reaps every orphan (they become its children).  SIGUSR1
// (halt) and SIGUSR2 (poweroff), FreeBSD's init signals, take the system
// down with status 0.  Going down: every other process gets SIGTERM, then
// SIGKILL after a grace time, the file systems are synced, and init exits;
// bsd_server ends with init's status and bootstrap powers the machine off
// with it.
/* setgroups(2) is BSD's, not POSIX's. */
#define _DEFAULT_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHELL		"/bin/sh"
#define RC		"/etc/rc"
#define MOTD		"/etc/motd"
#define PATH		"PATH=/bin:/sbin"
#define GRACE_MS	2000		/* SIGTERM to SIGKILL */

static volatile sig_atomic_t going_down;

static void on_stop_signal(int sig)
{
	(void)sig;
	going_down = 1;
}

static void say(const char *fmt, const char *arg)
{
	fprintf(stderr, "init: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
}

/* The user a shell runs as; NULL (with a message) if there is none. */
static struct passwd *user_entry(const char *name)
{
	struct passwd *pw = getpwnam(name);
	if (!pw)
		say("no user '%s' in /etc/passwd", name);
	return pw;
}

/* In a child: become `pw` (NULL: stay root) with a login environment,
 * and exec `argv` (argv[0] a path). Never returns. */
static void exec_as(const struct passwd *pw, char *const argv[])
{
	static char home[256], user[64], logname[72], shell[] = "SHELL=" SHELL, path[] = PATH;
	const char *dir = pw ? pw->pw_dir : "/root";
	const char *name = pw ? pw->pw_name : "root";

	if (pw) {
		gid_t g = pw->pw_gid;
		if (setgroups(1, &g) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
			say("cannot become %s", name);
			_exit(126);
		}
	}
	snprintf(home, sizeof(home), "HOME=%s", dir);
	snprintf(user, sizeof(user), "USER=%s", name);
	snprintf(logname, sizeof(logname), "LOGNAME=%s", name);
	char *envp[] = { path, home, user, logname, shell, NULL };
	if (chdir(dir) < 0)
		(void)chdir("/");
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(argv[0], argv, envp);
	say("cannot run %s", argv[0]);
	_exit(127);
}

/* Start `argv` as `pw` in a session of its own; its pid, or -1. */
static pid_t start(const struct passwd *pw, char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		exec_as(pw, argv);
	}
	if (pid < 0)
		say("fork: %s", strerror(errno));
	return pid;
}

/* Reap children until `pid` ends (or the system is going down); its
 * wait status, or -1. */
static int wait_for(pid_t pid)
{
	while (!going_down) {
		int st;
		pid_t w = wait(&st);
		if (w == pid)
			return st;
		if (w < 0 && errno == ECHILD)
			return -1;
	}
	return -1;
}

static int exit_status(int st)
{
	if (st < 0)
		return 0;
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

static void run_rc(void)
{
	if (access(RC, R_OK) < 0)
		return;
	char *argv[] = { SHELL, RC, NULL };
	pid_t pid = start(NULL, argv);
	int st = pid > 0 ? wait_for(pid) : -1;
	if (st != -1 && st != 0)
		say("%s failed", RC);
}

static void banner(void)
{
	struct utsname u;
	if (uname(&u) == 0)
		printf("%s %s %s: %s\n", u.sysname, u.release, u.machine, u.version);
	int fd = open(MOTD, O_RDONLY);
	if (fd >= 0) {
		char buf[512];
		ssize_t n;
		fflush(stdout);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			(void)write(1, buf, (size_t)n);
		close(fd);
	}
	fflush(stdout);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* Every other process gets SIGTERM, then SIGKILL; reaped. */
static void stop_everyone(void)
{
	if (kill(-1, SIGTERM) < 0)
		return;			/* no one else */
	for (long waited = 0; waited < GRACE_MS; waited += 20) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (kill(-1, 0) < 0)
			return;
		sleep_ms(20);
	}
	kill(-1, SIGKILL);
	while (wait(NULL) > 0)
		;
}

static void usage(void)
{
	fprintf(stderr, "usage: init [-u user] [-c command]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *command = NULL, *username = NULL;
	int c;

	while ((c = getopt(argc, argv, "c:u:")) != -1) {
		if (c == 'c')
			command = optarg;
		else if (c == 'u')
			username = optarg;
		else
			usage();
	}
	if (optind < argc)
		usage();
	if (getpid() != 1)
		fprintf(stderr, "init: not process 1 (pid %d): orphans will not come here\n",
			(int)getpid());

	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);

	struct passwd *pw = NULL;
	if (username && strcmp(username, "root") != 0) {
		pw = user_entry(username);
		if (!pw)
			return 125;
		/* getpwnam's entry is static: keep our own copy. */
		static struct passwd keep;
		static char name[64], dir[256];
		snprintf(name, sizeof(name), "%s", pw->pw_name);
		snprintf(dir, sizeof(dir), "%s", pw->pw_dir);
		keep = *pw;
		keep.pw_name = name;
		keep.pw_dir = dir;
		pw = &keep;
	}

	run_rc();
	int status = 0;
	if (command) {
		char *sh_argv[] = { SHELL, "-c", (char *)command, NULL };
		pid_t pid = start(pw, sh_argv);
		status = pid < 0 ? 125 : exit_status(wait_for(pid));
		if (going_down)
			status = 0;
	} else {
		banner();
		while (!going_down) {
			char *sh_argv[] = { SHELL, "-i", NULL };
			pid_t pid = start(pw, sh_argv);
			if (pid < 0)
				sleep_ms(1000);		/* and try again */
			else
				(void)wait_for(pid);
		}
	}
	stop_everyone();
	if (!command)
		printf("init: syncing the disks, powering off\n");
	sync();
	return status;
}
