// SPDX-License-Identifier: BSD-2-Clause
// chmod [-R] MODE FILE...: change modes, octal ("755") or symbolic
// ("u+x,go-w", "a=r", "+X"); -R also changes what directories hold.
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util.h"

static const char *spec;
static mode_t mask;
static int recursive;

static int change(const char *path, int top)
{
	struct stat sb;
	mode_t m;
	int st = 0;

	if ((top ? stat(path, &sb) : lstat(path, &sb)) < 0) {
		ul_warn("%s", path);
		return 1;
	}
	if (S_ISLNK(sb.st_mode))
		return 0;	/* links inside a tree are not followed */
	if (ul_mode_apply(spec, sb.st_mode, S_ISDIR(sb.st_mode), mask, &m) < 0)
		ul_errx(1, "invalid file mode: %s", spec);
	if (chmod(path, m) < 0) {
		ul_warn("%s", path);
		st = 1;
	}
	if (recursive && S_ISDIR(sb.st_mode)) {
		DIR *d = opendir(path);
		if (d == NULL) {
			ul_warn("%s", path);
			return 1;
		}
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *p = ul_path_join(path, e->d_name);
			st |= change(p, 0);
			free(p);
		}
		closedir(d);
	}
	return st;
}

int main(int argc, char **argv)
{
	int st = 0;

	ul_init(argc, argv);
	int i = 1;
	/* Options first; "-w" and the like are modes, not options. */
	for (; i < argc && strcmp(argv[i], "-R") == 0; i++)
		recursive = 1;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (argc - i < 2)
		ul_usage(1, "[-R] mode file ...");
	spec = argv[i++];
	mask = umask(0);
	umask(mask);
	mode_t probe;
	if (ul_mode_apply(spec, 0, 0, mask, &probe) < 0)
		ul_errx(1, "invalid file mode: %s", spec);
	for (; i < argc; i++)
		st |= change(argv[i], 1);
	return st;
}
