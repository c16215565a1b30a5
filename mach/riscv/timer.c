/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The clock interrupt.  Each hart arms its own timer through SBI (the TIME
 * extension) for the next tick; the timebase frequency comes from the device
 * tree.  Ticks are counted per hart; the scheduler will hang off this.
 */
#include "riscv/timer.h"
#include "riscv/cpu.h"
#include "riscv/csr.h"
#include "riscv/platform.h"
#include "riscv/sbi.h"
#include "kern/sched.h"

static uint64_t
tick_interval(void)
{
	return platform.timebase_hz / HZ;
}

uint64_t
timer_ticks_per_ms(void)
{
	uint64_t t = platform.timebase_hz / 1000;
	return t ? t : 1;
}

void
timer_init_hart(void)
{
	struct cpu *c = cpu_self();

	c->next_tick = rdtime() + tick_interval();
	sbi_set_timer(c->next_tick);
}

void
timer_interrupt(void)
{
	struct cpu *c = cpu_self();
	uint64_t now = rdtime();

	c->ticks++;
	/* Keep a steady rate; if we fell behind, skip the missed ticks. */
	c->next_tick += tick_interval();
	if (c->next_tick <= now)
		c->next_tick = now + tick_interval();
	sbi_set_timer(c->next_tick);	/* also clears the pending interrupt */
	sched_tick();
}

void
timer_delay_ms(unsigned ms)
{
	uint64_t end = rdtime() + timer_ticks_per_ms() * ms;

	while (rdtime() < end)
		;
}
