// SPDX-License-Identifier: BSD-2-Clause
// Descriptor calls with a variable argument list (open, openat, fcntl, ioctl)
// and isatty, which asks the descriptor for its terminal settings.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include "libc_private.h"

int open(const char *path, int flags, ...)
{
	va_list ap;
	int mode = 0;

	va_start(ap, flags);
	if (flags & O_CREAT)
		mode = va_arg(ap, int);
	va_end(ap);
	int fd = (int)__sys_open(path, flags, mode);
	__bsd_fd_not_pipe(fd);
	return fd;
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode = 0;

	va_start(ap, flags);
	if (flags & O_CREAT)
		mode = va_arg(ap, int);
	va_end(ap);
	int fd = (int)__sys_openat(dirfd, path, flags, mode);
	__bsd_fd_not_pipe(fd);
	return fd;
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;

	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	int r = (int)__sys_fcntl(fd, cmd, arg);
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
		__bsd_fd_unknown(r);	/* a new descriptor: asked about when used */
	return r;
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;

	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	return (int)__sys_ioctl(fd, request, arg);
}
