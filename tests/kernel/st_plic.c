/* SPDX-License-Identifier: BSD-2-Clause */
/* Self-tests of interrupt routing (mach/riscv/plic.c): a source for any
 * hart is enabled in every hart's context, masked and unmasked in all. */
#include "kern/selftest.h"
#include "riscv/platform.h"
#include "riscv/plic.h"

static void st_plic_nothing(uint32_t irq, void *arg)
{
	(void)irq, (void)arg;
}

SELFTEST(plic_any_cpu_source_is_enabled_on_every_hart)
{
	if (!platform.nvirtio)
		return 0;
	uint32_t irq = platform.virtio_irq[0];	/* no driver in a self-test boot */
	CHECK(plic_register(irq, PLIC_ANY_CPU, st_plic_nothing, NULL) == 0, "register");
	for (unsigned c = 0; c < platform.nharts; c++)
		CHECK(plic_enabled_on(irq, c), "not enabled on cpu %u", c);
	plic_mask(irq);
	for (unsigned c = 0; c < platform.nharts; c++)
		CHECK(!plic_enabled_on(irq, c), "still enabled on cpu %u", c);
	plic_unmask(irq);
	for (unsigned c = 0; c < platform.nharts; c++)
		CHECK(plic_enabled_on(irq, c), "not unmasked on cpu %u", c);
	/* Routed to one hart again: the others' contexts lose it. */
	CHECK(plic_register(irq, 0, st_plic_nothing, NULL) == 0, "register cpu 0");
	for (unsigned c = 1; c < platform.nharts; c++)
		CHECK(!plic_enabled_on(irq, c), "left enabled on cpu %u", c);
	plic_mask(irq);
	return 0;
}
