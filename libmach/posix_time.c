// SPDX-License-Identifier: BSD-2-Clause
// The few Unix calls a Mach program's C library needs and picolibc leaves
// to the system: time (gettimeofday, clock_gettime, and so time()),
// sleeping (sleep, usleep, nanosleep), and getpid/kill, through which
// picolibc's abort() (and so assert()) ends the task.  Linked into every
// Mach program (machrv_crt), not into Unix programs, which get these
// from the BSD personality.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include "libmach_private.h"

#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4)	/* picolibc's value, declared only with
					 * _POSIX_MONOTONIC_CLOCK */
#endif

/* The calendar (UTC since 1970) in nanoseconds, or -1. */
static int64_t calendar_ns(void)
{
	time_value64_t tv;
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_get_time64(host, &tv);

	(void)mach_port_deallocate(mach_task_self(), host);
	if (kr != KERN_SUCCESS)
		return -1;
	return tv.seconds * (int64_t)NSEC_PER_SEC + tv.nanoseconds;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	int64_t ns = calendar_ns();

	(void)tz;
	if (ns < 0) {
		errno = EIO;
		return -1;
	}
	if (tv) {
		tv->tv_sec = ns / (int64_t)NSEC_PER_SEC;
		tv->tv_usec = (ns % (int64_t)NSEC_PER_SEC) / 1000;
	}
	return 0;
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	int64_t ns;

	if (clock == CLOCK_REALTIME)
		ns = calendar_ns();
	else if (clock == CLOCK_MONOTONIC)
		ns = (int64_t)libmach_ticks_to_ns(mach_absolute_time());
	else {
		errno = EINVAL;
		return -1;
	}
	if (ns < 0) {
		errno = EIO;
		return -1;
	}
	ts->tv_sec = ns / (int64_t)NSEC_PER_SEC;
	ts->tv_nsec = ns % (int64_t)NSEC_PER_SEC;
	return 0;
}

/* Sleep `ns' nanoseconds (to the kernel's milliseconds, rounded up). */
static int sleep_ns(uint64_t ns)
{
	if (libmach_sleep_until(mach_absolute_time() + libmach_ns_to_ticks(ns)) != KERN_SUCCESS) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (long)NSEC_PER_SEC) {
		errno = EINVAL;
		return -1;
	}
	if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return sleep_ns((uint64_t)req->tv_sec * NSEC_PER_SEC + (uint64_t)req->tv_nsec);
}

int usleep(useconds_t us)
{
	return sleep_ns((uint64_t)us * NSEC_PER_USEC);
}

unsigned sleep(unsigned seconds)
{
	return sleep_ns((uint64_t)seconds * NSEC_PER_SEC) == 0 ? 0 : seconds;
}

/* A Mach task has no process id: its task port's name stands for one. */
pid_t getpid(void)
{
	return (pid_t)mach_task_self();
}

/*
 * kill: a signal can only be sent to this task, which it ends, as a Unix
 * default action would: "NAME: ended by SIGABRT (abort)" on stderr, then
 * exit status 128 + the signal (134 for abort and a failed assert).
 */
int kill(pid_t pid, int sig)
{
	if (pid != getpid() || sig < 0 || sig >= NSIG) {
		errno = pid != getpid() ? ESRCH : EINVAL;
		return -1;
	}
	if (sig == 0)
		return 0;
	fprintf(stderr, "%s: ended by signal %d%s\n", libmach_progname ? libmach_progname : "task",
	        sig, sig == SIGABRT ? " (SIGABRT: abort() was called)" : "");
	_exit(128 + sig);
}
