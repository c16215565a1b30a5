// SPDX-License-Identifier: BSD-2-Clause
// The file system in the multi-server shape: RPCs to the fss server
// (fss/, docs/fss.md) through <fss/fs.h>, <fss/io.h>, <fss/fsys.h>.  A
// vnode holds a send right to an fss protid: the file opened with the
// modes a call needs, as the process's user.  Each user (effective uid,
// effective gid and groups) gets its own root directory port, made once
// with io_restrict_auth from bsd_server's own root (bsd_server's token
// has uid 0, so fss takes the ids it names: docs/fss.md, "Who is
// asking"); every lookup starts there, so fss checks permissions as that
// user.  Paths are taken from the root ("/a/b" and "a/b" alike: no
// working directory yet).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dirent.h>
#include <servers/bootstrap.h>
#include <fss/fs.h>
#include <fss/fsys.h>
#include <fss/fss_ext.h>
#include <fss/io.h>
#include "fs.h"

struct vnode {
	mach_port_t	port;		/* a protid of fss */
};

#define USERS		16	/* root ports kept, one per user */
#define RETRIES		8	/* absolute symlinks followed from the root */
#define NAME_MAX_FSS	255	/* a path component (ext2) */

static mach_port_t fss_root;	/* bsd_server's own: the superuser's */
static fss_string_t fss_source = "fss";	/* the disk fss serves (fsys_get_source) */
static mthread_mutex_t users_lock = MTHREAD_MUTEX_INITIALIZER;
static struct user_root {
	bool		used;
	uid_t		uid;
	gid_t		gid;
	int		ngroups;
	gid_t		groups[BSD_NGROUPS];
	mach_port_t	root;
	unsigned	last;		/* for replacing the least recently used */
} users[USERS];
static unsigned users_clock;

// The errno of an fss answer: its own errno values (FSS_ERRNO), or EIO
// for a Mach error (fss gone, a bad reply).
static int err_of(kern_return_t kr)
{
	if (kr == KERN_SUCCESS)
		return 0;
	return FSS_IS_ERRNO(kr) ? (int)FSS_ERRNO_OF(kr) : EIO;
}

static bool same_user(const struct user_root *u, const struct ucred *c)
{
	return u->used && u->uid == c->euid && u->gid == c->egid && u->ngroups == c->ngroups &&
	       memcmp(u->groups, c->groups, sizeof(gid_t) * (size_t)c->ngroups) == 0;
}

// The root directory port of `cred's user (a send right of the cache's).
static int user_root(const struct ucred *cred, mach_port_t *root)
{
	mthread_mutex_lock(&users_lock);
	struct user_root *u = NULL, *victim = &users[0];
	for (int i = 0; i < USERS; i++) {
		if (same_user(&users[i], cred)) {
			u = &users[i];
			break;
		}
		if (!users[i].used || users[i].last < victim->last)
			victim = &users[i];
	}
	if (!u) {
		uint32_t uids[1] = { cred->euid }, gids[1 + BSD_NGROUPS];
		gids[0] = cred->egid;
		for (int i = 0; i < cred->ngroups; i++)
			gids[1 + i] = cred->groups[i];
		mach_port_t port;
		kern_return_t kr = io_restrict_auth(fss_root, &port, uids, 1, gids,
						    1 + (mach_msg_type_number_t)cred->ngroups);
		if (kr != KERN_SUCCESS) {
			mthread_mutex_unlock(&users_lock);
			return err_of(kr);
		}
		if (victim->used)
			mach_port_deallocate(mach_task_self(), victim->root);
		u = victim;
		u->used = true;
		u->uid = cred->euid;
		u->gid = cred->egid;
		u->ngroups = cred->ngroups;
		memcpy(u->groups, cred->groups, sizeof(gid_t) * (size_t)cred->ngroups);
		u->root = port;
	}
	u->last = ++users_clock;
	*root = u->root;
	mach_port_mod_refs(mach_task_self(), *root, MACH_PORT_RIGHT_SEND, 1);
	mthread_mutex_unlock(&users_lock);
	return 0;
}

