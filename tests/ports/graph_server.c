// SPDX-License-Identifier: BSD-2-Clause
// portgraph's test: checks in the service graph_server and serves it:
// each message with a reply right gets an empty answer (graph_client's
// ping), and then it waits again.
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
	for (;;) {
		struct { mach_msg_header_t h; mach_msg_max_trailer_t t; } m;
		if (mach_msg(&m.h, MACH_RCV_MSG, 0, sizeof(m), port, MACH_MSG_TIMEOUT_NONE,
			     MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			return 1;
		if (!MACH_PORT_VALID(m.h.msgh_remote_port))
			continue;
		m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(m.h.msgh_bits), 0);
		m.h.msgh_size = sizeof(m.h);
		m.h.msgh_local_port = MACH_PORT_NULL;
		(void)mach_msg(&m.h, MACH_SEND_MSG, sizeof(m.h), 0, MACH_PORT_NULL,
			       MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	}
}
