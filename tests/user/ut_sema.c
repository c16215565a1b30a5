/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mach semaphores as kernel objects (<mach/semaphore.h>, mach/kern/sync_sema.h):
 * counts, waits and wake-ups, the policies, time limits, aborts, destruction
 * (by its owner, and with its owner), and threads of two tasks meeting on
 * one.  Each test checks that the task's names come back to what they were.
 */
#include <string.h>
#include <mach/semaphore.h>
#include <mach/mach_time.h>
#include "utest.h"

static const mach_timespec_t no_wait = { 0, 0 };

/* A waiter thread: semaphore_wait's result, and the order it returned in. */
struct waiter {
	semaphore_t	sem;
	volatile int	done;		/* 0 while waiting, then its place (1, 2, ...) */
	volatile kern_return_t kr;
	struct ut_thread t;
};

static volatile int returned;		/* waiters that have returned so far */

static void
wait_body(void *arg)
{
	struct waiter *w = arg;
	w->kr = semaphore_wait(w->sem);
	w->done = __atomic_add_fetch(&returned, 1, __ATOMIC_SEQ_CST);
}

/* Start a waiter on `sem' and wait (bounded) until it is blocked in the kernel. */
static kern_return_t
start_waiter(struct waiter *w, semaphore_t sem)
{
	memset(w, 0, sizeof(*w));
	w->sem = sem;
	w->kr = -1;
	kern_return_t kr = ut_thread(wait_body, w, &w->t);
	if (kr == KERN_SUCCESS)
		ut_wait_blocked(w->t.thread);
	return kr;
}

/* Wait (bounded) until `w' has returned; true if it did. */
static bool
returns(struct waiter *w)
{
	for (int s = 0; !w->done && ut_pause(&s);)
		;
	return w->done != 0;
}

UTEST(semaphore_counts_down_and_up_without_waiting)
{
	mach_msg_type_number_t names = ut_name_count();
	semaphore_t sem;
	KR(semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 2));
	KR(semaphore_wait(sem));
	KR(semaphore_wait(sem));
	kern_return_t empty = semaphore_timedwait(sem, no_wait);
	KR(semaphore_signal(sem));
	kern_return_t again = semaphore_timedwait(sem, no_wait);
	mach_port_type_t type = 0;
	KR(mach_port_type(mach_task_self(), sem, &type));
	KR(semaphore_destroy(mach_task_self(), sem));
	kern_return_t gone = semaphore_signal(sem);
	CHECK(empty == KERN_OPERATION_TIMED_OUT, "a wait at 0 with no time: %#x", empty);
	CHECK(again == KERN_SUCCESS, "after a signal: %#x", again);
	CHECK(type == MACH_PORT_TYPE_SEND, "its name is a send right: %#x", type);
	CHECK(gone == KERN_INVALID_ARGUMENT, "signal after destroy: %#x", gone);
	CHECK(ut_name_count() == names, "names %u -> %u (destroy consumes the right)", names,
	      ut_name_count());
	return 0;
}

UTEST(semaphore_calls_refuse_bad_arguments)
{
	mach_msg_type_number_t names = ut_name_count();
	semaphore_t sem = MACH_PORT_NULL;
	kern_return_t negative = semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, -1);
	kern_return_t policy = semaphore_create(mach_task_self(), &sem, SYNC_POLICY_MAX + 1, 0);
	mach_port_t port = ut_port_with_send();
	kern_return_t not_sem = semaphore_signal(port);
	kern_return_t not_sem_wait = semaphore_wait(port);
	kern_return_t no_name = semaphore_signal(0x7fff0);
	mach_port_destroy(mach_task_self(), port);
	KR(semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 0));
	mach_timespec_t bad = { 0, 1000000000 };
	kern_return_t bad_time = semaphore_timedwait(sem, bad);
	kern_return_t bad_signal = semaphore_wait_signal(sem, 0x7fff0);
	kern_return_t still = semaphore_timedwait(sem, no_wait);	/* nothing counted */
	KR(semaphore_destroy(mach_task_self(), sem));
	CHECK(negative == KERN_INVALID_ARGUMENT, "a negative value: %#x", negative);
	CHECK(policy == KERN_INVALID_ARGUMENT, "an unknown policy: %#x", policy);
	CHECK(not_sem == KERN_INVALID_ARGUMENT && not_sem_wait == KERN_INVALID_ARGUMENT,
	      "a port that is no semaphore: %#x %#x", not_sem, not_sem_wait);
	CHECK(no_name == KERN_INVALID_ARGUMENT, "no such name: %#x", no_name);
	CHECK(bad_time == KERN_INVALID_VALUE, "nsec of a whole second: %#x", bad_time);
	CHECK(bad_signal == KERN_INVALID_ARGUMENT && still == KERN_OPERATION_TIMED_OUT,
	      "wait_signal with no such signal semaphore: %#x, then %#x", bad_signal, still);
	CHECK(ut_name_count() == names, "names %u -> %u", names, ut_name_count());
	return 0;
}

