// SPDX-License-Identifier: BSD-2-Clause
// A user program that checks exception delivery end to end: the kernel's
// exception messages (exc.defs and mach_exc.defs, sent by its KernelUser
// stubs) reach a handler built from the same .defs (exc_server,
// mach_exc_server), with the right type, codes and thread state, and the
// handler's answer resumes the faulting thread where it says.  One
// "[TEST] PASS/FAIL" line per fact (docs/testing.md).
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include "excServer.h"
#include "mach_excServer.h"

#include "../common/fact.h"

// What the handler saw, and where it sends the thread on.
static struct {
	int calls;
	exception_type_t exception;
	int64_t code[2];
	uint64_t pc;              // the faulting thread's pc, from its state
	mach_port_t done_port;    // the resumed thread reports here
} seen;

struct done_msg {
	mach_msg_header_t head;
	int value;
};

struct done_rcv {
	struct done_msg msg;
	mach_msg_max_trailer_t trailer;
};

// Where a handled thread resumes: report to the port in a0, then end.
__attribute__((noreturn)) static void resumed(mach_port_t done, int value)
{
	struct done_msg m = {
		.head = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			.msgh_size = sizeof(m), .msgh_remote_port = done, .msgh_id = 5151,
		},
		.value = value,
	};
	mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	thread_terminate(mach_thread_self());
	for (;;)
		swtch_pri(0);
}

// Thread bodies: each raises one exception.
__attribute__((noreturn)) static void load_from(uintptr_t address)
{
	(void)*(volatile int *)address;
	for (;;)
		swtch_pri(0);     // not reached: the handler moves the pc
}

__attribute__((noreturn)) static void breakpoint(mach_port_t done)
{
	__asm__ volatile(".4byte 0x00100073");   // a 4-byte ebreak
	resumed(done, 3);                         // after the handler skips it
}

// Each raw thread has a stack and a thread-local block of its own, never
// reused: a thread that has reported to done_port may still be running
// (in thread_terminate) while main starts the next one, and a thread that
// shared main's TLS would share its MIG reply port, so the reply to its
// thread_terminate could be taken by main's next RPC (MIG_REPLY_MISMATCH).
#define RAW_THREADS 3
static uint64_t stack[RAW_THREADS][1024] __attribute__((aligned(16)));
static char tls_block[RAW_THREADS][4096] __attribute__((aligned(64)));
extern char __tls_size[], __tls_align[];   // from picolibc's linker script
extern void _init_tls(void *tls);          // picolibc: copy the TLS image

/* Start a thread at fn(a0, a1) on its own stack and TLS block. */
static kern_return_t start_thread(void (*fn)(void), uint64_t a0, uint64_t a1, int which)
{
	riscv_thread_state_t s;
	thread_act_t thread;
	uint64_t gp;

	if ((uintptr_t)__tls_size > sizeof(tls_block[0]) || (uintptr_t)__tls_align > 64)
		return KERN_RESOURCE_SHORTAGE;
	_init_tls(tls_block[which]);
	__asm__ volatile("mv %0, gp" : "=r"(gp));
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)fn;
	s.sp = (uint64_t)(uintptr_t)&stack[which][1024];
	s.gp = gp;
	s.tp = (uint64_t)(uintptr_t)tls_block[which];
	s.a0 = a0;
	s.a1 = a1;
	kern_return_t kr = thread_create_running(mach_task_self(), RISCV_THREAD_STATE,
	                                         (thread_state_t)&s, RISCV_THREAD_STATE_COUNT, &thread);
	if (kr == KERN_SUCCESS)
		mach_port_deallocate(mach_task_self(), thread);
	return kr;
}

/* Send the thread on to resumed(done, value) from the state in `s'. */
static void redirect(riscv_thread_state_t *s, int value)
{
	seen.pc = s->pc;
	s->pc = (uint64_t)(uintptr_t)resumed;
	s->a0 = seen.done_port;
	s->a1 = (uint64_t)value;
}

// ---- exc.defs: 32-bit codes ----

kern_return_t exception_raise(mach_port_t exception_port, mach_port_t thread, mach_port_t task,
                              exception_type_t exception, exception_data_t code,
                              mach_msg_type_number_t codeCnt)
{
	riscv_thread_state_t s;
	mach_msg_type_number_t count = RISCV_THREAD_STATE_COUNT;
	(void)exception_port;

	seen.calls++;
	seen.exception = exception;
	seen.code[0] = codeCnt > 0 ? code[0] : -1;
	seen.code[1] = codeCnt > 1 ? code[1] : -1;
	kern_return_t kr = thread_get_state(thread, RISCV_THREAD_STATE, (thread_state_t)&s, &count);
	if (kr == KERN_SUCCESS) {
		redirect(&s, 1);
		kr = thread_set_state(thread, RISCV_THREAD_STATE, (thread_state_t)&s, count);
	}
	// The rights that came with the request are ours once we succeed.
	mach_port_deallocate(mach_task_self(), thread);
	mach_port_deallocate(mach_task_self(), task);
	return kr;
}

