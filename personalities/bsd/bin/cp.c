// SPDX-License-Identifier: BSD-2-Clause
// cp [-Rrfpv] SOURCE TARGET | cp [-Rrfpv] SOURCE... DIRECTORY: copy files;
// -R (-r) copies directories and what they hold (symbolic links as
// links), -p keeps modes, owners and times, -f replaces a target it
// cannot open, -v names each copy.
#include <stdlib.h>
#include <sys/stat.h>
#include "util.h"

int main(int argc, char **argv)
{
	int c, st = 0;
	struct ul_copy_opts o = { 0 };
	struct stat sb;
	const char *usage = "[-Rfpv] source target | source ... directory";

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "Rrfpv")) != -1) {
		switch (c) {
		case 'R': case 'r': o.recursive = 1; break;
		case 'f': o.force = 1; break;
		case 'p': o.preserve = 1; break;
		case 'v': o.verbose = 1; break;
		default: ul_usage(1, usage);
		}
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
			st |= ul_copy(a[i], dst, &o);
			free(b);
			free(dst);
		}
		return ul_finish(st);
	}
	if (n > 2)
		ul_errx(1, "%s is not a directory", last);
	return ul_finish(ul_copy(a[0], last, &o));
}
