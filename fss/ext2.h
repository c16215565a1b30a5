/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file-system core's interface: an ext2 file system on a block device,
 * operated on by inode number, with no IPC.  The fss server calls it from
 * its RPC handlers; the single-server bsd_server calls it directly.
 *
 * Conventions of every operation (docs/fss.md, "The core's interface"):
 *  - Returns 0 or a positive errno value (<errno.h> of the C library in
 *    use).  Out-parameters are written only on success.
 *  - `cred' is the caller's identity for permission checks.  NULL means
 *    "already checked": the caller opened the file with the access it now
 *    uses (an io_read on an open port), and the core checks no mode bits.
 *  - Inode numbers come from ext2_lookup/ext2_create/...; a number that
 *    does not name a live inode gives ENOENT (or EINVAL out of range).
 *  - Names are one path component: no '/', 1..255 bytes (ENAMETOOLONG past
 *    255, ENOENT if empty).
 *  - Every operation is safe to call from many threads at once.
 *  - Changes are in the block cache when the call returns; they reach the
 *    disk on ext2_fsync, ext2_sync, ext2_unmount (or cache pressure).
 */
#ifndef _FSS_EXT2_H_
#define _FSS_EXT2_H_
#include <stddef.h>
#include <stdint.h>
#include "blkdev.h"

struct ext2_fs;

/* Who is asking. */
struct ext2_cred {
	uint32_t	uid, gid;	/* effective ids; uid 0 is the superuser */
	uint32_t	ngroups;
	const uint32_t	*groups;	/* supplementary groups */
};

struct ext2_timespec {
	int64_t		sec;
	uint32_t	nsec;		/* kept only to the second on disk */
};

struct ext2_stat {
	uint32_t	ino;
	uint32_t	mode;		/* type and permission bits (S_IF*) */
	uint32_t	nlink;
	uint32_t	uid, gid;
	uint64_t	size;
	uint64_t	blocks;		/* 512-byte units allocated */
	uint32_t	blksize;
	uint32_t	rdev;
	int64_t		atime, mtime, ctime;
};

struct ext2_statfs {
	uint32_t	bsize;
	uint64_t	blocks, bfree, bavail;	/* bavail: for non-root users */
	uint64_t	files, ffree;
	uint32_t	namemax;
	int		readonly;
};

/* One directory entry from ext2_readdir. */
struct ext2_dirent {
	uint32_t	ino;
	uint8_t		type;		/* EXT2_FT_* (ext2_fs.h) */
	uint8_t		namelen;
	char		name[256];	/* NUL-terminated */
};

/* Mount flags */
#define EXT2_MOUNT_RDONLY	0x1

struct ext2_mount_opts {
	unsigned	flags;		/* EXT2_MOUNT_* */
	uint32_t	cache_blocks;	/* block-cache size; 0: 256 */
	/* The time to stamp (seconds since 1970); NULL: timestamps stay 0. */
	int64_t		(*now)(void);
};

/* Counters for measurements (ext2_get_stats). */
struct ext2_stats {
	uint64_t	cache_hits, cache_misses;
	uint64_t	dev_reads, dev_writes;	/* blocks */
};

#define EXT2_ROOT	2	/* the root directory's inode number */

/*
 * ext2_mount: read the superblock and group descriptors of `dev'.
 *   Refuses (EINVAL) a wrong magic, an unsupported revision or geometry,
 *   and (ENOTSUP) an incompatible feature it cannot handle, writing a
 *   sentence naming it into `why' (if not NULL).  Unknown read-only-
 *   compatible features, or EXT2_MOUNT_RDONLY, mount read-only.  A
 *   read-write mount marks the superblock not clean (written at once) until
 *   ext2_unmount.  `dev' must stay valid until ext2_unmount.
 *   Returns: 0 and *fsp; EINVAL, ENOTSUP, EIO, ENOMEM.
 */
int ext2_mount(const struct fss_blkdev *dev, const struct ext2_mount_opts *opts,
	       struct ext2_fs **fsp, char *why, size_t whylen);
/* Write everything back, mark the file system clean (read-write mounts),
 * free it.  Returns the first I/O error; frees `fs' even then.  No other
 * call on `fs' may be running or follow. */
int ext2_unmount(struct ext2_fs *fs);
int ext2_readonly(struct ext2_fs *fs);

/* Inode references: an inode with a reference (an open file) stays on disk
 * after its last link goes, until the last ext2_release.  ENOENT, EINVAL. */
