/* SPDX-License-Identifier: BSD-2-Clause */
/* The per-hart clock interrupt, from the SBI timer, HZ times a second. */
#ifndef _RISCV_TIMER_H_
#define _RISCV_TIMER_H_
#include <stdint.h>

#define HZ	100

void timer_init_hart(void);	/* arm this hart's first tick */
void timer_interrupt(void);	/* from trap_handler: count, re-arm */
uint64_t timer_ticks_per_ms(void);	/* timebase units per millisecond */
void timer_delay_ms(unsigned ms);	/* busy-wait (boot and tests only) */

#endif /* _RISCV_TIMER_H_ */
