/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * statvfs(3) and fstatvfs(3), POSIX's view of a file system's size and
 * free space, with FreeBSD's struct statvfs (picolibc has none).  The
 * library builds them from statfs(2) and fstatfs(2) (<sys/mount.h>).
 */
#ifndef _SYS_STATVFS_H_
#define _SYS_STATVFS_H_
#include <sys/types.h>

struct statvfs {
	fsblkcnt_t	f_bavail;	/* free blocks a user other than root may use */
	fsblkcnt_t	f_bfree;	/* free blocks */
	fsblkcnt_t	f_blocks;	/* blocks, in units of f_frsize */
	fsfilcnt_t	f_favail;	/* free inodes a user other than root may use */
	fsfilcnt_t	f_ffree;	/* free inodes */
	fsfilcnt_t	f_files;	/* inodes */
	unsigned long	f_bsize;	/* the best size for a transfer */
	unsigned long	f_flag;		/* ST_RDONLY, ST_NOSUID */
	unsigned long	f_frsize;	/* the unit of the block counts */
	unsigned long	f_fsid;		/* the file system's number */
	unsigned long	f_namemax;	/* the longest name */
};

#define ST_RDONLY	0x1
#define ST_NOSUID	0x2

int statvfs(const char *__restrict path, struct statvfs *__restrict buf);
int fstatvfs(int fd, struct statvfs *buf);

#endif /* _SYS_STATVFS_H_ */
