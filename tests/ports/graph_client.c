// SPDX-License-Identifier: BSD-2-Clause
// portgraph's test (-c): holds a send right to graph_server and a
// send-once right to its own port, then asks for the snapshot
// (portgraph.now) and waits for lsmp's answer.  It pings graph_server
// first: bootstrap names the service as soon as the server checked in,
// but the server holds the receive right only once it has taken
// bootstrap's answer (until then the right is in transit, and so it
// would be in the snapshot).
#include <stdio.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>

int main(void)
{
	mach_port_t server, now, reply, mine, once;
	mach_msg_type_name_t got;
	if (bootstrap_look_up(bootstrap_port, "graph_server", &server) != KERN_SUCCESS ||
	    bootstrap_look_up(bootstrap_port, "portgraph.now", &now) != KERN_SUCCESS)
		return 1;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply);
	struct { mach_msg_header_t h; mach_msg_max_trailer_t t; } m = {
		.h = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
			.msgh_size = sizeof(m.h), .msgh_remote_port = server, .msgh_local_port = reply,
		},
	};
	if (mach_msg(&m.h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.h), sizeof(m), reply,
		     MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return 1;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &mine);
	mach_port_extract_right(mach_task_self(), mine, MACH_MSG_TYPE_MAKE_SEND_ONCE, &once, &got);
	m.h = (mach_msg_header_t){
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		.msgh_size = sizeof(m.h), .msgh_remote_port = now, .msgh_local_port = reply,
	};
	return mach_msg(&m.h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.h), sizeof(m), reply,
			MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) == MACH_MSG_SUCCESS ? 0 : 1;
}