UTEST(semaphore_wait_blocks_until_a_signal)
{
	semaphore_t sem;
	struct waiter w;
	returned = 0;
	KR(semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 0));
	KR(start_waiter(&w, sem));
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 10);
	int early = w.done;
	KR(semaphore_signal(sem));
	bool woke = returns(&w);
	KR(ut_join(&w.t));
	kern_return_t left = semaphore_timedwait(sem, no_wait);
	KR(semaphore_destroy(mach_task_self(), sem));
	CHECK(!early, "returned before the signal");
	CHECK(woke && w.kr == KERN_SUCCESS, "woke %d: %#x", woke, w.kr);
	CHECK(left == KERN_OPERATION_TIMED_OUT, "the signal was counted as well: %#x", left);
	return 0;
}

/* Three waiters in order, one signal: which returns?  Then the rest with signal_all. */
static int
first_woken(int policy, int *first)
{
	semaphore_t sem;
	struct waiter w[3];
	returned = 0;
	KR(semaphore_create(mach_task_self(), &sem, policy, 0));
	for (int i = 0; i < 3; i++)
		KR(start_waiter(&w[i], sem));
	KR(semaphore_signal(sem));
	*first = -1;
	for (int s = 0; *first < 0 && ut_pause(&s);)
		for (int i = 0; i < 3; i++)
			if (w[i].done == 1)
				*first = i;
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 5);
	int after_one = returned;
	KR(semaphore_signal_all(sem));
	bool all = true;
	for (int i = 0; i < 3; i++)
		all &= returns(&w[i]) && w[i].kr == KERN_SUCCESS;
	for (int i = 0; i < 3; i++)
		KR(ut_join(&w[i].t));
	kern_return_t left = semaphore_timedwait(sem, no_wait);
	KR(semaphore_destroy(mach_task_self(), sem));
	CHECK(after_one == 1, "one signal woke %d", after_one);
	CHECK(all, "signal_all woke the rest");
	CHECK(left == KERN_OPERATION_TIMED_OUT, "signal_all counted: %#x", left);
	return 0;
}

UTEST(semaphore_fifo_wakes_the_longest_waiting)
{
	int first;
	if (first_woken(SYNC_POLICY_FIFO, &first))
		return 1;
	CHECK(first == 0, "waiter %d woke first", first);
	return 0;
}

UTEST(semaphore_lifo_wakes_the_newest_waiter)
{
	int first;
	if (first_woken(SYNC_POLICY_LIFO, &first))
		return 1;
	CHECK(first == 2, "waiter %d woke first", first);
	return 0;
}

UTEST(semaphore_signal_thread_wakes_that_thread_or_none)
{
	semaphore_t sem;
	struct waiter a, b;
	returned = 0;
	KR(semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 0));
	KR(start_waiter(&a, sem));
	KR(start_waiter(&b, sem));
	KR(semaphore_signal_thread(sem, b.t.thread));
	bool b_woke = returns(&b);
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 5);
	int a_early = a.done;
	thread_act_t self = mach_thread_self();
	kern_return_t not_waiting = semaphore_signal_thread(sem, self);
	mach_port_deallocate(mach_task_self(), self);
	KR(semaphore_signal_thread(sem, MACH_PORT_NULL));
	bool a_woke = returns(&a);
	kern_return_t none = semaphore_signal_thread(sem, MACH_PORT_NULL);
	kern_return_t left = semaphore_timedwait(sem, no_wait);
	KR(ut_join(&a.t));
	KR(ut_join(&b.t));
	KR(semaphore_destroy(mach_task_self(), sem));
	CHECK(b_woke && b.kr == KERN_SUCCESS && !a_early, "b %d (%#x), a early %d", b_woke, b.kr,
	      a_early);
	CHECK(not_waiting == KERN_NOT_WAITING, "a thread that does not wait: %#x", not_waiting);
	CHECK(a_woke && a.kr == KERN_SUCCESS, "any waiter: %d %#x", a_woke, a.kr);
	CHECK(none == KERN_NOT_WAITING && left == KERN_OPERATION_TIMED_OUT,
	      "nobody waiting: %#x, counted %#x", none, left);
	return 0;
}

