/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The calendar: the time of day, UTC nanoseconds since 1970-01-01.  It is
 * read from the real-time clock once at boot (riscv/rtc.c) and then runs
 * with the time CSR, the clock the scheduler's timers use, so it never
 * drifts from them; without an RTC it starts at 0 at boot.  Served to
 * user space by GNU Mach's host_get_time and host_set_time
 * (<mach/gnumach_host.defs>; docs/time.md).
 */
#ifndef _KERN_CALENDAR_H_
#define _KERN_CALENDAR_H_
#include <stdint.h>

/* calendar_init: read the RTC and print the date; boot hart, after pmap_bootstrap. */
void calendar_init(void);
/* calendar_now_ns: the time of day now; any hart, any context, no lock. */
int64_t calendar_now_ns(void);
/* calendar_set_ns: make the time of day `ns' (>= 0) now, in the RTC too. */
void calendar_set_ns(int64_t ns);

#endif /* _KERN_CALENDAR_H_ */
