/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * picolibc's <stdio.h>, and what POSIX declares here and picolibc does
 * not: renameat (the other *at calls are in its <fcntl.h>, <unistd.h>
 * and <sys/stat.h>), popen and pclose (libc/system.c).
 */
#ifndef _MACHRV_BSD_STDIO_H_
#define _MACHRV_BSD_STDIO_H_
#include_next <stdio.h>

int renameat(int fromfd, const char *from, int tofd, const char *to);
FILE *popen(const char *command, const char *mode);
int pclose(FILE *stream);

#endif /* _MACHRV_BSD_STDIO_H_ */
