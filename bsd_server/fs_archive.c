// SPDX-License-Identifier: BSD-2-Clause
// The file system of today: the boot archive (cpio newc) bootstrap maps
// into bsd_server (--archive; MACHRV_BOOT_ARCHIVE=0xADDRESS,SIZE in the
// environment).  It is a flat, read-only root: /NAME and /bin/NAME are the
// archive's file NAME, owned by root, mode 0555.  The real file system
// (fss) takes its place through the same interface (fs.h).
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "fs.h"
#include "lib/cpio.h"

static const void *archive;
static size_t archive_size;

struct vnode {
	const char	*data;
	size_t		size;
	uint64_t	ino;
};

bool fs_archive_init(char **envp)
{
	static const char var[] = "MACHRV_BOOT_ARCHIVE=";

	for (; envp && *envp; envp++) {
		if (strncmp(*envp, var, sizeof(var) - 1) != 0)
			continue;
		char *end;
		unsigned long long at = strtoull(*envp + sizeof(var) - 1, &end, 0);
		if (*end != ',')
			return false;
		archive_size = (size_t)strtoull(end + 1, &end, 0);
		archive = (const void *)(uintptr_t)at;
		return *end == '\0' && at != 0;
	}
	return false;
}

static int archive_lookup(const struct ucred *cred, const char *path, struct vnode **vp)
{
	(void)cred;
	if (strncmp(path, "/bin/", 5) == 0)
		path += 5;
	else if (path[0] == '/')
		path += 1;
	if (!*path || strchr(path, '/'))
		return ENOENT;
	const void *data;
	size_t size;
	if (cpio_find(archive, archive_size, path, &data, &size) != CPIO_OK)
		return ENOENT;
	struct vnode *v = malloc(sizeof(*v));
	if (!v)
		return ENOMEM;
	v->data = data;
	v->size = size;
	v->ino = (uint64_t)((const char *)data - (const char *)archive);
	*vp = v;
	return 0;
}

static int archive_getattr(struct vnode *vp, struct vattr *va)
{
	memset(va, 0, sizeof(*va));
	va->va_type = VREG;
	va->va_mode = 0555;
	va->va_size = vp->size;
	va->va_ino = vp->ino;
	va->va_nlink = 1;
	return 0;
}

static long archive_read(const struct ucred *cred, struct vnode *vp, uint64_t offset, void *buf,
			 size_t n)
{
	(void)cred;
	if (offset >= vp->size)
		return 0;
	if (n > vp->size - offset)
		n = vp->size - offset;
	memcpy(buf, vp->data + offset, n);
	return (long)n;
}

static long archive_write(const struct ucred *cred, struct vnode *vp, uint64_t offset,
			  const void *buf, size_t n)
{
	(void)cred, (void)vp, (void)offset, (void)buf, (void)n;
	return -EROFS;
}

static void archive_release(struct vnode *vp)
{
	free(vp);
}

/* Opened only for reading: nothing may be written to the archive. */
static int archive_open(const struct ucred *cred, const char *path, int flags, uint32_t mode,
			struct vnode **vp)
{
	(void)mode;
	int e = archive_lookup(cred, path, vp);
	if (e == 0 && ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))) {
		archive_release(*vp);
		return (flags & O_CREAT) && (flags & O_EXCL) ? EEXIST : EROFS;
	}
	if (e == ENOENT && (flags & O_CREAT))
		return EROFS;
	if (e == 0 && (flags & O_DIRECTORY)) {
		archive_release(*vp);
		return ENOTDIR;
	}
	return e;
}

static int archive_stat(const struct ucred *cred, const char *path, bool follow, struct vattr *va)
{
	(void)follow;	/* no symlinks */
	struct vnode *vp;
	int e = archive_lookup(cred, path, &vp);
	if (e == 0) {
		archive_getattr(vp, va);
		archive_release(vp);
	}
	return e;
}

static int archive_mkdir(const struct ucred *cred, const char *path, uint32_t mode)
{
	(void)cred, (void)path, (void)mode;
	return EROFS;
}

static int archive_remove(const struct ucred *cred, const char *path)
{
	struct vnode *vp;
	int e = archive_lookup(cred, path, &vp);
	if (e == 0)
		archive_release(vp);
	return e ? e : EROFS;
}

static int archive_rename(const struct ucred *cred, const char *from, const char *to)
{
	(void)to;
	return archive_remove(cred, from);
}

