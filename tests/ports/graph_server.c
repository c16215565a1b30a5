// SPDX-License-Identifier: BSD-2-Clause
// portgraph's test: checks in the service graph_server and waits on it.
#include <stdio.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>

int main(void)
{
	mach_port_t port;
	kern_return_t kr = bootstrap_check_in(bootstrap_port, "graph_server", &port);
	if (kr != KERN_SUCCESS) {
		printf("graph_server: bootstrap_check_in: %s\n", mach_error_string(kr));
		return 1;
	}
	struct { mach_msg_header_t h; mach_msg_max_trailer_t t; } m;
	mach_msg(&m.h, MACH_RCV_MSG, 0, sizeof(m), port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	return 0;
}
