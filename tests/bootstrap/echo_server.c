// SPDX-License-Identifier: BSD-2-Clause
// A server started by bootstrap with a declared service (--service=echo):
// it checks in to receive the service's port, then serves echo.defs.
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>
#include "echoServer.h"

kern_return_t echo_string(mach_port_t server, const_name_t text, name_t reply)
{
	(void)server;
	snprintf(reply, 128, "echo: %s", text);
	return KERN_SUCCESS;
}

int main(void)
{
	mach_port_t port = MACH_PORT_NULL;
	kern_return_t kr = bootstrap_check_in(bootstrap_port, "echo", &port);

	if (kr != KERN_SUCCESS) {
		printf("echo_server: bootstrap_check_in: %s (%d)\n", mach_error_string(kr), kr);
		return 1;
	}
	printf("echo_server: checked in as echo\n");
	mach_msg_return_t mr = mach_msg_server(echo_server, echo_subsystem.maxsize, port, 0);
	printf("echo_server: mach_msg_server: %s\n", mach_error_string(mr));
	return 1;
}
