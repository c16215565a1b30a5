/* SPDX-License-Identifier: BSD-2-Clause */
/* Self-tests of the harts: all online, each taking interrupts, locks holding. */
#include "kern/selftest.h"
#include "kern/lock.h"
#include "kern/sched.h"
#include "riscv/cpu.h"
#include "riscv/intr.h"
#include "riscv/platform.h"
#include "riscv/timer.h"

SELFTEST(smp_every_hart_in_the_device_tree_is_online)
{
	CHECK(smp_online_count() == platform.nharts, "%u of %u harts online",
	      smp_online_count(), platform.nharts);
	for (unsigned i = 0; i < ncpus; i++)
		CHECK(cpus[i].self == &cpus[i] && cpus[i].number == i,
		      "cpu %u has bad per-hart state", i);
	return 0;
}

SELFTEST(timer_ticks_on_every_hart)
{
	uint64_t before[MAX_CPUS];

	for (unsigned i = 0; i < ncpus; i++)
		before[i] = __atomic_load_n(&cpus[i].ticks, __ATOMIC_RELAXED);
	timer_delay_ms(5 * 1000 / HZ);		/* five ticks' worth */
	for (unsigned i = 0; i < ncpus; i++) {
		uint64_t now = __atomic_load_n(&cpus[i].ticks, __ATOMIC_RELAXED);
		CHECK(now > before[i], "hart %u took no timer tick (%lu)", i, now);
	}
	return 0;
}

SELFTEST(ipi_reaches_every_other_hart)
{
	for (unsigned i = 1; i < ncpus; i++) {
		uint64_t before = __atomic_load_n(&cpus[i].ipis_received, __ATOMIC_RELAXED);
		cpu_send_ipi(i, IPI_PING);
		uint64_t deadline = rdtime() + timer_ticks_per_ms() * 100;
		while (__atomic_load_n(&cpus[i].ipis_received, __ATOMIC_RELAXED) == before &&
		       rdtime() < deadline)
			;
		CHECK(cpus[i].ipis_received > before, "hart %u got no IPI", i);
	}
	return 0;
}

#define LOCK_ROUNDS 20000

static simple_lock_data_t counter_lock =
	SIMPLE_LOCK_INITIALIZER("selftest counter", LOCK_RANK_TEST_INNER);
static volatile uint64_t counter;

static void
count_under_lock(void *arg)
{
	(void)arg;
	for (int i = 0; i < LOCK_ROUNDS; i++) {
		simple_lock(&counter_lock);
		counter = counter + 1;		/* a non-atomic read-modify-write */
		simple_unlock(&counter_lock);
	}
}

SELFTEST(simple_lock_serialises_threads_on_every_hart)
{
	thread_t th[MAX_CPUS];

	counter = 0;
	/* One thread per hart: the scheduler hands each to an idle hart. */
	for (unsigned i = 0; i < ncpus; i++) {
		th[i] = kernel_thread_create("st-count", count_under_lock, 0, BASEPRI_DEFAULT);
		CHECK(th[i], "no thread");
	}
	for (unsigned i = 0; i < ncpus; i++) {
		thread_join(th[i]);
		thread_deallocate(th[i]);
	}
	CHECK(counter == (uint64_t)ncpus * LOCK_ROUNDS, "counter %lu, expected %lu",
	      counter, (uint64_t)ncpus * LOCK_ROUNDS);
	return 0;
}

SELFTEST(simple_lock_keeps_interrupts_off_until_the_last_unlock)
{
	simple_lock_data_t a = SIMPLE_LOCK_INITIALIZER("a", LOCK_RANK_TEST_OUTER),
			   b = SIMPLE_LOCK_INITIALIZER("b", LOCK_RANK_TEST_INNER);

	CHECK(intr_enabled(), "interrupts off before the test");
	simple_lock(&a);
	CHECK(!intr_enabled(), "interrupts on while holding a lock");
	simple_lock(&b);
	simple_unlock(&a);
	CHECK(!intr_enabled(), "interrupts on while still holding b");
	simple_unlock(&b);
	CHECK(intr_enabled(), "interrupts still off after the last unlock");
	CHECK(simple_lock_try(&a), "try on a free lock failed");
	CHECK(!simple_lock_try(&a), "try on a held lock succeeded");
	simple_unlock(&a);
	return 0;
}
