// SPDX-License-Identifier: BSD-2-Clause
// The textbook API of libmach, one fact per check (tests/programs/CMakeLists.txt):
// each prints "ok NAME" or "FAIL NAME: why"; the exit status is the number
// of failures.
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <mach/mach_vm.h>
#include <cthreads.h>

static int failures;

static void check(const char *name, int ok, const char *why)
{
	if (ok)
		printf("ok %s\n", name);
	else {
		printf("FAIL %s: %s\n", name, why);
		failures++;
	}
}

#define CHECK(name, cond) check(name, (cond), #cond)

struct msg {
	mach_msg_header_t head;
	int value;
	mach_msg_max_trailer_t trailer;
};

static void messages(void)
{
	mach_port_t port;
	struct msg m = { 0 }, r = { 0 };

	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.head.msgh_size = sizeof(m) - sizeof(m.trailer);
	m.head.msgh_remote_port = port;
	m.head.msgh_id = 1;
	m.value = 11;
	CHECK("mach_msg_send_sends_msgh_size_bytes", mach_msg_send(&m.head) == MACH_MSG_SUCCESS);
	r.head.msgh_local_port = port;
	r.head.msgh_size = sizeof(r);
	CHECK("mach_msg_receive_takes_port_and_size_from_the_header",
	      mach_msg_receive(&r.head) == MACH_MSG_SUCCESS && r.value == 11 && r.head.msgh_id == 1);

	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.head.msgh_remote_port = port;
	m.value = 22;
	memset(&r, 0, sizeof(r));
	mach_msg_return_t mr = mach_msg_overwrite(&m.head, MACH_SEND_MSG | MACH_RCV_MSG,
	                                          m.head.msgh_size, sizeof(r), port,
	                                          MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL, &r.head,
	                                          sizeof(r));
	CHECK("mach_msg_overwrite_receives_into_the_second_buffer",
	      mr == MACH_MSG_SUCCESS && r.value == 22 && m.value == 22);
	mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
}

static void construct(void)
{
	mach_port_options_t opts = { .flags = MPO_INSERT_SEND_RIGHT | MPO_QLIMIT,
	                             .mpl = { .mpl_qlimit = 3 } };
	mach_port_name_t name;
	mach_port_type_t type = 0;
	kern_return_t kr = mach_port_construct(mach_task_self(), &opts, 0x1234, &name);

	mach_port_type(mach_task_self(), name, &type);
	CHECK("mach_port_construct_makes_receive_and_send_rights",
	      kr == KERN_SUCCESS && (type & MACH_PORT_TYPE_SEND_RECEIVE) == MACH_PORT_TYPE_SEND_RECEIVE);
	mach_port_limits_t lim;
	mach_msg_type_number_t n = MACH_PORT_LIMITS_INFO_COUNT;
	mach_port_get_attributes(mach_task_self(), name, MACH_PORT_LIMITS_INFO,
	                         (mach_port_info_t)&lim, &n);
	CHECK("mach_port_construct_sets_the_qlimit", lim.mpl_qlimit == 3);
	mach_port_context_t ctx = 0;
	mach_port_get_context(mach_task_self(), name, &ctx);
	CHECK("mach_port_construct_sets_the_context", ctx == 0x1234);
	CHECK("mach_port_destruct_refuses_a_positive_srdelta",
	      mach_port_destruct(mach_task_self(), name, 1, 0) == KERN_INVALID_VALUE);
	kr = mach_port_destruct(mach_task_self(), name, -1, 0x1234);
	CHECK("mach_port_destruct_frees_the_name",
	      kr == KERN_SUCCESS &&
	      mach_port_type(mach_task_self(), name, &type) == KERN_INVALID_NAME);
}

static semaphore_t sem;
static kern_return_t waiter_result;

static void *sem_waiter(void *arg)
{
	(void)arg;
	waiter_result = semaphore_wait(sem);
	return NULL;
}

