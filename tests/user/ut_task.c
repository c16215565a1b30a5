/* SPDX-License-Identifier: BSD-2-Clause */
/* User-mode tests of tasks, threads, address spaces, exceptions and the syscall path. */
#include <string.h>
#include <mach/gnumach.h>
#include <mach/thread_status.h>
#include <mach/task_info.h>
#include <mach/thread_info.h>
#include <mach/host_info.h>
#include <mach/vm_region.h>
#include <mach/exception_types.h>
#include <mach/host_reboot.h>
#include <machrv/syscall_msg.h>
#include <mach/host_security.h>
#include "utest.h"
#include "excServer.h"

UTEST(host_info_reports_harts_and_memory)
{
	host_basic_info_data_t bi;
	mach_msg_type_number_t n = HOST_BASIC_INFO_COUNT;
	KR(host_info(mach_host_self(), HOST_BASIC_INFO, (host_info_t)&bi, &n));
	CHECK(bi.avail_cpus >= 1 && bi.avail_cpus <= bi.max_cpus, "harts %d of %d", bi.avail_cpus,
	      bi.max_cpus);
	CHECK(bi.max_mem >= 64u << 20, "memory %lu", (unsigned long)bi.max_mem);
	return 0;
}

UTEST(vm_allocate_gives_zeroed_memory_that_deallocate_takes_back)
{
	vm_address_t a = 0;
	KR(vm_allocate(mach_task_self(), &a, 3 * 4096, VM_FLAGS_ANYWHERE));
	int zero = 1;
	for (int i = 0; i < 3 * 4096; i += 512)
		zero &= ((volatile char *)a)[i] == 0;
	((volatile char *)a)[5000] = 7;
	vm_size_t size = 0;
	vm_address_t where = a;
	vm_region_basic_info_data_t info;
	mach_msg_type_number_t n = VM_REGION_BASIC_INFO_COUNT;
	mach_port_t obj;
	KR(vm_region(mach_task_self(), &where, &size, VM_REGION_BASIC_INFO, (vm_region_info_t)&info,
		     &n, &obj));
	KR(vm_deallocate(mach_task_self(), a, 3 * 4096));
	CHECK(zero, "fresh memory was not zero");
	CHECK(where == a && size == 3 * 4096 && info.protection == VM_PROT_DEFAULT,
	      "region %#lx+%#lx prot %d", (unsigned long)where, (unsigned long)size, info.protection);
	return 0;
}

UTEST(vm_write_into_read_only_memory_is_a_protection_failure)
{
	vm_address_t a = 0;
	KR(vm_allocate(mach_task_self(), &a, 4096, VM_FLAGS_ANYWHERE));
	KR(vm_protect(mach_task_self(), a, 4096, FALSE, VM_PROT_READ));
	char byte = 1;
	kern_return_t kr = vm_write(mach_task_self(), a, (vm_offset_t)&byte, 1);
	kern_return_t up = vm_protect(mach_task_self(), a, 4096, TRUE, VM_PROT_READ);
	kern_return_t beyond = vm_protect(mach_task_self(), a, 4096, FALSE, VM_PROT_DEFAULT);
	KR(vm_deallocate(mach_task_self(), a, 4096));
	CHECK(kr == KERN_PROTECTION_FAILURE, "vm_write: %#x", kr);
	CHECK(up == KERN_SUCCESS && beyond == KERN_PROTECTION_FAILURE,
	      "raising past the maximum: %#x %#x", up, beyond);
	return 0;
}

UTEST(thread_state_set_on_a_new_thread_reads_back)
{
	thread_act_t th;
	KR(thread_create(mach_task_self(), &th));
	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = 0x10000;
	s.sp = 0x200000;
	s.a3 = 0x1234;
	KR(thread_set_state(th, RISCV_THREAD_STATE, (thread_state_t)&s, RISCV_THREAD_STATE_COUNT));
	riscv_thread_state_t got;
	mach_msg_type_number_t n = RISCV_THREAD_STATE_COUNT;
	KR(thread_get_state(th, RISCV_THREAD_STATE, (thread_state_t)&got, &n));
	thread_basic_info_data_t bi;
	mach_msg_type_number_t bn = THREAD_BASIC_INFO_COUNT;
	KR(thread_info(th, THREAD_BASIC_INFO, (thread_info_t)&bi, &bn));
	kern_return_t bad = thread_get_state(th, 99, (thread_state_t)&got, &n);
	KR(thread_terminate(th));
	mach_port_deallocate(mach_task_self(), th);
	CHECK(got.pc == 0x10000 && got.sp == 0x200000 && got.a3 == 0x1234, "pc %#lx sp %#lx a3 %#lx",
	      (unsigned long)got.pc, (unsigned long)got.sp, (unsigned long)got.a3);
	CHECK(bi.run_state == TH_STATE_STOPPED && bi.suspend_count == 1, "state %d count %d",
	      bi.run_state, bi.suspend_count);
	CHECK(bad == KERN_INVALID_ARGUMENT, "an unknown flavor: %#x", bad);
	return 0;
}

