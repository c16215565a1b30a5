/* SPDX-License-Identifier: BSD-2-Clause */
/* The host's special ports, XNU's numbers: ports the kernel itself serves
 * (1..7) and ports user servers register (8 and up). */
#ifndef _MACH_HOST_SPECIAL_PORTS_H_
#define _MACH_HOST_SPECIAL_PORTS_H_

#define HOST_LOCAL_NODE             (-1) /* the node argument of host_get_special_port */

#define HOST_PORT                   1   /* the unprivileged host port */
#define HOST_PRIV_PORT              2   /* the privileged host port */
#define HOST_IO_MASTER_PORT         3   /* MachRV: the device port (devices and interrupts) */
#define HOST_MAX_SPECIAL_KERNEL_PORT 7

#define HOST_DYNAMIC_PAGER_PORT     (1 + HOST_MAX_SPECIAL_KERNEL_PORT)
#define HOST_MAX_SPECIAL_PORT       HOST_DYNAMIC_PAGER_PORT

#endif /* _MACH_HOST_SPECIAL_PORTS_H_ */
