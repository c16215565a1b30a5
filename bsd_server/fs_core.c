// SPDX-License-Identifier: BSD-2-Clause
// The file system in the single-server shape: the fss core (fss/ext2.h)
// linked into bsd_server and called directly, on a disk of the virtio-blk
// driver (fss/blkdev_device.c).  The same core, the same path walk
// (ext2_walk) and the same checks as the fss server, without the RPCs.
// A vnode is an inode held open (ext2_hold_inode: reads and writes go by
// the handle, with no look-up) with the opener's ids.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dirent.h>
#include "blkdev_device.h"
#include "ext2.h"
#include "fs.h"

struct vnode {
	uint32_t	ino;
	struct inode	*ip;			/* held (ext2_hold_inode): reads and writes skip the look-up */
	uint32_t	uid, gid;		/* the opener's effective ids */
	uint32_t	ngroups;
	uint32_t	groups[BSD_NGROUPS];
};

static struct ext2_fs *core;
static struct blkdev_device disk;
static int64_t time_base;
static char disk_name[64];	/* the disk's service name, the mount's source */

/* The core's credentials of `c' (its effective ids), in `groups'. */
static void cred_of(const struct ucred *c, struct ext2_cred *e, uint32_t *groups)
{
	for (int i = 0; i < c->ngroups; i++)
		groups[i] = c->groups[i];
	*e = (struct ext2_cred){ c->euid, c->egid, (uint32_t)c->ngroups, groups };
}

