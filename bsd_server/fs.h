/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file system, as bsd_server sees it: one interface, several
 * implementations (docs/bsd.md, "Files").
 *
 *   fs_archive.c  today: the boot archive bootstrap hands bsd_server
 *                 (--archive), a flat read-only root directory whose
 *                 files are the archive's (/NAME or /bin/NAME).
 *   fs_fss.c      multi-server: RPCs to the fss server over its
 *                 <fss/fs.defs>/<fss/io.defs> ports, chosen when the
 *                 service "fss" exists: a vnode holds a send right to
 *                 the file's port (a protid of the process's user).
 *   fs_core.c     single-server: direct calls into the fss core linked
 *                 into bsd_server (bsd_server --root=DISK): a vnode is
 *                 an inode held open.
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
#include <time.h>
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
	uint32_t	va_blksize;
	uint64_t	va_blocks;	/* 512-byte units */
	int64_t		va_atime, va_mtime, va_ctime;	/* seconds since 1970 */
};

/* The file system as a mount, for statfs(2) and getfsstat(2): where it
 * comes from, its type, its size and free space in blocks of `bsize'
 * bytes (bavail: for users other than root). */
struct fs_statfs {
	char		from[64];	/* "disk0", "archive" */
	char		type[16];	/* "ext2", "cpio" */
	uint32_t	bsize;
	uint32_t	namemax;	/* the longest name */
	bool		readonly;
	uint64_t	blocks, bfree, bavail;
	uint64_t	files, ffree;	/* inodes */
};

struct fs_ops {
	const char *name;
	/* The shape of the system this implementation makes, as sysctl's
	 * kern.version (and so uname -v) says it. */
	const char *shape;
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
	/* Give back a reference from vop_lookup or vop_open. */
	void	(*vop_release)(struct vnode *vp);

	/* Open `path' for `flags' (<fcntl.h>: O_ACCMODE or O_EXEC (O_SEARCH:
	 * execute, for a directory search permission instead of read), O_CREAT with
	 * `mode' less the umask, O_EXCL, O_TRUNC, O_DIRECTORY, O_NOFOLLOW),
	 * checking the access asked: *vp with one reference.  ENOENT,
	 * ENOTDIR, EISDIR, EEXIST, EACCES, EROFS, ELOOP, ENAMETOOLONG. */
	int	(*vop_open)(const struct ucred *cred, const char *path, int flags, uint32_t mode,
			    struct vnode **vp);
	/* The attributes of `path', of a final symlink itself unless `follow'. */
	int	(*vop_stat)(const struct ucred *cred, const char *path, bool follow,
			    struct vattr *va);
	/* Names: make a directory, remove one (empty), remove a non-directory,
	 * rename.  EEXIST, ENOENT, ENOTDIR, EISDIR, ENOTEMPTY, EACCES, EROFS,
	 * EXDEV, EINVAL (a directory under itself). */
	int	(*vop_mkdir)(const struct ucred *cred, const char *path, uint32_t mode);
	int	(*vop_rmdir)(const struct ucred *cred, const char *path);
	int	(*vop_unlink)(const struct ucred *cred, const char *path);
	int	(*vop_rename)(const struct ucred *cred, const char *from, const char *to);
	/* A vnode opened for writing: its size (EINVAL negative), and its data
	 * and what it needs on the disk. */
	int	(*vop_truncate)(struct vnode *vp, uint64_t size);
	int	(*vop_fsync)(struct vnode *vp);
	/* Entries of the directory `vp' from entry *cookie (0 first) as
	 * <sys/dirent.h> records into buf (at most n bytes, at least one
	 * record's room): the bytes, 0 at the end, or -errno (ENOTDIR);
	 * *cookie moves past what was returned. */
	long	(*vop_readdir)(const struct ucred *cred, struct vnode *vp, uint64_t *cookie,
			       void *buf, size_t n);
	/* A new name `to' for the file `from' (not following a final
	 * symlink); a symlink `path' to `target'; a symlink's target (at most
	 * n bytes, not terminated; the length, or -errno: EINVAL for other
	 * files). */
	int	(*vop_link)(const struct ucred *cred, const char *from, const char *to);
	/* vop_link of the open file `vp' itself, whatever its names are now
	 * (linkat's AT_EMPTY_PATH): ENOENT once it has none left, EPERM for
	 * a directory, and vop_link's errors for `to'. */
	int	(*vop_flink)(const struct ucred *cred, struct vnode *vp, const char *to);
	int	(*vop_symlink)(const struct ucred *cred, const char *target, const char *path);
	long	(*vop_readlink)(const struct ucred *cred, const char *path, char *buf, size_t n);
	/* Attributes: the owner or root (EPERM); (uid_t)-1 keeps an id; chmod
	 * and chown of a final symlink itself unless `follow' (fchmodat's
	 * AT_SYMLINK_NOFOLLOW, lchown). */
	int	(*vop_chmod)(const struct ucred *cred, const char *path, bool follow, uint32_t mode);
	int	(*vop_chown)(const struct ucred *cred, const char *path, bool follow, uint32_t uid,
			     uint32_t gid);
	/* The access and modification times ts[0], ts[1] of `path' (of a final
	 * symlink itself unless `follow'), as utimensat(2): ts NULL sets both
	 * to now, which the owner, root or a user who may write does (else
	 * EACCES); otherwise each is a time (tv_nsec 0..999999999),
	 * UTIME_NOW or UTIME_OMIT (the time it has stays), never both the
	 * same special value (sys_file.c folds those), and needs the owner or
	 * root (EPERM).  The file systems keep whole seconds. */
	int	(*vop_utimens)(const struct ucred *cred, const char *path, bool follow,
			       const struct timespec *ts);
	/* May `cred' (its effective ids: access(2) passes the real ones as
	 * them) do `mode' (R_OK 4, W_OK 2, X_OK 1; 0: does it exist)? */
	int	(*vop_access)(const struct ucred *cred, const char *path, int mode);
	/* Everything to the disk. */
	int	(*vop_sync)(void);
	/* The numbers of the file system, mounted on "/", now (EIO). */
	int	(*vop_statfs)(struct fs_statfs *st);
	/* chmod and chown of an open file, as the user who opened it. */
	int	(*vop_fchmod)(struct vnode *vp, uint32_t mode);
	int	(*vop_fchown)(struct vnode *vp, uint32_t uid, uint32_t gid);
	/* vop_utimens of an open file, as the user who opened it. */
	int	(*vop_futimens)(struct vnode *vp, const struct timespec *ts);
};

