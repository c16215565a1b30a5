/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The scheduler: one priority run queue shared by all harts, waits on
 * events, wake-ups, time slices and timeouts.
 *
 * Design (the simple SMP-safe one): a single sched_lock covers the run
 * queue, every thread's scheduling state and the event wait buckets.  A
 * thread switching out holds sched_lock across the switch; the thread
 * switched to releases it (sched_finish_switch).  The kernel is not
 * preemptive: a thread in the kernel runs until it blocks or yields; a
 * thread in user mode is preempted when its time slice ends or a higher
 * priority thread becomes runnable.
 *
 * Waiting follows Mach: assert_wait(event), then drop your locks, then
 * thread_block().  A wake-up between the two is not lost: it makes the
 * thread runnable again and thread_block returns at once.
 *   Lock order: kern/lock_order.h (LOCK_RANK_SCHED: after any IPC or VM
 *   lock); sched_lock is the one lock held across a switch.
 */
#ifndef _KERN_SCHED_H_
#define _KERN_SCHED_H_
#include "kern/lock.h"
#include "kern/thread.h"
#include "riscv/cpu.h"

/* Wait results. */
#define THREAD_AWAKENED		0
#define THREAD_TIMED_OUT	1
#define THREAD_INTERRUPTED	2
#define THREAD_RESTART		3

#define SCHED_QUANTUM_TICKS	5	/* 50 ms at HZ = 100 */

extern simple_lock_data_t sched_lock;

/* current_thread: the thread running on this hart. */
static inline thread_t
current_thread(void)
{
	return cpu_self()->active_thread;
}

/* assert_wait: declare that the current thread will wait for `event'. */
void assert_wait(event_t event, bool interruptible);
/* assert_wait_locked: assert_wait for thread `th', sched_lock held. */
void assert_wait_locked(thread_t th, event_t event, bool interruptible);
/* assert_wait_timeout: the same, ending with THREAD_TIMED_OUT after `ms'. */
void assert_wait_timeout(event_t event, bool interruptible, uint64_t ms);
/* sched_set_deadline_locked: end `th's current wait at `deadline' (sched_lock held). */
void sched_set_deadline_locked(thread_t th, uint64_t deadline);
/* assert_wait_deadline: the same, with an absolute deadline (0: none). */
void assert_wait_deadline(event_t event, bool interruptible, uint64_t deadline);
/* sched_deadline_ms: the deadline `ms' milliseconds from now. */
uint64_t sched_deadline_ms(uint64_t ms);
/* thread_block: give up the hart; returns the wait result (THREAD_*). */
int thread_block(void);
/* thread_wakeup: make every thread waiting for `event' runnable; the count. */
int thread_wakeup(event_t event);
/* thread_wakeup_one: the same for at most one thread (the longest waiting). */
int thread_wakeup_one(event_t event);
/*
 * thread_wakeup_registered: thread_wakeup for an event one of whose
 * waiters may be outside the wait buckets: the thread in *registered (a
 * port's ip_rcv_thread or a set's ips_rcv_thread, read here under
 * sched_lock), whose wait thread_handoff_continue_locked did not put in
 * a bucket.  It is woken first if it waits for `event', then bucket
 * waiters up to `max' in all (-1: every one).  Returns the count.
 *   No reference is needed: a registered thread leaves its registration
 *   before it can end, and its end (the reap) takes sched_lock.
 */
int thread_wakeup_registered(event_t event, thread_t *registered, int max);
/* clear_wait: end `th's wait with `result', if it waits.  sched_lock held. */
void clear_wait_locked(thread_t th, int result);
/*
 * thread_wakeup_handoff: end `th's wait and make it this hart's next thread
 * at its next thread_block (IPC: a sender about to wait for the reply).
 * With `direct', `th' skips the run queue: the caller must block soon or
 * call sched_handoff_flush.
 */
void thread_wakeup_handoff(thread_t th, bool direct);
/* sched_handoff_flush: a direct hand-off this hart did not take goes to the run queue. */
void sched_handoff_flush(void);
/* thread_switch_hint: this hart's next thread_block prefers `th' if it is runnable. */
void thread_switch_hint(thread_t th);
/* sched_forget_thread_locked: `th' is dead; drop hand-off hints to it (sched_lock held). */
void sched_forget_thread_locked(thread_t th);
/* thread_yield: let threads of equal or higher priority run. */
void thread_yield(void);
/* thread_sleep_ms: block for `ms' milliseconds. */
void thread_sleep_ms(uint64_t ms);

/*
 * Continuations (as in Mach 3): a thread that blocks with a continuation
 * keeps nothing on its kernel stack.  When it runs again, the function is
 * called on a fresh stack (just below its user trap frame) with the
 * thread that ran before (or THREAD_NULL if none did) and sched_lock
 * still held; its first act is sched_continue_start(prev), which ends the
 * switch, releases sched_lock and turns interrupts on.  It must not
 * return (it ends in trap_return or another block).  Switching away from
 * such a thread saves no registers, and the IPC fast path switches
 * straight to a receiver.
 */
typedef void (*thread_continue_t)(thread_t prev) __attribute__((noreturn));

/* sched_reap_locked: `prev', switched away from, was terminating: reap it (sched_lock held). */
void sched_reap_locked(thread_t prev);
/* sched_wait_dying_reaped: wait until every thread terminated so far is reaped. */
void sched_wait_dying_reaped(void);
/*
 * sched_thread_describe: what `th' is doing, as the scheduler sees it
 * (state, wait, queue, hart, hand-off slots, continuation or kept stack,
 * where its user code trapped), as one line in `buf' (cut to `size').
 *   Locks: takes sched_lock; no lock of a higher rank held.  `th' must
 *   stay alive (a reference, or its task locked).
 *   Returns: snprintf's count.
 */
