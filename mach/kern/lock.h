/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Simple locks: spinlocks that keep interrupts off on this hart while held,
 * so an interrupt handler can never spin on a lock its own hart holds.
 * Taking a lock the hart already holds panics (it would deadlock).
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

void simple_lock_init(simple_lock_data_t *l, const char *name);
void simple_lock(simple_lock_data_t *l);
bool simple_lock_try(simple_lock_data_t *l);
void simple_unlock(simple_lock_data_t *l);
bool simple_lock_held(const simple_lock_data_t *l);

#endif /* _KERN_LOCK_H_ */
