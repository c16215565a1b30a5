/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Scheduling primitives: the run queue, waiting and waking, switching,
 * time slices and timeouts (see kern/sched.h for the design and locking).
 */
#include "kern/lock_check.h"
#include "kern/sched.h"
#include "kern/sched_handoff.h"
#include "kern/trace.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "riscv/context.h"
#include "riscv/cpu.h"
#include "riscv/csr.h"
#include "riscv/intr.h"
#include "riscv/pmap.h"
#include "riscv/timer.h"
#include "riscv/trap.h"
#include "vm/vm_page.h"

simple_lock_data_t sched_lock = SIMPLE_LOCK_INITIALIZER("sched", LOCK_RANK_SCHED);

static queue_head_t runq[NRQS];
static uint64_t runq_bits[NRQS / 64];
static unsigned runq_count;
/*
 * The highest priority with a thread queued, or -1 when none is: a
 * hand-off asks it on every switch (runq_above), so it is kept, not
 * searched for in runq_bits each time.
 */
int sched_runq_top = -1;

#define WAIT_BUCKETS	64
static queue_head_t wait_buckets[WAIT_BUCKETS];
static queue_head_t timeouts;		/* waiting threads with a deadline, soonest first */

void thread_reap_locked(thread_t th);	/* kern/thread.c */

void sched_init(void);
/* sched_init: empty run queues, wait buckets and timeout list (at boot, before any thread). */
void
sched_init(void)
{
	for (int i = 0; i < NRQS; i++)
		queue_init(&runq[i]);
	for (int i = 0; i < WAIT_BUCKETS; i++)
		queue_init(&wait_buckets[i]);
	queue_init(&timeouts);
}

static queue_head_t *
wait_bucket(event_t event)
{
	return &wait_buckets[((event >> 4) ^ (event >> 12)) % WAIT_BUCKETS];
}

/*
 * ---- the hand-off slots (sched_lock held) ----
 * Each hart's slot (cpu->handoff) names the thread it runs next if
 * nothing better waits: a thread an IPC woke for it (a direct hand-off:
 * runnable, on no run queue, on no hart) or a runnable thread on the run
 * queue (a hint).  A thread is in at most one slot, and only while it is
 * one of those (or handed off and since suspended, which no hart runs):
 * it leaves its slot when it leaves the run queue, whichever hart takes
 * it, so a slot never names a thread that has run and waits again.
 * (A stale hint once did: a hart flushing its slot into the run queue
 * a thread that another switch was about to run, which then ran on two
 * harts.)  th->handoff_slot says which slot holds a thread.
 */

/* slot_leave: in kern/sched_handoff.h (the hand-off's common case uses it too). */

/* ---- the run queue (sched_lock held) ---- */

static void
runq_enqueue(thread_t th)
{
	int pri = th->sched_pri;

	enqueue_tail(&runq[pri], &th->links);
	runq_bits[pri / 64] |= 1UL << (pri % 64);
	if (pri > sched_runq_top)
		sched_runq_top = pri;
	runq_count++;
	th->on_runq = true;
}

/* The index of the highest set bit of x (x != 0), without libgcc's clz. */
static inline __attribute__((always_inline)) int
highest_bit(uint64_t x)
{
	int n = 0;

	for (int shift = 32; shift; shift >>= 1) {
		if (x >> shift) {
			x >>= shift;
			n += shift;
		}
	}
	return n;
}

/* The highest priority with a thread queued, from runq_bits; -1 if none. */
static int
runq_scan(void)
{
	for (int w = NRQS / 64 - 1; w >= 0; w--)
		if (runq_bits[w])
			return w * 64 + highest_bit(runq_bits[w]);
	return -1;
}

/* Does a thread queued to run have a higher priority than `pri'? */
static inline __attribute__((always_inline)) bool
runq_above(int pri)
{
	return pri < sched_runq_top;
}

