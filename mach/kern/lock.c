/* SPDX-License-Identifier: BSD-2-Clause */
/* Simple locks (see kern/lock.h): the slow paths and the checks. */
#include "kern/lock.h"
#include "kern/panic.h"
#include "riscv/cpu.h"
#include "riscv/intr.h"

void
simple_lock_init(simple_lock_data_t *l, const char *name, enum lock_rank rank)
{
	l->locked = 0;
	l->rank = (uint16_t)rank;
	l->name = name;
	l->holder = 0;
}

/*
 * The lock was taken: by another hart (spin), or by this one (a deadlock:
 * lock_check_acquire reports it first in a MACHRV_LOCK_CHECK kernel; a
 * release kernel spins).
 */
void
simple_lock_contended(simple_lock_data_t *l)
{
	do {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_tlb_poll();	/* the holder may wait for our TLB flush */
	} while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE));
}

#if MACHRV_LOCK_CHECK
void
simple_unlock_not_held(simple_lock_data_t *l)
{
	panic("simple_unlock: %s not held by this hart (held by %s)", l->name,
	      !l->locked ? "nobody" : l->holder ? "another hart" : "?");
}

void
simple_lock_not_off(simple_lock_data_t *l)
{
	panic("simple_lock_off: %s taken with interrupts %s (push depth %d)", l->name,
	      intr_enabled() ? "on" : "off", cpu_self()->intr_depth);
}
#endif

/* simple_lock_try: take `l' if free.  Returns true with interrupts off if taken. */
bool
simple_lock_try(simple_lock_data_t *l)
{
	intr_push();
	if (!__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
#if MACHRV_LOCK_CHECK
		l->holder = cpu_self();
		lock_check_acquired_try(l);
#endif
		return true;
	}
	intr_pop();
	return false;
}
