// SPDX-License-Identifier: BSD-2-Clause
// System calls on files of the file system (fs.h): by path (fstatat,
// mkdir, rmdir, unlink, rename, chown, lchown, utimes, utimensat, ...)
// and by descriptor (lseek, fstat, ftruncate, fsync, futimens, ...).
// Paths go to the file system as the process's user (its credentials: the
// implementation checks permissions).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include "fs.h"
#include "path.h"

#define ARG(i)	(req->args[i])

int bsd_path_arg(struct proc *p, uint64_t uaddr, char path[BSD_PATH_MAX])
{
	char raw[BSD_PATH_MAX];
	int e = copyinstr(p, uaddr, raw, sizeof(raw));
	return e ? e : bsd_path_resolve(p->cwd, raw, path);
}

// The path argument `i' of the call (bsd_path_arg).
#define path_arg(p, req, i, path)	bsd_path_arg(p, ARG(i), path)

// The path argument of an *at call: from the directory the descriptor `fd'
// was opened as (by its path, as fchdir), or from the working directory
// for AT_FDCWD (picolibc's value, -2, as every constant of the ABI);
// neither matters for an absolute path.  0, EFAULT, ENAMETOOLONG, ENOENT,
// EBADF, ENOTDIR (fd not a directory of the file system).
static int at_path_arg(struct proc *p, int fd, uint64_t uaddr, char path[BSD_PATH_MAX])
{
	char raw[BSD_PATH_MAX];
	int e = copyinstr(p, uaddr, raw, sizeof(raw));
	if (e)
		return e;
	if (raw[0] == '/' || fd == AT_FDCWD)
		return bsd_path_resolve(p->cwd, raw, path);
	struct file *f = fd_get(p, fd);
	if (!f)
		return EBADF;
	struct stat st;
	if (!f->f_ops->fo_path || !f->f_ops->fo_stat || f->f_ops->fo_stat(f, &st) ||
	    !S_ISDIR(st.st_mode))
		return ENOTDIR;
	return bsd_path_resolve(f->f_ops->fo_path(f), raw, path);
}

int sys_fstatat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int flag = (int)ARG(3);
	if (flag & ~AT_SYMLINK_NOFOLLOW)
		return EINVAL;
	int e = at_path_arg(p, (int)ARG(0), ARG(1), path);
	if (e)
		return e;
	struct vattr va;
	e = bsd_fs->vop_stat(&p->cred, path, !(flag & AT_SYMLINK_NOFOLLOW), &va);
	if (e)
		return e;
	struct stat st;
	vattr_to_stat(&va, &st);
	return copyout(p, &st, ARG(2), sizeof(st)) ? EFAULT : 0;
}

int sys_fstat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	if (!f->f_ops->fo_stat)
		return EBADF;
	struct stat st;
	int e = f->f_ops->fo_stat(f, &st);
	if (e)
		return e;
	return copyout(p, &st, ARG(1), sizeof(st)) ? EFAULT : 0;
}

int sys_lseek(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	if (!f->f_ops->fo_lseek)
		return ESPIPE;		/* a pipe or a terminal */
	int64_t off = (int64_t)ARG(1);
	int e = f->f_ops->fo_lseek(f, &off, (int)ARG(2));
	if (e)
		return e;
	rv[0] = off;
	return 0;
}

int sys_ftruncate(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	if (!f->f_ops->fo_truncate)
		return EINVAL;
	return f->f_ops->fo_truncate(f, (int64_t)ARG(1));
}

int sys_fsync(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	return f->f_ops->fo_fsync ? f->f_ops->fo_fsync(f) : 0;
}

int sys_mkdir(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	return e ? e : bsd_fs->vop_mkdir(&p->cred, path, (uint32_t)ARG(1) & 07777 & ~p->umask);
}

int sys_rmdir(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	return e ? e : bsd_fs->vop_rmdir(&p->cred, path);
}

int sys_unlink(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	return e ? e : bsd_fs->vop_unlink(&p->cred, path);
}

int sys_rename(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char from[BSD_PATH_MAX], to[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, from);
	if (!e)
		e = path_arg(p, req, 1, to);
	return e ? e : bsd_fs->vop_rename(&p->cred, from, to);
}

