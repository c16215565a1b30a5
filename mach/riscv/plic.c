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
	uint64_t	count;		/* atomic: any hart may take it */
	unsigned	cpu;		/* its target hart, or PLIC_ANY_CPU */
	bool		enabled;	/* unmasked */
};

static struct plic_source sources[PLIC_MAX_IRQ];
/* Covers the enable bits (read-modify-write) and the handler table. */
static simple_lock_data_t plic_lock = SIMPLE_LOCK_INITIALIZER("plic", LOCK_RANK_DEVICE_PLIC);

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

/*
 * set_enable: set or clear `irq's enable bit in the context of every hart
 * it targets (one hart, or every hart the PLIC has a context for; a hart
 * not online yet never claims, so the others take the interrupt).
 *   Locks: plic_lock held.
 */
static void
set_enable(uint32_t irq, unsigned cpu, bool on)
{
	for (unsigned c = 0; c < platform.nharts; c++) {
		uint32_t ctx = platform.plic_context[c];
		if (ctx == UINT32_MAX || (cpu != PLIC_ANY_CPU && c != cpu))
			continue;
		volatile uint32_t *word = reg(PLIC_ENABLE(ctx) + 4 * (irq / 32));
		if (on) {
			*word |= 1u << (irq % 32);
			/*
			 * Rewrite the threshold (the same value): QEMU's PLIC
			 * looks at pending sources again on a threshold write
			 * but not on an enable write, so an interrupt that came
			 * while the source was masked would wait for the next
			 * one.  On a real PLIC the write changes nothing.
			 */
			*reg(PLIC_THRESHOLD(ctx)) = 0;
		} else {
			*word &= ~(1u << (irq % 32));
		}
	}
}

int
plic_register(uint32_t irq, unsigned cpu, plic_handler_t handler, void *arg)
{
	if (!platform.plic.size || irq == 0 || irq >= PLIC_MAX_IRQ ||
	    irq > platform.plic_ndev || (cpu != PLIC_ANY_CPU && cpu >= platform.nharts))
		return -1;
	if (cpu != PLIC_ANY_CPU && platform.plic_context[cpu] == UINT32_MAX)
		return -1;
	simple_lock(&plic_lock);
	if (sources[irq].handler)
		set_enable(irq, sources[irq].cpu, false);	/* off its old targets */
	sources[irq].handler = handler;
	sources[irq].arg = arg;
	sources[irq].cpu = cpu;
	sources[irq].enabled = true;
	*reg(PLIC_PRIORITY(irq)) = 1;
	set_enable(irq, cpu, true);
	simple_unlock(&plic_lock);
	return 0;
}

/* Set or clear `irq's enable bits in its targets' contexts. */
static void
plic_enable(uint32_t irq, bool on)
{
	if (irq == 0 || irq >= PLIC_MAX_IRQ)
		return;
	simple_lock(&plic_lock);
	if (sources[irq].handler) {
		sources[irq].enabled = on;
		set_enable(irq, sources[irq].cpu, on);
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
			__atomic_fetch_add(&sources[irq].count, 1, __ATOMIC_RELAXED);
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

bool
plic_enabled_on(uint32_t irq, unsigned cpu)
{
	uint32_t ctx = cpu < platform.nharts ? platform.plic_context[cpu] : UINT32_MAX;

	if (!platform.plic.size || ctx == UINT32_MAX || irq == 0 || irq >= PLIC_MAX_IRQ)
		return false;
	return (*reg(PLIC_ENABLE(ctx) + 4 * (irq / 32)) >> (irq % 32)) & 1;
}