// dir_lookup of `path' (absolute or not: from the user's root) with fss's
// `flags'; a symlink to an absolute path is followed from the same root.
static int lookup(const struct ucred *cred, const char *path, int flags, uint32_t mode,
		  mach_port_t *port)
{
	if (!path[0])
		return ENOENT;
	mach_port_t root = MACH_PORT_NULL;
	int e = user_root(cred, &root);
	if (e)
		return e;
	fss_string_t name, rest;
	size_t n = strnlen(path, sizeof(name) - 1);	/* no strncpy: no 1 KiB of padding */
	memcpy(name, path, n);
	name[n] = 0;
	kern_return_t kr = KERN_SUCCESS;
	for (int tries = 0; tries < RETRIES; tries++) {
		const char *n = name;
		while (*n == '/')
			n++;
		retry_type retry;
		kr = dir_lookup_path(root, n, flags, mode, &retry, rest, port);
		if (kr != KERN_SUCCESS || retry == FS_RETRY_NORMAL)
			break;
		strcpy(name, rest);	/* FS_RETRY_MAGICAL: "/..." from the root */
		kr = FSS_ERRNO(ELOOP);
	}
	mach_port_deallocate(mach_task_self(), root);
	return err_of(kr);
}

static int new_vnode(mach_port_t port, struct vnode **vp)
{
	struct vnode *v = malloc(sizeof(*v));
	if (!v) {
		mach_port_deallocate(mach_task_self(), port);
		return ENOMEM;
	}
	v->port = port;
	*vp = v;
	return 0;
}

static void fss_release(struct vnode *vp)
{
	mach_port_deallocate(mach_task_self(), vp->port);
	free(vp);
}

// Opened for reading, for exec and the like; without read permission,
// opened for nothing (its attributes still readable; reads say EBADF).
static int fss_vlookup(const struct ucred *cred, const char *path, struct vnode **vp)
{
	mach_port_t port;
	int e = lookup(cred, path, FS_O_READ, 0, &port);
	if (e == EACCES || e == EISDIR)
		e = lookup(cred, path, 0, 0, &port);
	return e ? e : new_vnode(port, vp);
}

static void attr_of(const io_statbuf_t *st, struct vattr *va)
{
	memset(va, 0, sizeof(*va));
	switch (st->st_mode & S_IFMT) {
	case S_IFREG: va->va_type = VREG; break;
	case S_IFDIR: va->va_type = VDIR; break;
	case S_IFLNK: va->va_type = VLNK; break;
	case S_IFCHR: va->va_type = VCHR; break;
	case S_IFIFO: va->va_type = VFIFO; break;
	default: va->va_type = VNON; break;
	}
	va->va_mode = st->st_mode & 07777;
	va->va_uid = st->st_uid;
	va->va_gid = st->st_gid;
	va->va_size = st->st_size;
	va->va_ino = st->st_ino;
	va->va_nlink = st->st_nlink;
	va->va_blksize = st->st_blksize;
	va->va_blocks = st->st_blocks;
	va->va_atime = st->st_atime_sec;
	va->va_mtime = st->st_mtime_sec;
	va->va_ctime = st->st_ctime_sec;
}

static int fss_getattr(struct vnode *vp, struct vattr *va)
{
	io_statbuf_t st;
	kern_return_t kr = io_stat(vp->port, &st);
	if (kr == KERN_SUCCESS)
		attr_of(&st, va);
	return err_of(kr);
}

/* fss_read's way for bytes that came out of line: into buf, then freed. */
static long __attribute__((noinline))
read_came_ool(void *buf, size_t n, data_t data, mach_msg_type_number_t cnt)
{
	memcpy(buf, data, cnt < n ? cnt : n);
	vm_deallocate(mach_task_self(), (vm_address_t)data, cnt);
	return (long)(cnt < n ? cnt : n);
}

static long fss_read(const struct ucred *cred, struct vnode *vp, uint64_t offset, void *buf,
		     size_t n)
{
	(void)cred;	/* checked when the file was opened */
	data_t data = buf;
	mach_msg_type_number_t cnt = (mach_msg_type_number_t)n;
	kern_return_t kr = io_read(vp->port, &data, &cnt, (int64_t)offset, n);
	if (kr != KERN_SUCCESS)
		return -err_of(kr);
	if (__builtin_expect(data != buf, 0))
		return read_came_ool(buf, n, data, cnt);
	return (long)(cnt < n ? cnt : n);
}

