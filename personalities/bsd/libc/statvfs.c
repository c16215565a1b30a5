// SPDX-License-Identifier: BSD-2-Clause
// statvfs(3) and fstatvfs(3) from FreeBSD's statfs(2) and fstatfs(2)
// (<sys/mount.h>), as FreeBSD's library makes them: the block counts in
// units of f_bsize (statvfs's f_frsize), the transfer size as f_bsize.
#include <stdint.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

/* An inode count as picolibc's fsfilcnt_t (32 bits) holds it. */
static fsfilcnt_t files(int64_t n)
{
	if (n < 0)
		return 0;
	return (uint64_t)n > (fsfilcnt_t)-1 ? (fsfilcnt_t)-1 : (fsfilcnt_t)n;
}

static void statvfs_of(const struct statfs *sf, struct statvfs *st)
{
	st->f_bavail = sf->f_bavail > 0 ? (fsblkcnt_t)sf->f_bavail : 0;
	st->f_bfree = sf->f_bfree;
	st->f_blocks = sf->f_blocks;
	st->f_favail = files(sf->f_ffree);
	st->f_ffree = files(sf->f_ffree);
	st->f_files = files((int64_t)sf->f_files);
	st->f_bsize = sf->f_iosize;
	st->f_frsize = sf->f_bsize;
	st->f_flag = ((sf->f_flags & MNT_RDONLY) ? ST_RDONLY : 0);
	st->f_fsid = (unsigned long)(uint32_t)sf->f_fsid.val[0];
	st->f_namemax = sf->f_namemax;
}

int statvfs(const char *restrict path, struct statvfs *restrict st)
{
	struct statfs sf;
	if (statfs(path, &sf) < 0)
		return -1;
	statvfs_of(&sf, st);
	return 0;
}

int fstatvfs(int fd, struct statvfs *st)
{
	struct statfs sf;
	if (fstatfs(fd, &sf) < 0)
		return -1;
	statvfs_of(&sf, st);
	return 0;
}
