// SPDX-License-Identifier: BSD-2-Clause
// scripts/profile's Mach example (check_profile.py): null RPCs to a server
// task, profile_mark() before each and after the last.  Argument: how many.
#include <stdlib.h>
#include <string.h>
#include <mach/mach.h>
#include <mach/thread_status.h>

typedef struct {
	mach_msg_header_t header;
	mach_msg_trailer_t trailer;
} null_msg_t;

// The marker scripts/profile cuts the run at: a call it can see.
void __attribute__((noinline)) profile_mark(void)
{
	__asm__ volatile("");
}

// The server, in the child task: answer every request on its send-once right.
static void __attribute__((noreturn)) serve(mach_port_t port)
{
	null_msg_t m;
	mach_msg_return_t mr = mach_msg_trap(&m.header, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0);
	for (;;) {
		if (mr != MACH_MSG_SUCCESS) {
			mr = mach_msg_trap(&m.header, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0);
			continue;
		}
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		mr = mach_msg_trap(&m.header, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header),
				   sizeof(m), port, 0, 0);
	}
}

int main(int argc, char **argv)
{
	static char stack[16384] __attribute__((aligned(16)));
	int n = argc > 1 ? atoi(argv[1]) : 10;
	task_t child;
	mach_port_t name, server;
	mach_msg_type_name_t type;
	thread_act_t th;
	riscv_thread_state_t s;

	if (task_create(mach_task_self(), NULL, 0, TRUE, &child) != KERN_SUCCESS ||
	    mach_port_allocate(child, MACH_PORT_RIGHT_RECEIVE, &name) != KERN_SUCCESS ||
	    mach_port_extract_right(child, name, MACH_MSG_TYPE_MAKE_SEND, &server, &type) !=
		    KERN_SUCCESS)
		return 2;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)serve;
	s.sp = (uint64_t)(uintptr_t)(stack + sizeof(stack) - 64);	/* the child's copy */
	s.a0 = name;
	__asm__("mv %0, gp" : "=r"(s.gp));
	if (thread_create_running(child, RISCV_THREAD_STATE, (thread_state_t)&s,
				  RISCV_THREAD_STATE_COUNT, &th) != KERN_SUCCESS)
		return 3;
	mach_port_t reply = mig_get_reply_port();
	for (int i = 0; i < n; i++) {
		null_msg_t m = { .header = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
			.msgh_size = sizeof(m.header),
			.msgh_remote_port = server,
			.msgh_local_port = reply,
			.msgh_id = 1 } };
		profile_mark();
		if (mach_msg_trap(&m.header, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header), sizeof(m),
				  reply, 0, 0) != MACH_MSG_SUCCESS)
			return 4;
	}
	profile_mark();
	task_terminate(child);
	return 0;
}
