/* SPDX-License-Identifier: BSD-2-Clause */
/* Self-tests of kernel threads and the scheduler: run, wait, wake, time out, reap. */
#include "kern/selftest.h"
#include "kern/sched.h"
#include "kern/printf.h"
#include "lib/string.h"
#include "riscv/cpu.h"
#include "riscv/csr.h"
#include "riscv/timer.h"

static volatile int flag;

static void
set_flag(void *arg)
{
	flag = (int)(uintptr_t)arg;
}

SELFTEST(sched_kernel_thread_runs_and_join_reaps_it)
{
	flag = 0;
	thread_t th = kernel_thread_create("st-flag", set_flag, (void *)7, BASEPRI_DEFAULT);
	CHECK(th, "no thread");
	thread_join(th);
	int state = th->state;
	thread_deallocate(th);
	CHECK(flag == 7, "the thread did not run (flag %d)", flag);
	CHECK(state & TH_TERMINATE, "state %#x after join", state);
	return 0;
}

static volatile int wait_result = -1;
static volatile int waiter_ready;

static void
wait_for_event(void *arg)
{
	assert_wait((event_t)arg, true);
	waiter_ready = 1;
	wait_result = thread_block();
}

/* Wait (bounded) until `th' is blocked in a wait. */
static int
wait_until_waiting(thread_t th)
{
	for (int i = 0; i < 1000; i++) {
		simple_lock(&sched_lock);
		int waiting = (th->state & TH_WAIT) && !th->on_cpu;
		simple_unlock(&sched_lock);
		if (waiting)
			return 1;
		thread_sleep_ms(1);
	}
	return 0;
}

SELFTEST(sched_wakeup_makes_a_waiting_thread_run)
{
	static int event;
	wait_result = -1;
	thread_t th = kernel_thread_create("st-waiter", wait_for_event, &event, BASEPRI_DEFAULT);
	CHECK(th, "no thread");
	int waiting = wait_until_waiting(th);
	int woken = thread_wakeup((event_t)&event);
	thread_join(th);
	thread_deallocate(th);
	CHECK(waiting, "the thread never waited");
	CHECK(woken == 1, "thread_wakeup woke %d threads", woken);
	CHECK(wait_result == THREAD_AWAKENED, "wait result %d", wait_result);
	return 0;
}

/* Does `s' contain `part'? */
static int
contains(const char *s, const char *part)
{
	size_t n = strlen(part);

	for (; *s; s++)
		if (strncmp(s, part, n) == 0)
			return 1;
	return 0;
}

SELFTEST(sched_thread_describe_says_what_a_waiting_thread_waits_for)
{
	static int event;
	char line[256], want[48];
	thread_t th = kernel_thread_create("st-described", wait_for_event, &event,
					  BASEPRI_DEFAULT);
	CHECK(th, "no thread");
	int waiting = wait_until_waiting(th);
	sched_thread_describe(th, line, sizeof(line));
	thread_wakeup((event_t)&event);
	thread_join(th);
	thread_deallocate(th);
	CHECK(waiting, "the thread never waited");
	snprintf(want, sizeof(want), "wait %#lx result", (unsigned long)&event);
	CHECK(contains(line, "thread st-described (") && contains(line, want), "%s", line);
	CHECK(contains(line, "running 0") && contains(line, "on run queue 0") &&
	      contains(line, "in hart -1's slot"), "%s", line);
	CHECK(contains(line, "a kept stack") && contains(line, "no user frame"), "%s", line);
	return 0;
}

SELFTEST(sched_wakeup_of_another_event_leaves_the_waiter_waiting)
{
	static int event, other;
	wait_result = -1;
	thread_t th = kernel_thread_create("st-waiter", wait_for_event, &event, BASEPRI_DEFAULT);
	CHECK(th, "no thread");
	CHECK(wait_until_waiting(th), "the thread never waited");
	int woken_other = thread_wakeup((event_t)&other);
	thread_sleep_ms(5);
	int still = wait_result == -1;
	thread_wakeup((event_t)&event);
	thread_join(th);
	thread_deallocate(th);
	CHECK(woken_other == 0, "waking another event woke %d", woken_other);
	CHECK(still, "the waiter ran without its event");
	return 0;
}

SELFTEST(sched_wakeup_between_assert_wait_and_block_is_not_lost)
{
	static int event;
	assert_wait((event_t)&event, false);
	thread_wakeup((event_t)&event);
	int result = thread_block();		/* must return at once */
	CHECK(result == THREAD_AWAKENED, "result %d", result);
	return 0;
}

SELFTEST(sched_wait_with_timeout_times_out)
{
	static int event;
	uint64_t start = rdtime();
	assert_wait_timeout((event_t)&event, false, 20);
	int result = thread_block();
	uint64_t waited_ms = (rdtime() - start) / timer_ticks_per_ms();
	CHECK(result == THREAD_TIMED_OUT, "result %d", result);
	CHECK(waited_ms >= 20, "woke after %lu ms of a 20 ms timeout", waited_ms);
	return 0;
}

#define PINGPONG_ROUNDS	2000

struct pingpong {
	volatile int turn;		/* whose turn: 0 or 1 */
	volatile int count[2];
};

static struct pingpong pp;