int sys_getdirentries(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	if (!f->f_ops->fo_getdirentries)
		return EINVAL;		/* not a directory of the file system */
	int64_t base;
	long r = f->f_ops->fo_getdirentries(f, p, ARG(1), (size_t)ARG(2), &base);
	if (r < 0)
		return (int)-r;
	if (ARG(3) && copyout(p, &base, ARG(3), sizeof(base)))
		return EFAULT;
	rv[0] = r;
	return 0;
}

int sys_link(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char from[BSD_PATH_MAX], to[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, from);
	if (!e)
		e = path_arg(p, req, 1, to);
	return e ? e : bsd_fs->vop_link(&p->cred, from, to);
}

int sys_symlink(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char target[BSD_PATH_MAX], path[BSD_PATH_MAX];
	int e = copyinstr(p, ARG(0), target, sizeof(target));	/* stored as given */
	if (!e)
		e = path_arg(p, req, 1, path);
	return e ? e : bsd_fs->vop_symlink(&p->cred, target, path);
}

int sys_readlink(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	char path[BSD_PATH_MAX], buf[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	if (e)
		return e;
	size_t n = (size_t)ARG(2) < sizeof(buf) ? (size_t)ARG(2) : sizeof(buf);
	long r = bsd_fs->vop_readlink(&p->cred, path, buf, n);
	if (r < 0)
		return (int)-r;
	if (copyout(p, buf, ARG(1), (size_t)r))
		return EFAULT;
	rv[0] = r;
	return 0;
}

int sys_chmod(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	return e ? e : bsd_fs->vop_chmod(&p->cred, path, (uint32_t)ARG(1) & 07777);
}

int sys_chown(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	return e ? e : bsd_fs->vop_chown(&p->cred, path, true, (uint32_t)ARG(1), (uint32_t)ARG(2));
}

// lchown: chown of a final symlink itself.
int sys_lchown(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	return e ? e : bsd_fs->vop_chown(&p->cred, path, false, (uint32_t)ARG(1), (uint32_t)ARG(2));
}

// The times of utimensat and futimens, copied in from `uaddr' (0: both
// now) and folded as vop_utimens wants them: both UTIME_NOW is *tp NULL
// (the rule for "now": a writer may), both UTIME_OMIT is nothing to do
// (*nothing).  EFAULT; EINVAL for a tv_nsec out of range that is neither
// special.
static int utimens_arg(struct proc *p, uint64_t uaddr, struct timespec ts[2],
		       const struct timespec **tp, bool *nothing)
{
	*tp = NULL;
	*nothing = false;
	if (!uaddr)
		return 0;
	if (copyin(p, uaddr, ts, 2 * sizeof(ts[0])))
		return EFAULT;
	for (int i = 0; i < 2; i++)
		if (ts[i].tv_nsec != UTIME_NOW && ts[i].tv_nsec != UTIME_OMIT &&
		    (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= 1000000000L))
			return EINVAL;
	if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
		*nothing = true;
	else if (ts[0].tv_nsec != UTIME_NOW || ts[1].tv_nsec != UTIME_NOW)
		*tp = ts;
	return 0;
}

// utimes(path, times): struct timeval[2] of the process (NULL: now).
int sys_utimes(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	if (e)
		return e;
	if (!ARG(1))
		return bsd_fs->vop_utimens(&p->cred, path, true, NULL);
	struct timeval tv[2];
	if (copyin(p, ARG(1), tv, sizeof(tv)))
		return EFAULT;
	struct timespec ts[2];
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return EINVAL;
		ts[i] = (struct timespec){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
	}
	return bsd_fs->vop_utimens(&p->cred, path, true, ts);
}

// utimensat(fd, path, times, flag): times as utimens_arg takes them, of a
// final symlink itself with AT_SYMLINK_NOFOLLOW.  Both omitted, the file
// must still be there.
int sys_utimensat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int flag = (int)ARG(3);
	if (flag & ~AT_SYMLINK_NOFOLLOW)
		return EINVAL;
	bool follow = !(flag & AT_SYMLINK_NOFOLLOW), nothing;
	int e = at_path_arg(p, (int)ARG(0), ARG(1), path);
	struct timespec ts[2];
	const struct timespec *tp;
	if (!e)
		e = utimens_arg(p, ARG(2), ts, &tp, &nothing);
	if (e)
		return e;
	if (nothing) {
		struct vattr va;
		return bsd_fs->vop_stat(&p->cred, path, follow, &va);
	}
	return bsd_fs->vop_utimens(&p->cred, path, follow, tp);
}

