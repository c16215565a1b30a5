/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Goldfish RTC (device tree "google,goldfish-rtc"; QEMU's
 * hw/rtc/goldfish_rtc.c, Android's GOLDFISH-VIRTUAL-HARDWARE.TXT): a 64-bit
 * count of nanoseconds since the Unix epoch, in UTC, read as two 32-bit
 * registers.  Reading TIME_LOW takes the whole count and latches its high
 * half, which TIME_HIGH then returns, so the two halves always belong
 * together.  A write to either half replaces that half of the running
 * count.  The alarm and its interrupt are not used.
 */
#include "riscv/rtc.h"
#include "riscv/platform.h"
#include "riscv/vm_param.h"

#define RTC_TIME_LOW	0x00	/* read first: latches TIME_HIGH */
#define RTC_TIME_HIGH	0x04

static volatile uint32_t *
rtc_reg(unsigned off)
{
	return (volatile uint32_t *)phystokv(platform.rtc.base + off);
}

bool
rtc_read_ns(uint64_t *ns)
{
	if (!platform.rtc.size)
		return false;
	uint32_t lo = *rtc_reg(RTC_TIME_LOW);
	uint32_t hi = *rtc_reg(RTC_TIME_HIGH);
	*ns = (uint64_t)hi << 32 | lo;
	return true;
}

/*
 * As Linux's rtc-goldfish does: the high half first, then the low half.
 * (The count runs on between the two writes; only if its low half wraps
 * in those few nanoseconds is the result 4.3 seconds late.)
 */
void
rtc_write_ns(uint64_t ns)
{
	if (!platform.rtc.size)
		return;
	*rtc_reg(RTC_TIME_HIGH) = (uint32_t)(ns >> 32);
	*rtc_reg(RTC_TIME_LOW) = (uint32_t)ns;
}
