/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * picolibc's <sys/stat.h> (struct stat, the S_* bits, stat, fstat, ...)
 * and what it leaves out on a target it does not know as Unix: lstat, and
 * utimensat's and futimens's special nanosecond values with FreeBSD's
 * numbers (picolibc gives its own only to Cygwin and RTEMS).  bsd_server
 * compiles against this header too, so programs and server agree.
 * fstatat, fchmodat, mkdirat and utimensat (picolibc declares them) take
 * the AT_* values of <fcntl.h>, FreeBSD's (<sys/_default_fcntl.h> here).
 * (Every object that includes <fcntl.h> depends on this file, so a
 * change here rebuilds them: that header shadowing picolibc's does not.)
 */
#ifndef _MACHRV_BSD_SYS_STAT_H_
#define _MACHRV_BSD_SYS_STAT_H_
#include_next <sys/stat.h>

int lstat(const char *__restrict path, struct stat *__restrict st);

/* A timespec's tv_nsec for utimensat and futimens: set this time to the
 * present, or leave it as it is. */
#ifndef UTIME_NOW
#define UTIME_NOW	-1L
#define UTIME_OMIT	-2L
#endif

#endif /* _MACHRV_BSD_SYS_STAT_H_ */
