/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mounted file systems: FreeBSD's struct statfs (the layout of FreeBSD 12
 * on, STATFS_VERSION 0x20140518: 2,344 bytes) and its calls, which
 * bsd_server answers with FreeBSD's numbers: statfs (555), fstatfs (556),
 * getfsstat (557).  MachRV has one file system, mounted on "/": the disk
 * (f_mntfromname "disk0", type "ext2") in both shapes, or the boot archive
 * ("archive", "cpio").  statvfs(3) (<sys/statvfs.h>) is built on these.
 */
#ifndef _SYS_MOUNT_H_
#define _SYS_MOUNT_H_
#include <stdint.h>
#include <sys/types.h>

#define MFSNAMELEN	16	/* the type name's room, the NUL included */
#define MNAMELEN	1024	/* the mount point's and the source's room */
#define STATFS_VERSION	0x20140518

typedef struct fsid { int32_t val[2]; } fsid_t;

struct statfs {
	uint32_t	f_version;	/* STATFS_VERSION */
	uint32_t	f_type;		/* the type's number (MachRV: 1 ext2, 2 cpio) */
	uint64_t	f_flags;	/* MNT_* */
	uint64_t	f_bsize;	/* the unit of the block counts, in bytes */
	uint64_t	f_iosize;	/* the best size for a transfer */
	uint64_t	f_blocks;	/* blocks in the file system */
	uint64_t	f_bfree;	/* free blocks */
	int64_t		f_bavail;	/* free blocks a user other than root may use */
	uint64_t	f_files;	/* files (inodes) */
	int64_t		f_ffree;	/* free inodes */
	uint64_t	f_syncwrites;	/* (counts FreeBSD keeps; 0 here) */
	uint64_t	f_asyncwrites;
	uint64_t	f_syncreads;
	uint64_t	f_asyncreads;
	uint64_t	f_spare[10];
	uint32_t	f_namemax;	/* the longest name */
	uid_t		f_owner;	/* who mounted it */
	fsid_t		f_fsid;
	char		f_charspare[80];
	char		f_fstypename[MFSNAMELEN];	/* "ext2", "cpio" */
	char		f_mntfromname[MNAMELEN];	/* where it comes from: "disk0" */
	char		f_mntonname[MNAMELEN];		/* where it is mounted: "/" */
};

/* f_flags */
#define MNT_RDONLY	0x00000001	/* read-only */
#define MNT_LOCAL	0x00001000	/* on a local disk */
#define MNT_ROOTFS	0x00004000	/* the root file system */

/* getfsstat's mode */
#define MNT_WAIT	1	/* fresh numbers */
#define MNT_NOWAIT	2	/* numbers that may be old (the same here) */

/* The file system holding `path', or open file `fd'. */
int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);
/* Every mounted file system into buf (at most bufsize bytes; NULL: none):
 * how many there are. */
int getfsstat(struct statfs *buf, long bufsize, int mode);

#endif /* _SYS_MOUNT_H_ */
