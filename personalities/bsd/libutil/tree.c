// SPDX-License-Identifier: BSD-2-Clause
// Whole trees: the copy of cp (and of mv across file systems) and the
// removal of rm -r.  Symbolic links are copied as links, never followed
// inside a tree; directories are walked with opendir/readdir.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util.h"

char *ul_path_join(const char *dir, const char *base)
{
	size_t dl = strlen(dir), bl = strlen(base);
	int slash = dl > 0 && dir[dl - 1] != '/';
	char *p = ul_alloc(dl + slash + bl + 1);

	memcpy(p, dir, dl);
	if (slash)
		p[dl] = '/';
	memcpy(p + dl + slash, base, bl + 1);
	return p;
}

char *ul_basename(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (n == 1 && path[0] == '/')
		start = 0;
	char *b = ul_alloc(n - start + 1);
	memcpy(b, path + start, n - start);
	b[n - start] = '\0';
	return b;
}

static void set_times(const char *path, const struct stat *st, int nofollow)
{
	struct timespec ts[2];

	ts[0] = st->st_atim;
	ts[1] = st->st_mtim;
	(void)utimensat(AT_FDCWD, path, ts, nofollow ? AT_SYMLINK_NOFOLLOW : 0);
}

static int copy_file(const char *from, const char *to, const struct stat *st,
		     const struct ul_copy_opts *o)
{
	int in = open(from, O_RDONLY);
	if (in < 0) {
		ul_warn("%s", from);
		return 1;
	}
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 07777);
	if (out < 0 && o->force && unlink(to) == 0)
		out = open(to, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 07777);
	if (out < 0) {
		ul_warn("%s", to);
		close(in);
		return 1;
	}
	int which, status = 0;
	if (ul_copy_fd(in, out, &which) < 0) {
		ul_warn("%s", which ? to : from);
		status = 1;
	}
	close(in);
	if (o->preserve) {
		if (fchown(out, st->st_uid, st->st_gid) < 0)
			(void)fchmod(out, st->st_mode & 0777);
		else
			(void)fchmod(out, st->st_mode & 07777);
	}
	if (close(out) < 0) {
		ul_warn("%s", to);
		status = 1;
	}
	if (o->preserve)
		set_times(to, st, 0);
	return status;
}

static int copy_link(const char *from, const char *to)
{
	char target[4096];
	ssize_t n = readlink(from, target, sizeof(target) - 1);

	if (n < 0) {
		ul_warn("%s", from);
		return 1;
	}
	target[n] = '\0';
	if (symlink(target, to) < 0) {
		ul_warn("%s", to);
		return 1;
	}
	return 0;
}

/* The process's file-creation mask (umask has no call that only reads it). */
static mode_t umask_get(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

static int copy_dir(const char *from, const char *to, const struct stat *st,
		    const struct ul_copy_opts *o)
{
	struct stat tst;
	int status = 0;

	if (stat(to, &tst) == 0) {
		if (!S_ISDIR(tst.st_mode)) {
			ul_warnx("%s: not a directory", to);
			return 1;
		}
	} else if (mkdir(to, (st->st_mode & 07777) | S_IRWXU) < 0) {
		ul_warn("%s", to);
		return 1;
	}
	DIR *d = opendir(from);
	if (d == NULL) {
		ul_warn("%s", from);
		return 1;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *f = ul_path_join(from, e->d_name);
		char *t = ul_path_join(to, e->d_name);
		status |= ul_copy(f, t, o);
		free(f);
		free(t);
	}
	closedir(d);
	/* The directory's own mode last, so a read-only one could be filled. */
	mode_t mode = o->preserve ? st->st_mode & 07777 : st->st_mode & 0777 & ~umask_get();
	(void)chmod(to, mode);
	if (o->preserve)
		set_times(to, st, 0);
	return status;
}

int ul_copy(const char *from, const char *to, const struct ul_copy_opts *o)
{
	struct stat st, tst;

	if (lstat(from, &st) < 0) {
		ul_warn("%s", from);
		return 1;
	}
	if (stat(to, &tst) == 0 && !S_ISLNK(st.st_mode) &&
	    tst.st_dev == st.st_dev && tst.st_ino == st.st_ino) {
		ul_warnx("%s and %s are identical (not copied)", from, to);
		return 1;
	}
	if (o->verbose)
		printf("%s -> %s\n", from, to);
	if (S_ISDIR(st.st_mode)) {
		if (!o->recursive) {
			ul_warnx("%s is a directory (not copied)", from);
			return 1;
		}
		return copy_dir(from, to, &st, o);
	}
	if (S_ISLNK(st.st_mode) && o->recursive)
		return copy_link(from, to);
	if (S_ISLNK(st.st_mode) && stat(from, &st) < 0) {
		ul_warn("%s", from);
		return 1;
	}
	return copy_file(from, to, &st, o);
}

int ul_remove(const char *path, int recursive, int force)
{
	struct stat st;
	int status = 0;

	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		ul_warn("%s", path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0) {
			ul_warn("%s", path);
			return 1;
		}
		return 0;
	}
	if (!recursive) {
		ul_warnx("%s: is a directory", path);
		return 1;
	}
	DIR *d = opendir(path);
	if (d == NULL) {
		ul_warn("%s", path);
		return 1;
	}
	/* Names are gathered first: removing while reading a directory
	 * leaves readdir's position undefined on some file systems. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = ul_realloc(names, cap * sizeof(*names));
		}
		names[n++] = ul_path_join(path, e->d_name);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		status |= ul_remove(names[i], recursive, force);
		free(names[i]);
	}
	free(names);
	if (rmdir(path) < 0) {
		ul_warn("%s", path);
		return 1;
	}
	return status;
}
