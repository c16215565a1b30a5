// SPDX-License-Identifier: BSD-2-Clause
// stat and lstat: fstatat from the working directory (FreeBSD has no
// stat system call of its own either); fstat, fstatat, mkdir, rmdir,
// unlink, rename, lseek, ftruncate and fsync are the system calls'
// stubs themselves (syscalls.h).
#include <fcntl.h>
#include <sys/stat.h>

int stat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

int lstat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}
