// SPDX-License-Identifier: BSD-2-Clause
// Port rights, step 7 (docs/port-rights.md): moving a receive right to
// another task.  MOVE_RECEIVE in a port descriptor hands the port itself
// over: its queue (with the messages waiting in it) goes along, and every
// send right, ours included, now reaches the new receiver.
//
// The other task is a child made with task_create (it inherits a copy of
// our memory) running child_body on a thread of its own: no C library
// there, only the mach_msg trap.  We give it a receive right and a send
// right under names we choose, with our task port for it.
//
//   scripts/run --program personalities/examples/ports_7_move_receive.c
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>

#define CHILD_INBOX	0x5503	// the child's receive right (made by us)
#define CHILD_REPORT	0x5603	// the child's send right to our `report'

struct carry {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t right;
};
struct carry_rcv { struct carry m; mach_msg_max_trailer_t trailer; };
struct small_rcv { mach_msg_header_t header; mach_msg_max_trailer_t trailer; };
struct report {
	mach_msg_header_t header;
	mach_port_t name;	// the child's name for the moved receive right
	int ids[2];		// the two messages it received there
};
struct report_rcv { struct report m; mach_msg_max_trailer_t trailer; };

// In the child: receive the right, drain two messages from it, report.
static void __attribute__((noreturn)) child_body(void)
{
	struct carry_rcv in;
	struct small_rcv q;
	struct report out = {
		.header = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			    .msgh_size = sizeof(out), .msgh_remote_port = CHILD_REPORT,
			    .msgh_id = 7 },
	};
	mach_msg_trap(&in.m.header, MACH_RCV_MSG, 0, sizeof(in), CHILD_INBOX, 0, 0);
	out.name = in.m.right.name;
	for (int i = 0; i < 2; i++) {
		mach_msg_trap(&q.header, MACH_RCV_MSG, 0, sizeof(q), out.name, 0, 0);
		out.ids[i] = q.header.msgh_id;
	}
	mach_msg_trap(&out.header, MACH_SEND_MSG, sizeof(out), 0, 0, 0, 0);
	for (;;)
		swtch_pri(0);
}

static const char *kind(mach_port_t task, mach_port_t name)
{
	mach_port_type_t t;
	kern_return_t kr = mach_port_type(task, name, &t);
	if (kr != KERN_SUCCESS)
		return mach_error_string(kr);
	return (t & MACH_PORT_TYPE_RECEIVE) && (t & MACH_PORT_TYPE_SEND) ? "receive and send" :
	       t & MACH_PORT_TYPE_RECEIVE ? "receive" : t & MACH_PORT_TYPE_SEND ? "send" :
	       t & MACH_PORT_TYPE_DEAD_NAME ? "a dead name" : "other";
}

static kern_return_t send_id(mach_port_t dest, int id)
{
	mach_msg_header_t m = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
				.msgh_size = sizeof(m), .msgh_remote_port = dest, .msgh_id = id };
	return mach_msg(&m, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0, MACH_PORT_NULL, 0,
			MACH_PORT_NULL);
}

static kern_return_t move_receive(mach_port_t dest, mach_port_t what)
{
	struct carry m = {
		.header = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
					 MACH_MSGH_BITS_COMPLEX,
			    .msgh_size = sizeof(m), .msgh_remote_port = dest, .msgh_id = 700 },
		.body = { 1 },
		.right = { .name = what, .disposition = MACH_MSG_TYPE_MOVE_RECEIVE,
			   .type = MACH_MSG_PORT_DESCRIPTOR },
	};
	return mach_msg(&m.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

int main(void)
{
	mach_port_t me = mach_task_self(), port, report, inbox, child;
	mach_msg_type_name_t got;
	kern_return_t kr;

	// (1) Our port, with a message already waiting in its queue.
	mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(me, port, port, MACH_MSG_TYPE_MAKE_SEND);
	send_id(port, 701);
	printf("0x%x here: %s, 1 message queued\n", port, kind(me, port));

	// (2) The child, its inbox and its way to report to us.
	mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &report);
	vm_address_t stack = 0;
	vm_allocate(me, &stack, 16384, VM_FLAGS_ANYWHERE);
	task_create(me, NULL, 0, TRUE, &child);
	mach_port_allocate_name(child, MACH_PORT_RIGHT_RECEIVE, CHILD_INBOX);
	mach_port_extract_right(child, CHILD_INBOX, MACH_MSG_TYPE_MAKE_SEND, &inbox, &got);
	mach_port_insert_right(child, CHILD_REPORT, report, MACH_MSG_TYPE_MAKE_SEND);
	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)child_body;
	s.sp = stack + 16384 - 64;
	__asm__("mv %0, gp" : "=r"(s.gp));
	thread_act_t th;
	thread_create_running(child, RISCV_THREAD_STATE, (thread_state_t)&s,
			      RISCV_THREAD_STATE_COUNT, &th);

	// (3) The receive right goes to the child; our send right stays.
	kr = move_receive(inbox, port);
	printf("MOVE_RECEIVE to the child: %s\n", mach_error_string(kr));
	printf("0x%x here now: %s\n", port, kind(me, port));
	send_id(port, 702);			// reaches the child now

	struct report_rcv r;
	mach_msg(&r.m.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r), report, 5000,
		 MACH_PORT_NULL);
	printf("the child named it 0x%x (%s there) and received ids %d and %d\n", r.m.name,
	       kind(child, r.m.name), r.m.ids[0], r.m.ids[1]);

	// What goes wrong (docs/port-rights.md, step 7):
	struct small_rcv q;
	// (a) receiving on a name that is only a send right now.
	kr = mach_msg(&q.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(q), port, 0,
		      MACH_PORT_NULL);
	printf("mistake (a) receive after the move: %s (0x%x)\n", mach_error_string(kr), kr);
	// (b) moving it again: we hold no receive right to move.
	kr = move_receive(inbox, port);
	printf("mistake (b) MOVE_RECEIVE again: %s (0x%x)\n", mach_error_string(kr), kr);
	// (c) the new receiver ends: its receive rights die with it, and our
	//     send right becomes a dead name.
	task_terminate(child);
	printf("child terminated: 0x%x here is %s\n", port, kind(me, port));
	kr = send_id(port, 703);
	printf("mistake (c) sending to it: %s (0x%x)\n", mach_error_string(kr), kr);
	return 0;
}
