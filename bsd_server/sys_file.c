// SPDX-License-Identifier: BSD-2-Clause
// System calls on files of the file system (fs.h): by path (fstatat,
// mkdir, rmdir, unlink, rename, chown, lchown, utimes, utimensat, ...),
// each path call also from a directory descriptor (the *at calls: the
// call without "at" is its *at form from AT_FDCWD), and by descriptor
// (lseek, fstat, ftruncate, fsync, futimens, ...).  Paths go to the file
// system as the process's user (its credentials: the implementation
// checks permissions).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include "fs.h"
#include "path.h"


int bsd_path_arg(struct proc *p, uint64_t uaddr, char path[BSD_PATH_MAX])
{
	char raw[BSD_PATH_MAX];
	int e = copyinstr(p, uaddr, raw, sizeof(raw));
	return e ? e : bsd_path_resolve(p->cwd, raw, path);
}

// The path argument `i' of the call (bsd_path_arg).
#define path_arg(p, req, i, path)	bsd_path_arg(p, ARG(i), path)

// bsd_at_path_arg, and what the path's last component is as written
// (bsd_path_last: resolving takes "." and ".." away) in *last.
static int at_path_arg(struct proc *p, int fd, uint64_t uaddr, char path[BSD_PATH_MAX],
		       enum bsd_path_last *last)
{
	char raw[BSD_PATH_MAX];
	int e = copyinstr(p, uaddr, raw, sizeof(raw));
	if (e)
		return e;
	if (last)
		*last = bsd_path_last(raw);
	if (raw[0] == '/' || fd == AT_FDCWD || !raw[0])	/* "": ENOENT before EBADF */
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

int bsd_at_path_arg(struct proc *p, int fd, uint64_t uaddr, char path[BSD_PATH_MAX])
{
	return at_path_arg(p, fd, uaddr, path, NULL);
}

// AT_EMPTY_PATH (FreeBSD 13's 0x4000) in `flag' and an empty path at
// `uaddr': the call is on the open file `fd' itself (*fp), or for
// AT_FDCWD on the working directory (*fp NULL, its path in `path'); 0.
// -1 for any other case, whose path is looked up as ever (an empty one
// is ENOENT); EFAULT, or EBADF for `fd' not open.
static int at_empty_path(struct proc *p, int fd, uint64_t uaddr, int flag, struct file **fp,
			 char path[BSD_PATH_MAX])
{
	char c;
	*fp = NULL;
	if (!(flag & AT_EMPTY_PATH))
		return -1;
	if (copyin(p, uaddr, &c, 1))
		return EFAULT;
	if (c != 0)
		return -1;
	if (fd == AT_FDCWD) {
		strcpy(path, p->cwd);
		return 0;
	}
	return (*fp = fd_get(p, fd)) ? 0 : EBADF;
}

// fstatat(fd, path, sb, flag): with AT_EMPTY_PATH and an empty path, as
// fstat of `fd' (any open file, as FreeBSD's; AT_FDCWD: the working
// directory).
int sys_fstatat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int flag = (int)ARG(3);
	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return EINVAL;
	struct file *f;
	struct stat st;
	int e = at_empty_path(p, (int)ARG(0), ARG(1), flag, &f, path);
	if (e > 0)
		return e;
	if (e == 0 && f) {
		if (!f->f_ops->fo_stat)
			return EBADF;
		if ((e = f->f_ops->fo_stat(f, &st)))
			return e;
		return copyout(p, &st, ARG(2), sizeof(st)) ? EFAULT : 0;
	}
	if (e < 0 && (e = bsd_at_path_arg(p, (int)ARG(0), ARG(1), path)))
		return e;
	/* A device is bsd_server's (dev.c), as open finds it: not the file system's. */
	if (strncmp(path, "/dev/", 5) == 0 && dev_stat_path(path, &st) == 0)
		return copyout(p, &st, ARG(2), sizeof(st)) ? EFAULT : 0;
	struct vattr va;
	e = bsd_fs->vop_stat(&p->cred, path, !(flag & AT_SYMLINK_NOFOLLOW), &va);
	if (e)
		return e;
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

// mkdirat(fd, path, mode): the mode less the umask.
static int mkdir_at(struct proc *p, int fd, uint64_t upath, uint32_t mode)
{
	char path[BSD_PATH_MAX];
	int e = bsd_at_path_arg(p, fd, upath, path);
	return e ? e : bsd_fs->vop_mkdir(&p->cred, path, mode & 07777 & ~p->umask);
}

int sys_mkdirat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return mkdir_at(p, (int)ARG(0), ARG(1), (uint32_t)ARG(2));
}

int sys_mkdir(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return mkdir_at(p, AT_FDCWD, ARG(0), (uint32_t)ARG(1));
}