UTEST(task_threads_and_task_info_describe_this_task)
{
	thread_act_array_t threads;
	mach_msg_type_number_t n = 0;
	KR(task_threads(mach_task_self(), &threads, &n));
	for (mach_msg_type_number_t i = 0; i < n; i++)
		mach_port_deallocate(mach_task_self(), threads[i]);
	vm_deallocate(mach_task_self(), (vm_address_t)threads, n * sizeof(*threads));
	task_basic_info_data_t ti;
	mach_msg_type_number_t tn = TASK_BASIC_INFO_COUNT;
	KR(task_info(mach_task_self(), TASK_BASIC_INFO, (task_info_t)&ti, &tn));
	CHECK(n == 1, "%u threads", n);
	CHECK(ti.virtual_size > 0 && ti.resident_size > 0 && ti.resident_size <= ti.virtual_size,
	      "virtual %lu resident %lu", (unsigned long)ti.virtual_size,
	      (unsigned long)ti.resident_size);
	return 0;
}

/* In a child made by task_create: change a global, report it, stop. No libc, no MIG. */
static volatile int inherited = 41;

static void __attribute__((noreturn))
child_body(mach_port_t report)
{
	inherited++;
	struct {
		mach_msg_header_t header;
		int value;
	} m = { { MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), sizeof(m), report, 0, 0, 77 },
		inherited };
	mach_msg_trap(&m.header, MACH_SEND_MSG, sizeof(m), 0, 0, 0, 0);
	for (;;)
		swtch_pri(0);
}

UTEST(task_create_with_inheritance_copies_memory)
{
	mach_port_t report = ut_port_with_send();
	vm_address_t stack = 0;
	KR(vm_allocate(mach_task_self(), &stack, 16384, VM_FLAGS_ANYWHERE));
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, TRUE, &child));
	KR(mach_port_insert_right(child, 0x5503, report, MACH_MSG_TYPE_MAKE_SEND));
	thread_act_t th;
	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)child_body;
	s.sp = stack + 16384 - 64;
	s.a0 = 0x5503;
	__asm__("mv %0, gp" : "=r"(s.gp));
	KR(thread_create_running(child, RISCV_THREAD_STATE, (thread_state_t)&s,
				 RISCV_THREAD_STATE_COUNT, &th));
	ut_msg_t m;
	mach_msg_return_t mr = ut_recv(report, &m, 5000);
	int mine = inherited;
	char readback = 0;
	vm_offset_t data;
	mach_msg_type_number_t count;
	kern_return_t rk = vm_read(child, (vm_address_t)&inherited, sizeof(int), &data, &count);
	if (rk == KERN_SUCCESS) {
		readback = (char)*(int *)data;
		vm_deallocate(mach_task_self(), data, count);
	}
	KR(task_terminate(child));
	mach_port_deallocate(mach_task_self(), child);
	mach_port_deallocate(mach_task_self(), th);
	mach_port_destroy(mach_task_self(), report);
	vm_deallocate(mach_task_self(), stack, 16384);
	CHECK(mr == MACH_MSG_SUCCESS && m.header.msgh_id == 77, "report %#x", mr);
	CHECK(m.value == 42 && mine == 41, "child saw %d, parent still %d", m.value, mine);
	CHECK(rk == KERN_SUCCESS && readback == 42, "vm_read of the child: %#x, %d", rk, readback);
	return 0;
}

static volatile unsigned long child_spins;

static void __attribute__((noreturn))
child_spin(void)
{
	for (;;)
		child_spins++;
}

/* The child's counter, read from its memory; ~0 if it cannot be read. */
static unsigned long
child_counter(task_t child)
{
	vm_offset_t data;
	mach_msg_type_number_t count;
	unsigned long v = ~0UL;
	if (vm_read(child, (vm_address_t)&child_spins, sizeof(v), &data, &count) == KERN_SUCCESS) {
		v = *(unsigned long *)data;
		vm_deallocate(mach_task_self(), data, count);
	}
	return v;
}

/* Wait (bounded) until the child's counter passes `n'. */
static bool
child_passes(task_t child, unsigned long n)
{
	for (int i = 0; i < 2000; i++) {
		unsigned long v = child_counter(child);
		if (v != ~0UL && v > n)
			return true;
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	}
	return false;
}

UTEST(suspended_task_runs_no_thread_until_resumed)
{
	vm_address_t stack = 0;
	KR(vm_allocate(mach_task_self(), &stack, 16384, VM_FLAGS_ANYWHERE));
	child_spins = 0;
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, TRUE, &child));
	thread_act_t th;
	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)child_spin;
	s.sp = stack + 16384 - 64;
	__asm__("mv %0, gp" : "=r"(s.gp));
	KR(thread_create_running(child, RISCV_THREAD_STATE, (thread_state_t)&s,
				 RISCV_THREAD_STATE_COUNT, &th));
	bool ran = child_passes(child, 1000);
	KR(task_suspend(child));
	unsigned long at_suspend = child_counter(child);
	thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 20);
	unsigned long later = child_counter(child);
	KR(task_resume(child));
	bool again = child_passes(child, later + 1000);
	KR(task_terminate(child));
	mach_port_deallocate(mach_task_self(), child);
	mach_port_deallocate(mach_task_self(), th);
	vm_deallocate(mach_task_self(), stack, 16384);
	CHECK(ran, "the child did not run");
	CHECK(later == at_suspend, "the child ran while suspended: %lu then %lu", at_suspend, later);
	CHECK(again, "the child did not run again after task_resume");
	return 0;
}

/* ---- exceptions ---- */

static volatile int exc_seen, exc_code;
static volatile vm_address_t exc_page;

