/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file system, as bsd_server sees it: one interface, several
 * implementations (docs/bsd.md, "Files").
 *
 *   fs_archive.c  today: the boot archive bootstrap hands bsd_server
 *                 (--archive), a flat read-only root directory whose
 *                 files are the archive's (/NAME or /bin/NAME).
 *   (multi-server) RPCs to fss over its fs.defs/io.defs ports: a vnode
 *                 holds a send right to the file's port.
 *   (single-server) direct calls into the fss core linked into
 *                 bsd_server: a vnode is the core's in-memory inode.
 *
 * Contracts every implementation keeps:
 *   - Paths are absolute, NUL-terminated, at most BSD_PATH_MAX bytes;
 *     bsd_server resolves the working directory before calling.
 *   - Credentials go with every call; the implementation checks
 *     permissions (EACCES, EPERM) the way ext2 on BSD does.
 *   - A vnode returned by vop_lookup carries one reference, given back
 *     with vop_release; nothing else frees it.
 *   - Errors are errno values (ENOENT, ENOTDIR, EACCES, EROFS, EIO, ...);
 *     no call panics or blocks a worker on another worker: an
 *     implementation that must wait for a server waits in its RPC only.
 *   - Reads and writes move bytes between the file and a buffer in
 *     bsd_server; moving them to the process is the caller's job
 *     (copyout), so an implementation never sees a user address.
 */
#ifndef _BSD_FS_H_
#define _BSD_FS_H_
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bsd_server.h"

struct vnode;

enum vtype { VNON, VREG, VDIR, VCHR, VLNK, VFIFO };

struct vattr {
	enum vtype	va_type;
	uint32_t	va_mode;	/* permission bits and S_ISUID/S_ISGID */
	uint32_t	va_uid, va_gid;
	uint64_t	va_size;
	uint64_t	va_ino;
	uint32_t	va_nlink;
};

struct fs_ops {
	const char *name;
	/* Find `path': *vp with one reference.  ENOENT, ENOTDIR, EACCES. */
	int	(*vop_lookup)(const struct ucred *cred, const char *path, struct vnode **vp);
	/* What the file is. */
	int	(*vop_getattr)(struct vnode *vp, struct vattr *va);
	/* Up to n bytes at `offset' into buf: the count (0 at the end) or -errno. */
	long	(*vop_read)(const struct ucred *cred, struct vnode *vp, uint64_t offset,
			    void *buf, size_t n);
	/* Up to n bytes from buf at `offset': the count or -errno (EROFS here). */
	long	(*vop_write)(const struct ucred *cred, struct vnode *vp, uint64_t offset,
			     const void *buf, size_t n);
	/* Give back a reference from vop_lookup. */
	void	(*vop_release)(struct vnode *vp);
};

/* The implementation in use (chosen when bsd_server starts). */
extern const struct fs_ops *bsd_fs;

/* fs_archive.c: use the archive named by MACHRV_BOOT_ARCHIVE in envp. */
bool fs_archive_init(char **envp);

/* fs_file.c: an open regular file as a descriptor's file (read-only while
 * the archive is the file system). NULL with *error. */
struct file *fs_open_file(struct proc *p, const char *path, int flags, int *error);

#endif /* _BSD_FS_H_ */
