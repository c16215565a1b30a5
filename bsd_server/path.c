// SPDX-License-Identifier: BSD-2-Clause
// Paths made absolute from a working directory (path.h).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "path.h"

int bsd_path_resolve(const char *cwd, const char *in, char out[BSD_PATH_MAX])
{
	char tmp[2 * BSD_PATH_MAX];
	if (!in[0])
		return ENOENT;
	if (in[0] == '/')
		snprintf(tmp, sizeof(tmp), "%s", in);
	else
		snprintf(tmp, sizeof(tmp), "%s/%s", cwd, in);
	/* Component by component: "" and "." go, ".." takes one back. */
	size_t len = 0;
	out[0] = '/';
	for (char *c = tmp, *next; *c; c = next) {
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
