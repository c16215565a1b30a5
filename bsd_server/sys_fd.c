// SPDX-License-Identifier: BSD-2-Clause
// Descriptor system calls: read, write, pread, pwrite, readv, writev,
// close, dup, dup2, fcntl, ioctl, open (devices; files come with the file
// system: fs.h).
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/filio.h>
#include <sys/uio.h>
#include "bsd_server.h"
#include "fs.h"


/* fd's file if it is open for reading (writing); else NULL (EBADF): one
 * opened with O_EXEC (O_SEARCH) is for neither. */
static struct file *file_for(struct proc *p, int fd, bool write)
{
	struct file *f = fd_get(p, fd);
	int acc = f ? f->f_flag & O_ACCMODE : 0;

	if (!f || (f->f_flag & O_EXEC))
		return NULL;
	return (write ? acc != O_RDONLY : acc != O_WRONLY) ? f : NULL;
}

static long do_rw(struct proc *p, int fd, uint64_t buf, size_t n, bool write)
{
	struct file *f = file_for(p, fd, write);

	if (!f)
		return -EBADF;
	if ((int64_t)n < 0)
		return -EINVAL;
	return write ? f->f_ops->fo_write(f, p, buf, n) : f->f_ops->fo_read(f, p, buf, n);
}

static int rw_result(long r, int64_t rv[2])
{
	if (r == EJUSTRETURN)
		return EJUSTRETURN;
	if (r < 0)
		return (int)-r;
	rv[0] = r;
	return 0;
}

int sys_read(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return rw_result(do_rw(p, (int)ARG(0), ARG(1), ARG(2), false), rv);
}

int sys_write(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return rw_result(do_rw(p, (int)ARG(0), ARG(1), ARG(2), true), rv);
}

/* pread/pwrite: at an offset, on files that have one (ESPIPE: a pipe, a terminal, a device). */
static long do_prw(struct proc *p, int fd, uint64_t buf, size_t n, int64_t off, bool write)
{
	struct file *f = file_for(p, fd, write);

	if (!f)
		return -EBADF;
	if (!(write ? f->f_ops->fo_pwrite : f->f_ops->fo_pread))
		return -ESPIPE;
	if ((int64_t)n < 0 || off < 0)
		return -EINVAL;
	return write ? f->f_ops->fo_pwrite(f, p, buf, n, off) : f->f_ops->fo_pread(f, p, buf, n, off);
}

int sys_pread(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return rw_result(do_prw(p, (int)ARG(0), ARG(1), ARG(2), (int64_t)ARG(3), false), rv);
}

int sys_pwrite(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return rw_result(do_prw(p, (int)ARG(0), ARG(1), ARG(2), (int64_t)ARG(3), true), rv);
}

/* readv/writev: each vector in turn; a later one that would wait ends the
 * call with what was moved (only the first may park the call). */
static int do_rwv(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2], bool write)
{
	int fd = (int)ARG(0), cnt = (int)ARG(2);
	struct iovec iov[16];
	int64_t total = 0;

	if (!fd_get(p, fd))
		return EBADF;
	if (cnt <= 0 || cnt > IOV_MAX)
		return EINVAL;
	for (int base = 0; base < cnt; base += 16) {
		int n = cnt - base < 16 ? cnt - base : 16;
		int error = copyin(p, ARG(1) + (uint64_t)base * sizeof(struct iovec), iov,
				   (size_t)n * sizeof(struct iovec));
		if (error)
			return error;
		for (int i = 0; i < n; i++) {
			if (iov[i].iov_len == 0)
				continue;
			long r = do_rw(p, fd, (uint64_t)(uintptr_t)iov[i].iov_base, iov[i].iov_len, write);
			if (r == EJUSTRETURN) {
				if (total == 0)
					return EJUSTRETURN;
				/* Moved something already: answer that; the parked
				 * state the op set is undone. */
				syscall_drop_park(p);
				rv[0] = total;
				return 0;
			}
			if (r < 0) {
				if (total)
					break;
				return (int)-r;
			}
			total += r;
			if ((size_t)r < iov[i].iov_len) {
				rv[0] = total;
				return 0;
			}
		}
	}
	rv[0] = total;
	return 0;
}

int sys_readv(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return do_rwv(p, req, rv, false);
}

int sys_writev(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return do_rwv(p, req, rv, true);
}

int sys_close(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int fd = (int)ARG(0);
	struct file *f = fd_get(p, fd);

	(void)rv;
	if (!f)
		return EBADF;
	void *data = f->f_data;
	p->fd[fd] = NULL;
	p->fd_cloexec[fd] = 0;
	file_release(f);
	pipe_fd_forget(p, data);
	return 0;
}

/* Make `to' name the file of `from' (closing what `to' named). */
static int dup_to(struct proc *p, int from, int to, bool cloexec)
{
	struct file *f = p->fd[from];

	struct file *old = p->fd[to];

	file_hold(f);
	p->fd[to] = f;
	p->fd_cloexec[to] = cloexec;
	if (old) {
		void *data = old->f_data;
		file_release(old);
		pipe_fd_forget(p, data);
	}
	return to;
}