static void semaphores(void)
{
	mach_timespec_t ms10 = { 0, 10 * 1000 * 1000 };

	CHECK("semaphore_create_refuses_a_negative_value",
	      semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, -1) == KERN_INVALID_ARGUMENT);
	CHECK("semaphore_create_with_value_1",
	      semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 1) == KERN_SUCCESS);
	CHECK("semaphore_wait_counts_down_without_blocking", semaphore_wait(sem) == KERN_SUCCESS);
	uint64_t t0 = mach_absolute_time();
	CHECK("semaphore_timedwait_times_out_at_0",
	      semaphore_timedwait(sem, ms10) == KERN_OPERATION_TIMED_OUT);
	mach_timebase_info_data_t tb;
	mach_timebase_info(&tb);
	uint64_t waited = (mach_absolute_time() - t0) * tb.numer / tb.denom;
	CHECK("semaphore_timedwait_waits_its_time", waited >= 10 * 1000 * 1000);
	CHECK("semaphore_signal_thread_with_no_waiter_is_not_waiting",
	      semaphore_signal_thread(sem, MACH_PORT_NULL) == KERN_NOT_WAITING);

	cthread_t t = cthread_fork(sem_waiter, NULL);
	usleep(20 * 1000);	/* let it block */
	CHECK("semaphore_signal_wakes_a_waiter", semaphore_signal(sem) == KERN_SUCCESS);
	cthread_join(t);
	CHECK("the_waiter_got_success", waiter_result == KERN_SUCCESS);

	t = cthread_fork(sem_waiter, NULL);
	usleep(20 * 1000);
	CHECK("semaphore_destroy_with_a_waiter", semaphore_destroy(mach_task_self(), sem) == KERN_SUCCESS);
	cthread_join(t);
	CHECK("a_destroyed_semaphores_waiter_gets_terminated", waiter_result == KERN_TERMINATED);
	CHECK("a_destroyed_semaphore_is_invalid", semaphore_signal(sem) == KERN_INVALID_ARGUMENT);
}

static void time_and_clocks(void)
{
	mach_timebase_info_data_t tb = { 0, 0 };
	CHECK("mach_timebase_info_gives_a_ratio",
	      mach_timebase_info(&tb) == KERN_SUCCESS && tb.numer > 0 && tb.denom > 0);
	uint64_t t0 = mach_absolute_time();
	usleep(30 * 1000);
	uint64_t ns = (mach_absolute_time() - t0) * tb.numer / tb.denom;
	CHECK("usleep_30ms_sleeps_at_least_30ms", ns >= 30 * 1000 * 1000 && ns < 2000ull * 1000 * 1000);

	clock_serv_t sys, cal;
	mach_timespec_t a, b, woke;
	CHECK("host_get_clock_service_system",
	      host_get_clock_service(mach_host_self(), SYSTEM_CLOCK, &sys) == KERN_SUCCESS);
	CHECK("host_get_clock_service_calendar",
	      host_get_clock_service(mach_host_self(), CALENDAR_CLOCK, &cal) == KERN_SUCCESS);
	CHECK("host_get_clock_service_refuses_clock_7",
	      host_get_clock_service(mach_host_self(), 7, &cal) == KERN_INVALID_ARGUMENT);
	clock_get_time(sys, &a);
	CHECK("clock_sleep_relative_20ms",
	      clock_sleep(sys, TIME_RELATIVE, (mach_timespec_t){ 0, 20 * 1000 * 1000 }, &woke) ==
	      KERN_SUCCESS);
	clock_get_time(sys, &b);
	SUB_MACH_TIMESPEC(&b, &a);
	CHECK("the_system_clock_advanced_by_the_sleep", b.tv_sec > 0 || b.tv_nsec >= 20 * 1000 * 1000);
	mach_timespec_t now;
	CHECK("clock_get_time_of_the_calendar_is_after_2020",
	      clock_get_time(cal, &now) == KERN_SUCCESS && now.tv_sec > 1577836800u);
	int res = 0;
	mach_msg_type_number_t n = 1;
	CHECK("clock_get_attributes_resolution",
	      clock_get_attributes(sys, CLOCK_GET_TIME_RES, &res, &n) == KERN_SUCCESS && res > 0);
	CHECK("clock_get_time_of_a_non_clock_is_invalid",
	      clock_get_time(mach_task_self(), &now) == KERN_INVALID_ARGUMENT);
	struct timeval tv;
	CHECK("gettimeofday_and_time_agree",
	      gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1577836800 &&
	      time(NULL) - tv.tv_sec <= 1);
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	CHECK("nanosleep_5ms", nanosleep(&ts, NULL) == 0);
	CHECK("sleep_0", sleep(0) == 0);
}