UTEST(semaphore_timedwait_waits_its_time_then_times_out)
{
	semaphore_t sem;
	KR(semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 0));
	mach_timespec_t ms20 = { 0, 20 * 1000 * 1000 };
	uint64_t t0 = mach_absolute_time();
	kern_return_t kr = semaphore_timedwait(sem, ms20);
	uint64_t waited = mach_absolute_time() - t0;
	KR(semaphore_destroy(mach_task_self(), sem));
	mach_timebase_info_data_t tb;
	mach_timebase_info(&tb);
	uint64_t ns = waited * tb.numer / tb.denom;
	CHECK(kr == KERN_OPERATION_TIMED_OUT, "%#x", kr);
	CHECK(ns >= 20 * 1000 * 1000, "returned after %lu ns", (unsigned long)ns);
	return 0;
}

UTEST(semaphore_destroy_ends_waits_with_terminated)
{
	mach_msg_type_number_t names = ut_name_count();
	semaphore_t sem;
	struct waiter a, b;
	returned = 0;
	KR(semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 0));
	KR(start_waiter(&a, sem));
	KR(start_waiter(&b, sem));
	KR(semaphore_destroy(mach_task_self(), sem));
	bool both = returns(&a) && returns(&b);
	KR(ut_join(&a.t));
	KR(ut_join(&b.t));
	CHECK(both && a.kr == KERN_TERMINATED && b.kr == KERN_TERMINATED, "%d: %#x %#x", both,
	      a.kr, b.kr);
	CHECK(ut_name_count() == names, "names %u -> %u", names, ut_name_count());
	return 0;
}

UTEST(semaphore_wait_ends_aborted_by_thread_abort)
{
	semaphore_t sem;
	struct waiter w;
	returned = 0;
	KR(semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 0));
	KR(start_waiter(&w, sem));
	KR(thread_abort(w.t.thread));
	bool back = returns(&w);
	KR(semaphore_signal(sem));		/* nobody waits now: counted */
	kern_return_t left = semaphore_timedwait(sem, no_wait);
	KR(ut_join(&w.t));
	KR(semaphore_destroy(mach_task_self(), sem));
	CHECK(back && w.kr == KERN_ABORTED, "%d: %#x", back, w.kr);
	CHECK(left == KERN_SUCCESS, "the aborted waiter left the queue: %#x", left);
	return 0;
}

UTEST(semaphore_wait_signal_signals_then_waits)
{
	semaphore_t mine, theirs;
	struct waiter w;
	returned = 0;
	KR(semaphore_create(mach_task_self(), &mine, SYNC_POLICY_FIFO, 0));
	KR(semaphore_create(mach_task_self(), &theirs, SYNC_POLICY_FIFO, 0));
	KR(start_waiter(&w, theirs));
	/* The waiter, woken by the signal half, is not asked to signal back: time out. */
	mach_timespec_t ms5 = { 0, 5 * 1000 * 1000 };
	kern_return_t kr = semaphore_timedwait_signal(mine, theirs, ms5);
	bool woke = returns(&w);
	KR(semaphore_signal(mine));
	kern_return_t kr2 = semaphore_wait_signal(mine, theirs);	/* counted: no wait */
	kern_return_t left = semaphore_timedwait(theirs, no_wait);
	KR(ut_join(&w.t));
	KR(semaphore_destroy(mach_task_self(), mine));
	KR(semaphore_destroy(mach_task_self(), theirs));
	CHECK(kr == KERN_OPERATION_TIMED_OUT && woke && w.kr == KERN_SUCCESS,
	      "timed: %#x, the other woke %d (%#x)", kr, woke, w.kr);
	CHECK(kr2 == KERN_SUCCESS && left == KERN_SUCCESS, "%#x, signalled %#x", kr2, left);
	return 0;
}

