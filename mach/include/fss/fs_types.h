/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The C side of <fss/fs_types.defs>: the types, open flags, retry kinds
 * and error encoding of the file server's interfaces.  The flag values and
 * error encoding are the Hurd's (<hurd/hurd_types.h>, glibc's <fcntl.h> and
 * <errno.h> on the Hurd); docs/fss.md, "The interfaces", says what each
 * routine guarantees.
 */
#ifndef _FSS_FS_TYPES_H_
#define _FSS_FS_TYPES_H_
#include <stdint.h>
#include <mach/mach_types.h>

typedef mach_port_t io_t;
typedef mach_port_t file_t;
typedef mach_port_t fsys_t;
typedef int retry_type;
typedef char *data_t;
typedef char fss_string_t[1024];
/* What the stubs take for data and strings sent only, as GNU MIG writes
 * them (the Hurd's <hurd/hurd_types.h>): the bytes const. */
typedef const char *const_data_t;
typedef const char *const_fss_string_t;
typedef uint32_t *idarray_t;

/* io_stat's answer: 128 bytes (struct[32] of int). */
typedef struct io_statbuf {
	uint32_t	st_ino;
	uint32_t	st_mode;	/* S_IF* type and permission bits */
	uint32_t	st_nlink;
	uint32_t	st_uid, st_gid;
	uint32_t	st_rdev;
	uint32_t	st_blksize;	/* the file system's block size */
	uint32_t	st_dev;		/* the file system's number (fsid) */
	uint64_t	st_size;
	uint64_t	st_blocks;	/* 512-byte units allocated */
	/* Seconds since 1970 (not st_atime: <sys/stat.h> makes that a macro). */
	int64_t		st_atime_sec, st_mtime_sec, st_ctime_sec;
	uint32_t	st_spare[14];
} io_statbuf_t;

/* file_statfs's answer: 64 bytes (struct[16] of int). */
typedef struct fsys_statfsbuf {
	uint32_t	f_bsize;	/* block size */
	uint32_t	f_namemax;	/* longest name */
	uint32_t	f_flag;		/* ST_RDONLY */
	uint32_t	f_fsid;
	uint64_t	f_blocks, f_bfree, f_bavail;
	uint64_t	f_files, f_ffree;
	uint32_t	f_spare[2];
} fsys_statfsbuf_t;
#define FSS_ST_RDONLY	1

/* The times of file_utimes: seconds and microseconds since 1970;
 * microseconds -1 means "now" (the Hurd's convention). */
typedef struct fss_time_value { int64_t seconds; int64_t microseconds; } fss_time_value_t;
#define FSS_TIME_NOW	(-1)

/* dir_readdir's records, one after another, each d_reclen bytes (a
 * multiple of 8): 4.4BSD's struct dirent with a 32-bit inode number. */
struct fss_dirent {
	uint32_t	d_ino;
	uint16_t	d_reclen;
	uint8_t		d_type;		/* FSS_DT_*: 4.4BSD's DT_* values */
	uint8_t		d_namlen;
	char		d_name[];	/* d_namlen bytes and a NUL */
};
#define fss_dirent_size(namlen)	((8u + (namlen) + 1u + 7u) & ~7u)
#define FSS_DT_UNKNOWN	0
#define FSS_DT_FIFO	1
#define FSS_DT_CHR	2
#define FSS_DT_DIR	4
#define FSS_DT_BLK	6
#define FSS_DT_REG	8
#define FSS_DT_LNK	10
#define FSS_DT_SOCK	12

/* fsys_goaway's flags (the Hurd's). */
#define FSYS_GOAWAY_NOWAIT	0x1
#define FSYS_GOAWAY_NOSYNC	0x2
#define FSYS_GOAWAY_FORCE	0x4

/* Open flags of dir_lookup, dir_mkfile and io_get_openmodes (the Hurd's
 * values, not a C library's: bsd_server translates). */
#define FS_O_READ	0x0001
#define FS_O_WRITE	0x0002
#define FS_O_EXEC	0x0004
#define FS_O_NONBLOCK	0x0008
#define FS_O_CREAT	0x0010
#define FS_O_EXCL	0x0020
#define FS_O_NOLINK	0x0040	/* the last component's symlink itself */
#define FS_O_APPEND	0x0100
#define FS_O_FSYNC	0x0400
#define FS_O_TRUNC	0x00010000
#define FS_O_NOFOLLOW	0x00100000	/* a symlink as the last component: ELOOP */
#define FS_O_DIRECTORY	0x00200000	/* not a directory: ENOTDIR */
#define FS_O_ACCMODE	(FS_O_READ | FS_O_WRITE | FS_O_EXEC)
/* The bits io_set_all_openmodes and friends may change. */
#define FS_O_SETTABLE	(FS_O_APPEND | FS_O_FSYNC | FS_O_NONBLOCK)

/* dir_lookup's do_retry. */
#define FS_RETRY_NORMAL		1	/* retry_name "" : result is the file */
#define FS_RETRY_REAUTH		2	/* (not used by fss) */
#define FS_RETRY_MAGICAL	3	/* retry_name is "/...": continue from the caller's root */

/* io_seek's whence. */
#define FS_SEEK_SET	0
#define FS_SEEK_CUR	1
#define FS_SEEK_END	2

/* The fss interfaces return Mach codes (MIG errors, KERN_*) and POSIX
 * errors; an errno value e travels as FSS_ERRNO(e), in the Mach error
 * system 0x10 as the Hurd's errors do, so the two never collide.
 * Errno values are those of the server's C library (picolibc's). */
#define FSS_ERRNO_BASE		0x40000000
#define FSS_ERRNO(e)		((kern_return_t)(FSS_ERRNO_BASE | (e)))
#define FSS_IS_ERRNO(kr)	(((kr) & 0x7fffc000) == FSS_ERRNO_BASE)
#define FSS_ERRNO_OF(kr)	((kr) & 0x3fff)

/* fss's version (io_server_version). */
#define FSS_SERVER_NAME		"fss"
#define FSS_MAJOR_VERSION	1
#define FSS_MINOR_VERSION	0

#endif /* _FSS_FS_TYPES_H_ */