kern_return_t
exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
		exception_type_t exception, exception_data_t code, mach_msg_type_number_t codeCnt)
{
	(void)port;
	exc_seen = exception;
	exc_code = codeCnt > 0 ? code[0] : -1;
	if (exception == EXC_BAD_INSTRUCTION) {
		/* Step over the 4-byte instruction, as a debugger would. */
		riscv_thread_state_t state;
		mach_msg_type_number_t n = RISCV_THREAD_STATE_COUNT;
		if (thread_get_state(thread, RISCV_THREAD_STATE, (thread_state_t)&state, &n) ==
		    KERN_SUCCESS) {
			state.pc += 4;
			thread_set_state(thread, RISCV_THREAD_STATE, (thread_state_t)&state, n);
		}
	} else {
		/* Make the page writable: the faulting store then succeeds on retry. */
		vm_protect(mach_task_self(), exc_page, 4096, FALSE, VM_PROT_DEFAULT);
	}
	mach_port_deallocate(mach_task_self(), thread);
	mach_port_deallocate(mach_task_self(), task);
	return KERN_SUCCESS;
}

kern_return_t
exception_raise_state(mach_port_t port, exception_type_t exception,
		      const exception_data_t code, mach_msg_type_number_t codeCnt, int *flavor,
		      const thread_state_t old_state, mach_msg_type_number_t old_stateCnt,
		      thread_state_t new_state, mach_msg_type_number_t *new_stateCnt)
{
	(void)port, (void)exception, (void)code, (void)codeCnt, (void)flavor, (void)old_state;
	(void)old_stateCnt, (void)new_state, (void)new_stateCnt;
	return KERN_FAILURE;
}

kern_return_t
exception_raise_state_identity(mach_port_t port, mach_port_t thread, mach_port_t task,
			       exception_type_t exception, exception_data_t code,
			       mach_msg_type_number_t codeCnt, int *flavor,
			       thread_state_t old_state, mach_msg_type_number_t old_stateCnt,
			       thread_state_t new_state, mach_msg_type_number_t *new_stateCnt)
{
	(void)port, (void)thread, (void)task, (void)exception, (void)code, (void)codeCnt;
	(void)flavor, (void)old_state, (void)old_stateCnt, (void)new_state, (void)new_stateCnt;
	return KERN_FAILURE;
}

static volatile int store_done;

static void
store_to_page(void *arg)
{
	(void)arg;
	*(volatile int *)exc_page = 99;		/* faults: the page is read-only */
	store_done = 1;
}

/*
 * A thread stores to a read-only page; the exception handler on `exc'
 * (served here, once) makes the page writable and the store completes.
 */
struct fault_result {
	mach_msg_return_t served;
	kern_return_t joined;
	int value;
};

static kern_return_t
fault_and_serve(mach_port_t exc, struct fault_result *r)
{
	vm_address_t page = 0;
	kern_return_t kr = vm_allocate(mach_task_self(), &page, 4096, VM_FLAGS_ANYWHERE);
	if (kr == KERN_SUCCESS)
		kr = vm_protect(mach_task_self(), page, 4096, FALSE, VM_PROT_READ);
	exc_page = page;
	exc_seen = 0;
	store_done = 0;
	struct ut_thread t;
	if (kr == KERN_SUCCESS)
		kr = ut_thread(store_to_page, NULL, &t);
	if (kr == KERN_SUCCESS) {
		r->served = mach_msg_server_once(exc_server, 4096, exc, 0);
		r->joined = ut_join(&t);
		r->value = *(volatile int *)page;
	}
	vm_deallocate(mach_task_self(), page, 4096);
	return kr;
}

#define CHECK_FAULT_HANDLED(r) do {						\
		CHECK((r).served == MACH_MSG_SUCCESS, "serving the exception: %#x", (r).served); \
		CHECK((r).joined == KERN_SUCCESS, "the thread did not end: %#x", (r).joined); \
		CHECK(exc_seen == EXC_BAD_ACCESS && exc_code == KERN_PROTECTION_FAILURE, \
		      "exception %d code %d", exc_seen, exc_code);		\
		CHECK(store_done && (r).value == 99,				\
		      "the store did not complete after the handler (%d)", (r).value); \
	} while (0)

UTEST(bad_access_goes_to_the_task_exception_port_and_resumes)
{
	mach_port_t exc = ut_port_with_send();
	struct fault_result r;
	KR(task_set_exception_ports(mach_task_self(), EXC_MASK_BAD_ACCESS, exc, EXCEPTION_DEFAULT,
				    RISCV_THREAD_STATE));
	kern_return_t kr = fault_and_serve(exc, &r);
	KR(task_set_exception_ports(mach_task_self(), EXC_MASK_BAD_ACCESS, MACH_PORT_NULL,
				    EXCEPTION_DEFAULT, RISCV_THREAD_STATE));
	mach_port_destroy(mach_task_self(), exc);
	KR(kr);
	CHECK_FAULT_HANDLED(r);
	return 0;
}

static volatile int after_illegal;

static void
run_illegal_instruction(void *arg)
{
	(void)arg;
	__asm__ __volatile__("csrr t0, mstatus" ::: "t0");	/* M-mode only: illegal here */
	after_illegal = 1;
}

