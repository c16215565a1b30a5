// SPDX-License-Identifier: BSD-2-Clause
// The calc server's routines (calc.defs): what mig's server stubs call
// once they have checked and unpacked a request.  See calc_server.c.
#include <mach/mach.h>
#include "calcServer.h"

kern_return_t S_add(mach_port_t server, int a, int b, int *sum)
{
	(void)server;
	*sum = a + b;
	return KERN_SUCCESS;
}

kern_return_t S_total(mach_port_t server, const int *values, mach_msg_type_number_t count, int *sum)
{
	(void)server;
	*sum = 0;
	for (mach_msg_type_number_t i = 0; i < count; i++)
		*sum += values[i];
	return KERN_SUCCESS;
}
