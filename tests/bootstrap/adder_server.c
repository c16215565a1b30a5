// SPDX-License-Identifier: BSD-2-Clause
// A server that registers its own port by name (bootstrap_register), then
// serves adder.defs.
#include <stdio.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>
#include "adderServer.h"

kern_return_t adder_add(mach_port_t server, int a, int b, int *sum)
{
	(void)server;
	*sum = a + b;
	return KERN_SUCCESS;
}

int main(void)
{
	mach_port_t port = MACH_PORT_NULL;
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);

	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = bootstrap_register(bootstrap_port, "adder", port);
	if (kr != KERN_SUCCESS) {
		printf("adder_server: cannot register: %s (%d)\n", mach_error_string(kr), kr);
		return 1;
	}
	// bootstrap keeps a copy of the send right; ours is not needed.
	mach_port_deallocate(mach_task_self(), port);
	printf("adder_server: registered as adder\n");
	mach_msg_return_t mr = mach_msg_server(adder_server, adder_subsystem.maxsize, port, 0);
	printf("adder_server: mach_msg_server: %s\n", mach_error_string(mr));
	return 1;
}