static void
player(int me)
{
	for (int i = 0; i < PINGPONG_ROUNDS; i++) {
		simple_lock(&sched_lock);
		while (pp.turn != me) {
			assert_wait_locked(current_thread(), (event_t)&pp.turn, false);
			simple_unlock(&sched_lock);
			thread_block();
			simple_lock(&sched_lock);
		}
		simple_unlock(&sched_lock);
		pp.count[me]++;
		__atomic_store_n(&pp.turn, 1 - me, __ATOMIC_SEQ_CST);
		thread_wakeup((event_t)&pp.turn);
	}
}

static void player0(void *arg) { (void)arg; player(0); }
static void player1(void *arg) { (void)arg; player(1); }

SELFTEST(sched_two_threads_ping_pong_through_wakeups)
{
	pp.turn = 0;
	pp.count[0] = pp.count[1] = 0;
	thread_t a = kernel_thread_create("st-ping", player0, 0, BASEPRI_DEFAULT);
	thread_t b = kernel_thread_create("st-pong", player1, 0, BASEPRI_DEFAULT);
	CHECK(a && b, "no threads");
	thread_join(a);
	thread_join(b);
	thread_deallocate(a);
	thread_deallocate(b);
	CHECK(pp.count[0] == PINGPONG_ROUNDS && pp.count[1] == PINGPONG_ROUNDS,
	      "counts %d and %d", pp.count[0], pp.count[1]);
	return 0;
}

#define SPREAD_THREADS	8
static volatile uint32_t harts_used;

static void
note_hart(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5; i++) {
		__atomic_fetch_or(&harts_used, 1u << cpu_number(), __ATOMIC_RELAXED);
		timer_delay_ms(2);		/* stay on the hart a little */
		thread_sleep_ms(1);
	}
}

SELFTEST(sched_threads_spread_over_every_idle_hart)
{
	thread_t th[SPREAD_THREADS];
	harts_used = 0;
	for (int i = 0; i < SPREAD_THREADS; i++) {
		th[i] = kernel_thread_create("st-spread", note_hart, 0, BASEPRI_DEFAULT);
		CHECK(th[i], "no thread %d", i);
	}
	for (int i = 0; i < SPREAD_THREADS; i++) {
		thread_join(th[i]);
		thread_deallocate(th[i]);
	}
	unsigned used = 0;
	for (uint32_t m = harts_used; m; m &= m - 1)
		used++;
	CHECK(used == ncpus, "threads ran on %u of %u harts (mask %#x)", used, ncpus,
	      harts_used);
	return 0;
}

SELFTEST(sched_yield_lets_an_equal_priority_thread_run)
{
	flag = 0;
	thread_t th = kernel_thread_create("st-yield", set_flag, (void *)1, BASEPRI_DEFAULT);
	CHECK(th, "no thread");
	int yields = 0;
	while (!flag && yields < 10000) {
		thread_yield();
		yields++;
	}
	thread_join(th);
	thread_deallocate(th);
	CHECK(flag == 1, "the other thread never ran in %d yields", yields);
	return 0;
}

/*
 * A hand-off hint (a runnable thread named in a hart's slot, on the run
 * queue too) ends when another hart takes its thread from the run queue:
 * else the slot would still name it after it ran and waited again, and a
 * later flush of that slot could queue it while a switch to it was under
 * way (it then ran on two harts: kern/sched_prim.c, slot_leave).
 */
static int hint_event_a, hint_event_b;
static volatile int hint_ran;

static void
hint_target(void *arg)
{
	(void)arg;
	assert_wait((event_t)&hint_event_a, false);
	thread_block();
	hint_ran = 1;
	assert_wait_timeout((event_t)&hint_event_b, false, 5000);	/* (a failed check's way out) */
	thread_block();
}

SELFTEST(sched_a_hand_off_hint_ends_when_another_hart_runs_its_thread)
{
	if (ncpus < 2) {
		printf("  (one hart: no other hart to take the thread)\n");
		return 0;
	}
	hint_ran = 0;
	thread_t th = kernel_thread_create("st-hint", hint_target, NULL, BASEPRI_DEFAULT);
	CHECK(th, "no thread");
	CHECK(wait_until_waiting(th), "the thread never waited");
	/* Runnable, on the run queue, and a hint in this hart's slot; another hart is idle. */
	thread_wakeup_handoff(th, false);
	/* Spin, not block: a block of ours would take it from the slot itself. */
	uint64_t end = rdtime() + 2000 * timer_ticks_per_ms();
	int waits_again = 0;
	while (!waits_again && rdtime() < end) {
		simple_lock(&sched_lock);
		waits_again = hint_ran && (th->state & TH_WAIT) && !th->on_cpu;
		simple_unlock(&sched_lock);
	}
	simple_lock(&sched_lock);
	thread_t slot = cpu_self()->handoff;
	struct cpu *held = th->handoff_slot;
	simple_unlock(&sched_lock);
	thread_wakeup((event_t)&hint_event_b);
	thread_join(th);
	thread_deallocate(th);
	CHECK(waits_again, "no other hart ran the thread (ran %d)", hint_ran);
	CHECK(slot != th && !held, "this hart's slot still names it (slot %p, held by %p)",
	      (void *)slot, (void *)held);
	return 0;
}
