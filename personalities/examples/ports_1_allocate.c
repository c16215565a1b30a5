// SPDX-License-Identifier: BSD-2-Clause
// Port rights, step 1 (docs/port-rights.md): a receive right, then a send
// right made from it, under the same name.
//
//   scripts/run --program personalities/examples/ports_1_allocate.c
#include <stdio.h>
#include <mach/mach.h>

// The rights a name denotes, in words.
static void show(const char *what, mach_port_t name)
{
	mach_port_type_t type;
	mach_port_urefs_t send = 0;
	kern_return_t kr = mach_port_type(mach_task_self(), name, &type);
	if (kr != KERN_SUCCESS) {
		printf("%-28s 0x%x: %s\n", what, name, mach_error_string(kr));
		return;
	}
	mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, &send);
	printf("%-28s 0x%x:%s%s, send urefs %u\n", what, name,
	       type & MACH_PORT_TYPE_RECEIVE ? " receive" : "",
	       type & MACH_PORT_TYPE_SEND ? " send" : "", send);
}

int main(void)
{
	mach_port_t port, other;
	kern_return_t kr;

	// (1) A new port: we hold its receive right, under a name the kernel chose.
	kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	printf("mach_port_allocate: %s\n", mach_error_string(kr));
	show("after allocate", port);

	// (2) A send right made from the receive right: the same name now
	// denotes both.  The port counts it (make-send count, send rights).
	kr = mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	printf("insert_right MAKE_SEND: %s\n", mach_error_string(kr));
	show("after insert_right", port);
	mach_port_status_t st;
	mach_msg_type_number_t cnt = MACH_PORT_RECEIVE_STATUS_COUNT;
	mach_port_get_attributes(mach_task_self(), port, MACH_PORT_RECEIVE_STATUS,
				 (mach_port_info_t)&st, &cnt);
	printf("make-send count %u, send rights %u, queue limit %u\n", st.mps_mscount,
	       st.mps_srights, st.mps_qlimit);

	// What goes wrong (docs/port-rights.md, step 1):
	// (a) a send right for this port under another, unused name: a space
	//     names a port once, so the kernel refuses.
	kr = mach_port_insert_right(mach_task_self(), 0x7703, port, MACH_MSG_TYPE_MAKE_SEND);
	printf("mistake (a) MAKE_SEND under another name: %s (0x%x)\n", mach_error_string(kr), kr);
	// (a') ... or under a name that already holds another right.
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &other);
	kr = mach_port_insert_right(mach_task_self(), other, port, MACH_MSG_TYPE_MAKE_SEND);
	printf("mistake (a') MAKE_SEND under a name in use: %s (0x%x)\n", mach_error_string(kr), kr);
	// (b) MAKE_SEND needs the receive right: a name we never had.  The
	//     right travels in the request message, so the send fails.
	kr = mach_port_insert_right(mach_task_self(), 0x7777, 0x7777, MACH_MSG_TYPE_MAKE_SEND);
	printf("mistake (b) MAKE_SEND from a name we do not hold: %s (0x%x)\n",
	       mach_error_string(kr), kr);
	// (c) allocate with a right that is not a receive right, set or dead name.
	kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_SEND, &other);
	printf("mistake (c) mach_port_allocate(MACH_PORT_RIGHT_SEND): %s (0x%x)\n",
	       mach_error_string(kr), kr);
	return 0;
}