static void mach_vm(void)
{
	mach_vm_address_t addr = 0;
	CHECK("mach_vm_allocate_anywhere",
	      mach_vm_allocate(mach_task_self(), &addr, 8192, VM_FLAGS_ANYWHERE) == KERN_SUCCESS &&
	      addr != 0);
	((volatile char *)(uintptr_t)addr)[8191] = 1;
	CHECK("mach_vm_protect_read_only",
	      mach_vm_protect(mach_task_self(), addr, 4096, FALSE, VM_PROT_READ) == KERN_SUCCESS);
	mach_vm_address_t r = addr;
	mach_vm_size_t size = 0;
	vm_region_basic_info_data_t info;
	mach_msg_type_number_t n = VM_REGION_BASIC_INFO_COUNT_64;
	mach_port_t obj;
	CHECK("mach_vm_region_sees_it",
	      mach_vm_region(mach_task_self(), &r, &size, VM_REGION_BASIC_INFO_64,
	                     (vm_region_info_t)&info, &n, &obj) == KERN_SUCCESS && r == addr);
	CHECK("mach_vm_deallocate",
	      mach_vm_deallocate(mach_task_self(), addr, 8192) == KERN_SUCCESS);
}

// ---- a thread started by hand, with only pc and sp ----

static volatile int raw_result = -1;
static mach_port_t raw_done;

static void raw_thread_body(void)
{
	mach_port_t p = MACH_PORT_NULL;
	// An RPC (needs a reply port, so TLS), a message, printf (locks).
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p);
	printf("raw thread: mach_port_allocate: %s\n", mach_error_string(kr));
	raw_result = kr;
	mach_msg_header_t m = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
	                        .msgh_size = sizeof(m), .msgh_remote_port = raw_done };
	mach_msg_send(&m);
	thread_terminate(mach_thread_self());
}

static void raw_thread(void)
{
	static char stack[16384] __attribute__((aligned(16)));
	thread_t t;
	riscv_thread_state_t s;

	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &raw_done);
	mach_port_insert_right(mach_task_self(), raw_done, raw_done, MACH_MSG_TYPE_MAKE_SEND);
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)raw_thread_body;
	s.sp = (uint64_t)(uintptr_t)(stack + sizeof(stack));
	kern_return_t kr = thread_create(mach_task_self(), &t);
	if (kr == KERN_SUCCESS)
		kr = thread_set_state(t, RISCV_THREAD_STATE, (thread_state_t)&s, RISCV_THREAD_STATE_COUNT);
	if (kr == KERN_SUCCESS)
		kr = thread_resume(t);
	struct msg r = { 0 };
	mach_msg_return_t mr = mach_msg(&r.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r),
	                                raw_done, 10000, MACH_PORT_NULL);
	CHECK("a_thread_with_only_pc_and_sp_makes_rpcs",
	      kr == KERN_SUCCESS && mr == MACH_MSG_SUCCESS && raw_result == KERN_SUCCESS);
}

// ---- a stale reply on the reply port ----

static void stale_reply(void)
{
	mach_port_t reply = mig_get_reply_port();
	mach_msg_header_t fake = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0),
	                           .msgh_size = sizeof(fake), .msgh_remote_port = reply,
	                           .msgh_id = 4242 };
	mach_msg_send(&fake);
	mach_port_type_t type;
	kern_return_t kr = mach_port_type(mach_task_self(), mach_task_self(), &type);
	CHECK("a_stale_reply_is_mig_reply_mismatch", kr == MIG_REPLY_MISMATCH);
	mach_port_urefs_t refs = 0;
	kr = mach_port_get_refs(mach_task_self(), mach_task_self(), MACH_PORT_RIGHT_SEND, &refs);
	CHECK("the_next_call_after_a_mismatch_gets_its_own_reply", kr == KERN_SUCCESS && refs > 0);
}

int main(void)
{
	messages();
	construct();
	semaphores();
	time_and_clocks();
	mach_vm();
	raw_thread();
	stale_reply();
	printf("textbook_api: %d failure(s)\n", failures);
	return failures;
}