UTEST(illegal_instruction_raises_bad_instruction_and_the_handler_can_step_over_it)
{
	mach_port_t exc = ut_port_with_send();
	exc_seen = 0;
	after_illegal = 0;
	KR(task_set_exception_ports(mach_task_self(), EXC_MASK_BAD_INSTRUCTION, exc,
				    EXCEPTION_DEFAULT, RISCV_THREAD_STATE));
	struct ut_thread t;
	KR(ut_thread(run_illegal_instruction, NULL, &t));
	mach_msg_return_t mr = mach_msg_server_once(exc_server, 4096, exc, 0);
	kern_return_t joined = ut_join(&t);
	KR(task_set_exception_ports(mach_task_self(), EXC_MASK_BAD_INSTRUCTION, MACH_PORT_NULL,
				    EXCEPTION_DEFAULT, RISCV_THREAD_STATE));
	mach_port_destroy(mach_task_self(), exc);
	CHECK(mr == MACH_MSG_SUCCESS, "serving the exception: %#x", mr);
	CHECK(exc_seen == EXC_BAD_INSTRUCTION, "exception %d", exc_seen);
	CHECK(joined == KERN_SUCCESS && after_illegal, "the thread did not go on (%#x, %d)", joined,
	      after_illegal);
	return 0;
}

/* ---- TLB shootdown: a change of protection reaches every hart ---- */

static volatile int tlb_stop, tlb_stores;

static void
store_until_stopped(void *arg)
{
	(void)arg;
	while (!tlb_stop) {
		*(volatile int *)exc_page = 99;	/* faults once the page is read-only */
		tlb_stores++;
	}
}

/*
 * A thread of this task stores in a loop (on another hart when there is
 * one) while this thread makes the page read-only: the store must fault at
 * once, not go on through a translation another hart still caches.
 */
UTEST(vm_protect_reaches_a_thread_running_on_another_hart)
{
	mach_port_t exc = ut_port_with_send();
	vm_address_t page = 0;
	KR(vm_allocate(mach_task_self(), &page, 4096, VM_FLAGS_ANYWHERE));
	exc_page = page;
	exc_seen = 0;
	tlb_stop = 0;
	tlb_stores = 0;
	KR(task_set_exception_ports(mach_task_self(), EXC_MASK_BAD_ACCESS, exc, EXCEPTION_DEFAULT,
				    RISCV_THREAD_STATE));
	struct ut_thread t;
	KR(ut_thread(store_until_stopped, NULL, &t));
	for (int s = 0; tlb_stores < 1000 && ut_pause(&s);)
		;
	int before = tlb_stores;
	KR(vm_protect(mach_task_self(), page, 4096, FALSE, VM_PROT_READ));
	union {
		mach_msg_header_t head;
		char room[4096];
	} in, out;
	mach_msg_return_t mr = mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(in),
					exc, 2000, MACH_PORT_NULL);
	tlb_stop = 1;
	if (mr == MACH_MSG_SUCCESS && exc_server(&in.head, &out.head))
		mach_msg(&out.head, MACH_SEND_MSG, out.head.msgh_size, 0, MACH_PORT_NULL, 0,
			 MACH_PORT_NULL);
	kern_return_t joined = ut_join(&t);
	KR(task_set_exception_ports(mach_task_self(), EXC_MASK_BAD_ACCESS, MACH_PORT_NULL,
				    EXCEPTION_DEFAULT, RISCV_THREAD_STATE));
	vm_deallocate(mach_task_self(), page, 4096);
	mach_port_destroy(mach_task_self(), exc);
	CHECK(before >= 1000, "the storing thread did not run (%d stores)", before);
	CHECK(mr == MACH_MSG_SUCCESS && exc_seen == EXC_BAD_ACCESS,
	      "no fault after vm_protect (%#x): the thread stored through a stale translation",
	      mr);
	CHECK(joined == KERN_SUCCESS, "the thread did not end: %#x", joined);
	return 0;
}

/* The first task's bootstrap port is the host-priv port (kern/init_task.c). */
static mach_port_t
host_priv_port(void)
{
	return mach_bootstrap_port();
}

UTEST(bad_access_without_thread_or_task_handler_goes_to_the_host_exception_port)
{
	mach_port_t exc = ut_port_with_send(), hp = host_priv_port();
	KR(host_set_exception_ports(hp, EXC_MASK_BAD_ACCESS, exc, EXCEPTION_DEFAULT,
				    RISCV_THREAD_STATE));
	/* It reads back. */
	exception_mask_t masks[EXC_TYPES_COUNT];
	mach_port_t handlers[EXC_TYPES_COUNT];
	exception_behavior_t behaviors[EXC_TYPES_COUNT];
	thread_state_flavor_t flavors[EXC_TYPES_COUNT];
	mach_msg_type_number_t n = EXC_TYPES_COUNT;
	KR(host_get_exception_ports(hp, EXC_MASK_BAD_ACCESS, masks, &n, handlers, behaviors,
				    flavors));
	CHECK(n == 1 && masks[0] == EXC_MASK_BAD_ACCESS && handlers[0] == exc &&
	      behaviors[0] == EXCEPTION_DEFAULT, "host_get_exception_ports: %u, %#x %#x %#x", n,
	      n ? masks[0] : 0, n ? handlers[0] : 0, n ? behaviors[0] : 0);
	mach_port_deallocate(mach_task_self(), handlers[0]);
	struct fault_result r;
	kern_return_t kr = fault_and_serve(exc, &r);
	KR(host_set_exception_ports(hp, EXC_MASK_BAD_ACCESS, MACH_PORT_NULL, EXCEPTION_DEFAULT,
				    RISCV_THREAD_STATE));
	mach_port_destroy(mach_task_self(), exc);
	KR(kr);
	CHECK_FAULT_HANDLED(r);
	return 0;
}

