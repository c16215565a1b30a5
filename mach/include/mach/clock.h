/* SPDX-License-Identifier: BSD-2-Clause */
/* <mach/clock.h>: Mach's clock services, as in XNU's clock.defs and
 * mach_host.defs (host_get_clock_service), and clock_sleep.  MachRV
 * provides them in libmach, over the time CSR and the kernel's calendar
 * (docs/differences.md says how they differ from XNU's kernel objects). */
#ifndef _MACH_CLOCK_H_
#define _MACH_CLOCK_H_
#include <mach/clock_types.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/mach_types.h>

/* A send right naming SYSTEM_CLOCK or CALENDAR_CLOCK.  KERN_INVALID_HOST
 * (host is not a host port), KERN_INVALID_ARGUMENT (another clock_id). */
kern_return_t host_get_clock_service(host_t host, clock_id_t clock_id, clock_serv_t *clock_serv);
/* The clock's time now.  KERN_INVALID_ARGUMENT: not a clock service. */
kern_return_t clock_get_time(clock_serv_t clock_serv, mach_timespec_t *cur_time);
/* One attribute (CLOCK_GET_TIME_RES, CLOCK_ALARM_*), in nanoseconds. */
kern_return_t clock_get_attributes(clock_serv_t clock_serv, clock_flavor_t flavor,
                                   clock_attr_t clock_attr, mach_msg_type_number_t *count);
/* Sleep until sleep_time (TIME_ABSOLUTE, on the clock) or for it
 * (TIME_RELATIVE); wakeup_time (may be NULL) gets the clock's time at the
 * wake-up.  KERN_INVALID_VALUE (a bad time or sleep_type),
 * KERN_INVALID_ARGUMENT (not a clock service). */
kern_return_t clock_sleep(mach_port_t clock_name, sleep_type_t sleep_type,
                          mach_timespec_t sleep_time, mach_timespec_t *wakeup_time);

#endif /* _MACH_CLOCK_H_ */
