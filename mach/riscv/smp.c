/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bringing up the other harts and talking to them.  The boot hart is cpu 0;
 * smp_start_secondaries() gives every other hart of the device tree a
 * struct cpu and a kernel stack and starts it through SBI HSM at
 * _start_secondary (riscv/start.S), which calls cpu_secondary_main().
 */
#include "riscv/cpu.h"
#include "riscv/csr.h"
#include "riscv/intr.h"
#include "riscv/platform.h"
#include "riscv/pmap.h"
#include "riscv/plic.h"
#include "riscv/sbi.h"
#include "riscv/timer.h"
#include "riscv/trap.h"
#include "vm/vm_page.h"
#include <stddef.h>
#include "kern/bootargs.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/sched.h"

struct cpu cpus[MAX_CPUS];
unsigned ncpus;

/*
 * The hart being started, for one that comes in through _start instead of
 * _start_secondary (OpenSBI 1.1's hart-start race, riscv/start.S).
 */
struct cpu *smp_starting_cpu;
uint32_t smp_late_entries;		/* how many came that way */

extern char _start[], _start_secondary[];

#define HART_START_TIMEOUT_MS	1000
#define KSTACK_ORDER		2	/* 2^2 pages = KSTACK_SIZE */

_Static_assert((PAGE_SIZE << KSTACK_ORDER) == KSTACK_SIZE, "kernel stack order");
_Static_assert(offsetof(struct cpu, hartid) == CPU_HARTID, "struct cpu layout (riscv/start.S)");
_Static_assert(offsetof(struct cpu, kstack_top) == CPU_KSTACK_TOP, "struct cpu layout");

unsigned
smp_online_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ncpus; i++)
		n += __atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE);
	return n;
}

void
cpu_send_ipi(unsigned cpu, uint32_t reason)
{
	__atomic_fetch_or(&cpus[cpu].ipi_pending, reason, __ATOMIC_SEQ_CST);
	sbi_send_ipi(1, cpus[cpu].hartid);
}

void
cpu_ipi_handler(void)
{
	struct cpu *c = cpu_self();
	uint32_t reasons = __atomic_exchange_n(&c->ipi_pending, 0, __ATOMIC_SEQ_CST);

	c->ipis_received++;
	if (reasons & IPI_HALT)
		cpu_halt();
	cpu_tlb_poll();			/* IPI_TLB, or a request that came with another IPI */
	if (reasons & IPI_RESCHED)
		c->need_resched = true;
	/* IPI_PING only wakes the hart. */
}

void
cpu_tlb_poll(void)
{
	struct cpu *c = cpu_self();
	uint64_t asked = __atomic_load_n(&c->tlb_requested, __ATOMIC_ACQUIRE);

	if (asked == __atomic_load_n(&c->tlb_done, __ATOMIC_RELAXED))
		return;
	sfence_vma_all();
	c->tlb_shootdowns++;
	__atomic_store_n(&c->tlb_done, asked, __ATOMIC_RELEASE);
}

void
cpu_tlb_shootdown(uint64_t harts)
{
	uint64_t ticket[MAX_CPUS];

	for (unsigned i = 0; i < ncpus; i++) {
		if (!(harts & (1UL << i)))
			continue;
		ticket[i] = __atomic_add_fetch(&cpus[i].tlb_requested, 1, __ATOMIC_SEQ_CST);
		cpu_send_ipi(i, IPI_TLB);
	}
	for (unsigned i = 0; i < ncpus; i++) {
		if (!(harts & (1UL << i)))
			continue;
		while (__atomic_load_n(&cpus[i].tlb_done, __ATOMIC_ACQUIRE) < ticket[i])
			cpu_tlb_poll();
	}
}

/*
 * cpu_idle_loop: what a hart's idle thread does.  It sleeps in wfi with
 * interrupts masked (a pending interrupt still ends wfi), so an IPI that
 * arrives between the check and the wfi cannot be lost.
 */
void
cpu_idle_loop(void)
{
	struct cpu *c = cpu_self();

	for (;;) {
		intr_off();
		if (c->need_resched || sched_runnable_count()) {
			intr_on();
			thread_block();
			continue;
		}
		wfi();
		intr_on();
	}
}

void cpu_secondary_main(struct cpu *c);
/* cpu_secondary_main: C entry of a secondary hart, on its own stack. */
void
cpu_secondary_main(struct cpu *c)
{
	pmap_activate_kernel();
	trap_init_hart();
	thread_init_cpu(c->number);
	plic_init_hart();
	timer_init_hart();
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	cpu_idle_loop();
}

/*
 * smp_start_secondaries: start every other hart of the device tree, one at
 * a time, and wait up to a second for each to come online.  The boot
 * argument smp_entry=start makes them enter through _start, as OpenSBI
 * 1.1's race sometimes does, to test that path.
 */
void
smp_start_secondaries(void)
{
	char *entry = bootarg_has("smp_entry=start") ? _start : _start_secondary;

	ncpus = platform.nharts;
	for (unsigned i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];
		c->self = c;
		c->number = i;
		c->hart_bit = 1UL << i;
		c->hartid = platform.hartid[i];
		c->plic_context = platform.plic_context[i];
		c->boot_stack = kmem_alloc_pages(KSTACK_ORDER);
		if (!c->boot_stack) {
			printf("smp: no memory for hart %u's stack\n", c->hartid);
			continue;
		}
		c->kstack_top = (uint64_t)c->boot_stack + KSTACK_SIZE;
		__atomic_store_n(&smp_starting_cpu, c, __ATOMIC_SEQ_CST);

		long err = sbi_hart_start(c->hartid, kvtophys(entry), (unsigned long)c);
		if (err) {
			printf("smp: SBI cannot start hart %u (error %ld)\n", c->hartid, err);
			continue;
		}
		uint64_t deadline = rdtime() + timer_ticks_per_ms() * HART_START_TIMEOUT_MS;
		while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE) && rdtime() < deadline)
			;
		if (!c->online)
			printf("smp: hart %u did not come online\n", c->hartid);
	}
	__atomic_store_n(&smp_starting_cpu, NULL, __ATOMIC_SEQ_CST);
	if (smp_late_entries)
		printf("smp: %u hart(s) entered through _start (OpenSBI's hart-start race)\n",
		       smp_late_entries);
}
