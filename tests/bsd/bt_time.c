// SPDX-License-Identifier: BSD-2-Clause
// The time of day: gettimeofday and CLOCK_REALTIME are the kernel's
// calendar (QEMU's RTC follows the host's clock), CLOCK_MONOTONIC counts
// from boot, and root sets the time (settimeofday, clock_settime) through
// bsd_server's host-priv port (boot.conf: --ports=host_priv).
#include <sys/time.h>
#include <time.h>
#include <mach/mach.h>
#include "bt.h"

#define JAN_1_2024	1704067200LL	/* 2024-01-01 00:00:00 UTC */
#define NS		1000000000LL

static long long tv_ns(struct timeval tv)
{
	return tv.tv_sec * NS + tv.tv_usec * 1000LL;
}

static long long ts_ns(struct timespec ts)
{
	return ts.tv_sec * NS + ts.tv_nsec;
}

BTEST(gettimeofday_and_clock_realtime_are_after_2024_and_agree)
{
	struct timeval tv;
	struct timespec ts;
	CHECK(gettimeofday(&tv, NULL) == 0, "gettimeofday");
	CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0, "clock_gettime");
	CHECK(tv.tv_sec > JAN_1_2024, "gettimeofday says %lld", (long long)tv.tv_sec);
	CHECK(ts.tv_sec > JAN_1_2024, "CLOCK_REALTIME says %lld", (long long)ts.tv_sec);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000 && ts.tv_nsec >= 0 && ts.tv_nsec < NS,
	      "usec %ld nsec %ld", (long)tv.tv_usec, ts.tv_nsec);
	long long d = ts_ns(ts) - tv_ns(tv);
	CHECK(d >= 0 && d < 3 * NS, "CLOCK_REALTIME - gettimeofday = %lld ns", d);
	return 0;
}

BTEST(the_time_of_day_is_the_kernels_calendar_and_monotonic_counts_from_boot)
{
	struct timeval tv;
	struct timespec mono;
	rpc_time_value_t cal;
	mach_port_t host = mach_host_self();
	CHECK(host_get_time(host, &cal) == KERN_SUCCESS, "host_get_time");
	mach_port_deallocate(mach_task_self(), host);
	CHECK(gettimeofday(&tv, NULL) == 0, "gettimeofday");
	CHECK(clock_gettime(CLOCK_MONOTONIC, &mono) == 0, "clock_gettime");
	long long d = tv_ns(tv) - ((long long)cal.seconds * NS + cal.microseconds * 1000LL);
	CHECK(d >= 0 && d < 3 * NS, "gettimeofday - host_get_time = %lld ns", d);
	CHECK(mono.tv_sec >= 0 && mono.tv_sec < 86400, "CLOCK_MONOTONIC says %lld s since boot",
	      (long long)mono.tv_sec);
	return 0;
}

BTEST(only_root_may_set_the_time)
{
	struct timeval tv;
	struct timespec ts;
	CHECK(gettimeofday(&tv, NULL) == 0, "gettimeofday");
	CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0, "clock_gettime");
	CHECK(setuid(1000) == 0, "drop root");
	tv.tv_sec += 3600;
	ts.tv_sec += 3600;
	CHECK(settimeofday(&tv, NULL) == -1 && errno == EPERM, "settimeofday by uid 1000");
	CHECK(clock_settime(CLOCK_REALTIME, &ts) == -1 && errno == EPERM, "clock_settime by uid 1000");
	struct timeval now;
	CHECK(gettimeofday(&now, NULL) == 0 && now.tv_sec < tv.tv_sec - 60, "the time moved");
	return 0;
}

BTEST(settimeofday_and_clock_settime_refuse_bad_times)
{
	struct timeval tv, before, after;
	struct timespec ts;
	CHECK(gettimeofday(&before, NULL) == 0, "gettimeofday");
	tv = before;
	tv.tv_usec = 1000000;
	CHECK(settimeofday(&tv, NULL) == -1 && errno == EINVAL, "tv_usec 1000000");
	tv.tv_usec = 0;
	tv.tv_sec = -1;
	CHECK(settimeofday(&tv, NULL) == -1 && errno == EINVAL, "tv_sec -1");
	ts.tv_sec = before.tv_sec;
	ts.tv_nsec = NS;
	CHECK(clock_settime(CLOCK_REALTIME, &ts) == -1 && errno == EINVAL, "tv_nsec 10^9");
	ts.tv_nsec = 0;
	CHECK(clock_settime(CLOCK_MONOTONIC, &ts) == -1 && errno == EINVAL, "CLOCK_MONOTONIC");
	CHECK(gettimeofday(&after, NULL) == 0, "gettimeofday");
	long long d = tv_ns(after) - tv_ns(before);
	CHECK(d >= 0 && d < 3 * NS, "the refused sets moved the time by %lld ns", d);
	return 0;
}

// An hour ahead with settimeofday, back with clock_settime: the time of
// day (and the kernel's calendar) jumps; CLOCK_MONOTONIC does not.
BTEST(root_sets_the_time_of_day_and_the_monotonic_clock_stays)
{
	struct timeval tv, t;
	struct timespec m0, m1, ts;
	rpc_time_value_t cal;
	CHECK(clock_gettime(CLOCK_MONOTONIC, &m0) == 0, "monotonic");
	CHECK(gettimeofday(&tv, NULL) == 0, "gettimeofday");
	tv.tv_sec += 3600;
	CHECK(settimeofday(&tv, NULL) == 0, "settimeofday");
	CHECK(gettimeofday(&t, NULL) == 0, "gettimeofday");
	long long d = tv_ns(t) - tv_ns(tv);
	CHECK(d >= 0 && d < 3 * NS, "%lld ns after the time set", d);
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_get_time(host, &cal);
	mach_port_deallocate(mach_task_self(), host);
	d = (long long)cal.seconds * NS + cal.microseconds * 1000LL - tv_ns(tv);
	CHECK(kr == KERN_SUCCESS && d >= 0 && d < 3 * NS, "the kernel's calendar: %lld ns after", d);
	CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0, "clock_gettime");
	ts.tv_sec -= 3600;
	CHECK(clock_settime(CLOCK_REALTIME, &ts) == 0, "clock_settime");
	CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0, "monotonic");
	d = ts_ns(m1) - ts_ns(m0);
	CHECK(d >= 0 && d < 3 * NS, "CLOCK_MONOTONIC moved %lld ns", d);
	CHECK(gettimeofday(&t, NULL) == 0, "gettimeofday");
	d = tv_ns(t) - (tv_ns(tv) - 3600 * NS);
	CHECK(d >= 0 && d < 3 * NS, "set back: %lld ns after the start", d);
	return 0;
}

// bsd_server's host-priv port stays its own: processes made from it
// inherit no registered ports (mach_ports_lookup).
BTEST(a_process_inherits_no_host_priv_port)
{
	mach_port_array_t ports;
	mach_msg_type_number_t n = 0;
	CHECK(mach_ports_lookup(mach_task_self(), &ports, &n) == KERN_SUCCESS, "mach_ports_lookup");
	int valid = 0;
	for (mach_msg_type_number_t i = 0; i < n; i++)
		if (MACH_PORT_VALID(ports[i])) {
			valid++;
			mach_port_deallocate(mach_task_self(), ports[i]);
		}
	vm_deallocate(mach_task_self(), (vm_address_t)ports, n * sizeof(*ports));
	CHECK(valid == 0, "%d registered ports", valid);
	return 0;
}
