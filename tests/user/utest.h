/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small test harness for user programs: each UTEST(name) is one fact;
 * CHECK fails it with a reason.  The console protocol is the kernel
 * self-tests' ("[TEST] PASS name", "[TEST] FAIL name: why"), read by
 * tests/qemu/runner.py.
 */
#ifndef _TESTS_USER_UTEST_H_
#define _TESTS_USER_UTEST_H_
#include <stdbool.h>
#include <stdio.h>
#include <mach/mach.h>

struct utest {
	const char *name;
	int (*fn)(void);
};

#define UTEST(name)							\
	static int utest_##name(void);					\
	static const struct utest utest_entry_##name			\
		__attribute__((section("utests"), used, aligned(8))) =	\
		{ #name, utest_##name };				\
	static int utest_##name(void)

#define CHECK(cond, ...) do {						\
		if (!(cond)) {						\
			printf("[TEST] FAIL %s: %s:%d: %s: ", utest_current, \
			       __FILE__, __LINE__, #cond);		\
			printf(__VA_ARGS__);				\
			printf("\n");					\
			return 1;					\
		}							\
	} while (0)

#define KR(call) do {							\
		kern_return_t kr_ = (call);				\
		CHECK(kr_ == KERN_SUCCESS, "%s: %s (%#x)", #call,	\
		      mach_error_string(kr_), kr_);			\
	} while (0)

extern const char *utest_current;

/* Helpers (utest_util.c). */
mach_port_t ut_port(void);			/* a receive right */
mach_port_t ut_port_with_send(void);		/* receive and send under one name */
/* Run fn(arg) in a new thread of this task; the thread ends when fn returns. */
struct ut_thread {
	thread_act_t	thread;
	vm_address_t	stack;
	mach_port_t	reply;	/* the thread's MIG reply port, set as it ends */
};
kern_return_t ut_thread(void (*fn)(void *), void *arg, struct ut_thread *t);
/* Wait (bounded) until the thread has ended, then free its stack, its MIG
 * reply port and its name. */
kern_return_t ut_join(struct ut_thread *t);
/* A simple message with one integer. */
typedef struct {
	mach_msg_header_t header;
	int value;
	mach_msg_max_trailer_t trailer;
} ut_msg_t;
mach_msg_return_t ut_send(mach_port_t dest, mach_msg_type_name_t disp, mach_port_t reply,
			  mach_msg_type_name_t reply_disp, int id, int value);
mach_msg_return_t ut_recv(mach_port_t port, ut_msg_t *m, mach_msg_timeout_t timeout);
/*
 * One step of a wait for another thread: `for (int s = 0; !cond && ut_pause(&s);)'.
 * It yields the hart, and after the first steps also sleeps a millisecond,
 * so a wait is bounded in time (about UT_WAIT_MS), not by how fast the
 * harts happen to run.  False once the bound has passed.
 */
#define UT_WAIT_MS	30000
bool ut_pause(int *step);
/* Wait (bounded by UT_WAIT_MS) until `thread' is blocked in the kernel. */
void ut_wait_blocked(thread_act_t thread);
/*
 * A region of `size' bytes made on the first call (into *slot) and kept
 * for later calls: memory to send out of line.  (Static data would do
 * less well: a virtual copy of it makes the data segment's other pages
 * copy-on-write, and the leak check would count their copies.)
 */
char *ut_kept_region(vm_address_t *slot, vm_size_t size);
/* The host's VM statistics (free pages, faults, copy-on-write faults). */
vm_statistics_data_t ut_vm_stats(void);
/* Terminate a task made by task_create and drop its name. */
kern_return_t ut_task_end(task_t task);
/* How many names this task has ((mach_msg_type_number_t)-1 if it cannot tell). */
mach_msg_type_number_t ut_name_count(void);
/* A Unix system call (ecall, a7 = number >= 0) with a0, a1: what comes back in a0. */
long ut_unix_call(long number, long a0, long a1);
/* The same offering the buffer in a1 of a2 bytes: a6 = hint | (1 << 4) | 2
 * (<machrv/syscall_msg.h>), taken back after the trap as the library's stubs do. */
long ut_unix_call_hinting(long number, const void *buf, long len, long hint);
/* Answer, by a message, the Unix call whose send-once reply right is
 * `reply': error (0 or an errno value), a0 = rv0. */
mach_msg_return_t ut_unix_answer(mach_port_t reply, int error, long rv0);

#endif /* _TESTS_USER_UTEST_H_ */
