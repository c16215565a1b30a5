// SPDX-License-Identifier: BSD-2-Clause
// A descriptor on a file of the file system (fs.h): reads and writes at
// the file's offset through the implementation, a page at a time between
// the caller's memory and a buffer here; lseek, fstat, ftruncate, fsync,
// fchmod, fchown, futimens, FIONREAD.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/dirent.h>
#include <sys/termios.h>
#include "fs.h"

#define CHUNK	4096	/* bytes moved per implementation call */

struct fs_file {
	struct vnode	*vp;
	int64_t		offset;
	char		*path;		/* absolute, as opened (fchdir) */
};

/*
 * read_at's way for what one implementation call reads (most reads): few
 * values live across the calls, so its frame saves few registers.
 */
static long read_chunk(struct fs_file *ff, struct proc *p, uint64_t uaddr, size_t n,
		       int64_t *offp)
{
	char buf[CHUNK];
	long r = bsd_fs->vop_read(&p->cred, ff->vp, (uint64_t)*offp, buf, n);

	if (r <= 0)
		return r;
	if (copyout(p, buf, uaddr, (size_t)r))
		return -EFAULT;
	*offp += r;
	return r;
}

/* Read at *offp, which moves: the file's offset (read) or pread's own. */
static long read_at(struct fs_file *ff, struct proc *p, uint64_t uaddr, size_t n, int64_t *offp)
{
	if (n - 1 < CHUNK)		/* 1..CHUNK bytes; none reads nothing */
		return read_chunk(ff, p, uaddr, n, offp);

	char buf[CHUNK];
	size_t done = 0;

	while (done < n) {
		size_t chunk = n - done < sizeof(buf) ? n - done : sizeof(buf);
		long r = bsd_fs->vop_read(&p->cred, ff->vp, (uint64_t)*offp, buf, chunk);
		if (r < 0)
			return done ? (long)done : r;
		if (r == 0)
			break;
		if (copyout(p, buf, uaddr + done, (size_t)r))
			return done ? (long)done : -EFAULT;
		*offp += r;
		done += (size_t)r;
		if ((size_t)r < chunk)
			break;
	}
	return (long)done;
}

static long fsf_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct fs_file *ff = f->f_data;

	return read_at(ff, p, uaddr, n, &ff->offset);
}

/* pread: at `off', the file's offset untouched. */
static long fsf_pread(struct file *f, struct proc *p, uint64_t uaddr, size_t n, int64_t off)
{
	return read_at(f->f_data, p, uaddr, n, &off);
}

/* Write at *offp, which moves. */
static long write_at(struct fs_file *ff, struct proc *p, uint64_t uaddr, size_t n, int64_t *offp)
{
	char buf[CHUNK];
	size_t done = 0;

	while (done < n) {
		size_t chunk = n - done < sizeof(buf) ? n - done : sizeof(buf);
		if (copyin(p, uaddr + done, buf, chunk))
			return done ? (long)done : -EFAULT;
		long r = bsd_fs->vop_write(&p->cred, ff->vp, (uint64_t)*offp, buf, chunk);
		if (r < 0)
			return done ? (long)done : r;
		*offp += r;
		done += (size_t)r;
		if ((size_t)r < chunk)
			break;	/* the disk is full */
	}
	return (long)done;
}

static long fsf_write(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct fs_file *ff = f->f_data;

	if (f->f_flag & O_APPEND) {
		struct vattr va;
		int e = bsd_fs->vop_getattr(ff->vp, &va);
		if (e)
			return -e;
		ff->offset = (int64_t)va.va_size;
	}
	return write_at(ff, p, uaddr, n, &ff->offset);
}

/* pwrite: at `off' even with O_APPEND (POSIX; FreeBSD), the offset untouched. */
static long fsf_pwrite(struct file *f, struct proc *p, uint64_t uaddr, size_t n, int64_t off)
{
	return write_at(f->f_data, p, uaddr, n, &off);
}

static int fsf_lseek(struct file *f, int64_t *off, int whence)
{
	struct fs_file *ff = f->f_data;
	int64_t base;
	struct vattr va;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = ff->offset;
		break;
	case SEEK_END: {
		int e = bsd_fs->vop_getattr(ff->vp, &va);
		if (e)
			return e;
		base = (int64_t)va.va_size;
		break;
	}
	default:
		return EINVAL;
	}
	if (*off < 0 ? base + *off < 0 : base > INT64_MAX - *off)
		return EINVAL;
	ff->offset = base + *off;
	*off = ff->offset;
	return 0;
}

static int fsf_truncate(struct file *f, int64_t size)
{
	struct fs_file *ff = f->f_data;
	if (size < 0)
		return EINVAL;
	if ((f->f_flag & O_ACCMODE) == O_RDONLY)
		return EINVAL;	/* POSIX: not open for writing */
	return bsd_fs->vop_truncate(ff->vp, (uint64_t)size);
}

static int fsf_fsync(struct file *f)
{
	struct fs_file *ff = f->f_data;
	return bsd_fs->vop_fsync(ff->vp);
}

static int fsf_stat(struct file *f, struct stat *st)
{
	struct fs_file *ff = f->f_data;
	struct vattr va;
	int e = bsd_fs->vop_getattr(ff->vp, &va);
	if (!e)
		vattr_to_stat(&va, st);
	return e;
}