static long fss_write(const struct ucred *cred, struct vnode *vp, uint64_t offset,
		      const void *buf, size_t n)
{
	(void)cred;
	vm_size_t done;
	kern_return_t kr = io_write(vp->port, (data_t)(uintptr_t)buf, (mach_msg_type_number_t)n,
				    (int64_t)offset, &done);
	return kr == KERN_SUCCESS ? (long)done : -err_of(kr);
}

// <fcntl.h>'s open flags as fss's (the Hurd's).
static int fss_flags(int flags)
{
	int f = 0;
	switch (flags & O_ACCMODE) {
	case O_RDONLY: f = flags & O_EXEC ? FS_O_EXEC : FS_O_READ; break;	/* O_SEARCH too */
	case O_WRONLY: f = FS_O_WRITE; break;
	default: f = FS_O_READ | FS_O_WRITE; break;
	}
	if (flags & O_CREAT)
		f |= FS_O_CREAT;
	if (flags & O_EXCL)
		f |= FS_O_EXCL;
	if (flags & O_TRUNC)
		f |= FS_O_TRUNC;
	if (flags & O_DIRECTORY)
		f |= FS_O_DIRECTORY;
	if (flags & O_NOFOLLOW)
		f |= FS_O_NOFOLLOW;
	return f;
}

static int fss_open(const struct ucred *cred, const char *path, int flags, uint32_t mode,
		    struct vnode **vp)
{
	mach_port_t port;
	int e = lookup(cred, path, fss_flags(flags), mode, &port);
	return e ? e : new_vnode(port, vp);
}

// A stat by path is one dir_stat (fss_ext): no port made for the file and
// torn down again.  Only a walk through a symlink to an absolute path
// takes the long way, dir_lookup (which says where to go on) and io_stat.
static int fss_stat(const struct ucred *cred, const char *path, bool follow, struct vattr *va)
{
	if (!path[0])
		return ENOENT;
	mach_port_t root = MACH_PORT_NULL;
	int e = user_root(cred, &root);
	if (e)
		return e;
	const char *n = path;
	while (*n == '/')
		n++;
	retry_type retry;
	io_statbuf_t st;
	kern_return_t kr = dir_stat(root, n, follow ? 0 : FS_O_NOLINK, &retry, &st);
	mach_port_deallocate(mach_task_self(), root);
	if (kr == KERN_SUCCESS && retry == FS_RETRY_NORMAL) {
		attr_of(&st, va);
		return 0;
	}
	if (kr != KERN_SUCCESS)
		return err_of(kr);
	mach_port_t port;
	e = lookup(cred, path, follow ? 0 : FS_O_NOLINK, 0, &port);
	if (e)
		return e;
	kr = io_stat(port, &st);
	mach_port_deallocate(mach_task_self(), port);
	if (kr == KERN_SUCCESS)
		attr_of(&st, va);
	return err_of(kr);
}

// The directory holding the last component of `path', and that name.
static int parent_of(const struct ucred *cred, const char *path, mach_port_t *dir,
		     char name[static NAME_MAX_FSS + 1])
{
	char parent[BSD_PATH_MAX];
	int e = bsd_path_split(path, parent, name);
	return e ? e : lookup(cred, parent, 0, 0, dir);
}

#define NAME_OP(fn, call)							\
static int fn(const struct ucred *cred, const char *path)			\
{										\
	mach_port_t dir;							\
	char name[NAME_MAX_FSS + 1];						\
	int e = parent_of(cred, path, &dir, name);				\
	if (e)									\
		return e;							\
	kern_return_t kr = call(dir, name);					\
	mach_port_deallocate(mach_task_self(), dir);				\
	return err_of(kr);							\
}
NAME_OP(fss_rmdir, dir_rmdir)
NAME_OP(fss_unlink, dir_unlink)

static int fss_mkdir(const struct ucred *cred, const char *path, uint32_t mode)
{
	mach_port_t dir;
	char name[NAME_MAX_FSS + 1];
	int e = parent_of(cred, path, &dir, name);
	if (e)
		return e;
	kern_return_t kr = dir_mkdir(dir, name, mode & 07777);
	mach_port_deallocate(mach_task_self(), dir);
	return err_of(kr);
}

