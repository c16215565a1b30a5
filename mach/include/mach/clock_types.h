/* SPDX-License-Identifier: BSD-2-Clause */
/* <mach/clock_types.h>: Mach's clocks and their times, with XNU's names
 * and values (SYSTEM_CLOCK 0, CALENDAR_CLOCK 1; TIME_ABSOLUTE 0,
 * TIME_RELATIVE 1; the attribute flavors). */
#ifndef _MACH_CLOCK_TYPES_H_
#define _MACH_CLOCK_TYPES_H_
#include <mach/machine/vm_types.h>

typedef int	alarm_type_t;
typedef int	sleep_type_t;
typedef int	clock_id_t;
typedef int	clock_flavor_t;
typedef int	*clock_attr_t;
typedef int	clock_res_t;

struct mach_timespec {
	unsigned int	tv_sec;		/* seconds */
	clock_res_t	tv_nsec;	/* nanoseconds, 0..999999999 */
};
typedef struct mach_timespec mach_timespec_t;

/* The clocks host_get_clock_service gives. */
#define SYSTEM_CLOCK		0	/* time since boot, never set */
#define CALENDAR_CLOCK		1	/* UTC since 1970 (docs/time.md) */
#define REALTIME_CLOCK		0	/* XNU's old name of SYSTEM_CLOCK */

/* clock_get_attributes flavors (each one int, in nanoseconds). */
#define CLOCK_GET_TIME_RES	1	/* the resolution of clock_get_time */
#define CLOCK_ALARM_CURRES	3	/* of alarms and clock_sleep */
#define CLOCK_ALARM_MINRES	4
#define CLOCK_ALARM_MAXRES	5

#define NSEC_PER_USEC	1000ull
#define USEC_PER_SEC	1000000ull
#define NSEC_PER_SEC	1000000000ull
#define NSEC_PER_MSEC	1000000ull

#define BAD_MACH_TIMESPEC(t) \
	((t)->tv_nsec < 0 || (t)->tv_nsec >= (long)NSEC_PER_SEC)
/* <0, 0, >0 as t1 is before, at, after t2. */
#define CMP_MACH_TIMESPEC(t1, t2) \
	((t1)->tv_sec > (t2)->tv_sec ? +NSEC_PER_SEC : \
	 ((t1)->tv_sec < (t2)->tv_sec ? -NSEC_PER_SEC : \
	  (t1)->tv_nsec - (t2)->tv_nsec))
#define ADD_MACH_TIMESPEC(t1, t2) do { \
	if (((t1)->tv_nsec += (t2)->tv_nsec) >= (long)NSEC_PER_SEC) { \
		(t1)->tv_nsec -= NSEC_PER_SEC; (t1)->tv_sec += 1; } \
	(t1)->tv_sec += (t2)->tv_sec; } while (0)
#define SUB_MACH_TIMESPEC(t1, t2) do { \
	if (((t1)->tv_nsec -= (t2)->tv_nsec) < 0) { \
		(t1)->tv_nsec += NSEC_PER_SEC; (t1)->tv_sec -= 1; } \
	(t1)->tv_sec -= (t2)->tv_sec; } while (0)

/* clock_sleep's and alarms' kinds of time. */
#define TIME_ABSOLUTE		0x00
#define TIME_RELATIVE		0x01
#define TIME_INVALID(t)		((t) & ~(TIME_ABSOLUTE | TIME_RELATIVE))

#endif /* _MACH_CLOCK_TYPES_H_ */
