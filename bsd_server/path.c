// SPDX-License-Identifier: BSD-2-Clause
// Paths made absolute from a working directory (path.h).
#include <errno.h>
#include <string.h>
#include "path.h"

/*
 * The components of `s' onto the absolute path out[0, *len) (no NUL
 * yet): "" and "." go, ".." takes one back.  ENAMETOOLONG if it would
 * not fit in BSD_PATH_MAX with its NUL.
 */
static int walk(const char *s, char out[BSD_PATH_MAX], size_t *lenp)
{
	size_t len = *lenp;
	for (const char *c = s, *next; *c; c = next) {
		while (*c == '/')
			c++;
		next = c;
		while (*next && *next != '/')
			next++;
		size_t n = (size_t)(next - c);
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;		/* the last component */
			if (len > 0)
				len--;		/* and its slash ("/.." is "/") */
			continue;
		}
		if (len + 1 + n + 1 > BSD_PATH_MAX)
			return ENAMETOOLONG;
		out[len] = '/';
		memcpy(out + len + 1, c, n);
		len += 1 + n;
	}
	*lenp = len;
	return 0;
}

int bsd_path_resolve(const char *cwd, const char *in, char out[BSD_PATH_MAX])
{
	if (!in[0])
		return ENOENT;
	/* The working directory's components, then the path's (no copy of
	 * the two joined: every path system call comes here). */
	size_t len = 0;
	int e = in[0] == '/' ? 0 : walk(cwd, out, &len);
	if (!e)
		e = walk(in, out, &len);
	if (e)
		return e;
	out[len ? len : 1] = 0;
	if (!len)
		out[0] = '/';
	/* A final slash means "a directory": keep it for the file system. */
	size_t inlen = strlen(in);
	if (inlen > 1 && in[inlen - 1] == '/' && len && len + 2 <= BSD_PATH_MAX) {
		out[len] = '/';
		out[len + 1] = 0;
	}
	return 0;
}

int bsd_path_split(const char *path, char parent[BSD_PATH_MAX], char name[BSD_NAME_MAX + 1])
{
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	size_t start = len;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (len == start)
		return path[0] ? EINVAL : ENOENT;
	if (len - start > BSD_NAME_MAX)
		return ENAMETOOLONG;
	if (start >= BSD_PATH_MAX)
		return ENAMETOOLONG;
	memcpy(name, path + start, len - start);
	name[len - start] = 0;
	memcpy(parent, path, start);
	parent[start] = 0;
	if (!start)
		strcpy(parent, "/");	/* a relative name: from the root */
	return 0;
}

enum bsd_path_last bsd_path_last(const char *in)
{
	size_t end = strlen(in);
	if (!end)
		return BSD_LAST_NAME;
	while (end > 0 && in[end - 1] == '/')
		end--;
	if (!end)
		return BSD_LAST_ROOT;
	size_t start = end;
	while (start > 0 && in[start - 1] != '/')
		start--;
	if (end - start == 1 && in[start] == '.')
		return BSD_LAST_DOT;
	if (end - start == 2 && in[start] == '.' && in[start + 1] == '.')
		return BSD_LAST_DOTDOT;
	return BSD_LAST_NAME;
}