static int fss_rename(const struct ucred *cred, const char *from, const char *to)
{
	mach_port_t fdir, tdir;
	char fname[NAME_MAX_FSS + 1], tname[NAME_MAX_FSS + 1];
	int e = parent_of(cred, from, &fdir, fname);
	if (e)
		return e;
	if ((e = parent_of(cred, to, &tdir, tname))) {
		mach_port_deallocate(mach_task_self(), fdir);
		return e;
	}
	/* dir_rename takes the new directory's send right (a copy here). */
	kern_return_t kr = dir_rename(fdir, fname, tdir, tname, 0);
	mach_port_deallocate(mach_task_self(), fdir);
	mach_port_deallocate(mach_task_self(), tdir);
	return err_of(kr);
}

static int fss_truncate(struct vnode *vp, uint64_t size)
{
	return err_of(file_set_size(vp->port, (int64_t)size));
}

static int fss_fsync(struct vnode *vp)
{
	return err_of(file_sync(vp->port, 1, 0));
}

// fss's records (struct fss_dirent) become <sys/dirent.h>'s, which are
// bigger (24 bytes of header, not 8): fss is asked for at most half of
// `n' bytes, which always fit.
static long fss_readdir(const struct ucred *cred, struct vnode *vp, uint64_t *cookie, void *buf,
			size_t n)
{
	(void)cred;	/* read permission: checked when the directory was opened */
	static const unsigned char dtype[] = {
		[FSS_DT_UNKNOWN] = DT_UNKNOWN, [FSS_DT_FIFO] = DT_FIFO, [FSS_DT_CHR] = DT_CHR,
		[FSS_DT_DIR] = DT_DIR, [FSS_DT_BLK] = DT_BLK, [FSS_DT_REG] = DT_REG,
		[FSS_DT_LNK] = DT_LNK, [FSS_DT_SOCK] = DT_SOCK,
	};
	char local[4096];
	data_t data = local;
	mach_msg_type_number_t cnt = sizeof(local);
	int amount;
	if (*cookie > INT32_MAX)
		return 0;
	kern_return_t kr = dir_readdir(vp->port, &data, &cnt, (int)*cookie, -1, n / 2, &amount);
	if (kr != KERN_SUCCESS)
		return -err_of(kr);
	size_t used = 0;
	int taken = 0;
	for (size_t off = 0; off < cnt && taken < amount; taken++) {
		const struct fss_dirent *e = (const struct fss_dirent *)(data + off);
		size_t len = _GENERIC_DIRLEN(e->d_namlen);
		if (used + len > n)
			break;
		struct dirent *d = (struct dirent *)((char *)buf + used);
		memset(d, 0, len);
		d->d_fileno = e->d_ino;
		d->d_reclen = (unsigned short)len;
		d->d_type = e->d_type < sizeof(dtype) ? dtype[e->d_type] : DT_UNKNOWN;
		d->d_namlen = e->d_namlen;
		memcpy(d->d_name, e->d_name, e->d_namlen);
		d->d_off = (off_t)(*cookie + (uint64_t)taken + 1);
		used += len;
		off += e->d_reclen;
	}
	if (data != local)
		vm_deallocate(mach_task_self(), (vm_address_t)data, cnt);
	*cookie += (uint64_t)taken;
	return (long)used;
}

static int fss_link(const struct ucred *cred, const char *from, const char *to)
{
	mach_port_t file, dir;
	char name[NAME_MAX_FSS + 1];
	int e = lookup(cred, from, FS_O_NOLINK, 0, &file);
	if (e)
		return e;
	if ((e = parent_of(cred, to, &dir, name)) == 0) {
		/* dir_link takes a copy of the file's send right. */
		e = err_of(dir_link(dir, file, name, 1));
		mach_port_deallocate(mach_task_self(), dir);
	}
	mach_port_deallocate(mach_task_self(), file);
	return e;
}

