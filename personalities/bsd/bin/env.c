// SPDX-License-Identifier: BSD-2-Clause
// env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG...]]: run a command
// in a changed environment, or print the environment.  Status 127 if the
// command is not found, 126 if it cannot be run.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

extern char **environ;

int main(int argc, char **argv)
{
	int c;
	static char *empty[] = { NULL };

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "iu:")) != -1) {
		if (c == 'i')
			environ = empty;
		else if (c == 'u')
			unsetenv(ul_optarg);
		else
			ul_usage(125, "[-i] [-u name] [name=value ...] [utility [argument ...]]");
	}
	int i = ul_optind;
	/* "env -" is the old spelling of -i. */
	if (i < argc && strcmp(argv[i], "-") == 0) {
		environ = empty;
		i++;
	}
	for (; i < argc && strchr(argv[i], '=') != NULL; i++) {
		char *eq = strchr(argv[i], '=');
		*eq = '\0';
		if (setenv(argv[i], eq + 1, 1) < 0)
			ul_err(125, "setenv %s", argv[i]);
		*eq = '=';
	}
	if (i < argc)
		ul_exec_or_die(argv + i);
	for (char **e = environ; *e; e++)
		printf("%s\n", *e);
	return ul_finish(0);
}
