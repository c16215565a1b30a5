// SPDX-License-Identifier: BSD-2-Clause
// stat and lstat: fstatat from the working directory (FreeBSD has no
// stat system call of its own either); fstat, fstatat, mkdir, rmdir,
// unlink, rename, lseek, ftruncate and fsync are the system calls'
// stubs themselves (syscalls.h).  getcwd over __getcwd, with a buffer of
// its own when given none.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libc_private.h"

/* The stat calls' stubs offer the structure's size (stubs.S, STAT_SIZE). */
_Static_assert(sizeof(struct stat) == 104, "stubs.S's STAT_SIZE is sizeof(struct stat)");

int stat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

int lstat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

char *getcwd(char *buf, size_t size)
{
	char *mine = NULL;
	if (!buf) {
		size = size ? size : 1024;
		if (!(buf = mine = malloc(size))) {
			errno = ENOMEM;
			return NULL;
		}
	} else if (size == 0) {
		errno = EINVAL;
		return NULL;
	}
	if (__sys___getcwd(buf, size) < 0) {
		free(mine);
		return NULL;
	}
	return buf;
}