UTEST(host_priv_calls_need_the_host_priv_port)
{
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_set_exception_ports(host, EXC_MASK_BAD_ACCESS, MACH_PORT_NULL,
						    EXCEPTION_DEFAULT, RISCV_THREAD_STATE);
	mach_port_deallocate(mach_task_self(), host);
	CHECK(kr == KERN_INVALID_HOST, "with the host name port: %#x", kr);
	kr = host_set_exception_ports(host_priv_port(), 1u << 30, MACH_PORT_NULL,
				      EXCEPTION_DEFAULT, RISCV_THREAD_STATE);
	CHECK(kr == KERN_INVALID_ARGUMENT, "with a bad mask: %#x", kr);
	return 0;
}

/* The sender's token of one message this task sends itself. */
static security_token_t
own_token(void)
{
	mach_port_t p = ut_port_with_send();
	mach_msg_header_t h = { MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), sizeof(h), p, 0, 0, 9 };
	struct {
		mach_msg_header_t h;
		mach_msg_security_trailer_t t;
		char room[64];
	} m = { 0 };
	mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	mach_msg(&m.h, MACH_RCV_MSG | MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
		 MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER), 0, sizeof(m), p, 0,
		 MACH_PORT_NULL);
	mach_port_destroy(mach_task_self(), p);
	return m.t.msgh_sender;
}

UTEST(host_security_set_task_token_changes_the_trailer_s_sender)
{
	security_token_t was = own_token();
	audit_token_t audit = { { 0 } };
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_security_set_task_token(host, mach_task_self(),
							(security_token_t){ { 1000, 1001 } }, audit,
							MACH_PORT_NULL);
	mach_port_deallocate(mach_task_self(), host);
	CHECK(kr == KERN_INVALID_SECURITY, "with the host name port: %#x", kr);
	CHECK(was.val[0] == 0 && was.val[1] == 0, "a task started by bootstrap: { %u, %u }",
	      was.val[0], was.val[1]);
	KR(host_security_set_task_token(host_priv_port(), mach_task_self(),
					(security_token_t){ { 1000, 1001 } }, audit, MACH_PORT_NULL));
	security_token_t now = own_token();
	KR(host_security_set_task_token(host_priv_port(), mach_task_self(), was, audit,
					MACH_PORT_NULL));
	security_token_t back = own_token();
	CHECK(now.val[0] == 1000 && now.val[1] == 1001, "after the change: { %u, %u }", now.val[0],
	      now.val[1]);
	CHECK(back.val[0] == 0 && back.val[1] == 0, "set back: { %u, %u }", back.val[0], back.val[1]);
	kr = host_security_set_task_token(host_priv_port(), MACH_PORT_NULL, was, audit,
					  MACH_PORT_NULL);
	CHECK(kr == KERN_INVALID_ARGUMENT, "no task: %#x", kr);
	return 0;
}

UTEST(task_machrv_name_sets_the_name_task_info_reads)
{
	task_machrv_name_data_t old, set, got;
	mach_msg_type_number_t n = TASK_MACHRV_NAME_COUNT;
	KR(task_info(mach_task_self(), TASK_MACHRV_NAME, (task_info_t)&old, &n));
	memset(&set, 0, sizeof(set));
	strcpy(set.name, "renamed-task");
	KR(task_set_info(mach_task_self(), TASK_MACHRV_NAME, (task_info_t)&set, TASK_MACHRV_NAME_COUNT));
	n = TASK_MACHRV_NAME_COUNT;
	KR(task_info(mach_task_self(), TASK_MACHRV_NAME, (task_info_t)&got, &n));
	kern_return_t short_count = task_set_info(mach_task_self(), TASK_MACHRV_NAME,
						  (task_info_t)&set, 2);
	KR(task_set_info(mach_task_self(), TASK_MACHRV_NAME, (task_info_t)&old, TASK_MACHRV_NAME_COUNT));
	CHECK(strcmp(got.name, "renamed-task") == 0 && n == TASK_MACHRV_NAME_COUNT,
	      "read back \"%s\" (%u words)", got.name, n);
	CHECK(short_count == KERN_INVALID_ARGUMENT, "a short count: %#x", short_count);
	return 0;
}

UTEST(task_set_name_sets_the_name_task_info_reads_cut_to_31_characters)
{
	task_machrv_name_data_t old, got;
	mach_msg_type_number_t n = TASK_MACHRV_NAME_COUNT;
	KR(task_info(mach_task_self(), TASK_MACHRV_NAME, (task_info_t)&old, &n));
	KR(task_set_name(mach_task_self(), "gnu-named-task"));
	n = TASK_MACHRV_NAME_COUNT;
	KR(task_info(mach_task_self(), TASK_MACHRV_NAME, (task_info_t)&got, &n));
	bool set = strcmp(got.name, "gnu-named-task") == 0;
	KR(task_set_name(mach_task_self(), "a-name-of-forty-characters-0123456789ab"));
	n = TASK_MACHRV_NAME_COUNT;
	KR(task_info(mach_task_self(), TASK_MACHRV_NAME, (task_info_t)&got, &n));
	bool cut = strcmp(got.name, "a-name-of-forty-characters-0123") == 0;
	KR(task_set_name(mach_task_self(), old.name));
	CHECK(set && cut, "read back \"%s\"", got.name);
	return 0;
}