// A last component as written (bsd_path_last) that FreeBSD's lookup
// refuses to a removal or a rename, instead of the directory the resolved
// path names: 0 for a name; EISDIR for the root named by slashes only
// ("/", the lookup's degenerate name); for "." or ".." the lookup's own
// error if the directory it names is not there, ENOTDIR after a file
// ("file/."), else EINVAL.  (POSIX has EBUSY for a mount point, which
// FreeBSD gives only to the root of a mount named some other way: the
// root is the one mount here, and "." or ".." is all that names it
// otherwise.)
static int last_refused(struct proc *p, enum bsd_path_last last, const char *path)
{
	struct vattr va;
	int e;

	if (last == BSD_LAST_NAME)
		return 0;
	if (last == BSD_LAST_ROOT)
		return EISDIR;
	if ((e = bsd_fs->vop_stat(&p->cred, path, true, &va)))
		return e;
	return va.va_type == VDIR ? EINVAL : ENOTDIR;
}

// unlinkat(fd, path, flag): a name that is not a directory (a directory
// is EPERM, as FreeBSD's unlink: the file systems say EISDIR), or with
// AT_REMOVEDIR an empty directory (ENOTDIR, ENOTEMPTY) as rmdir.  A last
// component "." or ".." is EINVAL for rmdir and EPERM for unlink (FreeBSD's
// unlink turns its lookup's EINVAL into EPERM), "/" EISDIR (last_refused).
static int unlink_at(struct proc *p, int fd, uint64_t upath, int flag)
{
	char path[BSD_PATH_MAX];
	enum bsd_path_last last;
	if (flag & ~AT_REMOVEDIR)
		return EINVAL;
	int e = at_path_arg(p, fd, upath, path, &last);
	if (!e)
		e = last_refused(p, last, path);
	if (e)
		return e == EINVAL && !(flag & AT_REMOVEDIR) ? EPERM : e;
	if (flag & AT_REMOVEDIR)
		return bsd_fs->vop_rmdir(&p->cred, path);
	e = bsd_fs->vop_unlink(&p->cred, path);
	return e == EISDIR ? EPERM : e;
}

int sys_unlinkat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return unlink_at(p, (int)ARG(0), ARG(1), (int)ARG(2));
}

int sys_rmdir(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return unlink_at(p, AT_FDCWD, ARG(0), AT_REMOVEDIR);
}

int sys_unlink(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return unlink_at(p, AT_FDCWD, ARG(0), 0);
}

// renameat(fromfd, from, tofd, to): each path from its own directory.  A
// last component "." or ".." of either is EINVAL and "/" EISDIR
// (last_refused), but EINVAL as the target of a directory, as FreeBSD's
// rename("dir1", "/") says.
static int rename_at(struct proc *p, int fromfd, uint64_t ufrom, int tofd, uint64_t uto)
{
	char from[BSD_PATH_MAX], to[BSD_PATH_MAX];
	enum bsd_path_last lfrom, lto;
	int e = at_path_arg(p, fromfd, ufrom, from, &lfrom);
	if (!e)
		e = last_refused(p, lfrom, from);
	if (!e)
		e = at_path_arg(p, tofd, uto, to, &lto);
	if (!e && (e = last_refused(p, lto, to)) == EISDIR) {
		struct vattr va;
		if (bsd_fs->vop_stat(&p->cred, from, false, &va) == 0 && va.va_type == VDIR)
			e = EINVAL;
	}
	return e ? e : bsd_fs->vop_rename(&p->cred, from, to);
}

int sys_renameat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return rename_at(p, (int)ARG(0), ARG(1), (int)ARG(2), ARG(3));
}

int sys_rename(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return rename_at(p, AT_FDCWD, ARG(0), AT_FDCWD, ARG(1));
}