/* A thread at `pri' left the run queue. */
static inline void
runq_left(int pri)
{
	if (queue_empty(&runq[pri])) {
		runq_bits[pri / 64] &= ~(1UL << (pri % 64));
		if (pri == sched_runq_top)
			sched_runq_top = runq_scan();
	}
	runq_count--;
}

static thread_t
runq_dequeue(void)
{
	int pri = sched_runq_top;

	if (pri < 0)
		return THREAD_NULL;
	thread_t th = queue_entry_owner(dequeue_head(&runq[pri]), struct thread, links);
	runq_left(pri);
	th->on_runq = false;
	slot_leave(th);			/* a hint for another hart, if any, is over */
	return th;
}

void
sched_runq_removed(thread_t th)
{
	runq_left(th->sched_pri);
	th->on_runq = false;
	slot_leave(th);
}

unsigned
sched_runnable_count(void)
{
	return __atomic_load_n(&runq_count, __ATOMIC_RELAXED);
}

/*
 * thread_setrun_locked: put `th' on the run queue and tell a hart: an idle
 * one if there is one, else the one running the lowest priority, if lower.
 *   Locks: sched_lock held.
 */
void
thread_setrun_locked(thread_t th)
{
	assert((th->state & (TH_RUN | TH_WAIT | TH_SUSP)) == TH_RUN);
	assert(!th->on_cpu && !th->on_runq);
	runq_enqueue(th);

	unsigned self = cpu_number(), victim = MAX_CPUS;
	int lowest = th->sched_pri;
	for (unsigned i = 0; i < ncpus; i++) {
		struct cpu *c = &cpus[i];
		if (!c->online || !c->active_thread)
			continue;
		if (c->active_thread == c->idle_thread) {
			victim = i;
			break;
		}
		if (c->active_thread->sched_pri < lowest) {
			lowest = c->active_thread->sched_pri;
			victim = i;
		}
	}
	if (victim == MAX_CPUS)
		return;
	cpus[victim].need_resched = true;
	if (victim != self)
		cpu_send_ipi(victim, IPI_RESCHED);
}

/* ---- waiting ---- */

static inline __attribute__((always_inline)) void
assert_wait_inline(thread_t th, event_t event, bool interruptible)
{
	if (interruptible && th->ast_wait_ends) {	/* aborted, or ending */
		/*
		 * thread_abort, or the end of the thread's task, came before the
		 * wait: it ends before it starts.  (Both are asked for under
		 * sched_lock after their flag is set, so either the asker sees
		 * this wait or this wait sees the flag.)
		 */
		th->wait_result = THREAD_INTERRUPTED;
		th->wait_deadline = 0;
		return;
	}
	th->state = (th->state & ~TH_RUN) | TH_WAIT | (interruptible ? 0 : TH_UNINT);
	th->wait_event = event;
	th->wait_result = THREAD_AWAKENED;
	th->wait_deadline = 0;
	enqueue_tail(wait_bucket(event), &th->links);
}

void
assert_wait_locked(thread_t th, event_t event, bool interruptible)
{
	assert_wait_inline(th, event, interruptible);
}

void
assert_wait(event_t event, bool interruptible)
{
	simple_lock(&sched_lock);
	assert_wait_locked(current_thread(), event, interruptible);
	simple_unlock(&sched_lock);
}

void
sched_set_deadline_locked(thread_t th, uint64_t deadline)
{
	queue_chain_t *q;

	th->wait_deadline = deadline;
	/* Keep the list sorted: insert before the first later deadline. */
	queue_iterate(&timeouts, q) {
		thread_t other = queue_entry_owner(q, struct thread, timeout_links);
		if (other->wait_deadline > deadline)
			break;
	}
	enqueue_tail(q, &th->timeout_links);	/* before q */
}

