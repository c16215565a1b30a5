/* SPDX-License-Identifier: BSD-2-Clause */
/* The host's ports (see kern/host.h). */
#include "kern/host.h"
#include "kern/panic.h"

struct host realhost;
static ipc_port_t host_name_port, host_priv;
static ipc_port_t host_exception;

static ipc_port_t
kernel_object_port(unsigned kotype)
{
	ipc_port_t port = ipc_port_create();

	if (!port)
		panic("host_bootstrap: no memory for the host ports");
	port->ip_receiver = ipc_space_kernel;
	ipc_port_set_kobject(port, kotype, &realhost);
	return port;
}

void
host_bootstrap(void)
{
	host_name_port = kernel_object_port(IKOT_HOST);
	host_priv = kernel_object_port(IKOT_HOST_PRIV);
}

ipc_port_t host_port(void) { return host_name_port; }
ipc_port_t host_priv_port(void) { return host_priv; }
ipc_port_t host_exception_port(void) { return host_exception; }
