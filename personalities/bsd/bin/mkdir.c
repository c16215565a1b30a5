// SPDX-License-Identifier: BSD-2-Clause
// mkdir [-p] [-m MODE] DIR...: make directories; -p makes missing parents
// too and is quiet about ones that exist; -m sets the mode (chmod syntax).
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util.h"

static int make_parents(char *path, mode_t mode, mode_t parent_mode)
{
	struct stat st;

	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, parent_mode) < 0 && (errno != EEXIST || stat(path, &st) < 0 || !S_ISDIR(st.st_mode))) {
			if (errno == EEXIST)
				errno = ENOTDIR;
			ul_warn("%s", path);
			*p = '/';
			return 1;
		}
		*p = '/';
	}
	if (mkdir(path, mode) < 0) {
		if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		ul_warn("%s", path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, parents = 0, st = 0;
	const char *mode_spec = NULL;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "pm:")) != -1) {
		if (c == 'p')
			parents = 1;
		else if (c == 'm')
			mode_spec = ul_optarg;
		else
			ul_usage(1, "[-p] [-m mode] directory ...");
	}
	if (ul_optind >= argc)
		ul_usage(1, "[-p] [-m mode] directory ...");
	mode_t mask = umask(0);
	umask(mask);
	mode_t mode = 0777 & ~mask;
	if (mode_spec != NULL && ul_mode_apply(mode_spec, 0777, 1, mask, &mode) < 0)
		ul_errx(1, "invalid file mode: %s", mode_spec);
	for (int i = ul_optind; i < argc; i++) {
		if (parents) {
			char *p = ul_strdup(argv[i]);
			st |= make_parents(p, mode, (0777 & ~mask) | S_IWUSR | S_IXUSR);
			free(p);
		} else if (mkdir(argv[i], mode) < 0) {
			ul_warn("%s", argv[i]);
			st = 1;
			continue;
		}
		/* mkdir(2) applies the umask; -m means exactly this mode. */
		if (mode_spec != NULL && chmod(argv[i], mode) < 0) {
			ul_warn("%s", argv[i]);
			st = 1;
		}
	}
	return st;
}