void
assert_wait_deadline(event_t event, bool interruptible, uint64_t deadline)
{
	thread_t th = current_thread();

	simple_lock(&sched_lock);
	assert_wait_locked(th, event, interruptible);
	if (deadline && (th->state & TH_WAIT))	/* not when an abort ended it already */
		sched_set_deadline_locked(th, deadline);
	simple_unlock(&sched_lock);
}

void
assert_wait_timeout(event_t event, bool interruptible, uint64_t ms)
{
	assert_wait_deadline(event, interruptible, sched_deadline_ms(ms));
}

uint64_t
sched_deadline_ms(uint64_t ms)
{
	return rdtime() + ms * timer_ticks_per_ms();
}

/* End `th's wait with `result' (it waits): runnable now, but on no run queue yet. */
static void
end_wait_locked(thread_t th, int result)
{
	if (queue_chained(&th->links))
		queue_remove(&th->links);
	if (th->wait_deadline) {
		queue_remove(&th->timeout_links);
		th->wait_deadline = 0;
	}
	th->wait_result = result;
	th->state = (th->state & ~(TH_WAIT | TH_UNINT)) | TH_RUN;
}

void
clear_wait_locked(thread_t th, int result)
{
	if (!(th->state & TH_WAIT))
		return;
	end_wait_locked(th, result);
	/* Still on its hart (between assert_wait and thread_block): it will see TH_RUN. */
	if (!th->on_cpu && !(th->state & TH_SUSP))
		thread_setrun_locked(th);
}

static int
wakeup_locked(event_t event, int max)
{
	queue_head_t *bucket = wait_bucket(event);
	queue_chain_t *q = bucket->next;
	int n = 0;

	while (q != bucket && n != max) {
		thread_t th = queue_entry_owner(q, struct thread, links);
		q = q->next;
		if (th->wait_event == event) {
			clear_wait_locked(th, THREAD_AWAKENED);
			n++;
		}
	}
	return n;
}

int
thread_wakeup(event_t event)
{
	simple_lock(&sched_lock);
	int n = wakeup_locked(event, -1);
	simple_unlock(&sched_lock);
	return n;
}

int
thread_wakeup_one(event_t event)
{
	simple_lock(&sched_lock);
	int n = wakeup_locked(event, 1);
	simple_unlock(&sched_lock);
	return n;
}

int
thread_wakeup_registered(event_t event, thread_t *registered, int max)
{
	simple_lock(&sched_lock);
	thread_t th = __atomic_load_n(registered, __ATOMIC_RELAXED);	/* sched_lock orders it */
	int n = 0;
	if (th && (th->state & TH_WAIT) && th->wait_event == event) {
		clear_wait_locked(th, THREAD_AWAKENED);
		n = 1;
	}
	if (n != max)
		n += wakeup_locked(event, max < 0 ? -1 : max - n);
	simple_unlock(&sched_lock);
	return n;
}

/* ---- switching ---- */

/*
 * switch_threads: run `next' on this hart instead of `self'.  Returns when
 * `self' runs again, possibly on another hart.
 *   Locks: sched_lock held on entry and on return (the lock is handed
 *          from thread to thread across the switch).
 */
/* Both switches' first half: `next' takes this hart, its address space and FP registers. */
static inline __attribute__((always_inline)) void
switch_to(struct cpu *c, thread_t self, thread_t next)
{
	lock_check_switch();
	if (trace_on())
		trace_switch(self, next);
	switch_to_hart(c, self, next);
	if (fpu_switch_needed(self, next, c))
		fpu_switch(self, next);
}

static void
switch_threads(thread_t self, thread_t next)
{
	struct cpu *c = cpu_self();

	switch_to(c, self, next);
	self->intr_saved = c->intr_enabled_before;

	thread_t prev = context_switch(&self->context, &next->context, self);

	sched_finish_switch(prev);
	cpu_self()->intr_enabled_before = self->intr_saved;
}

