// SPDX-License-Identifier: BSD-2-Clause
// ln [-fs] SOURCE [TARGET] | ln [-fs] SOURCE... DIRECTORY: hard links, or
// symbolic ones with -s; -f replaces an existing target.
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

static int sflag, fflag;

static int link_one(const char *src, const char *dst)
{
	if (fflag && unlink(dst) < 0 && errno != ENOENT) {
		ul_warn("%s", dst);
		return 1;
	}
	if ((sflag ? symlink(src, dst) : link(src, dst)) < 0) {
		ul_warn("%s", dst);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, st = 0;
	struct stat sb;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "fs")) != -1) {
		if (c == 'f') fflag = 1;
		else if (c == 's') sflag = 1;
		else ul_usage(1, "[-fs] source [target] | source ... directory");
	}
	int n = argc - ul_optind;
	if (n < 1)
		ul_usage(1, "[-fs] source [target] | source ... directory");
	char **a = argv + ul_optind;
	if (n == 1) {
		char *b = ul_basename(a[0]);
		st = link_one(a[0], b);
		free(b);
		return st;
	}
	const char *last = a[n - 1];
	if (stat(last, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		for (int i = 0; i < n - 1; i++) {
			char *b = ul_basename(a[i]);
			char *dst = ul_path_join(last, b);
			st |= link_one(a[i], dst);
			free(b);
			free(dst);
		}
		return st;
	}
	if (n > 2)
		ul_errx(1, "%s: Not a directory", last);
	return link_one(a[0], last);
}
