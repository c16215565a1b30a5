/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Simple locks: spinlocks that keep interrupts off on this hart while held,
 * so an interrupt handler can never spin on a lock its own hart holds.
 * The uncontended paths are inline: IPC takes a dozen locks per message.
 *
 * Every lock has a rank (kern/lock_order.h: the kernel's one lock order).
 * In a kernel built with -DMACHRV_LOCK_CHECK=ON (CI runs every QEMU suite
 * on one), each lock records its holder, and kern/lock_check.c keeps each
 * hart's held locks: taking a lock the hart holds already (a deadlock),
 * one out of order, releasing one it does not hold, or waiting with a
 * spinlock held panics with the locks named.  The release build does none
 * of that (a lock is its word: about five instructions fewer a lock and
 * unlock, a dozen pairs a message); the rank is stored, never read.
 */
#ifndef _KERN_LOCK_H_
#define _KERN_LOCK_H_
#include <stdbool.h>
#include <stdint.h>
#include "kern/lock_order.h"

#ifndef MACHRV_LOCK_CHECK
#define MACHRV_LOCK_CHECK 0	/* the build sets it: 1 with -DMACHRV_LOCK_CHECK=ON */
#endif

struct cpu;

typedef struct simple_lock {
	volatile uint32_t locked;
	uint16_t	rank;		/* enum lock_rank (kern/lock_order.h) */
	const char	*name;		/* for panics and the debugger */
	struct cpu	*holder;	/* valid while locked (MACHRV_LOCK_CHECK only) */
} simple_lock_data_t;

#define SIMPLE_LOCK_INITIALIZER(n, r) { .locked = 0, .rank = (r), .name = (n), .holder = 0 }

/* simple_lock_init: `l' free, named `name' (for panics), of rank `rank' (lock_order.h). */
void simple_lock_init(simple_lock_data_t *l, const char *name, enum lock_rank rank);
/* simple_lock_set_rank: `l', not held, has rank `rank' from now on (lock_order.h says when). */
static inline void simple_lock_set_rank(simple_lock_data_t *l, enum lock_rank rank)
{
	l->rank = (uint16_t)rank;
}
bool simple_lock_try(simple_lock_data_t *l);

#ifdef MACHRV_HOST_TEST
/* Host unit tests link their own (tests/host/stubs.c). */
void simple_lock(simple_lock_data_t *l);
void simple_unlock(simple_lock_data_t *l);
#else
#include "riscv/intr.h"
#include "riscv/atomic.h"

/* kern/lock.c: waiting for a held lock. */
void simple_lock_contended(simple_lock_data_t *l);

#if MACHRV_LOCK_CHECK
/* simple_unlock_not_held: panic: `l' was unlocked by a hart that does not hold it. */
void simple_unlock_not_held(simple_lock_data_t *l) __attribute__((noreturn));
/* simple_lock_not_off: panic: simple_lock_off found interrupts on or pushed. */
void simple_lock_not_off(simple_lock_data_t *l) __attribute__((noreturn));
/* kern/lock_check.c: this hart's held locks, checked against the lock order. */
/* lock_check_acquire: `l' is about to be taken: panics if out of order or held already. */
void lock_check_acquire(simple_lock_data_t *l);
/* lock_check_acquired_try: `l' was taken by a try (any order): it joins the held stack. */
void lock_check_acquired_try(simple_lock_data_t *l);
/* lock_check_release: `l' is about to be released: panics if this hart does not hold it. */
void lock_check_release(simple_lock_data_t *l);
#endif

/*
 * simple_lock_noirq, simple_unlock_noirq: the lock itself, for code that
 * runs with interrupts off already and keeps them off while it holds the
 * lock (the IPC fast path, entered from the trap).
 *   With MACHRV_LOCK_CHECK, panics if this hart already holds `l' (or,
 *   unlocking, does not).
 */
static inline __attribute__((always_inline)) void
simple_lock_noirq(simple_lock_data_t *l)
{
#if MACHRV_LOCK_CHECK
	lock_check_acquire(l);
#endif
	if (__builtin_expect(spin_swap_acquire(&l->locked), 0))
		simple_lock_contended(l);
#if MACHRV_LOCK_CHECK
	l->holder = cpu_self();
#endif
}

/* The lock checker's part of a release. */
static inline __attribute__((always_inline)) void
simple_unlock_checked(simple_lock_data_t *l)
{
#if MACHRV_LOCK_CHECK
	lock_check_release(l);
	if (__builtin_expect(l->holder != cpu_self(), 0))
		simple_unlock_not_held(l);
	l->holder = 0;
#else
	(void)l;
#endif
}

/*
 * The release orders this hart's memory accesses only (spin_release, riscv/atomic.h): no
 * device register is touched under these locks.  simple_unlock's also
 * orders device accesses (the PLIC's, the console's).
 */
static inline __attribute__((always_inline)) void
simple_unlock_noirq(simple_lock_data_t *l)
{
	simple_unlock_checked(l);
	spin_release(&l->locked);
}

/*
 * simple_lock: spin until `l' is ours.
 *   Interrupts: off on return, until the matching simple_unlock().
 *   With MACHRV_LOCK_CHECK, panics if this hart already holds `l'.
 */
static inline __attribute__((always_inline)) void
simple_lock(simple_lock_data_t *l)
{
	intr_push();
	simple_lock_noirq(l);
}

/*
 * intr_push_off: intr_push where interrupts are known to be off with no
 * push outstanding (the IPC fast path, on its way from the trap, holding
 * only _noirq locks): the count is set, not read, and the matching pop
 * leaves interrupts off.
 *   With MACHRV_LOCK_CHECK, panics (naming `l', the lock it is for) if
 *   they were on or pushed.
 */
static inline __attribute__((always_inline)) void
intr_push_off(simple_lock_data_t *l)
{
	struct cpu *c = cpu_self();

#if MACHRV_LOCK_CHECK
	if (c->intr_depth != 0 || intr_enabled())
		simple_lock_not_off(l);
#else
	(void)l;
#endif
	c->intr_depth = 1;
	c->intr_enabled_before = false;
}

/*
 * simple_lock_off: simple_lock where interrupts are known to be off with
 * no push outstanding (intr_push_off); the matching simple_unlock leaves
 * them off.
 *   With MACHRV_LOCK_CHECK, panics if they were on or pushed.
 */
static inline __attribute__((always_inline)) void
simple_lock_off(simple_lock_data_t *l)
{
	intr_push_off(l);
	simple_lock_noirq(l);
}

static inline __attribute__((always_inline)) void
simple_unlock(simple_lock_data_t *l)
{
	simple_unlock_checked(l);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);	/* a fence for device accesses too */
	intr_pop();
}
#endif

#endif /* _KERN_LOCK_H_ */