kern_return_t exception_raise_state(mach_port_t exception_port, exception_type_t exception,
                                    const exception_data_t code, mach_msg_type_number_t codeCnt,
                                    int *flavor, const thread_state_t old_state,
                                    mach_msg_type_number_t old_stateCnt, thread_state_t new_state,
                                    mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port; (void)exception; (void)code; (void)codeCnt; (void)flavor;
	(void)old_state; (void)old_stateCnt; (void)new_state; (void)new_stateCnt;
	return KERN_FAILURE;
}

kern_return_t exception_raise_state_identity(mach_port_t exception_port, mach_port_t thread,
                                             mach_port_t task, exception_type_t exception,
                                             exception_data_t code, mach_msg_type_number_t codeCnt,
                                             int *flavor, thread_state_t old_state,
                                             mach_msg_type_number_t old_stateCnt,
                                             thread_state_t new_state,
                                             mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port;
	seen.calls++;
	seen.exception = exception;
	seen.code[0] = codeCnt > 0 ? code[0] : -1;
	seen.code[1] = codeCnt > 1 ? code[1] : -1;
	mach_port_deallocate(mach_task_self(), thread);
	mach_port_deallocate(mach_task_self(), task);
	if (*flavor != RISCV_THREAD_STATE || old_stateCnt != RISCV_THREAD_STATE_COUNT)
		return KERN_INVALID_ARGUMENT;
	// Step over the 4-byte ebreak; everything else as it was.
	memcpy(new_state, old_state, sizeof(riscv_thread_state_t));
	riscv_thread_state_t *s = (riscv_thread_state_t *)new_state;
	seen.pc = s->pc;
	s->pc += 4;
	*new_stateCnt = RISCV_THREAD_STATE_COUNT;
	return KERN_SUCCESS;
}

// ---- mach_exc.defs: 64-bit codes ----

kern_return_t mach_exception_raise(mach_port_t exception_port, mach_port_t thread,
                                   mach_port_t task, exception_type_t exception,
                                   mach_exception_data_t code, mach_msg_type_number_t codeCnt)
{
	(void)exception_port; (void)thread; (void)task; (void)exception; (void)code; (void)codeCnt;
	return KERN_FAILURE;
}

kern_return_t mach_exception_raise_state(mach_port_t exception_port, exception_type_t exception,
                                         const mach_exception_data_t code,
                                         mach_msg_type_number_t codeCnt, int *flavor,
                                         const thread_state_t old_state,
                                         mach_msg_type_number_t old_stateCnt,
                                         thread_state_t new_state,
                                         mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port;
	seen.calls++;
	seen.exception = exception;
	seen.code[0] = codeCnt > 0 ? code[0] : -1;
	seen.code[1] = codeCnt > 1 ? code[1] : -1;
	if (*flavor != RISCV_THREAD_STATE || old_stateCnt != RISCV_THREAD_STATE_COUNT)
		return KERN_INVALID_ARGUMENT;
	memcpy(new_state, old_state, sizeof(riscv_thread_state_t));
	redirect((riscv_thread_state_t *)new_state, 2);
	*new_stateCnt = RISCV_THREAD_STATE_COUNT;
	return KERN_SUCCESS;
}

kern_return_t mach_exception_raise_state_identity(mach_port_t exception_port, mach_port_t thread,
                                                  mach_port_t task, exception_type_t exception,
                                                  mach_exception_data_t code,
                                                  mach_msg_type_number_t codeCnt, int *flavor,
                                                  thread_state_t old_state,
                                                  mach_msg_type_number_t old_stateCnt,
                                                  thread_state_t new_state,
                                                  mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port; (void)thread; (void)task; (void)exception; (void)code; (void)codeCnt;
	(void)flavor; (void)old_state; (void)old_stateCnt; (void)new_state; (void)new_stateCnt;
	return KERN_FAILURE;
}

/* Wait for a resumed thread's report; its value, or -1. */
static int wait_done(void)
{
	struct done_rcv r;

	memset(&r, 0, sizeof(r));
	if (mach_msg(&r.msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r), seen.done_port,
	             5000, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return -1;
	return r.msg.value;
}

static mach_port_t new_port(void)
{
	mach_port_t p = MACH_PORT_NULL;

	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p);
	mach_port_insert_right(mach_task_self(), p, p, MACH_MSG_TYPE_MAKE_SEND);
	return p;
}