UTEST(host_reboot_refuses_what_it_does_not_provide)
{
	/* A successful host_reboot would end the test run: only refusals here. */
	mach_port_t host = mach_host_self();
	kern_return_t name_port = host_reboot(host, HOST_REBOOT_HALT);
	mach_port_deallocate(mach_task_self(), host);
	kern_return_t upload = host_reboot(host_priv_port(), HOST_REBOOT_UPLOAD);
	kern_return_t stray = host_reboot(host_priv_port(), HOST_REBOOT_HALT | 0x4);
	CHECK(name_port == KERN_INVALID_HOST, "with the host name port: %#x", name_port);
	CHECK(upload == KERN_INVALID_ARGUMENT, "HOST_REBOOT_UPLOAD: %#x", upload);
	CHECK(stray == KERN_INVALID_ARGUMENT, "an unknown option bit: %#x", stray);
	return 0;
}

UTEST(host_special_ports_give_the_host_ports_and_keep_user_slots)
{
	mach_port_t hp = host_priv_port(), got = MACH_PORT_NULL, p = ut_port_with_send();
	KR(host_get_special_port(hp, HOST_LOCAL_NODE, HOST_PRIV_PORT, &got));
	CHECK(got == hp, "HOST_PRIV_PORT is %#x, the bootstrap port %#x", got, hp);
	mach_port_deallocate(mach_task_self(), got);
	kern_return_t kernel_slot = host_set_special_port(hp, HOST_PRIV_PORT, p);
	KR(host_set_special_port(hp, HOST_DYNAMIC_PAGER_PORT, p));
	KR(host_get_special_port(hp, HOST_LOCAL_NODE, HOST_DYNAMIC_PAGER_PORT, &got));
	KR(host_set_special_port(hp, HOST_DYNAMIC_PAGER_PORT, MACH_PORT_NULL));
	kern_return_t bad = host_get_special_port(hp, HOST_LOCAL_NODE, HOST_MAX_SPECIAL_PORT + 1,
						  &got);
	mach_port_urefs_t refs = 0;
	mach_port_get_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, &refs);
	mach_port_destroy(mach_task_self(), p);
	CHECK(kernel_slot == KERN_NO_ACCESS, "setting a kernel slot: %#x", kernel_slot);
	CHECK(bad == KERN_INVALID_ARGUMENT, "slot out of range: %#x", bad);
	CHECK(refs == 2, "send urefs %u: one ours, one from host_get_special_port", refs);
	return 0;
}

/* ---- the Unix system-call path ---- */

static volatile long call_result;

static void
make_call(void *arg)
{
	(void)arg;
	call_result = ut_unix_call(9, 40, 2);
}

UTEST(unix_syscall_without_a_syscall_port_is_enosys)
{
	long r = ut_unix_call(3, 0, 0);
	CHECK(r == -MACHRV_SYSCALL_ENOSYS, "result %ld", r);
	return 0;
}

UTEST(unix_syscall_reaches_the_syscall_port_and_returns_its_answer)
{
	mach_port_t p = ut_port_with_send();
	KR(task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, p));
	struct ut_thread t;
	call_result = 0;
	KR(ut_thread(make_call, NULL, &t));
	struct {
		machrv_syscall_request_t req;
		mach_msg_max_trailer_t trailer;
	} m;
	mach_msg_return_t mr = mach_msg(&m.req.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m),
					p, 5000, 0);
	mach_msg_return_t sr = ut_unix_answer(m.req.head.msgh_remote_port, 0,
					   (long)(m.req.args[0] + m.req.args[1]));
	KR(ut_join(&t));
	KR(task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, MACH_PORT_NULL));
	mach_port_destroy(mach_task_self(), p);
	CHECK(mr == MACH_MSG_SUCCESS && sr == MACH_MSG_SUCCESS, "%#x %#x", mr, sr);
	CHECK(m.req.number == 9 && m.req.args[0] == 40, "request %ld(%lu)", (long)m.req.number,
	      (unsigned long)m.req.args[0]);
	CHECK(call_result == 42, "the caller got %ld", call_result);
	return 0;
}

/*
 * A call that offers its input (a6, <machrv/syscall_msg.h>): the request
 * carries the bytes, or says it could not read them; a call that offers
 * nothing sends the fixed request.  The personality here answers each
 * request with what it saw: 1 the bytes, 2 len 0 (unreadable), 3 no input.
 */
static mach_port_t in_port;
static const char in_text[] = "input!";

static long
unix_call_offering(long number, const void *buf, long len)
{
	return ut_unix_call_hinting(number, buf, len, MACHRV_SYSCALL_IN_HINT);
}

static void
in_personality(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3; i++) {
		struct {
			machrv_syscall_request_t req;
			machrv_syscall_in_t in;
			uint8_t bytes[MACHRV_SYSCALL_IN_MAX];
			mach_msg_max_trailer_t trailer;
		} m;
		if (mach_msg(&m.req.head, MACH_RCV_MSG, 0, sizeof(m), in_port, 0, 0) !=
		    MACH_MSG_SUCCESS)
			return;
		long saw = 0;
		mach_msg_size_t size = m.req.head.msgh_size;
		if (size == sizeof(m.req))
			saw = 3;
		else if (size == sizeof(m.req) + sizeof(m.in) + 8 && m.in.len == 0 && m.in.addr == 8 &&
			 m.in.kind == MACHRV_SYSCALL_IN_BYTES)
			saw = 2;
		else if (size == sizeof(m.req) + sizeof(m.in) + 8 && m.in.len == sizeof(in_text) &&
			 m.in.kind == MACHRV_SYSCALL_IN_BYTES &&
			 m.in.addr == (uint64_t)(uintptr_t)in_text &&
			 memcmp(m.bytes, in_text, sizeof(in_text)) == 0 && m.bytes[7] == 0)
			saw = 1;
		(void)ut_unix_answer(m.req.head.msgh_remote_port, 0, saw);
	}
}

