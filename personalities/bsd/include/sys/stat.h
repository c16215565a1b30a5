/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * picolibc's <sys/stat.h> (struct stat, the S_* bits, stat, fstat, ...)
 * and what it leaves out on a target it does not know as Unix: lstat.
 * bsd_server fills picolibc's struct stat, so programs and server agree.
 */
#ifndef _MACHRV_BSD_SYS_STAT_H_
#define _MACHRV_BSD_SYS_STAT_H_
#include_next <sys/stat.h>

int lstat(const char *__restrict path, struct stat *__restrict st);

#endif /* _MACHRV_BSD_SYS_STAT_H_ */
