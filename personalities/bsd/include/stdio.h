/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * picolibc's <stdio.h>, and renameat, which POSIX declares here and
 * picolibc does not (the other *at calls are in its <fcntl.h>,
 * <unistd.h> and <sys/stat.h>).
 */
#ifndef _MACHRV_BSD_STDIO_H_
#define _MACHRV_BSD_STDIO_H_
#include_next <stdio.h>

int renameat(int fromfd, const char *from, int tofd, const char *to);

#endif /* _MACHRV_BSD_STDIO_H_ */