int sys_getdirentries(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	if (f->f_flag & O_EXEC)
		return EBADF;		/* opened for search only (O_SEARCH), as FreeBSD */
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

// `path' with its final symlinks followed (linkat's AT_SYMLINK_FOLLOW):
// a relative target from the link's directory.  0, ELOOP after
// SYMLOOP_MAX links, or what a lookup says.
#define SYMLOOP_MAX	32
static int follow_final(struct proc *p, char path[BSD_PATH_MAX])
{
	for (int n = 0; n < SYMLOOP_MAX; n++) {
		struct vattr va;
		int e = bsd_fs->vop_stat(&p->cred, path, false, &va);
		if (e)
			return e;
		if (va.va_type != VLNK)
			return 0;
		char target[BSD_PATH_MAX], dir[BSD_PATH_MAX], name[BSD_NAME_MAX + 1];
		long r = bsd_fs->vop_readlink(&p->cred, path, target, sizeof(target) - 1);
		if (r < 0)
			return (int)-r;
		target[r] = 0;
		if ((e = bsd_path_split(path, dir, name)) ||
		    (e = bsd_path_resolve(dir, target, path)))
			return e;
	}
	return ELOOP;
}

// linkat(fromfd, from, tofd, to, flag): a new name for the file `from'
// names, or with AT_SYMLINK_FOLLOW for the file a final symlink leads to.
// With AT_EMPTY_PATH and an empty `from', for the open file `fromfd'
// itself, whatever its names are now (its vnode, not the path it was
// opened by): FreeBSD 13 allows that to root only (PRIV_VFS_FHOPEN:
// EPERM), a directory is EPERM (AT_FDCWD: the working directory), and a
// descriptor with no file of the file system behind it (a pipe, a
// device) EINVAL.
static int link_at(struct proc *p, int fromfd, uint64_t ufrom, int tofd, uint64_t uto, int flag)
{
	char from[BSD_PATH_MAX], to[BSD_PATH_MAX];
	if (flag & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return EINVAL;
	struct file *f;
	int e = at_empty_path(p, fromfd, ufrom, flag, &f, from);
	if (e > 0)
		return e;
	if (e == 0) {
		if (p->cred.euid != 0)
			return EPERM;
		if (!f)
			return EPERM;		/* the working directory */
		if ((e = bsd_at_path_arg(p, tofd, uto, to)))
			return e;
		return f->f_ops->fo_link ? f->f_ops->fo_link(f, p, to) : EINVAL;
	}
	e = bsd_at_path_arg(p, fromfd, ufrom, from);
	if (!e)
		e = bsd_at_path_arg(p, tofd, uto, to);
	if (!e && (flag & AT_SYMLINK_FOLLOW))
		e = follow_final(p, from);
	return e ? e : bsd_fs->vop_link(&p->cred, from, to);
}

int sys_linkat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return link_at(p, (int)ARG(0), ARG(1), (int)ARG(2), ARG(3), (int)ARG(4));
}

// link(2) follows a final symlink of `from' (FreeBSD's, and POSIX.1-2008's
// preference); linkat only with AT_SYMLINK_FOLLOW.
int sys_link(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return link_at(p, AT_FDCWD, ARG(0), AT_FDCWD, ARG(1), AT_SYMLINK_FOLLOW);
}

// symlinkat(target, fd, path): the target stored as given.
static int symlink_at(struct proc *p, uint64_t utarget, int fd, uint64_t upath)
{
	char target[BSD_PATH_MAX], path[BSD_PATH_MAX];
	int e = copyinstr(p, utarget, target, sizeof(target));
	if (!e)
		e = bsd_at_path_arg(p, fd, upath, path);
	return e ? e : bsd_fs->vop_symlink(&p->cred, target, path);
}

int sys_symlinkat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return symlink_at(p, ARG(0), (int)ARG(1), ARG(2));
}

int sys_symlink(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return symlink_at(p, ARG(0), AT_FDCWD, ARG(1));
}

// readlinkat(fd, path, buf, size): the target, not terminated; its length.
static int readlink_at(struct proc *p, int fd, uint64_t upath, uint64_t ubuf, size_t size,
		       int64_t rv[2])
{
	char path[BSD_PATH_MAX], buf[BSD_PATH_MAX];
	int e = bsd_at_path_arg(p, fd, upath, path);
	if (e)
		return e;
	size_t n = size < sizeof(buf) ? size : sizeof(buf);
	long r = bsd_fs->vop_readlink(&p->cred, path, buf, n);
	if (r < 0)
		return (int)-r;
	if (copyout(p, buf, ubuf, (size_t)r))
		return EFAULT;
	rv[0] = r;
	return 0;
}

int sys_readlinkat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return readlink_at(p, (int)ARG(0), ARG(1), ARG(2), (size_t)ARG(3), rv);
}

int sys_readlink(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	return readlink_at(p, AT_FDCWD, ARG(0), ARG(1), (size_t)ARG(2), rv);
}

// fchmodat(fd, path, mode, flag): of a final symlink itself with
// AT_SYMLINK_NOFOLLOW; with AT_EMPTY_PATH and an empty path, as fchmod
// of `fd' (AT_FDCWD: the working directory).
static int chmod_at(struct proc *p, int fd, uint64_t upath, uint32_t mode, int flag)
{
	char path[BSD_PATH_MAX];
	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return EINVAL;
	struct file *f;
	int e = at_empty_path(p, fd, upath, flag, &f, path);
	if (e > 0)
		return e;
	if (e == 0 && f)
		return f->f_ops->fo_chmod ? f->f_ops->fo_chmod(f, mode & 07777) : EINVAL;
	if (e < 0 && (e = bsd_at_path_arg(p, fd, upath, path)))
		return e;
	return bsd_fs->vop_chmod(&p->cred, path, !(flag & AT_SYMLINK_NOFOLLOW), mode & 07777);
}