int sched_thread_describe(thread_t th, char *buf, size_t size);
/* sched_thread_report: print that line (a thread that does not end: task_terminate's report). */
void sched_thread_report(thread_t th);

/* The switch's end for `prev' (sched_finish_switch's, inline; prev may be NULL). */
static inline __attribute__((always_inline)) void
sched_continue_prev(thread_t prev)
{
	if (prev) {
		prev->on_cpu = false;
		if (__builtin_expect(prev->state & TH_TERMINATE, 0))
			sched_reap_locked(prev);
	}
}

/* sched_continue_start: a continuation's first act (see thread_continue_t above). */
static inline __attribute__((always_inline)) void
sched_continue_start(thread_t prev)
{
	sched_continue_prev(prev);
	cpu_self()->intr_enabled_before = true;	/* continuations run with interrupts on */
	simple_unlock(&sched_lock);
}

/*
 * sched_continue_start_noirq: sched_continue_start for a continuation
 * that keeps interrupts off (the IPC fast path's, on its way back to user
 * mode, where sret turns them on).  sched_lock is the only lock held
 * across a switch, so its release leaves no interrupt-off nesting; the
 * next intr_push finds them off and counts as usual.
 */
static inline __attribute__((always_inline)) void
sched_continue_start_noirq(thread_t prev)
{
	sched_continue_prev(prev);
	simple_unlock_noirq(&sched_lock);
	cpu_self()->intr_depth = 0;
}

/*
 * sched_continue_start_unpushed: sched_continue_start_noirq after a
 * switcher that took sched_lock with no interrupt push counted
 * (simple_lock_noirq from the trap: the IPC fast path's message in
 * registers, ipc/ipc_fast_rpc.c), so there is none to undo.
 */
static inline __attribute__((always_inline)) void
sched_continue_start_unpushed(thread_t prev)
{
	sched_continue_prev(prev);
	simple_unlock_noirq(&sched_lock);
}

/*
 * thread_block_continue_locked: this thread, whose wait is asserted
 * (assert_wait_locked), blocks, and continues with `cont' when it runs
 * again: nothing of its kernel stack is kept.  If its wait ended already
 * (an abort), it may continue at once.
 *   Locks: sched_lock held, and no other lock; never returns.
 */
void thread_block_continue_locked(thread_continue_t cont) __attribute__((noreturn));

/*
 * thread_handoff_continue_locked: this thread waits for `event' (as
 * assert_wait; an abort may end the wait before it starts) and ends
 * `th's wait (an IPC hand-off: it has its message).  `th' gets this hart
 * at once if it was waiting, off every hart, not suspended, and nothing
 * queued outranks it; else it is made runnable the usual way and the best
 * thread runs.  This thread continues with `cont' when it runs again.
 * `event' is the port or port set this thread registered on (its
 * ip_rcv_thread, ips_rcv_thread): the wait may stay out of the wait
 * buckets, since every waker of those events finds the registered thread
 * (thread_wakeup_registered).
 *   Locks: sched_lock held, and no other lock (sched_lock taken while the
 *   caller still held the locks under which it decided to wait, so no
 *   wake-up is lost); never returns.
 */
void thread_handoff_continue_locked(event_t event, thread_t th, thread_continue_t cont)
	__attribute__((noreturn));

/* thread_setrun: make `th' runnable (sched_lock held). */
void thread_setrun_locked(thread_t th);
/* sched_runq_removed: `th' was just unlinked from the run queue (sched_lock held). */
void sched_runq_removed(thread_t th);
/* sched_tick: the clock interrupt's share (time slices, timeouts). */
void sched_tick(void);
/*
 * ast_user_return: on every way back to user mode: switch if the slice
 * ended or a better thread waits; then stop while suspended, end if the
 * task is ending, forget an unused abort (thread_user_ast).
 */
static inline __attribute__((always_inline)) void
ast_user_return(void)
{
	if (cpu_self()->need_resched)
		thread_block();
	thread_t self = current_thread();
	if (__atomic_load_n(&self->ast_bits, __ATOMIC_RELAXED))	/* suspended, ending, aborted */
		thread_user_ast();
}

/* ast_user_pending: has ast_user_return anything to do for `self' (the current thread)? */
static inline __attribute__((always_inline)) bool
ast_user_pending(thread_t self)
{
	return cpu_self()->need_resched | (__atomic_load_n(&self->ast_bits, __ATOMIC_RELAXED) != 0);
}

/* sched_runnable_count: threads on the run queue (for tests and kmon). */
unsigned sched_runnable_count(void);

/* Used by kern/thread.c. */
thread_t sched_finish_switch(thread_t prev);
/*
 * sched_terminate_self: the current thread becomes TH_TERMINATE and
 * switches away for good (its stack is reaped later).  Never returns.
 *   Locks:   takes sched_lock; the switch releases it.
 */
void sched_terminate_self(void) __attribute__((noreturn));
/*
 * sched_terminating: the current thread counts among the dying from now
 * (sched_wait_dying_reaped waits for it), before it lets go of what
 * others see it end by (its thread port: a joiner's dead name), so that
 * a count taken after that sees it gone.  It must end in
 * sched_terminate_self.
 *   Locks:   takes and releases sched_lock.
 */
void sched_terminating(void);

#endif /* _KERN_SCHED_H_ */
