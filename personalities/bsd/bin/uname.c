// SPDX-License-Identifier: BSD-2-Clause
// uname [-amnrsv]: the system's name (-s, the default), node name (-n),
// release (-r), version (-v) and machine (-m); -a all of them.  On MachRV
// the version says which shape (single or multi server) is running.
#include <stdio.h>
#include <sys/utsname.h>
#include "util.h"

int main(int argc, char **argv)
{
	int c, flags = 0;
	struct utsname u;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "amnrsvp")) != -1) {
		switch (c) {
		case 'a': flags |= 31; break;
		case 's': flags |= 1; break;
		case 'n': flags |= 2; break;
		case 'r': flags |= 4; break;
		case 'v': flags |= 8; break;
		case 'm': case 'p': flags |= 16; break;
		default: ul_usage(1, "[-amnrsv]");
		}
	}
	if (ul_optind < argc)
		ul_usage(1, "[-amnrsv]");
	if (flags == 0)
		flags = 1;
	if (uname(&u) < 0)
		ul_err(1, "uname");
	const char *parts[] = { u.sysname, u.nodename, u.release, u.version, u.machine };
	int first = 1;
	for (int i = 0; i < 5; i++) {
		if (!(flags & (1 << i)))
			continue;
		printf("%s%s", first ? "" : " ", parts[i]);
		first = 0;
	}
	putchar('\n');
	return ul_finish(0);
}
