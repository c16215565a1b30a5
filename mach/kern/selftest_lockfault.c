/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Deliberate lock-order violations (boot argument fault=lock_KIND), for the
 * kernel built with the lock checker (-DMACHRV_LOCK_CHECK=ON): each must end
 * in the checker's panic naming the locks (tests/qemu, qemu.variant.*).
 * Without the checker they do not panic, and selftest_fault says so.
 *   lock_order   the inner test lock, then the outer one
 *   lock_ports   two ports in ascending address order (allowed), then in
 *                descending order
 *   lock_objects a vm object and its backing object (allowed), then the
 *                backing object and the object it backs
 *   lock_unheld  a lock released that this hart does not hold
 *   lock_block   thread_block with a spinlock held
 */
#include "kern/lock.h"
#include "kern/sched.h"
#include "kern/selftest.h"
#include "lib/string.h"
#include "kern/printf.h"
#include "ipc/ipc_port.h"
#include "vm/vm_object.h"

static simple_lock_data_t outer = SIMPLE_LOCK_INITIALIZER("lockcheck outer", LOCK_RANK_TEST_OUTER);
static simple_lock_data_t inner = SIMPLE_LOCK_INITIALIZER("lockcheck inner", LOCK_RANK_TEST_INNER);

/* selftest_lock_fault: do the violation `kind' names; returns if it is not one of these. */
void
selftest_lock_fault(const char *kind)
{
	if (strcmp(kind, "lock_order") == 0) {
		simple_lock(&outer);		/* in order: fine */
		simple_lock(&inner);
		simple_unlock(&inner);
		simple_unlock(&outer);
		printf("selftest: outer then inner: allowed\n");
		simple_lock(&inner);
		simple_lock(&outer);		/* out of order: the checker panics here */
	} else if (strcmp(kind, "lock_ports") == 0) {
		ipc_port_t a = ipc_port_create(), b = ipc_port_create();
		if (a > b) {
			ipc_port_t t = a;
			a = b;
			b = t;
		}
		ip_lock(a);
		ip_lock(b);
		ip_unlock(b);
		ip_unlock(a);
		printf("selftest: two ports by ascending address: allowed\n");
		ip_lock(b);
		ip_lock(a);			/* descending: the checker panics here */
	} else if (strcmp(kind, "lock_objects") == 0) {
		vm_object_t backing = vm_object_allocate(PAGE_SIZE);
		vm_object_t top = vm_object_shadow(backing, 0, PAGE_SIZE);
		simple_lock(&top->lock);
		simple_lock(&backing->lock);
		simple_unlock(&backing->lock);
		simple_unlock(&top->lock);
		printf("selftest: a vm object, then its backing object: allowed\n");
		simple_lock(&backing->lock);
		simple_lock(&top->lock);	/* up the chain: the checker panics here */
	} else if (strcmp(kind, "lock_unheld") == 0) {
		simple_unlock(&outer);
	} else if (strcmp(kind, "lock_block") == 0) {
		simple_lock(&outer);
		thread_block();
	}
}