UTEST(unix_syscall_requests_carry_the_input_a_call_offers)
{
	in_port = ut_port_with_send();
	KR(task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, in_port));
	struct ut_thread t;
	KR(ut_thread(in_personality, NULL, &t));
	long r1 = unix_call_offering(4, in_text, sizeof(in_text));
	long r2 = unix_call_offering(4, (const void *)8, 4);	/* page 0: unreadable */
	long r3 = ut_unix_call(4, 0, 0);
	KR(ut_join(&t));
	KR(task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, MACH_PORT_NULL));
	mach_port_destroy(mach_task_self(), in_port);
	CHECK(r1 == 1, "the bytes: seen %ld (1: carried)", r1);
	CHECK(r2 == 2, "an unreadable buffer: seen %ld (2: len 0)", r2);
	CHECK(r3 == 3, "no offer: seen %ld (3: the fixed request)", r3);
	return 0;
}

/*
 * A call that offers its output (MACHRV_SYSCALL_OUT_HINT): the request
 * says whether the range was writable when the call trapped, and the
 * kernel's check changes no byte.  The personality answers with the
 * length the request said (-1: no offer in it, -2: a malformed one).
 */
static char out_buf[3 * 4096] __attribute__((aligned(4096)));

static void
out_personality(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5; i++) {
		struct {
			machrv_syscall_request_t req;
			machrv_syscall_in_t in;
			mach_msg_max_trailer_t trailer;
		} m;
		if (mach_msg(&m.req.head, MACH_RCV_MSG, 0, sizeof(m), in_port, 0, 0) !=
		    MACH_MSG_SUCCESS)
			return;
		long saw = -2;
		mach_msg_size_t size = m.req.head.msgh_size;
		if (size == sizeof(m.req))
			saw = -1;
		else if (size == sizeof(m.req) + sizeof(m.in) &&
			 m.in.kind == MACHRV_SYSCALL_IN_WRITABLE && m.in.addr == m.req.args[1])
			saw = m.in.len;
		(void)ut_unix_answer(m.req.head.msgh_remote_port, 0, saw);
	}
}

UTEST(unix_syscall_requests_say_whether_the_output_a_call_offers_is_writable)
{
	for (size_t i = 0; i < sizeof(out_buf); i++)
		out_buf[i] = (char)(i * 7 + 1);		/* every page resident and written */
	in_port = ut_port_with_send();
	KR(task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, in_port));
	struct ut_thread t;
	KR(ut_thread(out_personality, NULL, &t));
	/* Across three pages, from an unaligned start. */
	long r1 = ut_unix_call_hinting(3, out_buf + 4093, 4100, MACHRV_SYSCALL_OUT_HINT);
	long r2 = ut_unix_call_hinting(3, in_text, sizeof(in_text), MACHRV_SYSCALL_OUT_HINT);
	long r3 = ut_unix_call_hinting(3, (const void *)8, 4, MACHRV_SYSCALL_OUT_HINT);
	long r4 = ut_unix_call_hinting(3, out_buf, MACHRV_SYSCALL_OUT_MAX + 1, MACHRV_SYSCALL_OUT_HINT);
	long r5 = ut_unix_call_hinting(3, out_buf + 1, 1, MACHRV_SYSCALL_OUT_HINT);
	KR(ut_join(&t));
	KR(task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, MACH_PORT_NULL));
	mach_port_destroy(mach_task_self(), in_port);
	size_t changed = 0;
	for (size_t i = 0; i < sizeof(out_buf); i++)
		changed += out_buf[i] != (char)(i * 7 + 1);
	CHECK(r1 == 4100, "a writable range over three pages: len %ld", r1);
	CHECK(r2 == 0, "read-only data: len %ld (0: not writable)", r2);
	CHECK(r3 == 0, "page 0: len %ld (0: not writable)", r3);
	CHECK(r4 == -1, "more than MACHRV_SYSCALL_OUT_MAX: %ld (-1: no offer sent)", r4);
	CHECK(r5 == 1, "one byte: len %ld", r5);
	CHECK(changed == 0, "the check changed %zu bytes", changed);
	return 0;
}

/*
 * Answers with bytes for the caller (<machrv/syscall_msg.h>): a personality
 * thread serves three calls the way bsd_server does (the answer goes with
 * its next receive, so the fast path may carry both); the number says
 * which answer.
 */
static char seg_buf[64];
static mach_port_t seg_port;

struct seg_answer {
	machrv_syscall_reply_t rep;
	uint8_t out[96];
};

/* Append a segment for `addr' (`len' bytes of `data', `claimed' as its length). */
static size_t
seg_add(uint8_t *out, size_t at, uint64_t addr, const char *data, uint32_t len, uint32_t claimed)
{
	machrv_syscall_out_t o = { .addr = addr, .len = claimed };
	memcpy(out + at, &o, sizeof(o));
	memset(out + at + sizeof(o), 0, (len + 7) & ~7u);
	memcpy(out + at + sizeof(o), data, len);
	return at + sizeof(o) + ((len + 7) & ~7u);
}

