// SPDX-License-Identifier: BSD-2-Clause
// rmdir [-p] DIR...: remove empty directories; -p also removes each
// parent named in the path ("a/b/c": c, then b, then a).
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

int main(int argc, char **argv)
{
	int c, parents = 0, st = 0;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "p")) != -1) {
		if (c == 'p')
			parents = 1;
		else
			ul_usage(1, "[-p] directory ...");
	}
	if (ul_optind >= argc)
		ul_usage(1, "[-p] directory ...");
	for (int i = ul_optind; i < argc; i++) {
		char *p = ul_strdup(argv[i]);
		for (;;) {
			size_t n = strlen(p);
			while (n > 1 && p[n - 1] == '/')
				p[--n] = '\0';
			if (rmdir(p) < 0) {
				ul_warn("%s", p);
				st = 1;
				break;
			}
			char *slash = strrchr(p, '/');
			if (!parents || slash == NULL || slash == p)
				break;
			*slash = '\0';
		}
		free(p);
	}
	return st;
}
