/* SPDX-License-Identifier: BSD-2-Clause */
/* <mach/mach_time.h>: XNU's time base.  mach_absolute_time() counts the
 * ticks of RISC-V's time CSR (10 MHz on QEMU virt), read in user mode
 * without a trap; mach_timebase_info says how many nanoseconds a tick is
 * (numer / denom), from the kernel (host_info HOST_MACHRV_TIMEBASE_INFO). */
#ifndef _MACH_MACH_TIME_H_
#define _MACH_MACH_TIME_H_
#include <stdint.h>
#include <mach/kern_return.h>

struct mach_timebase_info {
	uint32_t	numer;
	uint32_t	denom;
};
typedef struct mach_timebase_info *mach_timebase_info_t;
typedef struct mach_timebase_info mach_timebase_info_data_t;

kern_return_t mach_timebase_info(mach_timebase_info_t info);
uint64_t mach_absolute_time(void);
/* MachRV has no sleep states: the same as mach_absolute_time. */
uint64_t mach_continuous_time(void);
uint64_t mach_approximate_time(void);
/* Sleep until mach_absolute_time() >= deadline.  KERN_SUCCESS. */
kern_return_t mach_wait_until(uint64_t deadline);

#endif /* _MACH_MACH_TIME_H_ */
