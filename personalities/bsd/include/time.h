/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * picolibc's <time.h>, and the POSIX clocks and sleeps it declares only
 * on systems that define _POSIX_TIMERS: this personality has them
 * (clock_gettime, clock_settime, nanosleep; FreeBSD's clock ids).
 */
#ifndef _BSD_TIME_H_
#define _BSD_TIME_H_
#include_next <time.h>

#ifndef _POSIX_TIMERS
int clock_gettime(clockid_t clock_id, struct timespec *tp);
int clock_settime(clockid_t clock_id, const struct timespec *tp);
int nanosleep(const struct timespec *rqtp, struct timespec *rmtp);
#endif
#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC	((clockid_t) 4)
#endif

#endif /* _BSD_TIME_H_ */
