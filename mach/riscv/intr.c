/* SPDX-License-Identifier: BSD-2-Clause */
/* Nested interrupt disabling (see riscv/intr.h). */
#include "riscv/intr.h"
#include "riscv/cpu.h"
#include "kern/panic.h"

void
intr_push(void)
{
	bool was_on = intr_enabled();

	intr_off();
	struct cpu *c = cpu_self();
	if (c->intr_depth++ == 0)
		c->intr_enabled_before = was_on;
}

void
intr_pop(void)
{
	struct cpu *c = cpu_self();

	if (intr_enabled())
		panic("intr_pop: interrupts are on");
	if (c->intr_depth <= 0)
		panic("intr_pop: not pushed");
	if (--c->intr_depth == 0 && c->intr_enabled_before)
		intr_on();
}
