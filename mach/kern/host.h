/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host: the machine as a kernel object.  Its name port (host_self)
 * answers harmless questions; the privileged port (host_priv) is given to
 * the first task only.
 */
#ifndef _KERN_HOST_H_
#define _KERN_HOST_H_
#include "ipc/ipc_port.h"

/* The one host: what host ports stand for. */
struct host {
	int	cpus;
};
extern struct host realhost;

/*
 * host_bootstrap: the host name and host-priv ports (kernel object ports,
 * received by ipc_space_kernel), then the device master (device_bootstrap).
 * Panics without memory.
 */
void host_bootstrap(void);
/*
 * host_port, host_priv_port: the host name and host-priv ports (the
 * kernel holds their receive rights; callers make send rights from them).
 */
ipc_port_t host_port(void);
ipc_port_t host_priv_port(void);

struct exception_action;
/* host_exception_action: a copy of the host's action for `exception', with its own send right. */
void host_exception_action(int exception, struct exception_action *action);

#endif /* _KERN_HOST_H_ */
