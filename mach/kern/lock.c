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

/* The lock was taken: by this hart (a deadlock to report), or by another (spin). */
void
simple_lock_contended(simple_lock_data_t *l)
{
	if (l->holder == cpu_self())
		panic("simple_lock: %s already held by this hart", l->name);
	do {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_tlb_poll();	/* the holder may wait for our TLB flush */
	} while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE));
}

void
simple_unlock_not_held(simple_lock_data_t *l)
{
	panic("simple_unlock: %s not held by this hart (held by %s)", l->name,
	      !l->locked ? "nobody" : l->holder ? "another hart" : "?");
}

/* simple_lock_try: take `l' if free.  Returns true with interrupts off if taken. */
bool
simple_lock_try(simple_lock_data_t *l)
{
	intr_push();
	if (!simple_lock_held(l) &&
	    !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		l->holder = cpu_self();
#if MACHRV_LOCK_CHECK
		lock_check_acquired_try(l);
#endif
		return true;
	}
	intr_pop();
	return false;
}

bool
simple_lock_held(const simple_lock_data_t *l)
{
	return l->locked && l->holder == cpu_self();
}