static void
seg_personality(void *arg)
{
	union {
		struct seg_answer a;
		struct {
			machrv_syscall_request_t req;
			mach_msg_max_trailer_t trailer;
		} m;
	} u;
	mach_msg_option_t opt = MACH_RCV_MSG;
	mach_msg_size_t send = 0;

	(void)arg;
	for (int served = 0; served <= 3; served++) {
		if (mach_msg(&u.m.req.head, opt, send, sizeof(u), served == 3 ? 0 : seg_port,
			     0, 0) != MACH_MSG_SUCCESS || served == 3)
			return;
		long number = (long)u.m.req.number;
		mach_port_t reply = u.m.req.head.msgh_remote_port;
		size_t n = 0;
		if (number == 1) {
			n = seg_add(u.a.out, n, (uint64_t)(uintptr_t)seg_buf, "hello", 5, 5);
			n = seg_add(u.a.out, n, (uint64_t)(uintptr_t)(seg_buf + 16), "world!", 6, 6);
		} else if (number == 2) {
			n = seg_add(u.a.out, n, (uint64_t)(uintptr_t)seg_buf, "ab", 2, 2);
			n = seg_add(u.a.out, n, 8, "zz", 2, 2);		/* page 0 */
		} else {
			n = seg_add(u.a.out, n, (uint64_t)(uintptr_t)seg_buf, "xy", 2, 100);
		}
		memset(&u.a.rep, 0, sizeof(u.a.rep));
		u.a.rep.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		u.a.rep.head.msgh_size = (mach_msg_size_t)(sizeof(u.a.rep) + n);
		u.a.rep.head.msgh_remote_port = reply;
		u.a.rep.head.msgh_id = MACHRV_SYSCALL_MSG_ID + 100;
		u.a.rep.rv[0] = 7;
		opt = MACH_SEND_MSG | (served == 2 ? 0 : MACH_RCV_MSG);
		send = u.a.rep.head.msgh_size;
	}
}

UTEST(unix_syscall_answers_write_their_bytes_into_the_caller_or_fail_with_efault)
{
	seg_port = ut_port_with_send();
	KR(task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, seg_port));
	struct ut_thread t;
	KR(ut_thread(seg_personality, NULL, &t));
	memset(seg_buf, '.', sizeof(seg_buf));
	long r1 = ut_unix_call(1, 0, 0);
	int written = memcmp(seg_buf, "hello...........world!..", 24) == 0;
	memset(seg_buf, '.', sizeof(seg_buf));
	long r2 = ut_unix_call(2, 0, 0);
	int first_only = memcmp(seg_buf, "ab..", 4) == 0;
	memset(seg_buf, '.', sizeof(seg_buf));
	long r3 = ut_unix_call(3, 0, 0);
	int untouched = seg_buf[0] == '.' && seg_buf[1] == '.';
	KR(ut_join(&t));
	KR(task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, MACH_PORT_NULL));
	mach_port_destroy(mach_task_self(), seg_port);
	CHECK(r1 == 7 && written, "segments: result %ld, written %d", r1, written);
	CHECK(r2 == -MACHRV_SYSCALL_EFAULT && first_only,
	      "a segment for page 0: result %ld, the one before written %d", r2, first_only);
	CHECK(r3 == -MACHRV_SYSCALL_EFAULT && untouched,
	      "a segment longer than the answer: result %ld, nothing written %d", r3, untouched);
	return 0;
}

/* Look the registered ports up, check them against `want' (3), and release them. */
static int registered_are(const mach_port_t want[3])
{
	mach_port_array_t got = NULL;
	mach_msg_type_number_t n = 0;
	KR(mach_ports_lookup(mach_task_self(), &got, &n));
	CHECK(n == 3, "%u ports", n);
	int same = 1;
	for (unsigned i = 0; i < n; i++) {
		if (got[i] != want[i])
			same = 0;
		if (MACH_PORT_VALID(got[i]))
			mach_port_deallocate(mach_task_self(), got[i]);
	}
	vm_deallocate(mach_task_self(), (vm_address_t)got, n * sizeof(*got));
	CHECK(same, "got 0x%x 0x%x 0x%x", got[0], got[1], got[2]);
	return 0;
}

UTEST(mach_ports_register_keeps_up_to_three_rights_for_mach_ports_lookup)
{
	mach_port_t a = ut_port_with_send(), b = ut_port_with_send();
	mach_port_t two[2] = { a, b }, four[4] = { a, b, a, b };
	const mach_port_t want[3] = { a, b, MACH_PORT_NULL }, none[3] = { 0, 0, 0 };

	KR(mach_ports_register(mach_task_self(), two, 2));
	if (registered_are(want))
		return 1;
	kern_return_t kr = mach_ports_register(mach_task_self(), four, 4);
	CHECK(kr == KERN_INVALID_ARGUMENT, "4 ports: %#x", kr);
	if (registered_are(want))	/* unchanged by the refused call */
		return 1;
	KR(mach_ports_register(mach_task_self(), NULL, 0));
	if (registered_are(none))
		return 1;
	mach_port_destroy(mach_task_self(), a);
	mach_port_destroy(mach_task_self(), b);
	return 0;
}