// The open file's own port to dir_link: the file whatever its names are
// now (fss says ENOENT once it has none).
static int fss_flink(const struct ucred *cred, struct vnode *vp, const char *to)
{
	mach_port_t dir;
	char name[NAME_MAX_FSS + 1];
	int e = parent_of(cred, to, &dir, name);
	if (e)
		return e;
	e = err_of(dir_link(dir, vp->port, name, 1));
	mach_port_deallocate(mach_task_self(), dir);
	return e;
}

static int fss_symlink(const struct ucred *cred, const char *target, const char *path)
{
	mach_port_t dir;
	char name[NAME_MAX_FSS + 1];
	if (!target[0])
		return ENOENT;
	int e = parent_of(cred, path, &dir, name);
	if (e)
		return e;
	e = err_of(dir_symlink(dir, name, target));
	mach_port_deallocate(mach_task_self(), dir);
	return e;
}

// A symlink opened on itself reads as its target (as the Hurd's).
static long fss_readlink(const struct ucred *cred, const char *path, char *buf, size_t n)
{
	mach_port_t port;
	int e = lookup(cred, path, FS_O_NOLINK | FS_O_READ, 0, &port);
	if (e == EACCES)	/* reading a link needs no permission on it */
		e = lookup(cred, path, FS_O_NOLINK, 0, &port);
	if (e)
		return -e;
	io_statbuf_t st;
	kern_return_t kr = io_stat(port, &st);
	long r;
	if (kr != KERN_SUCCESS) {
		r = -err_of(kr);
	} else if ((st.st_mode & S_IFMT) != S_IFLNK) {
		r = -EINVAL;
	} else {
		struct vnode v = { port };
		r = fss_read(cred, &v, 0, buf, n);
	}
	mach_port_deallocate(mach_task_self(), port);
	return r;
}

// chmod through a port of `path' opened for nothing (file_chmod checks),
// not following: of a final symlink itself (FS_O_NOLINK, as chown).
static int fss_chmod(const struct ucred *cred, const char *path, bool follow, uint32_t mode)
{
	mach_port_t port;
	int e = lookup(cred, path, follow ? 0 : FS_O_NOLINK, 0, &port);
	if (e)
		return e;
	e = err_of(file_chmod(port, mode & 07777));
	mach_port_deallocate(mach_task_self(), port);
	return e;
}

// chown of the file or, not following, of a final symlink itself (a port
// opened on the link with FS_O_NOLINK, as lstat and readlink do).
static int fss_chown(const struct ucred *cred, const char *path, bool follow, uint32_t uid,
		     uint32_t gid)
{
	mach_port_t port;
	int e = lookup(cred, path, follow ? 0 : FS_O_NOLINK, 0, &port);
	if (e)
		return e;
	e = err_of(file_chown(port, uid, gid));
	mach_port_deallocate(mach_task_self(), port);
	return e;
}

// file_utimes on `port' with vop_utimens's times: now is FSS_TIME_NOW
// (fss's clock), an omitted time the file's own from io_stat on the same
// port (ext2 keeps whole seconds, so it is kept exactly).
static int fss_set_times(mach_port_t port, const struct timespec *ts)
{
	fss_time_value_t t[2] = { { 0, FSS_TIME_NOW }, { 0, FSS_TIME_NOW } };
	if (ts) {
		io_statbuf_t st;
		if (ts[0].tv_nsec == UTIME_OMIT || ts[1].tv_nsec == UTIME_OMIT) {
			kern_return_t kr = io_stat(port, &st);
			if (kr != KERN_SUCCESS)
				return err_of(kr);
		}
		for (int i = 0; i < 2; i++) {
			if (ts[i].tv_nsec == UTIME_OMIT)
				t[i] = (fss_time_value_t){ i ? st.st_mtime_sec : st.st_atime_sec, 0 };
			else if (ts[i].tv_nsec != UTIME_NOW)
				t[i] = (fss_time_value_t){ ts[i].tv_sec, ts[i].tv_nsec / 1000 };
		}
	}
	return err_of(file_utimes(port, t[0], t[1]));
}

static int fss_utimens(const struct ucred *cred, const char *path, bool follow,
		       const struct timespec *ts)
{
	mach_port_t port;
	int e = lookup(cred, path, follow ? 0 : FS_O_NOLINK, 0, &port);
	if (e)
		return e;
	e = fss_set_times(port, ts);
	mach_port_deallocate(mach_task_self(), port);
	return e;
}