/* The implementation in use (chosen when bsd_server starts). */
extern const struct fs_ops *bsd_fs;

/* fs_archive.c: use the archive named by MACHRV_BOOT_ARCHIVE in envp. */
bool fs_archive_init(char **envp);

/* fs_fss.c: use the fss server if bootstrap knows the service "fss"
 * (multi-server shape); false without it (the archive stays). */
bool fs_fss_init(void);

/* fs_core.c: mount the disk checked in as `disk' with the fss core linked
 * in (single-server shape); false, said on the console, if it cannot.
 * fs_core_shutdown writes everything back and marks it clean. */
bool fs_core_init(const char *disk);
void fs_core_shutdown(void);

/* fs_file.c: an open file of the file system as a descriptor's file
 * (`mode' for O_CREAT, the umask applied).  NULL with *error. */
struct file *fs_open_file(struct proc *p, const char *path, int flags, uint32_t mode,
			  int *error);

/* sys_file.c: the path at the process's `uaddr', copied in and made
 * absolute from its working directory (bsd_path_resolve of path.h).
 * 0, EFAULT, ENAMETOOLONG, ENOENT (empty). */
int bsd_path_arg(struct proc *p, uint64_t uaddr, char path[BSD_PATH_MAX]);

/* sys_file.c: the path argument of an *at call: a relative path from the
 * directory the descriptor `fd' was opened as (by the path it was opened
 * with, as fchdir), or from the working directory for AT_FDCWD; an
 * absolute path ignores `fd'.  0, EFAULT, ENAMETOOLONG, ENOENT (empty),
 * EBADF (fd not open), ENOTDIR (fd not a directory of the file system). */
int bsd_at_path_arg(struct proc *p, int fd, uint64_t uaddr, char path[BSD_PATH_MAX]);

/* The stat(2) of picolibc's <sys/stat.h> (what programs and bsd_server
 * both compile against) from a vattr. */
struct stat;
void vattr_to_stat(const struct vattr *va, struct stat *st);

#endif /* _BSD_FS_H_ */