#define CRED(e, c)							\
	uint32_t e##_groups[BSD_NGROUPS];				\
	struct ext2_cred e;						\
	cred_of(c, &e, e##_groups)

/* The inode `path' names (from the root; relative paths too), with the
 * core's walk `flags'. */
static int walk(const struct ext2_cred *cred, const char *path, int flags, uint32_t mode,
		uint32_t *ino, int *created)
{
	if (!path[0])
		return ENOENT;
	char buf[EXT2_PATH_MAX];
	size_t n = strnlen(path, sizeof(buf) - 1);	/* no strncpy: no 1 KiB of padding */
	memcpy(buf, path, n);
	buf[n] = 0;
	int c;
	return ext2_walk(core, cred, EXT2_ROOT, buf, sizeof(buf), flags, mode, ino,
			 created ? created : &c);
}

static int new_vnode(const struct ucred *c, uint32_t ino, struct vnode **vp)
{
	struct vnode *v = malloc(sizeof(*v));
	if (!v)
		return ENOMEM;
	int e = ext2_hold_inode(core, ino, &v->ip);
	if (e) {
		free(v);
		return e;
	}
	v->ino = ino;
	v->uid = c->euid;
	v->gid = c->egid;
	v->ngroups = (uint32_t)c->ngroups;
	for (int i = 0; i < c->ngroups; i++)
		v->groups[i] = c->groups[i];
	*vp = v;
	return 0;
}

static void core_release(struct vnode *vp)
{
	ext2_release_inode(core, vp->ip);
	free(vp);
}

/* For exec and the like: opened for reading when the user may read it. */
static int core_lookup(const struct ucred *cred, const char *path, struct vnode **vp)
{
	CRED(ec, cred);
	uint32_t ino;
	int e = walk(&ec, path, 0, 0, &ino, NULL);
	return e ? e : new_vnode(cred, ino, vp);
}

static void attr_of(const struct ext2_stat *st, struct vattr *va)
{
	memset(va, 0, sizeof(*va));
	switch (st->mode & 0170000) {
	case 0100000: va->va_type = VREG; break;
	case 0040000: va->va_type = VDIR; break;
	case 0120000: va->va_type = VLNK; break;
	case 0020000: va->va_type = VCHR; break;
	case 0010000: va->va_type = VFIFO; break;
	default: va->va_type = VNON; break;
	}
	va->va_mode = st->mode & 07777;
	va->va_uid = st->uid;
	va->va_gid = st->gid;
	va->va_size = st->size;
	va->va_ino = st->ino;
	va->va_nlink = st->nlink;
	va->va_blksize = st->blksize;
	va->va_blocks = st->blocks;
	va->va_atime = st->atime;
	va->va_mtime = st->mtime;
	va->va_ctime = st->ctime;
}

static int core_getattr(struct vnode *vp, struct vattr *va)
{
	struct ext2_stat st;
	int e = ext2_stat(core, vp->ino, &st);
	if (!e)
		attr_of(&st, va);
	return e;
}

static long core_read(const struct ucred *cred, struct vnode *vp, uint64_t offset, void *buf,
		      size_t n)
{
	(void)cred;	/* checked at open */
	size_t done;
	int e = ext2_read_held(core, vp->ip, offset, buf, n, &done);
	return e ? -e : (long)done;
}

static long core_write(const struct ucred *cred, struct vnode *vp, uint64_t offset,
		       const void *buf, size_t n)
{
	(void)cred;
	size_t done;
	int e = ext2_write_held(core, vp->ip, offset, buf, n, &done);
	return e ? -e : (long)done;
}

static int core_flags(int flags)
{
	int f = 0;
	switch (flags & O_ACCMODE) {
	case O_RDONLY: f = flags & O_EXEC ? EXT2_OPEN_EXEC : EXT2_OPEN_READ; break;	/* O_SEARCH too */
	case O_WRONLY: f = EXT2_OPEN_WRITE; break;
	default: f = EXT2_OPEN_READ | EXT2_OPEN_WRITE; break;
	}
	if (flags & O_CREAT)
		f |= EXT2_WALK_CREAT;
	if (flags & O_EXCL)
		f |= EXT2_WALK_EXCL;
	if (flags & O_TRUNC)
		f |= EXT2_OPEN_TRUNC;
	if (flags & O_DIRECTORY)
		f |= EXT2_WALK_DIRECTORY;
	if (flags & O_NOFOLLOW)
		f |= EXT2_WALK_NOFOLLOW;
	return f;
}

static int core_open(const struct ucred *cred, const char *path, int flags, uint32_t mode,
		     struct vnode **vp)
{
	CRED(ec, cred);
	uint32_t ino;
	int created, cf = core_flags(flags);
	int e = walk(&ec, path, cf, mode, &ino, &created);
	if (!e)
		e = ext2_open_checks(core, &ec, ino, cf, created);
	return e ? e : new_vnode(cred, ino, vp);
}

static int core_stat(const struct ucred *cred, const char *path, bool follow, struct vattr *va)
{
	CRED(ec, cred);
	uint32_t ino;
	int e = walk(&ec, path, follow ? 0 : EXT2_WALK_NOLINK, 0, &ino, NULL);
	struct ext2_stat st;
	if (!e)
		e = ext2_stat(core, ino, &st);
	if (!e)
		attr_of(&st, va);
	return e;
}

/* The directory holding the last component of `path', and that name. */
static int parent_of(const struct ext2_cred *ec, const char *path, uint32_t *dir,
		     char name[MAXNAMLEN + 1])
{
	char parent[BSD_PATH_MAX];
	int e = bsd_path_split(path, parent, name);
	return e ? e : walk(ec, parent, 0, 0, dir, NULL);
}

static int core_mkdir(const struct ucred *cred, const char *path, uint32_t mode)
{
	CRED(ec, cred);
	uint32_t dir, ino;
	char name[MAXNAMLEN + 1];
	int e = parent_of(&ec, path, &dir, name);
	return e ? e : ext2_mkdir(core, &ec, dir, name, mode & 07777, &ino);
}

static int core_rmdir(const struct ucred *cred, const char *path)
{
	CRED(ec, cred);
	uint32_t dir;
	char name[MAXNAMLEN + 1];
	int e = parent_of(&ec, path, &dir, name);
	return e ? e : ext2_rmdir(core, &ec, dir, name);
}

static int core_unlink(const struct ucred *cred, const char *path)
{
	CRED(ec, cred);
	uint32_t dir;
	char name[MAXNAMLEN + 1];
	int e = parent_of(&ec, path, &dir, name);
	return e ? e : ext2_unlink(core, &ec, dir, name);
}

static int core_rename(const struct ucred *cred, const char *from, const char *to)
{
	CRED(ec, cred);
	uint32_t fdir, tdir;
	char fname[MAXNAMLEN + 1], tname[MAXNAMLEN + 1];
	int e = parent_of(&ec, from, &fdir, fname);
	if (!e)
		e = parent_of(&ec, to, &tdir, tname);
	return e ? e : ext2_rename(core, &ec, fdir, fname, core, tdir, tname);
}

static int core_truncate(struct vnode *vp, uint64_t size)
{
	return ext2_truncate(core, NULL, vp->ino, size);
}

static int core_fsync(struct vnode *vp)
{
	return ext2_fsync(core, vp->ino);
}

static long core_readdir(const struct ucred *cred, struct vnode *vp, uint64_t *cookie, void *buf,
			 size_t n)
{
	(void)cred;
	static const unsigned char dtype[] = { DT_UNKNOWN, DT_REG, DT_DIR, DT_CHR, DT_BLK, DT_FIFO,
					       DT_SOCK, DT_LNK };
	struct ext2_dirent ents[8];
	unsigned max = (unsigned)(n / _GENERIC_DIRLEN(MAXNAMLEN));	/* all of them fit */
	if (max > 8)
		max = 8;
	if (max == 0)
		return -EINVAL;
	unsigned count;
	uint64_t next = *cookie;
	int e = ext2_readdir(core, NULL, vp->ino, &next, ents, max, &count);
	if (e)
		return -e;
	size_t used = 0;
	for (unsigned i = 0; i < count; i++) {
		size_t len = _GENERIC_DIRLEN(ents[i].namelen);
		struct dirent *d = (struct dirent *)((char *)buf + used);
		memset(d, 0, len);
		d->d_fileno = ents[i].ino;
		d->d_reclen = (unsigned short)len;
		d->d_type = ents[i].type < sizeof(dtype) ? dtype[ents[i].type] : DT_UNKNOWN;
		d->d_namlen = ents[i].namelen;
		memcpy(d->d_name, ents[i].name, ents[i].namelen);
		d->d_off = (off_t)next;
		used += len;
	}
	*cookie = next;
	return (long)used;
}

static int core_link(const struct ucred *cred, const char *from, const char *to)
{
	CRED(ec, cred);
	uint32_t ino, dir;
	char name[MAXNAMLEN + 1];
	int e = walk(&ec, from, EXT2_WALK_NOLINK, 0, &ino, NULL);
	if (!e)
		e = parent_of(&ec, to, &dir, name);
	return e ? e : ext2_link(core, &ec, ino, core, dir, name);
}

/* The inode held open, whatever its names are now (ENOENT with none). */
static int core_flink(const struct ucred *cred, struct vnode *vp, const char *to)
{
	CRED(ec, cred);
	uint32_t dir;
	char name[MAXNAMLEN + 1];
	int e = parent_of(&ec, to, &dir, name);
	return e ? e : ext2_link(core, &ec, vp->ino, core, dir, name);
}

static int core_symlink(const struct ucred *cred, const char *target, const char *path)
{
	CRED(ec, cred);
	uint32_t dir, ino;
	char name[MAXNAMLEN + 1];
	if (!target[0])
		return ENOENT;
	int e = parent_of(&ec, path, &dir, name);
	return e ? e : ext2_symlink(core, &ec, dir, name, target, &ino);
}

static long core_readlink(const struct ucred *cred, const char *path, char *buf, size_t n)
{
	CRED(ec, cred);
	uint32_t ino;
	int e = walk(&ec, path, EXT2_WALK_NOLINK, 0, &ino, NULL);
	if (e)
		return -e;
	char target[EXT2_PATH_MAX * 4];
	size_t len;
	if ((e = ext2_readlink(core, ino, target, sizeof(target), &len)))
		return -e;
	if (len > n)
		len = n;
	memcpy(buf, target, len);
	return (long)len;
}

/* Not following: a final symlink itself (lchmod, fchmodat's AT_SYMLINK_NOFOLLOW). */
static int core_chmod(const struct ucred *cred, const char *path, bool follow, uint32_t mode)
{
	CRED(ec, cred);
	uint32_t ino;
	int e = walk(&ec, path, follow ? 0 : EXT2_WALK_NOLINK, 0, &ino, NULL);
	return e ? e : ext2_chmod(core, &ec, ino, mode & 07777);
}

/* Not following: a final symlink itself (the walk's NOLINK, as lstat). */
static int core_chown(const struct ucred *cred, const char *path, bool follow, uint32_t uid,
		      uint32_t gid)
{
	CRED(ec, cred);
	uint32_t ino;
	int e = walk(&ec, path, follow ? 0 : EXT2_WALK_NOLINK, 0, &ino, NULL);
	return e ? e : ext2_chown(core, &ec, ino, uid, gid);
}

/* The time stamped on files: the time of day (bsd_server's clock, the
 * kernel's calendar), but never before the root's newest stamp: a machine
 * without a real-time clock starts its calendar at 1970, and then time
 * continues from that stamp, so stamps only move forward (as the fss
 * server does: fss/server/main.c). */
static int64_t core_now(void)
{
	int64_t now = realtime_ns() / 1000000000LL;

	return now >= time_base ? now : time_base + (int64_t)(now_ns() / 1000000000ULL);
}

/* vop_utimens's times for the core: now is the core's clock (core_now),
 * an omitted time the inode's own (ext2 keeps whole seconds, so it is
 * kept exactly). */
static int core_set_times(const struct ext2_cred *ec, uint32_t ino, const struct timespec *ts)
{
	if (!ts)
		return ext2_utimes(core, ec, ino, NULL, NULL);
	struct ext2_stat st;
	if (ts[0].tv_nsec == UTIME_OMIT || ts[1].tv_nsec == UTIME_OMIT) {
		int e = ext2_stat(core, ino, &st);
		if (e)
			return e;
	}
	struct ext2_timespec t[2];
	for (int i = 0; i < 2; i++) {
		if (ts[i].tv_nsec == UTIME_NOW)
			t[i] = (struct ext2_timespec){ core_now(), 0 };
		else if (ts[i].tv_nsec == UTIME_OMIT)
			t[i] = (struct ext2_timespec){ i ? st.mtime : st.atime, 0 };
		else
			t[i] = (struct ext2_timespec){ ts[i].tv_sec, (uint32_t)ts[i].tv_nsec };
	}
	return ext2_utimes(core, ec, ino, &t[0], &t[1]);
}

static int core_utimens(const struct ucred *cred, const char *path, bool follow,
			const struct timespec *ts)
{
	CRED(ec, cred);
	uint32_t ino;
	int e = walk(&ec, path, follow ? 0 : EXT2_WALK_NOLINK, 0, &ino, NULL);
	return e ? e : core_set_times(&ec, ino, ts);
}

static int core_access(const struct ucred *cred, const char *path, int mode)
{
	CRED(ec, cred);
	uint32_t ino;
	int e = walk(&ec, path, 0, 0, &ino, NULL);
	if (e || !mode)
		return e;
	return ext2_access(core, &ec, ino, mode);
}

static int core_sync(void)
{
	return ext2_sync(core);
}

static int core_statfs(struct fs_statfs *st)
{
	struct ext2_statfs sf;
	int e = ext2_statfs(core, &sf);
	if (e)
		return e;
	memset(st, 0, sizeof(*st));
	snprintf(st->from, sizeof(st->from), "%s", disk_name);
	strcpy(st->type, "ext2");
	st->bsize = sf.bsize;
	st->namemax = sf.namemax;
	st->readonly = sf.readonly;
	st->blocks = sf.blocks;
	st->bfree = sf.bfree;
	st->bavail = sf.bavail;
	st->files = sf.files;
	st->ffree = sf.ffree;
	return 0;
}

/* As the opener: the ids kept in the vnode. */
static int core_fchmod(struct vnode *vp, uint32_t mode)
{
	struct ext2_cred ec = { vp->uid, vp->gid, vp->ngroups, vp->groups };
	return ext2_chmod(core, &ec, vp->ino, mode & 07777);
}

static int core_fchown(struct vnode *vp, uint32_t uid, uint32_t gid)
{
	struct ext2_cred ec = { vp->uid, vp->gid, vp->ngroups, vp->groups };
	return ext2_chown(core, &ec, vp->ino, uid, gid);
}

static int core_futimens(struct vnode *vp, const struct timespec *ts)
{
	struct ext2_cred ec = { vp->uid, vp->gid, vp->ngroups, vp->groups };
	return core_set_times(&ec, vp->ino, ts);
}

static const struct fs_ops core_ops = {
	.name = "the fss core, linked in",
	.shape = "single-server: bsd_server with the file system linked in, virtio_blk, console",
	.vop_lookup = core_lookup,
	.vop_getattr = core_getattr,
	.vop_read = core_read,
	.vop_write = core_write,
	.vop_release = core_release,
	.vop_open = core_open,
	.vop_stat = core_stat,
	.vop_mkdir = core_mkdir,
	.vop_rmdir = core_rmdir,
	.vop_unlink = core_unlink,
	.vop_rename = core_rename,
	.vop_truncate = core_truncate,
	.vop_fsync = core_fsync,
	.vop_readdir = core_readdir,
	.vop_link = core_link,
	.vop_flink = core_flink,
	.vop_symlink = core_symlink,
	.vop_readlink = core_readlink,
	.vop_chmod = core_chmod,
	.vop_chown = core_chown,
	.vop_utimens = core_utimens,
	.vop_access = core_access,
	.vop_sync = core_sync,
	.vop_statfs = core_statfs,
	.vop_fchmod = core_fchmod,
	.vop_fchown = core_fchown,
	.vop_futimens = core_futimens,
};

bool fs_core_init(const char *diskname)
{
	char why[160];
	if (blkdev_device_open(&disk, diskname, false, why, sizeof(why))) {
		bsd_log("%s", why);
		return false;
	}
	realtime_start();	/* the mount stamps the superblock */
	struct ext2_mount_opts opts = {
		.flags = disk.readonly ? EXT2_MOUNT_RDONLY : 0,
		.cache_blocks = 1024,
		.now = core_now,
	};
	int e = ext2_mount(&disk.dev, &opts, &core, why, sizeof(why));
	if (e) {
		bsd_log("%s: cannot mount: %s", diskname, why[0] ? why : strerror(e));
		return false;
	}
	time_base = ext2_root_time(core);
	snprintf(disk_name, sizeof(disk_name), "%s", diskname);
	bsd_fs = &core_ops;
	return true;
}

void fs_core_shutdown(void)
{
	if (core && ext2_unmount(core))
		bsd_log("the file system was unmounted with an I/O error");
	core = NULL;
}
