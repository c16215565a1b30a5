// SPDX-License-Identifier: BSD-2-Clause
// The C library's process helpers over execve and fork: the exec family
// (execl, execle, execlp, execv, execvp), system, popen and pclose.  From
// the boot archive there is no /bin/sh: system and popen then give the
// status of a shell that could not run (127), as POSIX says; from the
// disk (tests/system) the shell runs the commands.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "bt.h"

#define CHILD	"/bin/bt_exec_child"

/* The exit status of a child that runs fn, or -1 (not an exit). */
static int status_of(int (*fn)(void *), void *arg)
{
	pid_t pid = bt_spawn(fn, arg);
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int run_execl(void *arg)
{
	(void)arg;
	execl(CHILD, "bt_exec_child", "exit", "7", (char *)0);
	return 100;
}

static int run_execv(void *arg)
{
	char *argv[] = { "bt_exec_child", "exit", "8", NULL };
	(void)arg;
	execv(CHILD, argv);
	return 100;
}

static int run_execle(void *arg)
{
	char *envp[] = { "ALPHA=1", "BETA=two", NULL };
	(void)arg;
	execle(CHILD, "bt_exec_child", "args", "one", "two", (char *)0, envp);
	return 100;
}

BTEST(execl_execv_and_execle_start_a_program_with_the_arguments_and_environment_given)
{
	CHECK(status_of(run_execl, NULL) == 7, "execl");
	CHECK(status_of(run_execv, NULL) == 8, "execv");
	CHECK(status_of(run_execle, NULL) == 0, "execle: arguments and environment as given");
	return 0;
}

static int run_execlp(void *arg)
{
	(void)arg;
	setenv("PATH", "/no/such/dir::/bin", 1);
	execlp("bt_exec_child", "bt_exec_child", "exit", "9", (char *)0);
	return 100;
}

static int run_execvp_default_path(void *arg)
{
	char *argv[] = { "bt_exec_child", "exit", "10", NULL };
	(void)arg;
	unsetenv("PATH");		/* then /bin:/usr/bin */
	execvp("bt_exec_child", argv);
	return 100;
}

BTEST(execlp_and_execvp_find_a_program_on_path_and_say_enoent_for_one_nowhere)
{
	CHECK(status_of(run_execlp, NULL) == 9, "execlp along PATH");
	CHECK(status_of(run_execvp_default_path, NULL) == 10, "execvp without PATH");
	char *argv[] = { "no_such_program", NULL };
	errno = 0;
	CHECK(execvp("no_such_program", argv) == -1 && errno == ENOENT, "missing: errno %d", errno);
	errno = 0;
	CHECK(execvp("", argv) == -1 && errno == ENOENT, "empty name: errno %d", errno);
	errno = 0;
	CHECK(execlp("/no/such/program", "x", (char *)0) == -1 && errno == ENOENT,
	      "a path is not searched: errno %d", errno);
	return 0;
}

/* Is there a shell (the disk), or not (the boot archive)? */
static bool have_shell(void)
{
	return access("/bin/sh", X_OK) == 0;
}

BTEST(system_gives_the_command_s_wait_status_or_127_without_a_shell)
{
	bool sh = have_shell();
	CHECK((system(NULL) != 0) == sh, "system(NULL) says whether there is a shell");
	int st = system("exit 3");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (sh ? 3 : 127), "system: status %#x", st);
	/* SIGCHLD is blocked while it waits, and given back. */
	sigset_t mask;
	sigprocmask(SIG_BLOCK, NULL, &mask);
	CHECK(!sigismember(&mask, SIGCHLD), "SIGCHLD unblocked after");
	return 0;
}

BTEST(popen_reads_a_command_s_output_and_writes_its_input_and_pclose_gives_its_status)
{
	bool sh = have_shell();
	FILE *f = popen("echo hello; exit 4", "r");
	CHECK(f != NULL, "popen r");
	char line[32] = "";
	char *got = fgets(line, sizeof(line), f);
	int st = pclose(f);
	if (sh)
		CHECK(got && !strcmp(line, "hello\n") && WIFEXITED(st) && WEXITSTATUS(st) == 4,
		      "read %s, status %#x", line, st);
	else
		CHECK(!got && WIFEXITED(st) && WEXITSTATUS(st) == 127, "no shell: status %#x", st);
	/* Without a shell the reader may be gone before the line is written. */
	if (!sh)
		signal(SIGPIPE, SIG_IGN);
	f = popen("read x; test \"$x\" = ok", "w");
	CHECK(f != NULL, "popen w");
	fputs("ok\n", f);
	st = pclose(f);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (sh ? 0 : 127), "write: status %#x", st);
	errno = 0;
	CHECK(pclose(stdin) == -1 && errno == ECHILD, "pclose of a stream popen did not make");
	CHECK(popen("true", "x") == NULL && errno == EINVAL, "a bad mode");
	return 0;
}
