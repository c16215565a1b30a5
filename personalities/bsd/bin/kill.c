// SPDX-License-Identifier: BSD-2-Clause
// kill [-s SIGNAL | -SIGNAL] PID... | kill -l [STATUS]: send a signal
// (TERM by default; a name with or without SIG, or a number) to processes;
// a negative PID is a process group.  -l lists the names, or names the
// signal of an exit status above 128.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "util.h"

static void list(void)
{
	int col = 0;

	for (int s = 1; s < UL_NSIG; s++) {
		const char *n = ul_signame(s);
		if (n == NULL)
			continue;
		printf("%s%s", col ? " " : "", n);
		if (++col == 8) {
			putchar('\n');
			col = 0;
		}
	}
	if (col)
		putchar('\n');
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, st = 0;
	const char *usage = "[-s signal_name] pid ... | -l [exit_status]";

	ul_init(argc, argv);
	if (argc < 2)
		ul_usage(2, usage);
	if (strcmp(argv[1], "-l") == 0) {
		if (argc == 2) {
			list();
			return ul_finish(0);
		}
		long long v;
		if (ul_number(argv[2], 0, 255, &v) < 0)
			ul_errx(2, "%s: invalid status", argv[2]);
		const char *n = ul_signame((int)(v > 128 ? v - 128 : v));
		if (n == NULL)
			ul_errx(2, "%s: unknown signal", argv[2]);
		printf("%s\n", n);
		return ul_finish(0);
	}
	if (strcmp(argv[1], "-s") == 0) {
		if (argc < 3)
			ul_usage(2, usage);
		sig = ul_signum(argv[2]);
		if (sig < 0)
			ul_errx(2, "%s: unknown signal; kill -l lists signals", argv[2]);
		i = 3;
	} else if (argv[1][0] == '-' && argv[1][1] != '\0' && strcmp(argv[1], "--") != 0) {
		sig = ul_signum(argv[1] + 1);
		if (sig < 0)
			ul_errx(2, "%s: unknown signal; kill -l lists signals", argv[1] + 1);
		i = 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		ul_usage(2, usage);
	for (; i < argc; i++) {
		long long pid;
		if (ul_number(argv[i], -(1LL << 31), (1LL << 31) - 1, &pid) < 0) {
			ul_warnx("%s: illegal process id", argv[i]);
			st = 2;
			continue;
		}
		if (kill((pid_t)pid, sig) < 0) {
			ul_warn("%s", argv[i]);
			st = 1;
		}
	}
	return ul_finish(st);
}
