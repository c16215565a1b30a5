/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The calendar (GNU Mach's host_get_time 2634, host_get_time64 2643,
 * host_set_time 2632, host_set_time64 2644; kern/calendar.c): it starts at
 * the RTC's time (QEMU's follows the host's clock), runs with the time
 * CSR, and only the host-priv port sets it.  The facts named calendar_*
 * hold with and without an RTC; tests/qemu boots them once with the RTC
 * left out of the device tree.
 */
#include <mach/gnumach_host.h>
#include "utest.h"

#define JAN_1_2024	1704067200	/* 2024-01-01 00:00:00 UTC */
#define NS		1000000000LL

/* The first task's bootstrap port is the host-priv port (kern/init_task.c). */
static mach_port_t
host_priv(void)
{
	return mach_bootstrap_port();
}

static uint64_t
rdtime_us(void)
{
	uint64_t t;
	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t / 10;		/* QEMU virt's timebase: 10 MHz */
}

static int64_t
us_of(rpc_time_value_t t)
{
	return (int64_t)t.seconds * 1000000 + t.microseconds;
}

static int64_t
ns_of(time_value64_t t)
{
	return t.seconds * NS + t.nanoseconds;
}

/* Wait `ms' milliseconds in the kernel (a receive that times out). */
static void
sleep_ms(unsigned ms)
{
	ut_msg_t m;
	mach_port_t p = ut_port();
	(void)ut_recv(p, &m, ms);
	mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_RECEIVE, -1);
}

static kern_return_t
get_time(rpc_time_value_t *t)
{
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_get_time(host, t);
	mach_port_deallocate(mach_task_self(), host);
	return kr;
}

static kern_return_t
get_time64(time_value64_t *t)
{
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_get_time64(host, t);
	mach_port_deallocate(mach_task_self(), host);
	return kr;
}

UTEST(rtc_host_get_time_is_after_2024_under_qemu)
{
	rpc_time_value_t t;
	KR(get_time(&t));
	CHECK(t.seconds > JAN_1_2024, "host_get_time says %lld seconds since 1970", (long long)t.seconds);
	return 0;
}

UTEST(calendar_is_after_2024_or_near_0_without_an_rtc)
{
	rpc_time_value_t t;
	KR(get_time(&t));
	CHECK(t.seconds > JAN_1_2024 || (t.seconds >= 0 && t.seconds < 86400),
	      "host_get_time says %lld seconds since 1970", (long long)t.seconds);
	return 0;
}

/* The time moves as the time CSR does: bracketed by CSR reads taken
 * around the two calls (1 us of slack each side: the truncation). */
UTEST(calendar_host_get_time_advances_across_a_sleep_with_the_time_csr)
{
	rpc_time_value_t t0, t1;
	uint64_t b0 = rdtime_us();
	KR(get_time(&t0));
	uint64_t a0 = rdtime_us();
	sleep_ms(300);
	uint64_t b1 = rdtime_us();
	KR(get_time(&t1));
	uint64_t a1 = rdtime_us();
	CHECK(t0.microseconds >= 0 && t0.microseconds < 1000000 && t1.microseconds >= 0 &&
	      t1.microseconds < 1000000, "microseconds %d, %d", t0.microseconds, t1.microseconds);
	int64_t moved = us_of(t1) - us_of(t0);
	CHECK(moved >= 300000, "the calendar moved %lld us across a 300 ms sleep", (long long)moved);
	CHECK(moved >= (int64_t)(b1 - a0) - 2 && moved <= (int64_t)(a1 - b0) + 2,
	      "the calendar moved %lld us, the time CSR %llu..%llu us", (long long)moved,
	      (unsigned long long)(b1 - a0), (unsigned long long)(a1 - b0));
	return 0;
}

