// SPDX-License-Identifier: BSD-2-Clause
// ls [-1AadFilnRrt] [FILE...]: list files and directories.
//   -l long format (mode, links, owner, group, size, date, name; -n numeric
//      ids), with a "total" of 1024-byte blocks; -a also names starting
//      with '.', -A the same without . and ..; -R recurses into directories;
//      -d lists directories themselves; -F marks types (/ * @ | =); -i the
//      inode; -t sorts by modification time, -r reverses; -1 one per line.
// Names are sorted by strcmp (the C locale).  To a terminal, short listings
// go in columns (COLUMNS wide, else 80); otherwise one name per line.
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#if __has_include(<sys/sysmacros.h>)
#include <sys/sysmacros.h>	/* major, minor in the host's C library (tests/userland) */
#endif
#include <time.h>
#include <unistd.h>
#include "util.h"

struct entry {
	char		*name;	/* as shown */
	char		*path;	/* to stat and to recurse */
	struct stat	sb;
	int		ok;	/* sb is valid */
};

static int aflag, Aflag, dflag, Fflag, iflag, lflag, nflag, Rflag, rflag, tflag, oneflag;
static int status;
static time_t now;

static int compare(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int r;

	if (tflag && x->sb.st_mtime != y->sb.st_mtime)
		r = x->sb.st_mtime > y->sb.st_mtime ? -1 : 1;
	else if (tflag && x->sb.st_mtim.tv_nsec != y->sb.st_mtim.tv_nsec)
		r = x->sb.st_mtim.tv_nsec > y->sb.st_mtim.tv_nsec ? -1 : 1;
	else
		r = strcmp(x->name, y->name);
	return rflag ? -r : r;
}

static char type_mark(mode_t m)
{
	if (S_ISDIR(m)) return '/';
	if (S_ISLNK(m)) return '@';
	if (S_ISFIFO(m)) return '|';
	if (S_ISSOCK(m)) return '=';
	if (S_ISREG(m) && (m & 0111)) return '*';
	return 0;
}

static int digits(unsigned long long v)
{
	int n = 1;

	while (v >= 10)
		v /= 10, n++;
	return n;
}

/* The size column: the size, or a device's "major, minor" (as BSD's ls). */
static const char *size_column(const struct stat *s, char *buf, size_t n)
{
	if (S_ISCHR(s->st_mode) || S_ISBLK(s->st_mode))
		snprintf(buf, n, "%d, %d", major(s->st_rdev), minor(s->st_rdev));
	else
		snprintf(buf, n, "%lld", (long long)s->st_size);
	return buf;
}

static void long_list(struct entry *e, int n, int total)
{
	int wl = 1, wu = 1, wg = 1, ws = 1, wi = 1;
	char ub[32], gb[32];
	long long blocks = 0;

	for (int i = 0; i < n; i++) {
		struct stat *s = &e[i].sb;
		int k;
		if ((k = digits(s->st_nlink)) > wl) wl = k;
		if ((k = (int)strlen(size_column(s, ub, sizeof(ub)))) > ws) ws = k;
		if ((k = digits(s->st_ino)) > wi) wi = k;
		const char *u = nflag ? (snprintf(ub, sizeof(ub), "%lu", (unsigned long)s->st_uid), ub)
				      : ul_user_name(s->st_uid, ub, sizeof(ub));
		const char *g = nflag ? (snprintf(gb, sizeof(gb), "%lu", (unsigned long)s->st_gid), gb)
				      : ul_group_name(s->st_gid, gb, sizeof(gb));
		if ((k = (int)strlen(u)) > wu) wu = k;
		if ((k = (int)strlen(g)) > wg) wg = k;
		blocks += s->st_blocks;
	}
	if (total)
		printf("total %lld\n", (blocks + 1) / 2);
	for (int i = 0; i < n; i++) {
		struct stat *s = &e[i].sb;
		char mode[11], when[32];
		ul_mode_string(s->st_mode, mode);
		const char *u = nflag ? (snprintf(ub, sizeof(ub), "%lu", (unsigned long)s->st_uid), ub)
				      : ul_user_name(s->st_uid, ub, sizeof(ub));
		const char *g = nflag ? (snprintf(gb, sizeof(gb), "%lu", (unsigned long)s->st_gid), gb)
				      : ul_group_name(s->st_gid, gb, sizeof(gb));
		time_t t = s->st_mtime;
		int recent = t <= now + 3600 && t > now - 182 * 24 * 3600L;
		strftime(when, sizeof(when), recent ? "%b %e %H:%M" : "%b %e  %Y", localtime(&t));
		if (iflag)
			printf("%*llu ", wi, (unsigned long long)s->st_ino);
		char sb[32];
		printf("%s %*lu %-*s %-*s %*s %s %s", mode, wl, (unsigned long)s->st_nlink,
		       wu, u, wg, g, ws, size_column(s, sb, sizeof(sb)), when, e[i].name);
		if (S_ISLNK(s->st_mode)) {
			char target[1024];
			ssize_t k = readlink(e[i].path, target, sizeof(target) - 1);
			if (k >= 0) {
				target[k] = '\0';
				printf(" -> %s", target);
			}
		} else if (Fflag && type_mark(s->st_mode)) {
			putchar(type_mark(s->st_mode));
		}
		putchar('\n');
	}
}

