// SPDX-License-Identifier: BSD-2-Clause
// Running another program by name, as env, time and su do: a PATH search
// over execve (picolibc has no execvp).
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

extern char **environ;

int ul_execvp(const char *file, char *const argv[])
{
	if (strchr(file, '/') != NULL)
		return execve(file, argv, environ);
	const char *path = getenv("PATH");
	int saw_eacces = 0;
	if (path == NULL)
		path = "/bin:/usr/bin";
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t dl = colon ? (size_t)(colon - p) : strlen(p);
		char full[PATH_MAX];
		if (dl + strlen(file) + 2 <= sizeof(full)) {
			if (dl == 0)
				snprintf(full, sizeof(full), "%s", file);
			else
				snprintf(full, sizeof(full), "%.*s/%s", (int)dl, p, file);
			execve(full, argv, environ);
			if (errno == EACCES)
				saw_eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (colon == NULL)
			break;
		p = colon + 1;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return -1;
}

void ul_exec_or_die(char *const argv[])
{
	fflush(stdout);
	ul_execvp(argv[0], argv);
	int e = errno;
	ul_warn("%s", argv[0]);
	exit(e == ENOENT ? 127 : 126);
}
