// SPDX-License-Identifier: BSD-2-Clause
// time [-p] COMMAND [ARG...]: run a command, then write on stderr how
// long it took: real (elapsed), user and sys (the CPU time of the command
// and its children).  BSD's one-line layout, or POSIX's with -p.  The
// status is the command's (127 not found, 126 not runnable).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "util.h"

static double seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	int c, pflag = 0;
	struct timespec t0, t1;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "p")) != -1) {
		if (c == 'p')
			pflag = 1;
		else
			ul_usage(2, "[-p] utility [argument ...]");
	}
	if (ul_optind >= argc)
		ul_usage(2, "[-p] utility [argument ...]");
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0)
		ul_err(2, "fork");
	if (pid == 0)
		ul_exec_or_die(argv + ul_optind);
	/* The shell's ^C goes to the command; time reports what it used. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			ul_err(2, "waitpid");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double real = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (pflag)
		fprintf(stderr, "real %.2f\nuser %.2f\nsys %.2f\n", real,
			seconds(&ru.ru_utime), seconds(&ru.ru_stime));
	else
		fprintf(stderr, "%13.2f real %13.2f user %13.2f sys\n", real,
			seconds(&ru.ru_utime), seconds(&ru.ru_stime));
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	return WEXITSTATUS(ws);
}
