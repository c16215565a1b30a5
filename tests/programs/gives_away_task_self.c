// SPDX-License-Identifier: BSD-2-Clause
// A program that gives away its own task-self send right (a MOVE_SEND of
// mach_task_self() in a message it then destroys) still exits with its
// status: _exit takes a fresh right with task_self_trap.
#include <stdio.h>
#include <mach/mach.h>

int main(void)
{
	mach_port_t port;
	mach_port_urefs_t refs = 0;

	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_get_refs(mach_task_self(), mach_task_self(), MACH_PORT_RIGHT_SEND, &refs);
	// Move every user reference away, one message each.
	for (mach_port_urefs_t i = 0; i < refs; i++) {
		mach_msg_header_t m = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
		                                                    MACH_MSG_TYPE_MOVE_SEND),
		                        .msgh_size = sizeof(m), .msgh_remote_port = port,
		                        .msgh_local_port = mach_task_self() };
		mach_msg_send(&m);
	}
	mach_port_destroy(mach_task_self(), port);	/* and the rights in its queue */
	mach_port_type_t type = 0;
	kern_return_t kr = mach_port_type(mach_task_self(), mach_task_self(), &type);
	printf("gives_away_task_self: moved %u reference(s) away; the name is now: %s\n",
	       (unsigned)refs, kr == KERN_SUCCESS ? "still a right" : mach_error_string(kr));
	return 7;
}