int main(void)
{
	mach_port_t exc = new_port();
	kern_return_t kr;
	mach_msg_return_t mr;
	int done;

	seen.done_port = new_port();

	// (1) EXCEPTION_DEFAULT, 32-bit codes: a load from an unmapped page.
	kr = task_set_exception_ports(mach_task_self(), EXC_MASK_BAD_ACCESS, exc,
	                              EXCEPTION_DEFAULT, RISCV_THREAD_STATE);
	kern_return_t kr2 = start_thread((void (*)(void))load_from, 0x10, 0, 0);
	mr = mach_msg_server_once(exc_server, exc_subsystem.maxsize, exc, 0);
	done = wait_done();
	FACT("bad_access_reaches_the_task_exception_port_with_the_address",
	     kr == KERN_SUCCESS && kr2 == KERN_SUCCESS && mr == MACH_MSG_SUCCESS &&
	     seen.calls == 1 && seen.exception == EXC_BAD_ACCESS &&
	     seen.code[0] == KERN_INVALID_ADDRESS && seen.code[1] == 0x10,
	     "set %d, start %d, serve 0x%x, calls %d, exception %d, codes %lld %lld", kr, kr2, mr,
	     seen.calls, seen.exception, (long long)seen.code[0], (long long)seen.code[1]);
	FACT("thread_set_state_in_the_handler_resumes_the_thread_elsewhere", done == 1,
	     "the thread reported %d", done);
	FACT("the_faulting_pc_is_in_the_faulting_function",
	     seen.pc >= (uintptr_t)load_from && seen.pc < (uintptr_t)load_from + 64,
	     "pc 0x%llx, load_from at %p", (unsigned long long)seen.pc, (void *)load_from);

	// (2) EXCEPTION_STATE with MACH_EXCEPTION_CODES: an address above 4 GiB.
	memset(&seen.code, 0, sizeof(seen.code));
	kr = task_set_exception_ports(mach_task_self(), EXC_MASK_BAD_ACCESS, exc,
	                              EXCEPTION_STATE | MACH_EXCEPTION_CODES, RISCV_THREAD_STATE);
	kr2 = start_thread((void (*)(void))load_from, 0x3f00001234ULL, 0, 1);
	mr = mach_msg_server_once(mach_exc_server, mach_exc_subsystem.maxsize, exc, 0);
	done = wait_done();
	FACT("mach_exception_codes_carry_a_64_bit_address",
	     kr == KERN_SUCCESS && kr2 == KERN_SUCCESS && mr == MACH_MSG_SUCCESS &&
	     seen.calls == 2 && seen.code[1] == 0x3f00001234LL,
	     "set %d, start %d, serve 0x%x, calls %d, code[1] 0x%llx", kr, kr2, mr, seen.calls,
	     (unsigned long long)seen.code[1]);
	FACT("exception_state_reply_sets_the_threads_registers", done == 2,
	     "the thread reported %d", done);

	// (3) EXCEPTION_STATE_IDENTITY, 32-bit codes: a breakpoint, stepped over.
	kr = task_set_exception_ports(mach_task_self(), EXC_MASK_BREAKPOINT, exc,
	                              EXCEPTION_STATE_IDENTITY, RISCV_THREAD_STATE);
	kr2 = start_thread((void (*)(void))breakpoint, seen.done_port, 0, 2);
	mr = mach_msg_server_once(exc_server, exc_subsystem.maxsize, exc, 0);
	done = wait_done();
	FACT("ebreak_raises_exc_breakpoint_with_its_pc",
	     kr == KERN_SUCCESS && kr2 == KERN_SUCCESS && mr == MACH_MSG_SUCCESS &&
	     seen.calls == 3 && seen.exception == EXC_BREAKPOINT &&
	     seen.code[0] == EXC_RISCV_BREAKPOINT && (uint64_t)(uint32_t)seen.code[1] == seen.pc,
	     "set %d, start %d, serve 0x%x, calls %d, exception %d, codes %lld 0x%llx, pc 0x%llx",
	     kr, kr2, mr, seen.calls, seen.exception, (long long)seen.code[0],
	     (unsigned long long)seen.code[1], (unsigned long long)seen.pc);
	FACT("a_handler_can_step_over_the_breakpoint", done == 3, "the thread reported %d", done);

	printf("exceptions: %d failed\n", failures);
	return failures != 0;
}
