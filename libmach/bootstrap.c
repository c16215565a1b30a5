// SPDX-License-Identifier: BSD-2-Clause
// The bootstrap port, looked up on first use (<mach/mach_init.h> says why).
#include <mach/mach.h>

static mach_port_t bootstrap_port_cache = MACH_PORT_NULL;
static boolean_t bootstrap_port_known = FALSE;

mach_port_t mach_bootstrap_port(void)
{
	if (!bootstrap_port_known) {
		mach_port_t port = MACH_PORT_NULL;

		// A failure is not remembered: it may be the task-self right
		// that was gone (given away), which _exit takes afresh.
		if (task_get_bootstrap_port(mach_task_self(), &port) != KERN_SUCCESS)
			return MACH_PORT_NULL;
		bootstrap_port_cache = port;
		bootstrap_port_known = TRUE;
	}
	return bootstrap_port_cache;
}
