// SPDX-License-Identifier: BSD-2-Clause
// chown [-Rh] OWNER[:GROUP] FILE...: change owners (names or numbers);
// ":GROUP" alone changes only the group; -R walks directories (their
// symbolic links are changed, not followed); -h changes a link itself.
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

static uid_t uid = (uid_t)-1;
static gid_t gid = (gid_t)-1;
static int recursive, nofollow;

static int change(const char *path, int top)
{
	struct stat sb;
	int st = 0;
	int link_itself = !top || nofollow;

	if ((link_itself ? lstat(path, &sb) : stat(path, &sb)) < 0) {
		ul_warn("%s", path);
		return 1;
	}
	if ((link_itself ? lchown(path, uid, gid) : chown(path, uid, gid)) < 0) {
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
	int c, st = 0;
	const char *usage = "[-Rh] owner[:group] file ...";

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "Rh")) != -1) {
		if (c == 'R') recursive = 1;
		else if (c == 'h') nofollow = 1;
		else ul_usage(1, usage);
	}
	if (argc - ul_optind < 2)
		ul_usage(1, usage);
	char *spec = ul_strdup(argv[ul_optind++]);
	char *colon = strchr(spec, ':');
	if (colon == NULL)
		colon = strchr(spec, '.');	/* the old BSD separator */
	if (colon) {
		*colon = '\0';
		if (colon[1] && ul_group_id(colon + 1, &gid) < 0)
			ul_errx(1, "%s: illegal group name", colon + 1);
	}
	if (spec[0] && ul_user_id(spec, &uid) < 0)
		ul_errx(1, "%s: illegal user name", spec);
	for (int i = ul_optind; i < argc; i++)
		st |= change(argv[i], 1);
	free(spec);
	return st;
}
