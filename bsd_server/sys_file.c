// SPDX-License-Identifier: BSD-2-Clause
// System calls on files of the file system (fs.h): by path (fstatat,
// mkdir, rmdir, unlink, rename) and by descriptor (lseek, fstat,
// ftruncate, fsync).  Paths go to the file system as the process's user
// (its credentials: the implementation checks permissions).
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include "fs.h"

#define ARG(i)	(req->args[i])

// The path argument `i', copied in.  0, EFAULT, ENAMETOOLONG.
static int path_arg(struct proc *p, const machrv_syscall_request_t *req, int i,
		    char path[BSD_PATH_MAX])
{
	return copyinstr(p, ARG(i), path, BSD_PATH_MAX);
}

int sys_fstatat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int fd = (int)ARG(0), flag = (int)ARG(3);
	int e = path_arg(p, req, 1, path);
	if (e)
		return e;
	if (fd != AT_FDCWD && path[0] != '/')
		return ENOTSUP;		/* directories as descriptors: not yet */
	if (flag & ~AT_SYMLINK_NOFOLLOW)
		return EINVAL;
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
	return e ? e : bsd_fs->vop_mkdir(&p->cred, path, (uint32_t)ARG(1) & 07777);
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
