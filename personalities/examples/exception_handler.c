// SPDX-License-Identifier: BSD-2-Clause
// An exception handler: a thread of this task stores to address 0x10; the
// kernel turns the fault into a message (mach_exception_raise, with 64-bit
// codes) to the task's exception port, where the main thread serves it
// with libmach's mach_exc_server, which calls catch_mach_exception_raise
// below.  The handler moves the faulting thread past the bad store
// (thread_get_state / thread_set_state) and replies KERN_SUCCESS, so the
// thread goes on.
//
//   scripts/test-program personalities/examples/exception_handler.c
#include <stdio.h>
#include <mach/mach.h>
#include <mach/mach_excServer.h>
#include <machrv/mthread.h>

static volatile int recovered;

static void *faulting_thread(void *arg)
{
	(void)arg;
	printf("exception_handler: storing to 0x10\n");
	*(volatile int *)0x10 = 1;	// one 4-byte store instruction (sw)
	recovered = 1;
	printf("exception_handler: the thread went on after the fault\n");
	return NULL;
}

/* Called by mach_exc_server for EXCEPTION_DEFAULT | MACH_EXCEPTION_CODES. */
kern_return_t catch_mach_exception_raise(mach_port_t exception_port, mach_port_t thread,
                                         mach_port_t task, exception_type_t exception,
                                         mach_exception_data_t code,
                                         mach_msg_type_number_t codeCnt)
{
	(void)exception_port;
	(void)task;
	printf("exception_handler: exception %d (%s), code %lld, address 0x%llx\n", exception,
	       exception == EXC_BAD_ACCESS ? "EXC_BAD_ACCESS" : "?", (long long)code[0],
	       codeCnt > 1 ? (unsigned long long)code[1] : 0ull);
	riscv_thread_state_t s;
	mach_msg_type_number_t n = RISCV_THREAD_STATE_COUNT;
	kern_return_t kr = thread_get_state(thread, RISCV_THREAD_STATE, (thread_state_t)&s, &n);
	if (kr != KERN_SUCCESS)
		return kr;
	// Skip the store: 4 bytes, or 2 for a compressed instruction.
	s.pc += (*(uint16_t *)(uintptr_t)s.pc & 3) == 3 ? 4 : 2;
	return thread_set_state(thread, RISCV_THREAD_STATE, (thread_state_t)&s, n);
}

int main(void)
{
	mach_port_t exc;
	mthread_t t;

	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &exc);
	mach_port_insert_right(mach_task_self(), exc, exc, MACH_MSG_TYPE_MAKE_SEND);
	task_set_exception_ports(mach_task_self(), EXC_MASK_BAD_ACCESS, exc,
	                         EXCEPTION_DEFAULT | MACH_EXCEPTION_CODES, RISCV_THREAD_STATE);
	mthread_create(&t, NULL, faulting_thread, NULL);
	mach_msg_return_t mr = mach_msg_server_once(mach_exc_server, 4096, exc, 0);
	mthread_join(t, NULL);
	printf("exception_handler: served %s, the thread %s\n", mach_error_string(mr),
	       recovered ? "recovered" : "did not recover");
	return mr == MACH_MSG_SUCCESS && recovered ? 0 : 1;
}
