// SPDX-License-Identifier: BSD-2-Clause
// rm [-fiRrv] FILE...: remove files; -r (-R) directories and what they
// hold; -f never asks and is quiet about missing files (status 0); -i
// asks before each operand.  "." and ".." are refused, as POSIX says.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

static int ask(const char *path)
{
	char c = 0, first = 0;

	fprintf(stderr, "remove %s? ", path);
	fflush(stderr);
	while (read(0, &c, 1) == 1 && c != '\n')
		if (first == 0)
			first = c;
	return first == 'y' || first == 'Y';
}

int main(int argc, char **argv)
{
	int c, force = 0, recursive = 0, interactive = 0, verbose = 0, st = 0;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "fiRrv")) != -1) {
		switch (c) {
		case 'f': force = 1; interactive = 0; break;
		case 'i': interactive = 1; force = 0; break;
		case 'R': case 'r': recursive = 1; break;
		case 'v': verbose = 1; break;
		default: ul_usage(1, "[-fiRrv] file ...");
		}
	}
	if (ul_optind >= argc) {
		if (force)
			return 0;
		ul_usage(1, "[-fiRrv] file ...");
	}
	for (int i = ul_optind; i < argc; i++) {
		char *base = ul_basename(argv[i]);
		int dots = strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
		free(base);
		if (dots) {
			ul_warnx("\"%s\" may not be removed", argv[i]);
			st = 1;
			continue;
		}
		if (interactive && !ask(argv[i]))
			continue;
		struct stat sb;
		if (!force && !recursive && lstat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			ul_warnx("%s: is a directory", argv[i]);
			st = 1;
			continue;
		}
		int r = ul_remove(argv[i], recursive, force);
		if (r == 0 && verbose)
			printf("%s\n", argv[i]);
		st |= r;
	}
	return ul_finish(st);
}
