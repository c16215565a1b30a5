// SPDX-License-Identifier: BSD-2-Clause
// A MIG server: it checks in the service "calc" with bootstrap and serves
// calc.defs with mach_msg_server and the demux mig made (calc_server).
// Run with its client (calc_client.c):
//
//   scripts/test-program personalities/examples/calc_client.c personalities/examples/calc.defs
//       --server calc=personalities/examples/calc_server.c,personalities/examples/calc_ops.c
#include <stdio.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>
#include "calcServer.h"

int main(void)
{
	mach_port_t port;
	kern_return_t kr = bootstrap_check_in(bootstrap_port, "calc", &port);

	if (kr != KERN_SUCCESS) {
		printf("calc_server: bootstrap_check_in: %s\n", mach_error_string(kr));
		return 1;
	}
	printf("calc_server: serving calc on port 0x%x\n", port);
	// Serves until the machine stops: the client's end powers it off.
	kr = mach_msg_server(calc_server, sizeof(union __RequestUnion__calc) +
	                     sizeof(union __ReplyUnion__calc), port, 0);
	printf("calc_server: mach_msg_server: %s\n", mach_error_string(kr));
	return 1;
}
