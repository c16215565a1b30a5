/* SPDX-License-Identifier: BSD-2-Clause */
/* Simple locks (see kern/lock.h): test-and-set with acquire/release ordering. */
#include "kern/lock.h"
#include "kern/panic.h"
#include "riscv/cpu.h"
#include "riscv/intr.h"

void
simple_lock_init(simple_lock_data_t *l, const char *name)
{
	l->locked = 0;
	l->name = name;
	l->holder = 0;
}

/*
 * simple_lock: spin until `l' is ours.
 *   Interrupts: off on return, until the matching simple_unlock().
 *   Panics if this hart already holds `l'.
 */
void
simple_lock(simple_lock_data_t *l)
{
	intr_push();
	if (simple_lock_held(l))
		panic("simple_lock: %s already held by this hart", l->name);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			__asm__ __volatile__("nop");
	}
	l->holder = cpu_self();
}

/* simple_lock_try: take `l' if free.  Returns true with interrupts off if taken. */
bool
simple_lock_try(simple_lock_data_t *l)
{
	intr_push();
	if (!simple_lock_held(l) &&
	    !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		l->holder = cpu_self();
		return true;
	}
	intr_pop();
	return false;
}

void
simple_unlock(simple_lock_data_t *l)
{
	if (!simple_lock_held(l))
		panic("simple_unlock: %s not held by this hart", l->name);
	l->holder = 0;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	intr_pop();
}

bool
simple_lock_held(const simple_lock_data_t *l)
{
	return l->locked && l->holder == cpu_self();
}
