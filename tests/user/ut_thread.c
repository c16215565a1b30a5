/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads: suspend and resume, abort, and the thread_switch trap. */
#include "utest.h"

static volatile int spin_stop;
static volatile unsigned long spins;

static void
spin(void *arg)
{
	(void)arg;
	while (!spin_stop)
		spins++;
}

/* Wait (bounded) until `spins' passes `n'; true if it did. */
static bool
spins_pass(unsigned long n)
{
	for (int s = 0; ut_pause(&s);)
		if (spins > n)
			return true;
	return false;
}

UTEST(suspended_thread_stops_until_resumed)
{
	struct ut_thread t;
	spin_stop = 0;
	spins = 0;
	KR(ut_thread(spin, NULL, &t));
	bool ran = spins_pass(100);
	KR(thread_suspend(t.thread));
	unsigned long at_suspend = spins;
	KR(thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 20));	/* 20 ms off the hart */
	unsigned long later = spins;
	KR(thread_resume(t.thread));
	bool again = spins_pass(later + 100);
	spin_stop = 1;
	KR(ut_join(&t));
	CHECK(ran, "the thread did not start");
	CHECK(later == at_suspend, "it ran while suspended: %lu then %lu", at_suspend, later);
	CHECK(again, "it did not run again after thread_resume");
	return 0;
}

static volatile mach_msg_return_t blocked_result;
static volatile int blocked_done;

static void
receive_forever(void *arg)
{
	mach_port_t port = (mach_port_t)(uintptr_t)arg;
	mach_msg_header_t m;
	/* MACH_RCV_INTERRUPT: without it, mach_msg() would receive again. */
	blocked_result = mach_msg(&m, MACH_RCV_MSG | MACH_RCV_INTERRUPT, 0, sizeof(m), port,
				  MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	blocked_done = 1;
}

UTEST(thread_abort_ends_a_blocked_receive_with_rcv_interrupted)
{
	mach_port_t p = ut_port();
	struct ut_thread t;
	blocked_done = 0;
	blocked_result = 0;
	KR(ut_thread(receive_forever, (void *)(uintptr_t)p, &t));
	ut_wait_blocked(t.thread);	/* let it block */
	KR(thread_abort(t.thread));
	KR(ut_join(&t));
	mach_port_destroy(mach_task_self(), p);
	CHECK(blocked_done && blocked_result == MACH_RCV_INTERRUPTED, "done %d, mach_msg %#x",
	      blocked_done, blocked_result);
	return 0;
}

UTEST(thread_switch_checks_its_option_and_thread)
{
	struct ut_thread t;
	spin_stop = 0;
	spins = 0;
	KR(ut_thread(spin, NULL, &t));
	kern_return_t bad_option = thread_switch(MACH_PORT_NULL, 7, 0);
	kern_return_t bad_name = thread_switch(0x12345, SWITCH_OPTION_NONE, 0);
	kern_return_t to_thread = thread_switch(t.thread, SWITCH_OPTION_NONE, 0);
	kern_return_t depress = thread_switch(t.thread, SWITCH_OPTION_DEPRESS, 1);
	spin_stop = 1;
	KR(ut_join(&t));
	CHECK(bad_option == KERN_INVALID_ARGUMENT, "option 7: %#x", bad_option);
	CHECK(bad_name == KERN_INVALID_ARGUMENT, "a bad name: %#x", bad_name);
	CHECK(to_thread == KERN_SUCCESS && depress == KERN_SUCCESS, "%#x %#x", to_thread, depress);
	return 0;
}

UTEST(thread_identifier_info_names_each_thread_with_its_own_id)
{
	thread_identifier_info_data_t a, b;
	mach_msg_type_number_t n = THREAD_IDENTIFIER_INFO_COUNT;
	struct ut_thread t;
	thread_act_t me = mach_thread_self();

	spin_stop = 0;
	KR(ut_thread(spin, NULL, &t));
	KR(thread_info(me, THREAD_IDENTIFIER_INFO, (thread_info_t)&a, &n));
	CHECK(n == THREAD_IDENTIFIER_INFO_COUNT, "count %u", n);
	n = THREAD_IDENTIFIER_INFO_COUNT;
	KR(thread_info(t.thread, THREAD_IDENTIFIER_INFO, (thread_info_t)&b, &n));
	spin_stop = 1;
	KR(ut_join(&t));
	CHECK(a.thread_id != 0 && b.thread_id != 0 && a.thread_id != b.thread_id,
	      "ids %llu and %llu", (unsigned long long)a.thread_id, (unsigned long long)b.thread_id);
	n = THREAD_IDENTIFIER_INFO_COUNT - 1;
	kern_return_t kr = thread_info(me, THREAD_IDENTIFIER_INFO, (thread_info_t)&a, &n);
	KR(mach_port_deallocate(mach_task_self(), me));
	CHECK(kr == KERN_INVALID_ARGUMENT, "a short buffer is refused: %#x", kr);
	return 0;
}