/*
 * A child task's thread (no libc, no MIG: traps only) answers each
 * signal of `ping' with a signal of `pong', `rounds' times, then stops.
 */
#define CHILD_PING	0x5a03
#define CHILD_PONG	0x5b03
static void __attribute__((noreturn))
child_pong(long rounds)
{
	for (long i = 0; i < rounds; i++) {
		if (semaphore_wait_trap(CHILD_PING) != KERN_SUCCESS)
			break;
		semaphore_signal_trap(CHILD_PONG);
	}
	for (;;)
		semaphore_wait_trap(CHILD_PING);	/* until the task ends */
}

UTEST(semaphore_joins_threads_of_two_tasks)
{
	mach_msg_type_number_t names = ut_name_count();
	enum { ROUNDS = 200 };
	semaphore_t ping, pong;
	KR(semaphore_create(mach_task_self(), &ping, SYNC_POLICY_FIFO, 0));
	KR(semaphore_create(mach_task_self(), &pong, SYNC_POLICY_FIFO, 0));
	vm_address_t stack = 0;
	KR(vm_allocate(mach_task_self(), &stack, 16384, VM_FLAGS_ANYWHERE));
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, TRUE, &child));
	KR(mach_port_insert_right(child, CHILD_PING, ping, MACH_MSG_TYPE_COPY_SEND));
	KR(mach_port_insert_right(child, CHILD_PONG, pong, MACH_MSG_TYPE_COPY_SEND));
	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)child_pong;
	s.sp = stack + 16384 - 64;
	s.a0 = ROUNDS;
	__asm__("mv %0, gp" : "=r"(s.gp));
	thread_act_t th;
	KR(thread_create_running(child, RISCV_THREAD_STATE, (thread_state_t)&s,
				 RISCV_THREAD_STATE_COUNT, &th));
	int done = 0;
	kern_return_t kr = KERN_SUCCESS;
	mach_timespec_t second = { 5, 0 };
	while (done < ROUNDS && kr == KERN_SUCCESS) {
		kr = semaphore_signal(ping);
		if (kr == KERN_SUCCESS)
			kr = semaphore_timedwait(pong, second);
		done += kr == KERN_SUCCESS;
	}
	kern_return_t extra = semaphore_timedwait(pong, no_wait);
	KR(ut_task_end(child));
	mach_port_deallocate(mach_task_self(), th);
	vm_deallocate(mach_task_self(), stack, 16384);
	KR(semaphore_destroy(mach_task_self(), ping));
	KR(semaphore_destroy(mach_task_self(), pong));
	CHECK(done == ROUNDS, "%d rounds of %d: %#x", done, ROUNDS, kr);
	CHECK(extra == KERN_OPERATION_TIMED_OUT, "a signal too many: %#x", extra);
	CHECK(ut_name_count() == names, "names %u -> %u", names, ut_name_count());
	return 0;
}

UTEST(semaphore_ends_with_the_task_that_owns_it)
{
	mach_msg_type_number_t names = ut_name_count();
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, FALSE, &child));
	semaphore_t sem;
	struct waiter w;
	returned = 0;
	KR(semaphore_create(child, &sem, SYNC_POLICY_FIFO, 0));	/* the child owns it */
	KR(start_waiter(&w, sem));
	/* semaphore_destroy consumes a send right, even when it refuses: one more to give. */
	KR(mach_port_mod_refs(mach_task_self(), sem, MACH_PORT_RIGHT_SEND, 1));
	kern_return_t not_owner = semaphore_destroy(mach_task_self(), sem);
	bool early = w.done;
	KR(ut_task_end(child));
	bool back = returns(&w);
	KR(ut_join(&w.t));
	mach_port_type_t type = 0;
	KR(mach_port_type(mach_task_self(), sem, &type));
	mach_port_deallocate(mach_task_self(), sem);
	CHECK(not_owner == KERN_INVALID_ARGUMENT && !early,
	      "destroyed by a task that does not own it: %#x", not_owner);
	CHECK(back && w.kr == KERN_TERMINATED, "%d: %#x", back, w.kr);
	CHECK(type == MACH_PORT_TYPE_DEAD_NAME, "its name now: %#x", type);
	CHECK(ut_name_count() == names, "names %u -> %u", names, ut_name_count());
	return 0;
}