UTEST(calendar_host_get_time64_agrees_with_host_get_time)
{
	time_value64_t a, b;
	rpc_time_value_t t;
	KR(get_time64(&a));
	KR(get_time(&t));
	KR(get_time64(&b));
	CHECK(a.nanoseconds >= 0 && a.nanoseconds < NS && b.nanoseconds >= 0 && b.nanoseconds < NS,
	      "nanoseconds %lld, %lld", (long long)a.nanoseconds, (long long)b.nanoseconds);
	int64_t ns = us_of(t) * 1000;
	CHECK(ns >= ns_of(a) - 1000 && ns <= ns_of(b),
	      "host_get_time %lld ns is not between two host_get_time64 %lld and %lld",
	      (long long)ns, (long long)ns_of(a), (long long)ns_of(b));
	return 0;
}

UTEST(calendar_host_set_time_needs_the_host_priv_port_and_sound_arguments)
{
	time_value64_t before, after;
	KR(get_time64(&before));
	rpc_time_value_t now = { before.seconds, 0 };
	time_value64_t now64 = { before.seconds, 0 };
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_set_time(host, now);
	CHECK(kr == KERN_INVALID_HOST, "host_set_time on the host name port: %#x", kr);
	kr = host_set_time64(host, now64);
	CHECK(kr == KERN_INVALID_HOST, "host_set_time64 on the host name port: %#x", kr);
	mach_port_deallocate(mach_task_self(), host);
	kr = host_set_time(mach_task_self(), now);
	CHECK(kr == KERN_INVALID_HOST, "host_set_time on a task port: %#x", kr);
	rpc_time_value_t t;
	kr = host_get_time(mach_task_self(), &t);
	CHECK(kr == KERN_INVALID_HOST, "host_get_time on a task port: %#x", kr);

	const rpc_time_value_t bad[] = { { now.seconds, 1000000 }, { now.seconds, -1 }, { -1, 0 } };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kr = host_set_time(host_priv(), bad[i]);
		CHECK(kr == KERN_INVALID_ARGUMENT, "host_set_time(%lld s, %d us): %#x",
		      (long long)bad[i].seconds, bad[i].microseconds, kr);
	}
	const time_value64_t bad64[] = { { now64.seconds, NS }, { now64.seconds, -1 }, { -1, 0 } };
	for (unsigned i = 0; i < sizeof(bad64) / sizeof(bad64[0]); i++) {
		kr = host_set_time64(host_priv(), bad64[i]);
		CHECK(kr == KERN_INVALID_ARGUMENT, "host_set_time64(%lld s, %lld ns): %#x",
		      (long long)bad64[i].seconds, (long long)bad64[i].nanoseconds, kr);
	}
	KR(get_time64(&after));
	int64_t moved = ns_of(after) - ns_of(before);
	CHECK(moved >= 0 && moved < 5 * NS, "the refused sets moved the calendar by %lld ns",
	      (long long)moved);
	return 0;
}

/* Set an hour ahead (host_set_time64), another hour (host_set_time),
 * then back; each time the calendar runs on from what was set. */
UTEST(calendar_host_set_time_moves_the_calendar_and_it_runs_on)
{
	time_value64_t start, t;
	KR(get_time64(&start));
	time_value64_t ahead = { start.seconds + 3600, start.nanoseconds };
	KR(host_set_time64(host_priv(), ahead));
	KR(get_time64(&t));
	int64_t d = ns_of(t) - ns_of(ahead);
	CHECK(d >= 0 && d < 2 * NS, "host_set_time64 + 1 h, then %lld ns past it", (long long)d);

	KR(get_time64(&t));
	rpc_time_value_t ahead2 = { t.seconds + 3600, 500000 };
	int64_t jump = us_of(ahead2) * 1000 - ns_of(t);	/* an hour, give or take 1 s */
	KR(host_set_time(host_priv(), ahead2));
	KR(get_time64(&t));
	d = ns_of(t) - us_of(ahead2) * 1000;
	CHECK(d >= 0 && d < 2 * NS, "host_set_time + 1 h, then %lld ns past it", (long long)d);

	/* Back by both jumps: to where it would have been. */
	int64_t back = ns_of(t) - jump - 3600 * NS;
	time_value64_t b = { back / NS, back % NS };
	KR(host_set_time64(host_priv(), b));
	KR(get_time64(&t));
	d = ns_of(t) - ns_of(start);
	CHECK(d >= 0 && d < 5 * NS, "set back: %lld ns after the start", (long long)d);
	return 0;
}
