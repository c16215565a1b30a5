/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lock-order checker (built with -DMACHRV_LOCK_CHECK=ON; see
 * kern/lock_order.h for the order and kern/lock.h for where it is called).
 * Each hart keeps a stack of the locks it holds, with where each was taken.
 * Taking a lock whose rank is not above every held lock's (unless the
 * rank's same-rank rule allows it), releasing a lock not held, or waiting
 * with a spinlock held panics, naming both locks, the hart and the place.
 * The first violation turns the checker off, so the panic's own printing
 * cannot report another.
 */
#include <stddef.h>
#include "kern/lock.h"
#include "kern/lock_check.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "riscv/cpu.h"
#include "vm/vm_object.h"

static const char *const rank_names[LOCK_RANK_COUNT] = {
	[LOCK_RANK_NONE] = "none",
	[LOCK_RANK_DEVICE_INTR] = "device intr",
	[LOCK_RANK_TRACE] = "trace",
	[LOCK_RANK_TASKS] = "tasks",
	[LOCK_RANK_TASK] = "task",
	[LOCK_RANK_HOST] = "host",
	[LOCK_RANK_SPACE] = "space",
	[LOCK_RANK_PSET] = "port set",
	[LOCK_RANK_PORT] = "port",
	[LOCK_RANK_TRANSIT] = "transit",
	[LOCK_RANK_SEMAPHORE] = "semaphore",
	[LOCK_RANK_VM_MAPS] = "vm maps",
	[LOCK_RANK_VM_MAP] = "vm map",
	[LOCK_RANK_VM_MAP_CHILD] = "vm map child",
	[LOCK_RANK_PAGERS] = "pagers",
	[LOCK_RANK_VM_OBJECT] = "vm object",
	[LOCK_RANK_PAGE_HASH] = "page hash",
	[LOCK_RANK_PMAP] = "pmap",
	[LOCK_RANK_KERNEL_PMAP] = "kernel pmap",
	[LOCK_RANK_SCHED] = "sched",
	[LOCK_RANK_DEVICE_PLIC] = "plic",
	[LOCK_RANK_CALENDAR] = "calendar",
	[LOCK_RANK_ZONES] = "zones",
	[LOCK_RANK_ZONE] = "zone",
	[LOCK_RANK_VM_PAGE] = "vm page",
	[LOCK_RANK_TEST_OUTER] = "test outer",
	[LOCK_RANK_TEST_INNER] = "test inner",
	[LOCK_RANK_CONSOLE] = "console",
};

const char *
lock_rank_name(unsigned rank)
{
	return rank < LOCK_RANK_COUNT && rank_names[rank] ? rank_names[rank] : "?";
}

#if MACHRV_LOCK_CHECK

#define LOCK_HELD_MAX	16	/* deeper nesting than this is itself a bug */

struct held_lock {
	const simple_lock_data_t *lock;
	uintptr_t	pc;		/* where it was taken */
};

static struct hart_locks {
	unsigned	n;
	struct held_lock held[LOCK_HELD_MAX];
} harts[MAX_CPUS];

static volatile bool checker_off;	/* after the first violation */

static struct hart_locks *
this_hart(void)
{
	return &harts[cpu_self()->number];
}

/* Report a violation once: the panic names the hart and prints the backtrace. */
#define violation(...)							\
	do {								\
		checker_off = true;					\
		panic(__VA_ARGS__);					\
	} while (0)

/* May `next' be taken while `held' (of the same rank) is held?  The rules of lock_order.h. */
static bool
same_rank_allowed(const simple_lock_data_t *held, const simple_lock_data_t *next)
{
	switch (held->rank) {
	case LOCK_RANK_PORT:
		return (uintptr_t)next > (uintptr_t)held;	/* ascending address */
	case LOCK_RANK_VM_OBJECT: {
		/* Down the shadow chain: `next' backs `held', directly or further down. */
		const struct vm_object *o = (const struct vm_object *)
			((const char *)held - offsetof(struct vm_object, lock));
		for (unsigned depth = 0; o && depth < 64; depth++) {
			o = o->shadow;
			if (o && &o->lock == next)
				return true;
		}
		return false;
	}
	default:
		return false;
	}
}

void
lock_check_acquire(simple_lock_data_t *l)
{
	if (checker_off)
		return;
	struct hart_locks *h = this_hart();
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);

	if (l->rank == LOCK_RANK_NONE || l->rank >= LOCK_RANK_COUNT)
		violation("lock order: \"%s\" has no rank (taken at %p)", l->name, (void *)pc);
	for (unsigned i = 0; i < h->n; i++) {
		const struct held_lock *o = &h->held[i];
		if (o->lock == l)
			violation("lock order: hart %u takes \"%s\" at %p, which it holds "
				  "already (taken at %p)", cpu_number(), l->name, (void *)pc,
				  (void *)o->pc);
		if (o->lock->rank < l->rank ||
		    (o->lock->rank == l->rank && same_rank_allowed(o->lock, l)))
			continue;
		violation("lock order: hart %u takes \"%s\" (rank %s) at %p while holding "
			  "\"%s\" (rank %s, taken at %p)", cpu_number(), l->name,
			  lock_rank_name(l->rank), (void *)pc, o->lock->name,
			  lock_rank_name(o->lock->rank), (void *)o->pc);
	}
	if (h->n == LOCK_HELD_MAX)
		violation("lock order: hart %u takes \"%s\" at %p with %u locks held already",
			  cpu_number(), l->name, (void *)pc, h->n);
	h->held[h->n++] = (struct held_lock){ l, pc };
}

/* A simple_lock_try that succeeded: held now, in whatever order (it did not wait). */
void
lock_check_acquired_try(simple_lock_data_t *l)
{
	if (checker_off)
		return;
	struct hart_locks *h = this_hart();

	if (h->n == LOCK_HELD_MAX)
		violation("lock order: hart %u took \"%s\" with %u locks held already",
			  cpu_number(), l->name, h->n);
	h->held[h->n++] = (struct held_lock){ l, (uintptr_t)__builtin_return_address(0) };
}

void
lock_check_release(simple_lock_data_t *l)
{
	if (checker_off)
		return;
	struct hart_locks *h = this_hart();

	for (unsigned i = h->n; i-- > 0;) {
		if (h->held[i].lock != l)
			continue;
		for (; i + 1 < h->n; i++)
			h->held[i] = h->held[i + 1];
		h->n--;
		return;
	}
	violation("lock order: hart %u releases \"%s\" at %p, which it does not hold",
		  cpu_number(), l->name, __builtin_return_address(0));
}

void
lock_check_may_block(const char *what)
{
	if (checker_off)
		return;
	struct hart_locks *h = this_hart();

	if (h->n)
		violation("lock order: hart %u: %s with spinlock \"%s\" held (taken at %p)",
			  cpu_number(), what, h->held[h->n - 1].lock->name,
			  (void *)h->held[h->n - 1].pc);
}

void
lock_check_switch(void)
{
	if (checker_off)
		return;
	struct hart_locks *h = this_hart();

	for (unsigned i = 0; i < h->n; i++)
		if (h->held[i].lock != &sched_lock)
			violation("lock order: hart %u: a thread switch with spinlock \"%s\" "
				  "held (taken at %p)", cpu_number(), h->held[i].lock->name,
				  (void *)h->held[i].pc);
	if (h->n != 1)
		violation("lock order: hart %u: a thread switch without sched_lock held",
			  cpu_number());
}

#endif /* MACHRV_LOCK_CHECK */
