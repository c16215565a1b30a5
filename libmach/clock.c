// SPDX-License-Identifier: BSD-2-Clause
// Time for Mach programs: XNU's mach_absolute_time and mach_timebase_info
// (<mach/mach_time.h>), the clock services (<mach/clock.h>) and sleeping.
//
// mach_absolute_time reads the time CSR (the kernel lets user mode read
// it: scounteren), so it costs no trap.  A clock service is a port of this
// task's, one per clock, made on first use: clock_get_time knows it by
// name.  Sleeping is a receive with a timeout on a port of the thread's
// own that never gets a message (as GNU's usleep does), so a sleep ends
// at its deadline, rounded up to the kernel's millisecond timeouts.
#include <stdint.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <mach/host_info.h>
#include "libmach_private.h"

uint64_t mach_absolute_time(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

uint64_t mach_continuous_time(void)
{
	return mach_absolute_time();
}

uint64_t mach_approximate_time(void)
{
	return mach_absolute_time();
}

static mach_timebase_info_data_t timebase;	/* {0, 0} until asked */

/* mach_timebase_info: numer / denom nanoseconds a tick, asked of the kernel
 * once.  Returns: KERN_SUCCESS, or host_info's error. */
kern_return_t mach_timebase_info(mach_timebase_info_t info)
{
	if (__atomic_load_n(&timebase.denom, __ATOMIC_ACQUIRE) == 0) {
		struct host_machrv_timebase_info tb;
		mach_msg_type_number_t count = HOST_MACHRV_TIMEBASE_INFO_COUNT;
		mach_port_t host = mach_host_self();
		kern_return_t kr = host_info(host, HOST_MACHRV_TIMEBASE_INFO, (host_info_t)&tb, &count);
		(void)mach_port_deallocate(mach_task_self(), host);
		if (kr != KERN_SUCCESS)
			return kr;
		timebase.numer = tb.numer;
		__atomic_store_n(&timebase.denom, tb.denom, __ATOMIC_RELEASE);
	}
	info->numer = timebase.numer;
	info->denom = timebase.denom;
	return KERN_SUCCESS;
}

/* Ticks to nanoseconds and back (the time base asked for first). */
uint64_t libmach_ticks_to_ns(uint64_t ticks)
{
	mach_timebase_info_data_t tb;

	if (mach_timebase_info(&tb) != KERN_SUCCESS)
		return ticks;
	return (uint64_t)((unsigned __int128)ticks * tb.numer / tb.denom);
}

uint64_t libmach_ns_to_ticks(uint64_t ns)
{
	mach_timebase_info_data_t tb;

	if (mach_timebase_info(&tb) != KERN_SUCCESS)
		return ns;
	return (uint64_t)((unsigned __int128)ns * tb.denom / tb.numer);
}

// ---- sleeping ----

static __thread mach_port_t sleep_port = MACH_PORT_NULL;

/* libmach_sleep_until: sleep until the time CSR reaches `deadline' ticks.
 * Returns: KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE (no port to sleep on). */
kern_return_t libmach_sleep_until(uint64_t deadline)
{
	if (sleep_port == MACH_PORT_NULL) {
		sleep_port = mach_reply_port();
		if (sleep_port == MACH_PORT_NULL)
			return KERN_RESOURCE_SHORTAGE;
	}
	for (;;) {
		uint64_t now = mach_absolute_time();
		if (now >= deadline)
			return KERN_SUCCESS;
		uint64_t ms = (libmach_ticks_to_ns(deadline - now) + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC;
		if (ms > 0x7fffffff)
			ms = 0x7fffffff;
		struct {
			mach_msg_header_t head;
			mach_msg_max_trailer_t trailer;
		} m;
		// Nobody can send to the port: this ends at the timeout (or an
		// interruption, after which the loop sleeps what is left).
		(void)mach_msg(&m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT | MACH_RCV_INTERRUPT, 0,
		               sizeof(m), sleep_port, (mach_msg_timeout_t)ms, MACH_PORT_NULL);
	}
}

kern_return_t mach_wait_until(uint64_t deadline)
{
	return libmach_sleep_until(deadline);
}

// ---- clock services ----

static mach_port_t clock_ports[2];	/* SYSTEM_CLOCK, CALENDAR_CLOCK */

/* The clock a port name stands for, or -1. */
static int clock_of(mach_port_t name)
{
	for (int i = 0; i < 2; i++)
		if (MACH_PORT_VALID(name) && __atomic_load_n(&clock_ports[i], __ATOMIC_ACQUIRE) == name)
			return i;
	return -1;
}

kern_return_t host_get_clock_service(host_t host, clock_id_t clock_id, clock_serv_t *clock_serv)
{
	if (!MACH_PORT_VALID(host))
		return KERN_INVALID_HOST;
	if (clock_id != SYSTEM_CLOCK && clock_id != CALENDAR_CLOCK)
		return KERN_INVALID_ARGUMENT;
	mach_port_t port = __atomic_load_n(&clock_ports[clock_id], __ATOMIC_ACQUIRE);
	if (port == MACH_PORT_NULL) {
		kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
		if (kr != KERN_SUCCESS)
			return kr;
		mach_port_t none = MACH_PORT_NULL;
		if (!__atomic_compare_exchange_n(&clock_ports[clock_id], &none, port, false,
		                                 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			// Another thread made it first: use that one.
			(void)mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
			port = none;
		}
	}
	// Each call gives the caller a send right (one more user reference),
	// which it may deallocate, as a real clock port's.
	kern_return_t kr = mach_port_insert_right(mach_task_self(), port, port,
	                                          MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS)
		return kr;
	*clock_serv = port;
	return KERN_SUCCESS;
}

/* The time of `clock' in nanoseconds. */
static kern_return_t clock_now_ns(int clock, uint64_t *ns)
{
	if (clock == SYSTEM_CLOCK) {
		*ns = libmach_ticks_to_ns(mach_absolute_time());
		return KERN_SUCCESS;
	}
	time_value64_t tv;
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_get_time64(host, &tv);
	(void)mach_port_deallocate(mach_task_self(), host);
	if (kr == KERN_SUCCESS)
		*ns = (uint64_t)tv.seconds * NSEC_PER_SEC + (uint64_t)tv.nanoseconds;
	return kr;
}

static mach_timespec_t timespec_of(uint64_t ns)
{
	return (mach_timespec_t){ .tv_sec = (unsigned int)(ns / NSEC_PER_SEC),
	                          .tv_nsec = (clock_res_t)(ns % NSEC_PER_SEC) };
}

kern_return_t clock_get_time(clock_serv_t clock_serv, mach_timespec_t *cur_time)
{
	int clock = clock_of(clock_serv);
	uint64_t ns;

	if (clock < 0)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = clock_now_ns(clock, &ns);
	if (kr == KERN_SUCCESS)
		*cur_time = timespec_of(ns);
	return kr;
}

kern_return_t clock_get_attributes(clock_serv_t clock_serv, clock_flavor_t flavor,
                                   clock_attr_t clock_attr, mach_msg_type_number_t *count)
{
	if (clock_of(clock_serv) < 0)
		return KERN_INVALID_ARGUMENT;
	if (*count < 1)
		return KERN_FAILURE;
	switch (flavor) {
	case CLOCK_GET_TIME_RES:
		// One tick of the time CSR (the calendar runs on it too).
		*clock_attr = (int)(libmach_ticks_to_ns(1000) / 1000);
		if (*clock_attr == 0)
			*clock_attr = 1;
		break;
	case CLOCK_ALARM_CURRES:
	case CLOCK_ALARM_MINRES:
	case CLOCK_ALARM_MAXRES:
		*clock_attr = (int)NSEC_PER_MSEC;	// the kernel's timeouts
		break;
	default:
		return KERN_INVALID_VALUE;
	}
	*count = 1;
	return KERN_SUCCESS;
}

kern_return_t clock_sleep(mach_port_t clock_name, sleep_type_t sleep_type,
                          mach_timespec_t sleep_time, mach_timespec_t *wakeup_time)
{
	int clock = clock_of(clock_name);
	uint64_t now, t;

	if (clock < 0)
		return KERN_INVALID_ARGUMENT;
	if (TIME_INVALID(sleep_type) || BAD_MACH_TIMESPEC(&sleep_time))
		return KERN_INVALID_VALUE;
	kern_return_t kr = clock_now_ns(clock, &now);
	if (kr != KERN_SUCCESS)
		return kr;
	t = (uint64_t)sleep_time.tv_sec * NSEC_PER_SEC + (uint64_t)sleep_time.tv_nsec;
	uint64_t left = sleep_type == TIME_RELATIVE ? t : (t > now ? t - now : 0);
	kr = libmach_sleep_until(mach_absolute_time() + libmach_ns_to_ticks(left));
	if (kr == KERN_SUCCESS && wakeup_time) {
		kr = clock_now_ns(clock, &now);
		if (kr == KERN_SUCCESS)
			*wakeup_time = timespec_of(now);
	}
	return kr;
}