// FIONREAD: the bytes from the offset to the end, as FreeBSD's vn_ioctl
// (negative past the end, as there); any other request is ENOTTY.
static int fsf_ioctl(struct file *f, struct proc *p, unsigned long cmd, uint64_t arg)
{
	struct fs_file *ff = f->f_data;
	struct vattr va;

	if (cmd != FIONREAD)
		return ENOTTY;
	int e = bsd_fs->vop_getattr(ff->vp, &va);
	if (e)
		return e;
	int n = (int)((int64_t)va.va_size - ff->offset);
	return copyout(p, &n, arg, sizeof(n)) ? EFAULT : 0;
}

// Directory records from the offset (an entry number) on, through a
// buffer here out to the caller.
static long fsf_getdirentries(struct file *f, struct proc *p, uint64_t uaddr, size_t n,
			      int64_t *base)
{
	struct fs_file *ff = f->f_data;
	char buf[CHUNK];
	if (n > sizeof(buf))
		n = sizeof(buf);
	if (n < _GENERIC_DIRLEN(MAXNAMLEN))
		return -EINVAL;		/* no room for the longest name */
	uint64_t cookie = (uint64_t)ff->offset;
	*base = ff->offset;
	long r;
	if (strcmp(ff->path, "/dev") == 0 || strcmp(ff->path, "/dev/") == 0) {
		/* The devices cover the disk's /dev (dev.c); "." is this directory. */
		struct vattr dot, root;
		if (bsd_fs->vop_getattr(ff->vp, &dot) != 0 ||
		    bsd_fs->vop_stat(&p->cred, "/", true, &root) != 0)
			dot.va_ino = root.va_ino = 0;
		r = dev_readdir(&cookie, (ino_t)dot.va_ino, (ino_t)root.va_ino, buf, n);
	} else {
		r = bsd_fs->vop_readdir(&p->cred, ff->vp, &cookie, buf, n);
	}
	if (r <= 0)
		return r;
	if (copyout(p, buf, uaddr, (size_t)r))
		return -EFAULT;
	ff->offset = (int64_t)cookie;
	return r;
}

static int fsf_chmod(struct file *f, uint32_t mode)
{
	struct fs_file *ff = f->f_data;
	return bsd_fs->vop_fchmod(ff->vp, mode);
}

static int fsf_chown(struct file *f, uint32_t uid, uint32_t gid)
{
	struct fs_file *ff = f->f_data;
	return bsd_fs->vop_fchown(ff->vp, uid, gid);
}

static int fsf_utimens(struct file *f, const struct timespec *ts)
{
	struct fs_file *ff = f->f_data;
	return bsd_fs->vop_futimens(ff->vp, ts);
}

static int fsf_link(struct file *f, struct proc *p, const char *to)
{
	struct fs_file *ff = f->f_data;
	return bsd_fs->vop_flink(&p->cred, ff->vp, to);
}

static const char *fsf_path(struct file *f)
{
	struct fs_file *ff = f->f_data;
	return ff->path;
}

static void fsf_close(struct file *f)
{
	struct fs_file *ff = f->f_data;

	bsd_fs->vop_release(ff->vp);
	free(ff->path);
	free(ff);
}

static const struct fileops fs_fileops = {
	.fo_read = fsf_read, .fo_write = fsf_write, .fo_ioctl = fsf_ioctl, .fo_close = fsf_close,
	.fo_pread = fsf_pread, .fo_pwrite = fsf_pwrite,
	.fo_lseek = fsf_lseek, .fo_truncate = fsf_truncate, .fo_fsync = fsf_fsync,
	.fo_stat = fsf_stat, .fo_getdirentries = fsf_getdirentries,
	.fo_chmod = fsf_chmod, .fo_chown = fsf_chown, .fo_utimens = fsf_utimens,
	.fo_path = fsf_path, .fo_link = fsf_link,
};

struct file *fs_open_file(struct proc *p, const char *path, int flags, uint32_t mode, int *error)
{
	struct vnode *vp;

	*error = bsd_fs->vop_open(&p->cred, path, flags, mode & 07777, &vp);
	if (*error)
		return NULL;
	struct fs_file *ff = calloc(1, sizeof(*ff));
	char *copy = strdup(path);
	struct file *f = ff && copy ?
		file_alloc(&fs_fileops, ff, flags & (O_ACCMODE | O_NONBLOCK | O_APPEND | O_EXEC)) :
		NULL;
	if (!f) {
		free(copy);
		free(ff);
		bsd_fs->vop_release(vp);
		*error = ENOMEM;
		return NULL;
	}
	ff->vp = vp;
	ff->path = copy;
	return f;
}

void vattr_to_stat(const struct vattr *va, struct stat *st)
{
	static const mode_t fmt[] = {
		[VNON] = 0, [VREG] = S_IFREG, [VDIR] = S_IFDIR, [VCHR] = S_IFCHR,
		[VLNK] = S_IFLNK, [VFIFO] = S_IFIFO,
	};
	memset(st, 0, sizeof(*st));
	st->st_dev = 1;
	st->st_ino = (ino_t)va->va_ino;
	st->st_mode = fmt[va->va_type] | (va->va_mode & 07777);
	st->st_nlink = (nlink_t)va->va_nlink;
	st->st_uid = (uid_t)va->va_uid;
	st->st_gid = (gid_t)va->va_gid;
	st->st_size = (off_t)va->va_size;
	st->st_blksize = (blksize_t)va->va_blksize;
	st->st_blocks = (blkcnt_t)va->va_blocks;
	st->st_atim.tv_sec = va->va_atime;
	st->st_mtim.tv_sec = va->va_mtime;
	st->st_ctim.tv_sec = va->va_ctime;
}
