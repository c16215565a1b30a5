/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads: suspend and resume, abort, and the thread_switch trap. */
#include <string.h>
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

/* ---- floating-point state set from outside ---- */

static mach_port_t fp_port;
static volatile uint64_t fp_seen[2];

/* Wait for a message (the FP state is set meanwhile), then report fs0 and fs1. */
static void
fp_probe(void *arg)
{
	ut_msg_t m;
	uint64_t a, b;

	(void)arg;
	(void)ut_recv(fp_port, &m, 5000);
	/* Nothing on the way back from the call touches fs0 or fs1 (callee-saved, no FP used). */
	__asm__ volatile("fmv.x.d %0, fs0\n\tfmv.x.d %1, fs1" : "=r"(a), "=r"(b));
	fp_seen[0] = a;
	fp_seen[1] = b;
}

/*
 * Run fp_probe with the float states `states[0..n-1]' set, in order, while
 * it waits; `after' gets the state read back after the last set.
 */
static kern_return_t
fp_probe_run(const riscv_float_state_t *states, int n, riscv_float_state_t *after)
{
	struct ut_thread t;
	kern_return_t kr;

	fp_port = ut_port_with_send();
	fp_seen[0] = fp_seen[1] = 0x5555;
	if ((kr = ut_thread(fp_probe, NULL, &t)) != KERN_SUCCESS)
		return kr;
	ut_wait_blocked(t.thread);
	for (int i = 0; i < n && kr == KERN_SUCCESS; i++)
		kr = thread_set_state(t.thread, RISCV_FLOAT_STATE, (thread_state_t)&states[i],
				      RISCV_FLOAT_STATE_COUNT);
	mach_msg_type_number_t count = RISCV_FLOAT_STATE_COUNT;
	if (kr == KERN_SUCCESS)
		kr = thread_get_state(t.thread, RISCV_FLOAT_STATE, (thread_state_t)after, &count);
	(void)ut_send(fp_port, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL, 0, 1, 0);
	kern_return_t jr = ut_join(&t);
	mach_port_destroy(mach_task_self(), fp_port);	/* its receive and send rights */
	return kr != KERN_SUCCESS ? kr : jr;
}

UTEST(a_float_state_set_on_a_waiting_thread_is_what_it_computes_with_and_zeros_start_afresh)
{
	riscv_float_state_t s[2];
	riscv_float_state_t after;
	const uint64_t two_and_a_half = 0x4004000000000000ull, four = 0x4010000000000000ull;

	memset(s, 0, sizeof(s));
	s[0].f[8] = two_and_a_half;	/* fs0 */
	s[0].f[9] = four;		/* fs1 */
	s[0].fcsr = 0x21;		/* round down, inexact raised */
	KR(fp_probe_run(s, 1, &after));
	CHECK(fp_seen[0] == two_and_a_half && fp_seen[1] == four, "fs0 %#llx fs1 %#llx",
	      (unsigned long long)fp_seen[0], (unsigned long long)fp_seen[1]);
	CHECK(after.f[8] == two_and_a_half && after.f[9] == four && after.fcsr == 0x21,
	      "read back: fs0 %#llx fs1 %#llx fcsr %#x", (unsigned long long)after.f[8],
	      (unsigned long long)after.f[9], after.fcsr);

	/* Zeros after a state: the thread starts from zeros, as a first use of FP does. */
	KR(fp_probe_run(s, 2, &after));
	CHECK(fp_seen[0] == 0 && fp_seen[1] == 0, "fs0 %#llx fs1 %#llx",
	      (unsigned long long)fp_seen[0], (unsigned long long)fp_seen[1]);
	CHECK(after.f[8] == 0 && after.f[9] == 0 && after.fcsr == 0,
	      "read back: fs0 %#llx fs1 %#llx fcsr %#x", (unsigned long long)after.f[8],
	      (unsigned long long)after.f[9], after.fcsr);
	return 0;
}

/* ---- floating-point registers across switches ---- */

/*
 * A server thread: answers each request on its reply right until a
 * request of id 0.  With `arg' non-NULL it first puts garbage in fs4, fs5
 * and fa0 (it uses FP); else it uses no FP at all.
 */
static mach_port_t fpx_port[2];

static void
fpx_serve(void *arg)
{
	mach_port_t port = fpx_port[arg != NULL];

	for (uint64_t n = 0;; n++) {
		ut_msg_t m;
		if (ut_recv(port, &m, 10000) != MACH_MSG_SUCCESS || m.header.msgh_id == 0)
			return;
		if (arg) {
			uint64_t g = 0xdeadbeef00000000ull | n;
			__asm__ volatile("fmv.d.x fs4, %0\n\tfmv.d.x fs5, %0\n\tfmv.d.x fa0, %0"
					 : : "r"(g) : "fs4", "fs5", "fa0");
		}
		(void)ut_send(m.header.msgh_remote_port, MACH_MSG_TYPE_MOVE_SEND_ONCE,
			      MACH_PORT_NULL, 0, 1, 0);
	}
}

/* A call to `dest', its answer on `reply'. */
static mach_msg_return_t
fpx_call(mach_port_t dest, mach_port_t reply, int id)
{
	ut_msg_t m;

	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.header.msgh_remote_port = dest;
	m.header.msgh_local_port = reply;
	m.header.msgh_id = id;
	return mach_msg(&m.header, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
			sizeof(m.header) + sizeof(m.value), sizeof(m), reply, 10000,
			MACH_PORT_NULL);
}

/*
 * A hart keeps the FP registers of the thread it last loaded them for, and
 * switching back to it after threads that use no FP loads nothing
 * (riscv/fpu.h): the registers must be its own all the same, after calls
 * to a thread without FP (nothing loaded) and to one that writes its own
 * (loaded again).
 */
UTEST(float_registers_survive_calls_to_threads_with_and_without_float_work)
{
	struct ut_thread plain, dirty;
	mach_port_t reply = ut_port();
	int bad = -1;
	uint64_t got[2] = { 0, 0 };
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	fpx_port[0] = ut_port_with_send();
	fpx_port[1] = ut_port_with_send();
	KR(ut_thread(fpx_serve, NULL, &plain));
	KR(ut_thread(fpx_serve, (void *)1, &dirty));
	for (int i = 0; i < 300 && bad < 0; i++) {
		uint64_t a = 0x4000000000000000ull + (uint64_t)i, b = ~a;
		/* Nothing between the two asm statements uses FP (fpx_call, mach_msg). */
		__asm__ volatile("fmv.d.x fs4, %0\n\tfmv.d.x fs5, %1" : : "r"(a), "r"(b)
				 : "fs4", "fs5");
		mr = fpx_call(fpx_port[i % 5 == 4], reply, 1);
		__asm__ volatile("fmv.x.d %0, fs4\n\tfmv.x.d %1, fs5" : "=r"(got[0]), "=r"(got[1]));
		if (mr != MACH_MSG_SUCCESS || got[0] != a || got[1] != b)
			bad = i;
	}
	(void)ut_send(fpx_port[0], MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 0, 0);
	(void)ut_send(fpx_port[1], MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 0, 0);
	KR(ut_join(&plain));
	KR(ut_join(&dirty));
	for (int i = 0; i < 2; i++)
		KR(mach_port_destroy(mach_task_self(), fpx_port[i]));
	KR(mach_port_destroy(mach_task_self(), reply));
	CHECK(bad < 0, "call %d: %#x, fs4 %#llx fs5 %#llx", bad, mr,
	      (unsigned long long)got[0], (unsigned long long)got[1]);
	return 0;
}
