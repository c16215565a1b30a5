/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The real-time clock the device tree names (QEMU virt's Goldfish RTC):
 * nanoseconds since 1970-01-01 00:00:00 UTC.  kern/calendar.c reads it
 * once at boot and writes it when the time is set.
 */
#ifndef _RISCV_RTC_H_
#define _RISCV_RTC_H_
#include <stdbool.h>
#include <stdint.h>

/* rtc_read_ns: the clock's time in *ns; false (nothing read) if there is no RTC. */
bool rtc_read_ns(uint64_t *ns);
/* rtc_write_ns: set the clock, if there is one (it keeps counting from `ns'). */
void rtc_write_ns(uint64_t ns);

#endif /* _RISCV_RTC_H_ */
