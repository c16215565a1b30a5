/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Simple locks: spinlocks that keep interrupts off on this hart while held,
 * so an interrupt handler can never spin on a lock its own hart holds.
 * Taking a lock the hart already holds panics (it would deadlock); so does
 * releasing one it does not hold.  The uncontended paths are inline: IPC
 * takes a dozen locks per message.
 */
#ifndef _KERN_LOCK_H_
#define _KERN_LOCK_H_
#include <stdbool.h>
#include <stdint.h>

struct cpu;

typedef struct simple_lock {
	volatile uint32_t locked;
	const char	*name;		/* for panics and the debugger */
	struct cpu	*holder;	/* valid while locked */
} simple_lock_data_t;

#define SIMPLE_LOCK_INITIALIZER(n) { .locked = 0, .name = (n), .holder = 0 }

/* simple_lock_init: an unlocked lock named `name' (for messages and the debugger). */
void simple_lock_init(simple_lock_data_t *l, const char *name);
bool simple_lock_try(simple_lock_data_t *l);
/* simple_lock_held: true if this hart holds `l' (another hart's hold is false). */
bool simple_lock_held(const simple_lock_data_t *l);

#ifdef MACHRV_HOST_TEST
/* Host unit tests link their own (tests/host/stubs.c). */
void simple_lock(simple_lock_data_t *l);
void simple_unlock(simple_lock_data_t *l);
#else
#include "riscv/intr.h"

/* kern/lock.c: waiting for a held lock, and the misuse checks. */
void simple_lock_contended(simple_lock_data_t *l);
/* simple_unlock_not_held: panic: `l' was unlocked by a hart that does not hold it. */
void simple_unlock_not_held(simple_lock_data_t *l) __attribute__((noreturn));

/*
 * simple_lock_noirq, simple_unlock_noirq: the lock itself, for code that
 * runs with interrupts off already and keeps them off while it holds the
 * lock (the IPC fast path, entered from the trap).
 *   Panics if this hart already holds `l' (or, unlocking, does not).
 */
static inline __attribute__((always_inline)) void
simple_lock_noirq(simple_lock_data_t *l)
{
	if (__builtin_expect(__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE), 0))
		simple_lock_contended(l);
	l->holder = cpu_self();
}

static inline __attribute__((always_inline)) void
simple_unlock_noirq(simple_lock_data_t *l)
{
	if (__builtin_expect(l->holder != cpu_self(), 0))
		simple_unlock_not_held(l);
	l->holder = 0;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/*
 * simple_lock: spin until `l' is ours.
 *   Interrupts: off on return, until the matching simple_unlock().
 *   Panics if this hart already holds `l'.
 */
static inline __attribute__((always_inline)) void
simple_lock(simple_lock_data_t *l)
{
	intr_push();
	simple_lock_noirq(l);
}

static inline __attribute__((always_inline)) void
simple_unlock(simple_lock_data_t *l)
{
	simple_unlock_noirq(l);
	intr_pop();
}
#endif

#endif /* _KERN_LOCK_H_ */