int ext2_hold(struct ext2_fs *fs, uint32_t ino);
void ext2_release(struct ext2_fs *fs, uint32_t ino);

/* The same reference by handle: ext2_hold_inode gives the in-core inode
 * (opaque to callers) for ext2_read_held and ext2_write_held, which skip
 * the look-up by number and the permission check (made at open, as a
 * descriptor's is); ext2_release_inode drops it as ext2_release does.
 * The single-server bsd_server's open files use these (one icache look-up
 * and two lock pairs less per read).  The read and write are ext2_read's
 * and ext2_write's otherwise: EISDIR, EINVAL, EROFS, the same counts. */
struct inode;
int ext2_hold_inode(struct ext2_fs *fs, uint32_t ino, struct inode **ipp);
void ext2_release_inode(struct ext2_fs *fs, struct inode *ip);
int ext2_read_held(struct ext2_fs *fs, struct inode *ip, uint64_t off, void *buf, size_t len,
		   size_t *done);
int ext2_write_held(struct ext2_fs *fs, struct inode *ip, uint64_t off, const void *buf,
		    size_t len, size_t *done);

/* Permission: may `cred' access `ino' with R_OK|W_OK|X_OK (4, 2, 1)?
 * 0, EACCES, EROFS (write on a read-only file system). */
int ext2_access(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino, int mode);

/* Directories.  lookup needs search (x) permission on `dir', readdir read
 * (r); lookup of "." and ".." works as in any directory. */
int ext2_lookup(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
		const char *name, uint32_t *ino);
/* Up to `max' entries from byte offset *cookie on (0 at the start); the
 * cookie moves past what was returned; *count 0 at the end. */
int ext2_readdir(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
		 uint64_t *cookie, struct ext2_dirent *ents, unsigned max, unsigned *count);

/* Creation: write and search permission on `dir'.  create makes a regular
 * file (mode: permission bits), mkdir a directory, symlink a symbolic link
 * (fast in the inode up to 59 bytes, else in a block; ENAMETOOLONG if the
 * target is a block or longer), link a new name for `ino' (EPERM for a
 * directory, EMLINK at 65000 links).  The new inode belongs to cred's uid
 * and gid (the directory's gid if it is set-group-id).  EEXIST if the name
 * exists, ENOSPC without a free inode or block. */
int ext2_create(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
		const char *name, uint32_t mode, uint32_t *ino);
int ext2_mkdir(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
	       const char *name, uint32_t mode, uint32_t *ino);
int ext2_symlink(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
		 const char *name, const char *target, uint32_t *ino);
int ext2_link(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
	      struct ext2_fs *dfs, uint32_t dir, const char *name);

/* Removal: unlink a non-directory (EISDIR for a directory), rmdir an empty
 * directory (ENOTEMPTY; EINVAL for "."; EBUSY for the root).  In a sticky
 * directory only the owner of the entry or of the directory may remove it
 * (EPERM). */
int ext2_unlink(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir, const char *name);
int ext2_rmdir(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir, const char *name);

/*
 * ext2_rename: move `sname' in `sdir' to `dname' in `ddir', atomically
 * replacing an existing target, as POSIX rename().  EXDEV across file
 * systems; EINVAL to move a directory under itself, or for "." or "..";
 * ENOTDIR / EISDIR when a directory would replace a non-directory or the
 * other way round; ENOTEMPTY for a non-empty target directory; EMLINK if
 * `ddir' has too many links for another subdirectory.  A directory moved
 * to another parent gets its ".." updated.  Renaming a name onto another
 * link of the same inode does nothing.
 */
int ext2_rename(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t sdir,
		const char *sname, struct ext2_fs *dfs, uint32_t ddir, const char *dname);

/* Data.  read/write need read/write permission (unless cred is NULL);
 * EISDIR for a directory, EINVAL for a symlink.  read returns fewer bytes
 * at the end of file (0 at or past it); holes read as zeros.  write
 * extends the file; returns the bytes written (a short count, if the disk
 * fills after some were written; ENOSPC if none were); EFBIG past the
 * largest file the block size allows. */
int ext2_read(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
	      uint64_t off, void *buf, size_t len, size_t *done);
int ext2_write(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
	       uint64_t off, const void *buf, size_t len, size_t *done);
