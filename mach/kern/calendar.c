/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The calendar (see kern/calendar.h) and GNU Mach's time calls on the
 * host ports (<mach/gnumach_host.defs>, ids 2632, 2634, 2643, 2644).
 *
 * The whole state is one number, calendar_boot_ns: the time of day when
 * the time CSR read 0.  The time of day is that plus the time CSR in
 * nanoseconds, so reading it takes no lock and every hart sees the same
 * time (the CSR is one clock for all harts).  Setting it stores a new
 * calendar_boot_ns in one 64-bit store; calendar_lock only keeps two sets
 * from mixing their writes to the RTC.
 */
#include "kern/calendar.h"
#include "kern/host.h"
#include "kern/lock.h"
#include "kern/printf.h"
#include "riscv/csr.h"
#include "riscv/platform.h"
#include "riscv/rtc.h"
#include "gnumach_hostServer.h"

#define NS_PER_S	1000000000LL

static int64_t calendar_boot_ns;
static simple_lock_data_t calendar_lock = SIMPLE_LOCK_INITIALIZER("calendar", LOCK_RANK_CALENDAR);

/* The time CSR in nanoseconds (t * 10^9 would overflow after 30 minutes at 10 MHz). */
static int64_t
uptime_ns(void)
{
	uint64_t t = rdtime(), hz = platform.timebase_hz;

	return (int64_t)(t / hz * NS_PER_S + t % hz * NS_PER_S / hz);
}

int64_t
calendar_now_ns(void)
{
	return __atomic_load_n(&calendar_boot_ns, __ATOMIC_RELAXED) + uptime_ns();
}

void
calendar_set_ns(int64_t ns)
{
	simple_lock(&calendar_lock);
	__atomic_store_n(&calendar_boot_ns, ns - uptime_ns(), __ATOMIC_RELAXED);
	rtc_write_ns((uint64_t)ns);
	simple_unlock(&calendar_lock);
}

/* "YYYY-MM-DD hh:mm:ss UTC" for `ns' >= 0: days since 1970 to a date of
 * the Gregorian calendar, counted in 400-year eras from 0000-03-01 (so
 * that February, with the leap day, ends each year). */
static void
print_date(int64_t ns)
{
	int64_t secs = ns / NS_PER_S, days = secs / 86400, sod = secs % 86400;
	int64_t z = days + 719468;			/* days since 0000-03-01 */
	int64_t era = z / 146097, doe = z % 146097;	/* day of the era */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;		/* month from March = 0 */
	int64_t day = doy - (153 * mp + 2) / 5 + 1;
	int64_t month = mp < 10 ? mp + 3 : mp - 9;
	int64_t year = era * 400 + yoe + (month <= 2);

	printf("%04ld-%02ld-%02ld %02ld:%02ld:%02ld UTC", year, month, day, sod / 3600,
	       sod / 60 % 60, sod % 60);
}

void
calendar_init(void)
{
	uint64_t rtc;

	if (!rtc_read_ns(&rtc) || (int64_t)rtc < 0) {
		printf("calendar: no real-time clock; the time of day starts at 0 (1970)\n");
		return;
	}
	__atomic_store_n(&calendar_boot_ns, (int64_t)rtc - uptime_ns(), __ATOMIC_RELAXED);
	printf("calendar: ");
	print_date((int64_t)rtc);
	printf(", from the real-time clock\n");
}

/* ---- <mach/gnumach_host.defs> ---- */

/*
 * host_get_time: the calendar in seconds and microseconds (GNU Mach 2634),
 * in GNU Mach's 64-bit shape (rpc_time_value_t: 64-bit seconds).
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST (not a host port).
 */
kern_return_t
host_get_time(host_t host, rpc_time_value_t *current_time)
{
	if (!host)
		return KERN_INVALID_HOST;
	int64_t now = calendar_now_ns();
	current_time->seconds = now / NS_PER_S;
	current_time->microseconds = (integer_t)(now % NS_PER_S / 1000);
	return KERN_SUCCESS;
}

/*
 * host_get_time64: the calendar in 64-bit seconds and nanoseconds (GNU Mach 2643).
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST (not a host port).
 */
kern_return_t
host_get_time64(host_t host, time_value64_t *current_time)
{
	if (!host)
		return KERN_INVALID_HOST;
	int64_t now = calendar_now_ns();
	current_time->seconds = now / NS_PER_S;
	current_time->nanoseconds = now % NS_PER_S;
	return KERN_SUCCESS;
}

/*
 * host_set_time: set the calendar, and the RTC (GNU Mach 2632).
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST (not the host-priv port);
 *   KERN_INVALID_ARGUMENT (seconds < 0 or past year 2262, microseconds
 *   not 0..999999).
 */
kern_return_t
host_set_time(host_priv_t host, rpc_time_value_t new_time)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (new_time.seconds < 0 || new_time.seconds > INT64_MAX / NS_PER_S - 1 ||
	    new_time.microseconds < 0 ||
	    new_time.microseconds >= TIME_MICROS_MAX)
		return KERN_INVALID_ARGUMENT;
	calendar_set_ns((int64_t)new_time.seconds * NS_PER_S +
			(int64_t)new_time.microseconds * 1000);
	return KERN_SUCCESS;
}

/*
 * host_set_time64: as host_set_time, in seconds and nanoseconds (GNU Mach 2644).
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST (not the host-priv port);
 *   KERN_INVALID_ARGUMENT (seconds < 0 or past year 2262, nanoseconds
 *   not 0..999999999).
 */
kern_return_t
host_set_time64(host_priv_t host, time_value64_t new_time)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (new_time.seconds < 0 || new_time.seconds > INT64_MAX / NS_PER_S - 1 ||
	    new_time.nanoseconds < 0 || new_time.nanoseconds >= TIME_NANOS_MAX)
		return KERN_INVALID_ARGUMENT;
	calendar_set_ns(new_time.seconds * NS_PER_S + new_time.nanoseconds);
	return KERN_SUCCESS;
}
