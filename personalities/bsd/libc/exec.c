// SPDX-License-Identifier: BSD-2-Clause
// The exec family over execve (POSIX.1-2017, exec): execv, execvp (a
// search of PATH, "/bin:/usr/bin" without one), execvpe, execl, execle,
// execlp.  A file found on the path that is not a program the kernel can
// start (ENOEXEC: a script without "#!") is run by /bin/sh, as POSIX asks
// of execvp.  On failure errno is execve's, or for a search the last
// interesting one: EACCES if some candidate was not executable, else
// ENOENT.
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

#define EXEC_ARGS_MAX	256	/* arguments an execl* call may pass */

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* `file' (no '/' in it: found already) as a shell script: sh FILE ARGS... */
static void exec_as_script(const char *file, char *const argv[], char *const envp[])
{
	int argc = 0;

	while (argv[argc])
		argc++;
	if (argc + 2 > EXEC_ARGS_MAX)
		return;
	char *args[EXEC_ARGS_MAX];
	args[0] = "sh";
	args[1] = (char *)file;
	for (int i = 1; i <= argc; i++)
		args[i + 1] = argv[i];	/* with the terminating NULL */
	execve("/bin/sh", args, envp);
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/')) {
		execve(file, argv, envp);
		if (errno == ENOEXEC)
			exec_as_script(file, argv, envp);
		return -1;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	bool eacces = false;
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t dl = colon ? (size_t)(colon - p) : strlen(p);
		size_t fl = strlen(file);
		char full[PATH_MAX];
		if (dl + fl + 2 <= sizeof(full)) {
			/* An empty element is the working directory. */
			size_t at = 0;
			if (dl) {
				memcpy(full, p, dl);
				full[dl] = '/';
				at = dl + 1;
			}
			memcpy(full + at, file, fl + 1);
			execve(full, argv, envp);
			if (errno == ENOEXEC) {
				exec_as_script(full, argv, envp);
				return -1;
			}
			if (errno == EACCES)
				eacces = true;
			else if (errno != ENOENT && errno != ENOTDIR && errno != ENAMETOOLONG)
				return -1;	/* found, and it failed for a reason of its own */
		}
		if (!colon)
			break;
		p = colon + 1;
	}
	errno = eacces ? EACCES : ENOENT;
	return -1;
}

int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

/*
 * The arguments of an execl* call after `arg0', up to its NULL, into
 * argv (E2BIG past EXEC_ARGS_MAX); for execle, the environment after the
 * NULL into *envp.  False on E2BIG.
 */
static bool collect(char **argv, const char *arg0, va_list ap, char *const **envp)
{
	int n = 0;

	for (const char *a = arg0; a; a = va_arg(ap, const char *)) {
		if (n == EXEC_ARGS_MAX - 1) {
			errno = E2BIG;
			return false;
		}
		argv[n++] = (char *)a;
	}
	argv[n] = NULL;
	if (envp)
		*envp = va_arg(ap, char *const *);
	return true;
}

int execl(const char *path, const char *arg0, ...)
{
	char *argv[EXEC_ARGS_MAX];
	va_list ap;

	va_start(ap, arg0);
	bool ok = collect(argv, arg0, ap, NULL);
	va_end(ap);
	return ok ? execve(path, argv, environ) : -1;
}

int execle(const char *path, const char *arg0, ...)
{
	char *argv[EXEC_ARGS_MAX];
	char *const *envp;
	va_list ap;

	va_start(ap, arg0);
	bool ok = collect(argv, arg0, ap, &envp);
	va_end(ap);
	return ok ? execve(path, argv, envp) : -1;
}

int execlp(const char *file, const char *arg0, ...)
{
	char *argv[EXEC_ARGS_MAX];
	va_list ap;

	va_start(ap, arg0);
	bool ok = collect(argv, arg0, ap, NULL);
	va_end(ap);
	return ok ? execvpe(file, argv, environ) : -1;
}