static void short_list(struct entry *e, int n)
{
	int width = 0;

	for (int i = 0; i < n; i++) {
		int w = (int)strlen(e[i].name) + (Fflag ? 1 : 0) + (iflag ? digits(e[i].sb.st_ino) + 1 : 0);
		if (w > width)
			width = w;
	}
	int cols = 1;
	if (!oneflag && isatty(1)) {
		const char *c = getenv("COLUMNS");
		int term = c && atoi(c) > 0 ? atoi(c) : 80;
		cols = term / (width + 2);
		if (cols < 1)
			cols = 1;
	}
	int rows = (n + cols - 1) / cols;
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			int i = c * rows + r;
			if (i >= n)
				break;
			int w = 0;
			if (iflag)
				w += printf("%llu ", (unsigned long long)e[i].sb.st_ino);
			w += printf("%s", e[i].name);
			if (Fflag && e[i].ok && type_mark(e[i].sb.st_mode)) {
				putchar(type_mark(e[i].sb.st_mode));
				w++;
			}
			if (c + 1 < cols && (c + 1) * rows + r < n)
				printf("%*s", width + 2 - w, "");
		}
		putchar('\n');
	}
}

static void list(struct entry *e, int n, int total)
{
	if (n > 1)
		qsort(e, (size_t)n, sizeof(*e), compare);
	if (lflag)
		long_list(e, n, total);
	else
		short_list(e, n);
}

static void free_entries(struct entry *e, int n)
{
	for (int i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

static void list_dir(const char *path, int header, int first)
{
	DIR *d = opendir(path);

	if (!first)
		putchar('\n');
	if (header)
		printf("%s:\n", path);
	if (d == NULL) {
		ul_warn("%s", path);
		status = 1;
		return;
	}
	struct entry *e = NULL;
	int n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		if (name[0] == '.' && !aflag && !Aflag)
			continue;
		if (Aflag && !aflag && (strcmp(name, ".") == 0 || strcmp(name, "..") == 0))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			e = ul_realloc(e, (size_t)cap * sizeof(*e));
		}
		e[n].name = ul_strdup(name);
		e[n].path = ul_path_join(path, name);
		e[n].ok = lstat(e[n].path, &e[n].sb) == 0;
		if (!e[n].ok) {
			ul_warn("%s", e[n].path);
			memset(&e[n].sb, 0, sizeof(e[n].sb));
			status = 1;
		}
		n++;
	}
	closedir(d);
	list(e, n, 1);
	if (Rflag) {
		for (int i = 0; i < n; i++) {
			if (!e[i].ok || !S_ISDIR(e[i].sb.st_mode) ||
			    strcmp(e[i].name, ".") == 0 || strcmp(e[i].name, "..") == 0)
				continue;
			fflush(stdout);
			list_dir(e[i].path, 1, 0);
		}
	}
	free_entries(e, n);
}

int main(int argc, char **argv)
{
	int c;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "1AadFilnRrt")) != -1) {
		switch (c) {
		case '1': oneflag = 1; lflag = 0; break;
		case 'A': Aflag = 1; break;
		case 'a': aflag = 1; break;
		case 'd': dflag = 1; break;
		case 'F': Fflag = 1; break;
		case 'i': iflag = 1; break;
		case 'l': lflag = 1; oneflag = 0; break;
		case 'n': nflag = 1; lflag = 1; break;
		case 'R': Rflag = 1; break;
		case 'r': rflag = 1; break;
		case 't': tflag = 1; break;
		default: ul_usage(1, "[-1AadFilnRrt] [file ...]");
		}
	}
	now = time(NULL);
	char *dot[] = { ".", NULL };
	char **ops = ul_optind < argc ? argv + ul_optind : dot;
	int nops = ul_optind < argc ? argc - ul_optind : 1;
	/* Files first (and directories with -d), then each directory. */
	struct entry *files = ul_alloc((size_t)nops * sizeof(*files));
	struct entry *dirs = ul_alloc((size_t)nops * sizeof(*dirs));
	int nf = 0, nd = 0;
	for (int i = 0; i < nops; i++) {
		struct stat sb;
		int follow = !lflag && !dflag && !Fflag;
		if ((follow ? stat(ops[i], &sb) : lstat(ops[i], &sb)) < 0 &&
		    lstat(ops[i], &sb) < 0) {
			ul_warn("%s", ops[i]);
			status = 1;
			continue;
		}
		/* A link to a directory named on the command line is followed
		 * unless -l, -d or -F asks about the link. */
		struct stat tsb;
		if (S_ISLNK(sb.st_mode) && !dflag && !lflag && stat(ops[i], &tsb) == 0)
			sb = tsb;
		struct entry *e = (S_ISDIR(sb.st_mode) && !dflag) ? &dirs[nd++] : &files[nf++];
		e->name = ul_strdup(ops[i]);
		e->path = ul_strdup(ops[i]);
		e->sb = sb;
		e->ok = 1;
	}
	if (nf > 0)
		list(files, nf, 0);
	if (nd > 1)
		qsort(dirs, (size_t)nd, sizeof(*dirs), compare);
	for (int i = 0; i < nd; i++) {
		fflush(stdout);
		list_dir(dirs[i].path, nops > 1 || Rflag, nf == 0 && i == 0);
	}
	free_entries(files, nf);
	free_entries(dirs, nd);
	return ul_finish(status);
}
