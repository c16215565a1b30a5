/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * picolibc's <sys/_default_fcntl.h> (what <fcntl.h> and <sys/fcntl.h>
 * include: O_*, F_*, the *at flags) with the *at calls' constants as
 * FreeBSD's <fcntl.h> has them, not newlib's (AT_FDCWD -2, flags 1, 2,
 * 4, 8): openat(2) and its family take FreeBSD's numbers as well as its
 * call numbers.  bsd_server compiles against this header too, so programs
 * and server agree.
 */
#ifndef _MACHRV_BSD_SYS_DEFAULT_FCNTL_H_
#define _MACHRV_BSD_SYS_DEFAULT_FCNTL_H_
#include_next <sys/_default_fcntl.h>

#undef AT_FDCWD
#undef AT_EACCESS
#undef AT_SYMLINK_NOFOLLOW
#undef AT_SYMLINK_FOLLOW
#undef AT_REMOVEDIR
#undef AT_EMPTY_PATH

/* The "directory" of an *at call that means the working directory. */
#define AT_FDCWD		-100
/* faccessat: with the effective ids, not the real ones. */
#define AT_EACCESS		0x0100
/* fstatat, fchmodat, fchownat, utimensat: a final symlink itself. */
#define AT_SYMLINK_NOFOLLOW	0x0200
/* linkat: through a final symlink of the old name. */
#define AT_SYMLINK_FOLLOW	0x0400
/* unlinkat: remove a directory (as rmdir), not a file. */
#define AT_REMOVEDIR		0x0800
/* fstatat, fchownat, fchmodat, faccessat, utimensat, linkat (root only):
 * an empty path names the descriptor's file itself (FreeBSD 13's value). */
#define AT_EMPTY_PATH		0x4000

#endif /* _MACHRV_BSD_SYS_DEFAULT_FCNTL_H_ */