// futimens(fd, times): utimensat of an open file, as its opener.
int sys_futimens(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	struct timespec ts[2];
	const struct timespec *tp;
	bool nothing;
	int e = utimens_arg(p, ARG(1), ts, &tp, &nothing);
	if (e)
		return e;
	if (!f->f_ops->fo_utimens)
		return EINVAL;		/* a pipe or a device */
	return nothing ? 0 : f->f_ops->fo_utimens(f, tp);
}

// access(2) asks with the real ids.
int sys_access(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	if (e)
		return e;
	if ((int)ARG(1) & ~7)
		return EINVAL;
	struct ucred real = p->cred;
	real.euid = p->cred.ruid;
	real.egid = p->cred.rgid;
	return bsd_fs->vop_access(&real, path, (int)ARG(1));
}

int sys_sync(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)p, (void)req, (void)rv;
	(void)bsd_fs->vop_sync();
	return 0;
}

int sys_truncate(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	if (e)
		return e;
	if ((int64_t)ARG(1) < 0)
		return EINVAL;
	struct vnode *vp;
	if ((e = bsd_fs->vop_open(&p->cred, path, O_WRONLY, 0, &vp)))
		return e;
	e = bsd_fs->vop_truncate(vp, ARG(1));
	bsd_fs->vop_release(vp);
	return e;
}

int sys_umask(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	rv[0] = p->umask;
	p->umask = (mode_t)ARG(0) & 0777;
	return 0;
}

// chdir: a directory the process may search; the path kept normalized.
int sys_chdir(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = path_arg(p, req, 0, path);
	if (e)
		return e;
	struct vattr va;
	if ((e = bsd_fs->vop_stat(&p->cred, path, true, &va)))
		return e;
	if (va.va_type != VDIR)
		return ENOTDIR;
	if ((e = bsd_fs->vop_access(&p->cred, path, 1)))
		return e;
	size_t n = strlen(path);
	if (n > 1 && path[n - 1] == '/')
		path[n - 1] = 0;
	strcpy(p->cwd, path);
	return 0;
}

// __getcwd(buf, size): the working directory, NUL-terminated; ERANGE.
int sys___getcwd(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	size_t n = strlen(p->cwd) + 1;
	if ((size_t)ARG(1) < n)
		return ERANGE;
	return copyout(p, p->cwd, ARG(0), n) ? EFAULT : 0;
}

int sys_fchmod(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	return f->f_ops->fo_chmod ? f->f_ops->fo_chmod(f, (uint32_t)ARG(1) & 07777) : EINVAL;
}

int sys_fchown(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	return f->f_ops->fo_chown ? f->f_ops->fo_chown(f, (uint32_t)ARG(1), (uint32_t)ARG(2))
				  : EINVAL;
}

// fchdir: the directory an open descriptor names, by the path it was
// opened with (renamed since, it is that path's directory).
int sys_fchdir(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	if (!f->f_ops->fo_path || !f->f_ops->fo_stat)
		return ENOTDIR;
	struct stat st;
	int e = f->f_ops->fo_stat(f, &st);
	if (e)
		return e;
	if (!S_ISDIR(st.st_mode))
		return ENOTDIR;
	const char *path = f->f_ops->fo_path(f);
	if ((e = bsd_fs->vop_access(&p->cred, path, 1)))
		return e;
	size_t n = strlen(path);
	if (n >= BSD_PATH_MAX)
		return ENAMETOOLONG;
	strcpy(p->cwd, path);
	if (n > 1 && p->cwd[n - 1] == '/')
		p->cwd[n - 1] = 0;
	return 0;
}