/*
 * Like switch_threads, for a `self' blocking with the continuation `cont':
 * nothing of its stack is kept, so no register is saved; the next time it
 * runs, thread_continue_trampoline (riscv/context.S) calls `cont' on the
 * empty stack.
 *   Locks: sched_lock held, released by the thread switched to.
 */
static void __attribute__((noreturn))
switch_threads_continue(thread_t self, thread_t next, thread_continue_t cont)
{
	switch_to(cpu_self(), self, next);
	continuation_set(self, cont);
	if (next->context.ra == (uint64_t)thread_continue_trampoline)
		context_resume_continuation(&next->context, self);
	context_resume(&next->context, (long)self);
}


/*
 * sched_finish_switch: the first thing a thread does after a switch to it:
 * `prev' is off its hart now; if it was terminating, reap it.
 *   Locks: sched_lock held.
 */
thread_t
sched_finish_switch(thread_t prev)
{
	prev->on_cpu = false;
	if (prev->state & TH_TERMINATE)
		sched_reap_locked(prev);
	return prev;
}

/* Threads that have terminated but not yet left their hart (sched_lock). */
static unsigned threads_dying;

void
sched_reap_locked(thread_t prev)
{
	wakeup_locked((event_t)prev, -1);	/* thread_join */
	thread_reap_locked(prev);
	if (--threads_dying == 0)
		wakeup_locked((event_t)&threads_dying, -1);
}

/*
 * sched_wait_dying_reaped: wait until every thread that has terminated so
 * far has left its hart and been reaped (its kernel stack freed), so that
 * counts of threads and pages taken next are settled (leak checks).
 */
void
sched_wait_dying_reaped(void)
{
	thread_t self = current_thread();

	simple_lock(&sched_lock);
	while (threads_dying) {
		assert_wait_locked(self, (event_t)&threads_dying, false);
		simple_unlock(&sched_lock);
		thread_block();
		simple_lock(&sched_lock);
	}
	simple_unlock(&sched_lock);
}

/* A thread woken for a direct hand-off: runnable, on no queue, on no hart. */
static bool
handed_off(thread_t th)
{
	return !th->on_runq && !th->on_cpu && (th->state & (TH_RUN | TH_WAIT | TH_SUSP)) == TH_RUN;
}

/*
 * Empty this hart's hand-off slot: a thread woken for a direct hand-off
 * that this hart will not run goes to the run queue.  sched_lock held.
 */
static void
handoff_flush_locked(struct cpu *c)
{
	thread_t h = c->handoff;

	if (!h)
		return;
	slot_leave(h);
	if (handed_off(h))
		thread_setrun_locked(h);
}

/*
 * Pick the next thread for this hart: the one in its hand-off slot if
 * nothing better waits (a receiver an IPC woke here, on no run queue; or
 * a runnable thread thread_switch named); else the highest priority
 * runnable; else idle.
 */
static thread_t
choose_thread(void)
{
	struct cpu *c = cpu_self();
	thread_t h = c->handoff;

	/* The slot's thread runs next unless a queued thread outranks it (runq_above). */
	if (h && !runq_above(h->sched_pri)) {
		slot_leave(h);
		if (h->on_runq) {
			queue_remove(&h->links);
			sched_runq_removed(h);
			return h;
		}
		if (handed_off(h))
			return h;
	}
	handoff_flush_locked(c);
	thread_t next = runq_dequeue();
	return next ? next : c->idle_thread;
}

/*
 * Put `th' (handed off, or runnable on the run queue) in this hart's slot.
 * A direct hand-off already there must not be lost: it is queued first.
 * sched_lock held.
 */
static void
handoff_set_locked(thread_t th)
{
	struct cpu *c = cpu_self();

	handoff_flush_locked(c);
	slot_leave(th);			/* a hint on another hart's slot moves here */
	c->handoff = th;
	th->handoff_slot = c;
}

