// SPDX-License-Identifier: BSD-2-Clause
// pwd [-L|-P]: the working directory.  -L (the default, as POSIX says)
// prints $PWD when it names the working directory; -P the physical path.
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

int main(int argc, char **argv)
{
	int c, physical = 0;
	char buf[PATH_MAX];

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "LP")) != -1) {
		if (c == 'L')
			physical = 0;
		else if (c == 'P')
			physical = 1;
		else
			ul_usage(2, "[-L | -P]");
	}
	if (ul_optind < argc)
		ul_usage(2, "[-L | -P]");
	const char *pwd = getenv("PWD");
	struct stat a, b;
	if (!physical && pwd != NULL && pwd[0] == '/' && stat(pwd, &a) == 0 &&
	    stat(".", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		printf("%s\n", pwd);
		return ul_finish(0);
	}
	if (getcwd(buf, sizeof(buf)) == NULL)
		ul_err(1, "getcwd");
	printf("%s\n", buf);
	return ul_finish(0);
}
