/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mach rights for root's Unix processes (docs/bsd.md, "Mach rights for
 * root"): MachRV's system calls get_privileged_ports (1000) and
 * task_for_pid (1001), and the message in which bsd_server sends the
 * rights (bsd_server/sys_mach.c; the library's side is libc/machports.c).
 */
#ifndef _MACHRV_BSD_PORTS_H_
#define _MACHRV_BSD_PORTS_H_
#include <mach/mach.h>

/*
 * get_privileged_ports: send rights to the host-priv port and the device
 * master port (the Hurd's call); either pointer may be NULL, and a port
 * bsd_server was not given comes back as MACH_PORT_NULL.  Only for an
 * effective uid of 0.  Returns 0, or an errno value (EPERM, ENOMEM, ...),
 * as the Hurd's does.
 */
int get_privileged_ports(mach_port_t *host_priv, mach_port_t *device_master);

/*
 * task_for_pid: a send right to the task port of the living process
 * `pid' (XNU's call; `target_tport' is the caller's own task port, as
 * there, and is not used).  Only for an effective uid of 0.  Returns
 * KERN_SUCCESS, or KERN_FAILURE with errno set (EPERM; ESRCH: no such
 * living process).
 */
kern_return_t task_for_pid(mach_port_t target_tport, int pid, mach_port_t *task);

/* The message that carries the rights: two port descriptors. */
#define BSD_PORTS_MSG_ID	0x55100

typedef struct {
	mach_msg_header_t		head;
	mach_msg_body_t			body;
	mach_msg_port_descriptor_t	port[2];
} bsd_ports_msg_t;

#endif /* _MACHRV_BSD_PORTS_H_ */