void
thread_wakeup_handoff(thread_t th, bool direct)
{
	simple_lock(&sched_lock);
	if (direct && (th->state & TH_WAIT) && !th->on_cpu && !(th->state & TH_SUSP)) {
		/* Skip the run queue: our next thread_block switches to it. */
		end_wait_locked(th, THREAD_AWAKENED);
		handoff_set_locked(th);
	} else {
		clear_wait_locked(th, THREAD_AWAKENED);
		if (th->on_runq)
			handoff_set_locked(th);	/* a hint for our next thread_block */
	}
	simple_unlock(&sched_lock);
}

static inline __attribute__((always_inline)) thread_t
wakeup_direct_locked(thread_t th)
{
	if (!(th->state & TH_WAIT) || th->on_cpu || (th->state & TH_SUSP)) {
		clear_wait_locked(th, THREAD_AWAKENED);	/* the general way, if it still waits */
		return THREAD_NULL;
	}
	end_wait_locked(th, THREAD_AWAKENED);
	if (runq_above(th->sched_pri)) {
		thread_setrun_locked(th);	/* something better waits: no hand-off */
		return THREAD_NULL;
	}
	return th;
}

static inline __attribute__((always_inline, noreturn)) void
block_continue_locked(thread_t next, thread_continue_t cont)
{
	thread_t self = current_thread();
	struct cpu *c = cpu_self();

	/* Its wait ended already, or an abort kept it from starting: it stays runnable. */
	if ((self->state & (TH_RUN | TH_SUSP | TH_IDLE)) == TH_RUN)
		runq_enqueue(self);
	if (!next) {
		next = choose_thread();
	} else {
		assert(!next->handoff_slot);	/* it waited: in no slot (see slot_leave) */
		handoff_flush_locked(c);	/* an older hand-off must not be lost */
	}
	if (next == self) {		/* chosen again: continue here */
		self->quantum = SCHED_QUANTUM_TICKS;
		c->need_resched = false;
		cont(THREAD_NULL);
	}
	switch_threads_continue(self, next, cont);
}

void
thread_block_continue_locked(thread_continue_t cont)
{
	block_continue_locked(THREAD_NULL, cont);
}

/* thread_handoff_continue_locked's way for everything but its common case. */
static void __attribute__((noreturn, noinline))
handoff_continue_general(event_t event, thread_t th, thread_continue_t cont)
{
	assert_wait_inline(current_thread(), event, true);
	block_continue_locked(wakeup_direct_locked(th), cont);
}

/*
 * The common case (an RPC's ping-pong) is what handoff_continue_general
 * would do when: this thread's wait can start (no abort, not ending),
 * `th' waits (interruptibly or not) off every hart, not suspended, with
 * no deadline; nothing better is queued to run and no older direct
 * hand-off is pending (a hint for a thread on the run queue, as a one-way
 * send leaves, is dropped); no FP registers to save or load; the event
 * trace off.  It
 * calls nothing (the switch and the general way are jumps: context_jump),
 * so it needs no frame: not in a backtrace.
 */
void __attribute__((optimize("omit-frame-pointer")))
thread_handoff_continue_locked(event_t event, thread_t th, thread_continue_t cont)
{
	thread_t self = current_thread();
	struct cpu *c = cpu_self();

	if (__builtin_expect(trace_on() || !handoff_fast_ok(self, th, c, true), 0))
		context_jump(handoff_continue_general, (uint64_t)event, (uint64_t)th,
			     (uint64_t)cont);
	handoff_commit(self, th, c, event, cont);
	context_jump(th->context.ra == (uint64_t)thread_continue_trampoline
			     ? (const void *)context_resume_continuation
			     : (const void *)context_resume,
		     (uint64_t)&th->context, (uint64_t)self, 0);
}

void
sched_handoff_flush(void)
{
	if (!__atomic_load_n(&cpu_self()->handoff, __ATOMIC_RELAXED))
		return;
	simple_lock(&sched_lock);
	handoff_flush_locked(cpu_self());
	simple_unlock(&sched_lock);
}

