/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lock-order checker's hooks outside the locks themselves (the
 * scheduler's waits and switches).  Without -DMACHRV_LOCK_CHECK=ON they
 * are empty and cost nothing.  See kern/lock_order.h.
 */
#ifndef _KERN_LOCK_CHECK_H_
#define _KERN_LOCK_CHECK_H_
#include "kern/lock.h"

#if MACHRV_LOCK_CHECK
/* lock_check_may_block: `what' (e.g. "thread_block") may wait: panics if this hart holds a spinlock. */
void lock_check_may_block(const char *what);
/* lock_check_switch: a thread switch: panics unless sched_lock is the one lock this hart holds. */
void lock_check_switch(void);
#else
static inline void lock_check_may_block(const char *what) { (void)what; }
static inline void lock_check_switch(void) {}
#endif

#endif /* _KERN_LOCK_CHECK_H_ */