static int archive_truncate(struct vnode *vp, uint64_t size)
{
	(void)vp, (void)size;
	return EROFS;
}

static long archive_readdir(const struct ucred *cred, struct vnode *vp, uint64_t *cookie,
			    void *buf, size_t n)
{
	(void)cred, (void)vp, (void)cookie, (void)buf, (void)n;
	return -ENOTDIR;	/* only files can be opened */
}

static int archive_link(const struct ucred *cred, const char *from, const char *to)
{
	(void)to;
	return archive_remove(cred, from);	/* ENOENT, or EROFS */
}

static int archive_flink(const struct ucred *cred, struct vnode *vp, const char *to)
{
	(void)cred, (void)vp, (void)to;
	return EROFS;
}

static int archive_symlink(const struct ucred *cred, const char *target, const char *path)
{
	(void)cred, (void)target, (void)path;
	return EROFS;
}

static long archive_readlink(const struct ucred *cred, const char *path, char *buf, size_t n)
{
	(void)buf, (void)n;
	int e = archive_remove(cred, path);
	return e == EROFS ? -EINVAL : -e;	/* a file, never a symlink */
}

static int archive_chmod(const struct ucred *cred, const char *path, bool follow, uint32_t mode)
{
	(void)follow, (void)mode;
	return archive_remove(cred, path);
}

static int archive_chown(const struct ucred *cred, const char *path, bool follow, uint32_t uid,
			 uint32_t gid)
{
	(void)follow, (void)uid, (void)gid;	/* no symlinks */
	return archive_remove(cred, path);
}

static int archive_utimens(const struct ucred *cred, const char *path, bool follow,
			   const struct timespec *ts)
{
	(void)follow, (void)ts;
	return archive_remove(cred, path);
}

static int archive_access(const struct ucred *cred, const char *path, int mode)
{
	int e = archive_remove(cred, path);
	if (e != EROFS)
		return e;
	return (mode & 2) ? EROFS : 0;	/* readable and executable by all */
}

static int archive_sync(void)
{
	return 0;
}

/* The archive's bytes in 512-byte blocks, all used; its entries as the
 * files. */
static int archive_statfs(struct fs_statfs *st)
{
	memset(st, 0, sizeof(*st));
	strcpy(st->from, "archive");
	strcpy(st->type, "cpio");
	st->bsize = 512;
	st->namemax = 255;
	st->readonly = true;
	st->blocks = (archive_size + 511) / 512;
	size_t at = 0;
	struct cpio_entry e;
	while (cpio_next(archive, archive_size, &at, &e) == CPIO_OK)
		st->files++;
	return 0;
}

static int archive_fchmod(struct vnode *vp, uint32_t mode)
{
	(void)vp, (void)mode;
	return EROFS;
}

static int archive_fchown(struct vnode *vp, uint32_t uid, uint32_t gid)
{
	(void)vp, (void)uid, (void)gid;
	return EROFS;
}

static int archive_futimens(struct vnode *vp, const struct timespec *ts)
{
	(void)vp, (void)ts;
	return EROFS;
}

static int archive_fsync(struct vnode *vp)
{
	(void)vp;
	return 0;	/* nothing was written */
}

static const struct fs_ops archive_ops = {
	.name = "boot archive",
	.shape = "boot archive: bsd_server with its files from the boot archive, console",
	.vop_lookup = archive_lookup,
	.vop_getattr = archive_getattr,
	.vop_read = archive_read,
	.vop_write = archive_write,
	.vop_release = archive_release,
	.vop_open = archive_open,
	.vop_stat = archive_stat,
	.vop_mkdir = archive_mkdir,
	.vop_rmdir = archive_remove,
	.vop_unlink = archive_remove,
	.vop_rename = archive_rename,
	.vop_truncate = archive_truncate,
	.vop_fsync = archive_fsync,
	.vop_readdir = archive_readdir,
	.vop_link = archive_link,
	.vop_flink = archive_flink,
	.vop_symlink = archive_symlink,
	.vop_readlink = archive_readlink,
	.vop_chmod = archive_chmod,
	.vop_chown = archive_chown,
	.vop_utimens = archive_utimens,
	.vop_access = archive_access,
	.vop_sync = archive_sync,
	.vop_statfs = archive_statfs,
	.vop_fchmod = archive_fchmod,
	.vop_fchown = archive_fchown,
	.vop_futimens = archive_futimens,
};

const struct fs_ops *bsd_fs = &archive_ops;	/* until fs_fss_init finds fss */
