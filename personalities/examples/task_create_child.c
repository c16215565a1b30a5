// SPDX-License-Identifier: BSD-2-Clause
// The task_create pattern: a child task that inherits a copy of this
// task's memory (inherit = TRUE: copy-on-write), a thread made in it with
// thread_create_running that starts at a function of ours with only pc,
// sp and a0 set, a port given to the child with mach_port_insert_right,
// and the parent reading the child's memory with vm_read.
//
//   scripts/test-program personalities/examples/task_create_child.c
//
// task_create takes XNU's five arguments (parent, ledgers, count, inherit,
// &child); GNU Mach's takes three (parent, inherit, &child): see
// docs/differences.md.
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>

#define CHILD_REPORT_NAME 0x5503	/* the name the child knows its port by */

static volatile int counter = 41;	/* the child sees 41 and makes it 42 */

/* The child's first code: no libc (its thread has no TLS), only traps. */
static void __attribute__((noreturn)) child_main(mach_port_t report)
{
	counter++;
	struct {
		mach_msg_header_t head;
		int value;
	} m = { { MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), sizeof(m), report, 0, 0, 77 },
	        counter };
	mach_msg_trap(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	for (;;)
		swtch_pri(0);
}

int main(void)
{
	task_t child;
	thread_act_t thread;
	mach_port_t report;
	vm_address_t stack = 0;

	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &report);
	vm_allocate(mach_task_self(), &stack, 16384, VM_FLAGS_ANYWHERE);
	kern_return_t kr = task_create(mach_task_self(), NULL, 0, TRUE, &child);
	printf("task_create_child: task_create: %s\n", mach_error_string(kr));
	if (kr != KERN_SUCCESS)
		return 1;
	// Give the child a send right to our port, under a name we choose.
	mach_port_insert_right(child, CHILD_REPORT_NAME, report, MACH_MSG_TYPE_MAKE_SEND);

	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)child_main;
	s.sp = stack + 16384;	/* the child's copy of this region */
	s.a0 = CHILD_REPORT_NAME;
	kr = thread_create_running(child, RISCV_THREAD_STATE, (thread_state_t)&s,
	                           RISCV_THREAD_STATE_COUNT, &thread);
	printf("task_create_child: thread_create_running: %s\n", mach_error_string(kr));

	struct {
		mach_msg_header_t head;
		int value;
		mach_msg_max_trailer_t trailer;
	} m;
	m.head.msgh_size = sizeof(m);
	m.head.msgh_local_port = report;
	mach_msg_return_t mr = mach_msg_receive(&m.head);
	printf("task_create_child: the child says counter = %d; ours is still %d\n",
	       mr == MACH_MSG_SUCCESS ? m.value : -1, counter);

	vm_offset_t data;
	mach_msg_type_number_t count;
	int theirs = -1;
	if (vm_read(child, (vm_address_t)&counter, sizeof(int), &data, &count) == KERN_SUCCESS) {
		theirs = *(int *)data;
		vm_deallocate(mach_task_self(), data, count);
	}
	printf("task_create_child: vm_read of the child's counter: %d\n", theirs);
	task_terminate(child);
	return m.value == 42 && counter == 41 && theirs == 42 ? 0 : 1;
}