/* Set the size: shrinking frees the blocks past it, growing leaves a hole. */
int ext2_truncate(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino, uint64_t size);
/* The target of a symlink, NUL-terminated if it fits in `size' (EINVAL
 * for other inodes); *len is the target's length. */
int ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t size, size_t *len);

/* Attributes.  chmod: owner or root (EPERM); a non-member's set-group-id
 * bit is dropped.  chown: root, or the owner giving the file to one of its
 * groups (EPERM); (uint32_t)-1 leaves an id unchanged; a non-root chown
 * clears set-user-id and set-group-id.  utimes: explicit times need the
 * owner or root (EPERM); NULL times (now) need write permission too. */
int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st);
/* ext2_icache_counts: in-core inodes now: held by someone, and kept with
 * no holder (at most ICACHE_KEEP, the most recently used); for tests. */
void ext2_icache_counts(struct ext2_fs *fs, unsigned *held, unsigned *kept);
int ext2_chmod(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino, uint32_t mode);
int ext2_chown(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
	       uint32_t uid, uint32_t gid);
int ext2_utimes(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
		const struct ext2_timespec *atime, const struct ext2_timespec *mtime);
int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st);

/* Durability: write back the blocks of `ino' with the metadata it needs
 * (ext2_fsync writes the whole cache: the blocks of one inode are not
 * tracked apart), or everything (ext2_sync).  Returns the first I/O error. */
int ext2_fsync(struct ext2_fs *fs, uint32_t ino);
int ext2_sync(struct ext2_fs *fs);

void ext2_get_stats(struct ext2_fs *fs, struct ext2_stats *st);

/* The newest time stamped on the root directory (seconds since 1970; 0 if
 * unreadable): where a server without a real-time clock starts its clock,
 * so that times never go back. */
int64_t ext2_root_time(struct ext2_fs *fs);

/* Paths (ext2_path.c), for the fss server and the single-server bsd_server. */
#define EXT2_PATH_MAX		1024	/* bytes of a path, the NUL included */
/* ext2_walk's flags, and ext2_open_checks' (the same word). */
#define EXT2_WALK_CREAT		0x01	/* make the last component (a file) if missing */
#define EXT2_WALK_EXCL		0x02	/* with CREAT: EEXIST if it exists */
#define EXT2_WALK_NOLINK	0x04	/* a final symlink is the result itself */
#define EXT2_WALK_NOFOLLOW	0x08	/* a final symlink is ELOOP */
#define EXT2_WALK_DIRECTORY	0x10	/* the result must be a directory (ENOTDIR) */
#define EXT2_WALK_ABSOLUTE_STOPS 0x20	/* a symlink to "/..." ends the walk (below) */
#define EXT2_OPEN_READ		0x100
#define EXT2_OPEN_WRITE		0x200
#define EXT2_OPEN_EXEC		0x400
#define EXT2_OPEN_TRUNC		0x800
/* ext2_walk's answer when a symlink's target is absolute and the caller
 * asked to stop (EXT2_WALK_ABSOLUTE_STOPS): `path' then holds the rest of
 * the walk from the caller's root. */
#define EXT2_WALK_ABSOLUTE	(-1)

/*
 * ext2_walk: the inode `path' names from directory `dir', as `cred' may
 * search.  `path' (a buffer of `size' bytes, rewritten as symlinks are
 * followed) is relative ("/" at its start is skipped); ".." of the root is
 * the root; symlinks are followed (16 at most: ELOOP), a final one per
 * EXT2_WALK_NOLINK/NOFOLLOW; an absolute target restarts from the root
 * (or returns EXT2_WALK_ABSOLUTE).  With EXT2_WALK_CREAT a missing last
 * component is made (mode's permission bits; *created 1).
 *   Returns: 0 and *ino; ENOENT, ENOTDIR, EACCES, EEXIST, ELOOP,
 *   ENAMETOOLONG, ENOSPC, EIO; EXT2_WALK_ABSOLUTE.
 */
int ext2_walk(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir, char *path,
	      size_t size, int flags, uint32_t mode, uint32_t *ino, int *created);
/*
 * ext2_open_checks: what open(2) checks once the inode is found: a
 * directory wanted (ENOTDIR), none opened for writing (EISDIR), the access
 * asked (EXT2_OPEN_READ/WRITE/EXEC, unless `created': its creator may),
 * and with EXT2_OPEN_TRUNC and WRITE a regular file emptied.
 */
int ext2_open_checks(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino, int flags,
		     int created);

#endif /* _FSS_EXT2_H_ */
