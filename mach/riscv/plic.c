/* SPDX-License-Identifier: BSD-2-Clause */
/* The PLIC driver (see riscv/plic.h); register layout from the PLIC spec. */
#include "riscv/plic.h"
#include "riscv/cpu.h"
#include "riscv/platform.h"
#include "riscv/vm_param.h"
#include "kern/lock.h"
#include "kern/printf.h"

#define PLIC_MAX_IRQ		128
#define PLIC_PRIORITY(irq)	(4 * (irq))
#define PLIC_ENABLE(ctx)	(0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx)	(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(0x200004 + 0x1000 * (ctx))

struct plic_source {
	plic_handler_t	handler;
	void		*arg;
	uint64_t	count;
	uint32_t	ctx;		/* the PLIC context it is enabled in */
};

static struct plic_source sources[PLIC_MAX_IRQ];
/* Covers the enable bits (read-modify-write) and the handler table. */
static simple_lock_data_t plic_lock = SIMPLE_LOCK_INITIALIZER("plic");

static volatile uint32_t *
reg(uint64_t off)
{
	return (volatile uint32_t *)phystokv(platform.plic.base + off);
}

void
plic_init(void)
{
	if (!platform.plic.size)
		return;
	for (uint32_t irq = 1; irq <= platform.plic_ndev && irq < PLIC_MAX_IRQ; irq++)
		*reg(PLIC_PRIORITY(irq)) = 0;
}

void
plic_init_hart(void)
{
	uint32_t ctx = platform.plic_context[cpu_number()];

	if (!platform.plic.size || ctx == UINT32_MAX)
		return;
	*reg(PLIC_THRESHOLD(ctx)) = 0;
}

int
plic_register(uint32_t irq, unsigned cpu, plic_handler_t handler, void *arg)
{
	if (!platform.plic.size || irq == 0 || irq >= PLIC_MAX_IRQ ||
	    irq > platform.plic_ndev || cpu >= platform.nharts)
		return -1;
	uint32_t ctx = platform.plic_context[cpu];
	if (ctx == UINT32_MAX)
		return -1;
	simple_lock(&plic_lock);
	sources[irq].handler = handler;
	sources[irq].arg = arg;
	sources[irq].ctx = ctx;
	*reg(PLIC_PRIORITY(irq)) = 1;
	*reg(PLIC_ENABLE(ctx) + 4 * (irq / 32)) |= 1u << (irq % 32);
	simple_unlock(&plic_lock);
	return 0;
}

/* Set or clear `irq's enable bit in its context. */
static void
plic_enable(uint32_t irq, bool on)
{
	if (irq == 0 || irq >= PLIC_MAX_IRQ)
		return;
	simple_lock(&plic_lock);
	if (sources[irq].handler) {
		volatile uint32_t *word = reg(PLIC_ENABLE(sources[irq].ctx) + 4 * (irq / 32));
		if (on)
			*word |= 1u << (irq % 32);
		else
			*word &= ~(1u << (irq % 32));
	}
	simple_unlock(&plic_lock);
}

void plic_mask(uint32_t irq) { plic_enable(irq, false); }
void plic_unmask(uint32_t irq) { plic_enable(irq, true); }

void
plic_interrupt(void)
{
	uint32_t ctx = platform.plic_context[cpu_number()];
	uint32_t irq;

	/* Claim until nothing is pending: one trap may cover several sources. */
	while ((irq = *reg(PLIC_CLAIM(ctx))) != 0) {
		if (irq < PLIC_MAX_IRQ && sources[irq].handler) {
			sources[irq].count++;
			sources[irq].handler(irq, sources[irq].arg);
		} else {
			printf("plic: spurious interrupt %u on hart %u\n", irq, cpu_number());
		}
		*reg(PLIC_CLAIM(ctx)) = irq;	/* complete */
	}
}

uint64_t
plic_count(uint32_t irq)
{
	return irq < PLIC_MAX_IRQ ? sources[irq].count : 0;
}