int sys_fchmodat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return chmod_at(p, (int)ARG(0), ARG(1), (uint32_t)ARG(2), (int)ARG(3));
}

int sys_chmod(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return chmod_at(p, AT_FDCWD, ARG(0), (uint32_t)ARG(1), 0);
}

// fchownat(fd, path, uid, gid, flag): of a final symlink itself with
// AT_SYMLINK_NOFOLLOW (lchown); with AT_EMPTY_PATH and an empty path, as
// fchown of `fd' (AT_FDCWD: the working directory).
static int chown_at(struct proc *p, int fd, uint64_t upath, uint32_t uid, uint32_t gid, int flag)
{
	char path[BSD_PATH_MAX];
	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return EINVAL;
	struct file *f;
	int e = at_empty_path(p, fd, upath, flag, &f, path);
	if (e > 0)
		return e;
	if (e == 0 && f)
		return f->f_ops->fo_chown ? f->f_ops->fo_chown(f, uid, gid) : EINVAL;
	if (e < 0 && (e = bsd_at_path_arg(p, fd, upath, path)))
		return e;
	return bsd_fs->vop_chown(&p->cred, path, !(flag & AT_SYMLINK_NOFOLLOW), uid, gid);
}

int sys_fchownat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return chown_at(p, (int)ARG(0), ARG(1), (uint32_t)ARG(2), (uint32_t)ARG(3), (int)ARG(4));
}

int sys_chown(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return chown_at(p, AT_FDCWD, ARG(0), (uint32_t)ARG(1), (uint32_t)ARG(2), 0);
}

// lchown: chown of a final symlink itself.
int sys_lchown(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return chown_at(p, AT_FDCWD, ARG(0), (uint32_t)ARG(1), (uint32_t)ARG(2),
			AT_SYMLINK_NOFOLLOW);
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
// must still be there.  With AT_EMPTY_PATH and an empty path, as futimens
// of `fd' (AT_FDCWD: the working directory).
int sys_utimensat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int flag = (int)ARG(3);
	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return EINVAL;
	bool follow = !(flag & AT_SYMLINK_NOFOLLOW), nothing;
	struct file *f;
	int e = at_empty_path(p, (int)ARG(0), ARG(1), flag, &f, path);
	if (e > 0)
		return e;
	if (e < 0)
		e = bsd_at_path_arg(p, (int)ARG(0), ARG(1), path);
	struct timespec ts[2];
	const struct timespec *tp;
	if (!e)
		e = utimens_arg(p, ARG(2), ts, &tp, &nothing);
	if (e)
		return e;
	if (f) {
		if (!f->f_ops->fo_utimens)
			return EINVAL;		/* a pipe or a device, as futimens */
		return nothing ? 0 : f->f_ops->fo_utimens(f, tp);
	}
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

// faccessat(fd, path, mode, flag) asks with the real ids, with
// AT_EACCESS with the effective ones; access(2) is the first.  With
// AT_EMPTY_PATH and an empty path, of the open file `fd' by the path it
// was opened with (as fchdir; AT_FDCWD: the working directory); EINVAL
// for a descriptor with no file of the file system behind it (a pipe, a
// device: FreeBSD answers for a device, which is a vnode there).
static int access_at(struct proc *p, int fd, uint64_t upath, int mode, int flag)
{
	char path[BSD_PATH_MAX];
	if ((flag & ~(AT_EACCESS | AT_EMPTY_PATH)) || (mode & ~7))
		return EINVAL;
	struct file *f;
	int e = at_empty_path(p, fd, upath, flag, &f, path);
	if (e > 0)
		return e;
	if (e == 0 && f) {
		if (!f->f_ops->fo_path)
			return EINVAL;
		if (strlen(f->f_ops->fo_path(f)) >= BSD_PATH_MAX)
			return ENAMETOOLONG;
		strcpy(path, f->f_ops->fo_path(f));
	} else if (e < 0 && (e = bsd_at_path_arg(p, fd, upath, path))) {
		return e;
	}
	struct ucred ids = p->cred;
	if (!(flag & AT_EACCESS)) {
		ids.euid = p->cred.ruid;
		ids.egid = p->cred.rgid;
	}
	if (strncmp(path, "/dev/", 5) == 0 && (e = dev_access(path, ids.euid, mode)) != ENOENT)
		return e;		/* bsd_server's device (dev.c) */
	return bsd_fs->vop_access(&ids, path, mode);
}

int sys_faccessat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return access_at(p, (int)ARG(0), ARG(1), (int)ARG(2), (int)ARG(3));
}

int sys_access(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	return access_at(p, AT_FDCWD, ARG(0), (int)ARG(1), 0);
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
