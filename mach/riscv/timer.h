/* SPDX-License-Identifier: BSD-2-Clause */
/* The per-hart clock interrupt, from the SBI timer, HZ times a second. */
#ifndef _RISCV_TIMER_H_
#define _RISCV_TIMER_H_
#include <stdint.h>

#define HZ	100

/* timer_init_hart: arm this hart's first tick (HZ a second). */
void timer_init_hart(void);
/*
 * timer_interrupt: from trap_handler, interrupts off: count the tick,
 * arm the next (skipping those missed), then sched_tick.
 */
void timer_interrupt(void);
/* timer_ticks_per_ms: timebase units per millisecond (at least 1). */
uint64_t timer_ticks_per_ms(void);
/* timer_delay_ms: busy-wait `ms' (boot and tests only). */
void timer_delay_ms(unsigned ms);

#endif /* _RISCV_TIMER_H_ */
