// SPDX-License-Identifier: BSD-2-Clause
// The unprivileged peer of the port-inspection test (ports.conf): it
// holds no host-priv port.  It serves the service ports_peer: a request
// carries another task's port; the reply says what the kernel answered
// when this task tried to read that task's space, and its own.  It labels
// its port (PEER_LABEL) before it receives.
#include <stdio.h>
#include <mach/mach.h>
#include <mach_debug/ipc_info.h>
#include <servers/bootstrap.h>
#include "ports_proto.h"

int main(void)
{
	mach_port_t port;
	kern_return_t kr = bootstrap_check_in(bootstrap_port, "ports_peer", &port);
	if (kr != KERN_SUCCESS) {
		printf("ports_peer: bootstrap_check_in: %s\n", mach_error_string(kr));
		return 1;
	}
	// The label every right to this port shows (ports_test checks it in its space).
	kr = mach_port_set_label(mach_task_self(), port, PEER_LABEL);
	if (kr != KERN_SUCCESS)
		printf("ports_peer: mach_port_set_label: %s\n", mach_error_string(kr));
	struct peer_request_rcv in;
	kr = mach_msg(&in.req.header, MACH_RCV_MSG, 0, sizeof(in), port, MACH_MSG_TIMEOUT_NONE,
		      MACH_PORT_NULL);
	if (kr != MACH_MSG_SUCCESS) {
		printf("ports_peer: receive: %s\n", mach_error_string(kr));
		return 1;
	}
	mach_port_t other = in.req.task.name;
	struct peer_reply out = {
		.header = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
			.msgh_size = sizeof(out),
			.msgh_remote_port = in.req.header.msgh_remote_port,
			.msgh_id = PEER_MSG_ID + 100,
		},
	};
	ipc_info_space_t info;
	ipc_info_name_array_t table;
	ipc_info_tree_name_array_t tree;
	mach_msg_type_number_t ntable = 0, ntree = 0;
	ipc_info_right_array_t rights;
	mach_msg_type_number_t nrights = 0;
	unsigned type, addr;
	out.other_space_info = mach_port_space_info(other, &info, &table, &ntable, &tree, &ntree);
	out.other_space_rights = mach_port_space_rights(other, &rights, &nrights);
	out.other_kernel_object = mach_port_kernel_object(other, 0x101, &type, &addr);
	out.own_space_info = mach_port_space_info(mach_task_self(), &info, &table, &ntable,
						  &tree, &ntree);
	out.own_space_rights = mach_port_space_rights(mach_task_self(), &rights, &nrights);
	kr = mach_msg(&out.header, MACH_SEND_MSG, sizeof(out), 0, MACH_PORT_NULL,
		      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (kr != MACH_MSG_SUCCESS)
		printf("ports_peer: reply: %s\n", mach_error_string(kr));
	// Keep the service's receive right until the test is done with it.
	mach_msg_header_t end;
	mach_msg(&end, MACH_RCV_MSG | MACH_RCV_LARGE, 0, sizeof(end), port,
		 MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	return 0;
}