static int fss_access(const struct ucred *cred, const char *path, int mode)
{
	mach_port_t port;
	int e = lookup(cred, path, 0, 0, &port);
	if (e)
		return e;
	int allowed = 0;
	e = err_of(file_check_access(port, &allowed));
	mach_port_deallocate(mach_task_self(), port);
	if (e)
		return e;
	int want = ((mode & 4) ? FS_O_READ : 0) | ((mode & 2) ? FS_O_WRITE : 0) |
		   ((mode & 1) ? FS_O_EXEC : 0);
	return (allowed & want) == want ? 0 : EACCES;
}

static int fss_sync(void)
{
	return err_of(file_syncfs(fss_root, 1, 0));
}

// file_statfs on bsd_server's root; the source is fss's answer to
// fsys_get_source, asked once at the start.
static int fss_statfs(struct fs_statfs *st)
{
	fsys_statfsbuf_t sf;
	kern_return_t kr = file_statfs(fss_root, &sf);
	if (kr != KERN_SUCCESS)
		return err_of(kr);
	memset(st, 0, sizeof(*st));
	snprintf(st->from, sizeof(st->from), "%.63s", fss_source);
	strcpy(st->type, "ext2");
	st->bsize = sf.f_bsize;
	st->namemax = sf.f_namemax;
	st->readonly = (sf.f_flag & FSS_ST_RDONLY) != 0;
	st->blocks = sf.f_blocks;
	st->bfree = sf.f_bfree;
	st->bavail = sf.f_bavail;
	st->files = sf.f_files;
	st->ffree = sf.f_ffree;
	return 0;
}

static int fss_fchmod(struct vnode *vp, uint32_t mode)
{
	return err_of(file_chmod(vp->port, mode & 07777));
}

static int fss_fchown(struct vnode *vp, uint32_t uid, uint32_t gid)
{
	return err_of(file_chown(vp->port, uid, gid));
}

static int fss_futimens(struct vnode *vp, const struct timespec *ts)
{
	return fss_set_times(vp->port, ts);
}

static const struct fs_ops fss_ops = {
	.name = "fss",
	.shape = "multi-server: bsd_server, fss, virtio_blk, console",
	.vop_lookup = fss_vlookup,
	.vop_getattr = fss_getattr,
	.vop_read = fss_read,
	.vop_write = fss_write,
	.vop_release = fss_release,
	.vop_open = fss_open,
	.vop_stat = fss_stat,
	.vop_mkdir = fss_mkdir,
	.vop_rmdir = fss_rmdir,
	.vop_unlink = fss_unlink,
	.vop_rename = fss_rename,
	.vop_truncate = fss_truncate,
	.vop_fsync = fss_fsync,
	.vop_readdir = fss_readdir,
	.vop_link = fss_link,
	.vop_flink = fss_flink,
	.vop_symlink = fss_symlink,
	.vop_readlink = fss_readlink,
	.vop_chmod = fss_chmod,
	.vop_chown = fss_chown,
	.vop_utimens = fss_utimens,
	.vop_access = fss_access,
	.vop_sync = fss_sync,
	.vop_statfs = fss_statfs,
	.vop_fchmod = fss_fchmod,
	.vop_fchown = fss_fchown,
	.vop_futimens = fss_futimens,
};

bool fs_fss_init(void)
{
	mach_port_t control;
	if (bootstrap_look_up(bootstrap_port, "fss", &control) != KERN_SUCCESS)
		return false;
	uint32_t ids[1] = { 0 };
	retry_type retry;
	fss_string_t rest;
	kern_return_t kr = fsys_getroot(control, MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND, ids, 1,
					ids, 1, FS_O_READ | FS_O_EXEC, &retry, rest, &fss_root);
	if (kr == KERN_SUCCESS && fsys_get_source(control, fss_source) != KERN_SUCCESS)
		strcpy(fss_source, "fss");
	mach_port_deallocate(mach_task_self(), control);
	if (kr != KERN_SUCCESS) {
		bsd_log("fss: fsys_getroot: %s", mach_error_string(kr));
		return false;
	}
	bsd_fs = &fss_ops;
	return true;
}
