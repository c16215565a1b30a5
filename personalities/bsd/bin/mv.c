// SPDX-License-Identifier: BSD-2-Clause
// mv [-fiv] SOURCE TARGET | mv [-fiv] SOURCE... DIRECTORY: rename, or
// move into a directory.  Across file systems (EXDEV) it copies the tree
// keeping modes and times, then removes the source.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

static int iflag, vflag;

static int ask(const char *path)
{
	char c = 0, first = 0;

	fprintf(stderr, "overwrite %s? ", path);
	fflush(stderr);
	while (read(0, &c, 1) == 1 && c != '\n')
		if (first == 0)
			first = c;
	return first == 'y' || first == 'Y';
}

static int move(const char *from, const char *to)
{
	struct stat sb;

	if (iflag && lstat(to, &sb) == 0 && !ask(to))
		return 0;
	if (rename(from, to) == 0) {
		if (vflag)
			printf("%s -> %s\n", from, to);
		return 0;
	}
	if (errno != EXDEV) {
		ul_warn("rename %s to %s", from, to);
		return 1;
	}
	struct ul_copy_opts o = { .recursive = 1, .preserve = 1, .verbose = vflag };
	if (lstat(to, &sb) == 0 && ul_remove(to, 1, 1) != 0)
		return 1;
	if (ul_copy(from, to, &o) != 0)
		return 1;
	return ul_remove(from, 1, 0);
}

int main(int argc, char **argv)
{
	int c, st = 0;
	struct stat sb;
	const char *usage = "[-fiv] source target | source ... directory";

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "fiv")) != -1) {
		if (c == 'f') iflag = 0;
		else if (c == 'i') iflag = 1;
		else if (c == 'v') vflag = 1;
		else ul_usage(1, usage);
	}
	int n = argc - ul_optind;
	if (n < 2)
		ul_usage(1, usage);
	char **a = argv + ul_optind;
	const char *last = a[n - 1];
	if (stat(last, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		for (int i = 0; i < n - 1; i++) {
			char *b = ul_basename(a[i]);
			char *dst = ul_path_join(last, b);
			st |= move(a[i], dst);
			free(b);
			free(dst);
		}
		return ul_finish(st);
	}
	if (n > 2)
		ul_errx(1, "%s is not a directory", last);
	return ul_finish(move(a[0], last));
}
