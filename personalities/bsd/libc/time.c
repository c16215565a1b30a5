// SPDX-License-Identifier: BSD-2-Clause
// Time calls over the system calls: sleep and usleep (nanosleep), alarm
// (setitimer), times (getrusage and the monotonic clock).
#include <errno.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "libc_private.h"

unsigned sleep(unsigned seconds)
{
	struct timespec want = { .tv_sec = seconds, .tv_nsec = 0 }, left = { 0, 0 };

	if (nanosleep(&want, &left) < 0 && errno == EINTR)
		return (unsigned)left.tv_sec + (left.tv_nsec > 0);
	return 0;
}

int usleep(useconds_t us)
{
	struct timespec want = { .tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000 };

	return nanosleep(&want, NULL);
}

unsigned alarm(unsigned seconds)
{
	struct itimerval it = { .it_interval = { 0, 0 }, .it_value = { seconds, 0 } }, old;

	if (setitimer(ITIMER_REAL, &it, &old) < 0)
		return 0;
	return (unsigned)old.it_value.tv_sec + (old.it_value.tv_usec > 0);
}

/* Clock ticks are microseconds here (sysconf(_SC_CLK_TCK) is not kept). */
clock_t times(struct tms *buf)
{
	struct rusage self, children;
	struct timespec now;

	if (getrusage(RUSAGE_SELF, &self) < 0 || getrusage(RUSAGE_CHILDREN, &children) < 0 ||
	    clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return (clock_t)-1;
	if (buf) {
		buf->tms_utime = (clock_t)(self.ru_utime.tv_sec * 1000000 + self.ru_utime.tv_usec);
		buf->tms_stime = (clock_t)(self.ru_stime.tv_sec * 1000000 + self.ru_stime.tv_usec);
		buf->tms_cutime = (clock_t)(children.ru_utime.tv_sec * 1000000 +
					    children.ru_utime.tv_usec);
		buf->tms_cstime = (clock_t)(children.ru_stime.tv_sec * 1000000 +
					    children.ru_stime.tv_usec);
	}
	return (clock_t)(now.tv_sec * 1000000 + now.tv_nsec / 1000);
}