int sys_dup(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int fd = (int)ARG(0);

	if (!fd_get(p, fd))
		return EBADF;
	int nfd = fd_alloc(p, 0);
	if (nfd < 0)
		return -nfd;
	rv[0] = dup_to(p, fd, nfd, false);
	return 0;
}

int sys_dup2(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int fd = (int)ARG(0), nfd = (int)ARG(1);

	if (!fd_get(p, fd) || nfd < 0 || nfd >= BSD_NOFILE)
		return EBADF;
	rv[0] = fd == nfd ? nfd : dup_to(p, fd, nfd, false);
	return 0;
}

int sys_fcntl(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int fd = (int)ARG(0), cmd = (int)ARG(1);
	long arg = (long)ARG(2);
	struct file *f = fd_get(p, fd);

	if (!f)
		return EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if (arg < 0 || arg >= BSD_NOFILE)
			return EINVAL;
		int nfd = fd_alloc(p, (int)arg);
		if (nfd < 0)
			return -nfd;
		rv[0] = dup_to(p, fd, nfd, cmd == F_DUPFD_CLOEXEC);
		return 0;
	}
	case F_GETFD:
		rv[0] = p->fd_cloexec[fd] ? FD_CLOEXEC : 0;
		return 0;
	case F_SETFD:
		p->fd_cloexec[fd] = (arg & FD_CLOEXEC) != 0;
		return 0;
	case F_GETFL:
		rv[0] = f->f_flag;
		return 0;
	case F_SETFL:
		/* Only these may change; the access mode stays. */
		f->f_flag = (f->f_flag & ~(O_NONBLOCK | O_APPEND)) | ((int)arg & (O_NONBLOCK | O_APPEND));
		pipe_flags_changed(f);
		return 0;
	default:
		return EINVAL;
	}
}

// ioctl(fd, request, arg): the generic requests of <sys/filio.h> here, for
// every descriptor, as FreeBSD's kern_ioctl does; the others by the file
// (ENOTTY when it has none).  FIONBIO sets or clears O_NONBLOCK on the open
// file, as fcntl's F_SETFL (every descriptor that shares it sees it);
// FIOASYNC may only turn O_ASYNC off: there is no SIGIO delivery (no
// F_SETOWN), so turning it on is EINVAL, not a flag that does nothing.
int sys_ioctl(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int fd = (int)ARG(0);
	struct file *f = fd_get(p, fd);
	unsigned long cmd = (unsigned long)ARG(1);
	int on;

	(void)rv;
	if (!f)
		return EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		p->fd_cloexec[fd] = cmd == FIOCLEX;
		return 0;
	case FIONBIO:
	case FIOASYNC:
		if (copyin(p, ARG(2), &on, sizeof(on)))
			return EFAULT;
		if (cmd == FIOASYNC)
			return on ? EINVAL : 0;
		f->f_flag = on ? f->f_flag | O_NONBLOCK : f->f_flag & ~O_NONBLOCK;
		pipe_flags_changed(f);
		return 0;
	}
	if (!f->f_ops->fo_ioctl)
		return ENOTTY;
	return f->f_ops->fo_ioctl(f, p, cmd, ARG(2));
}

// openat(fd, path, flags, mode): a relative path from the directory `fd'
// (bsd_at_path_arg); open(2) is openat from AT_FDCWD.  O_SEARCH, which is
// O_EXEC as in FreeBSD 13 (picolibc's value, 0x400000: the personality's
// O_* are picolibc's, whose O_CLOEXEC is FreeBSD's O_EXEC value), opens
// for execute only: a directory for search (its x permission, not r; for
// the *at calls and fchdir), any other file for execute (FreeBSD's O_EXEC);
// reads, writes and getdirentries on it are EBADF.  With an access mode
// other than O_RDONLY it is EINVAL, as FreeBSD's; a device (0666, no x
// bit) is EACCES.
static int open_at(struct proc *p, int dirfd, uint64_t upath, int flags, uint32_t mode,
		   int64_t rv[2])
{
	char path[BSD_PATH_MAX];
	int error;

	if ((flags & O_EXEC) && (flags & O_ACCMODE))
		return EINVAL;
	error = bsd_at_path_arg(p, dirfd, upath, path);
	if (error)
		return error;
	int fd = fd_alloc(p, 0);
	if (fd < 0)
		return -fd;
	struct file *f = NULL;
	/* A name under /dev is a device's (dev.c); "/dev/" itself is the directory. */
	bool device = strncmp(path, "/dev/", 5) == 0 && path[5];
	if (device && (flags & O_EXEC))
		return EACCES;
	if (device)
		f = dev_open(path, flags, &error);
	else
		f = fs_open_file(p, path, flags, mode & ~p->umask, &error);
	if (!f)
		return error;
	p->fd[fd] = f;
	p->fd_cloexec[fd] = (flags & O_CLOEXEC) != 0;
	rv[0] = fd;
	return 0;
}

int sys_openat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return open_at(p, (int)ARG(0), ARG(1), (int)ARG(2), (uint32_t)ARG(3), rv);
}

int sys_open(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return open_at(p, AT_FDCWD, ARG(0), (int)ARG(1), (uint32_t)ARG(2), rv);
}