void
thread_switch_hint(thread_t th)
{
	simple_lock(&sched_lock);
	if (th->on_runq)
		handoff_set_locked(th);
	simple_unlock(&sched_lock);
}

void
sched_forget_thread_locked(thread_t th)
{
	slot_leave(th);
}

int
sched_thread_describe(thread_t th, char *buf, size_t size)
{
	simple_lock(&sched_lock);
	int slot = th->handoff_slot ? (int)th->handoff_slot->number : -1;
	const struct trap_frame *tf = th->user_frame;
	int n = snprintf(buf, size,
			 "thread %s (%lu): state %#x, pri %d, running %d (last hart %u), on run queue %d, "
			 "in hart %d's slot, wait %#lx result %d deadline %lu, %s, abort %d end %d, "
			 "%s %#lx a7 %ld",
			 th->name, th->id, th->state, th->sched_pri, th->on_cpu, th->last_cpu,
			 th->on_runq, slot, (unsigned long)th->wait_event, th->wait_result,
			 th->wait_deadline,
			 th->context.ra == (uint64_t)thread_continue_trampoline ? "a continuation"
										 : "a kept stack",
			 th->aborted, th->terminate_requested,
			 tf ? "user pc" : "no user frame: pc", tf ? tf->sepc : 0,
			 tf ? (long)tf->a7 : 0);
	simple_unlock(&sched_lock);
	return n;
}

void
sched_thread_report(thread_t th)
{
	char line[256];

	sched_thread_describe(th, line, sizeof(line));
	printf("  %s\n", line);
}

int
thread_block(void)
{
	lock_check_may_block("thread_block");
	simple_lock(&sched_lock);
	thread_t self = current_thread();

	/* Preempted or yielding (still TH_RUN): back on the queue, at the tail. */
	if ((self->state & (TH_RUN | TH_SUSP | TH_IDLE)) == TH_RUN)
		runq_enqueue(self);
	thread_t next = choose_thread();
	if (next == self) {
		self->quantum = SCHED_QUANTUM_TICKS;
		cpu_self()->need_resched = false;
	} else {
		switch_threads(self, next);
	}
	int result = self->wait_result;
	simple_unlock(&sched_lock);
	return result;
}

void
thread_yield(void)
{
	thread_block();
}

void
thread_sleep_ms(uint64_t ms)
{
	thread_t self = current_thread();

	assert_wait_timeout((event_t)&self->wait_deadline, false, ms);
	thread_block();
}

/* `self' counts among the dying, once (sched_lock held). */
static void
dying_count_locked(thread_t self)
{
	if (!self->dying) {
		self->dying = true;
		threads_dying++;
	}
}

void
sched_terminating(void)
{
	simple_lock(&sched_lock);
	dying_count_locked(current_thread());
	simple_unlock(&sched_lock);
}

void
sched_terminate_self(void)
{
	simple_lock(&sched_lock);
	thread_t self = current_thread();
	self->state = TH_TERMINATE;
	dying_count_locked(self);
	switch_threads(self, choose_thread());
	panic("sched_terminate_self: a terminated thread ran again");
}

/* ---- the clock ---- */

void
sched_tick(void)
{
	struct cpu *c = cpu_self();
	thread_t th = c->active_thread;

	if (!th)
		return;			/* before threads exist */
	if (!(th->state & TH_IDLE) && --th->quantum <= 0 && sched_runnable_count())
		c->need_resched = true;

	if (queue_empty(&timeouts))	/* a racy peek; the lock decides */
		return;
	simple_lock(&sched_lock);
	uint64_t now = rdtime();
	while (!queue_empty(&timeouts)) {
		thread_t w = queue_entry_owner(timeouts.next, struct thread, timeout_links);
		if (w->wait_deadline > now)
			break;
		clear_wait_locked(w, THREAD_TIMED_OUT);
	}
	simple_unlock(&sched_lock);
}
