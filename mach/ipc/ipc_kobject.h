/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel objects served over ports.  A message to a port whose receiver is
 * ipc_space_kernel is handled at once, in the sender's thread: the kernel
 * finds the MIG subsystem for its id, runs the generated server stub, and
 * sends the reply.
 *
 * The MIG stubs see 32-bit port fields, as user programs do, but the
 * kernel holds rights as pointers.  So for the length of one call each
 * right in the request gets a small handle (an index into the calling
 * thread's table of kernel-held rights); the stubs' intran and outtran
 * functions turn handles into objects and objects into handles, and the
 * reply's handles become rights again.  Rights left in the table when the
 * call ends are released, as a server destroys its request.
 */
#ifndef _IPC_IPC_KOBJECT_H_
#define _IPC_IPC_KOBJECT_H_
#include <mach/message.h>
#include <mach/mig_errors.h>
#include "ipc/ipc_kmsg.h"

#define IPC_KPORT_MAX	16

struct ipc_kports {
	ipc_port_t	port[IPC_KPORT_MAX];
	mach_msg_type_name_t type[IPC_KPORT_MAX];	/* MACH_MSG_TYPE_PORT_*; 0: free */
	unsigned	count;
};

/* A MIG subsystem the kernel serves: request ids [min, max). */
struct ipc_kobject_subsystem {
	mach_msg_id_t	min, max;
	mig_server_routine_t demux;
	mach_msg_size_t	max_reply;
};

void ipc_kobject_register(const struct ipc_kobject_subsystem *sub);

/*
 * ipc_kobject_server: serve the copied-in request `kmsg' (its destination's
 * receiver is ipc_space_kernel) and send the reply.  Consumes the kmsg.
 */
void ipc_kobject_server(ipc_kmsg_t kmsg);

/* Handles, for intran/outtran functions during a call. */
ipc_port_t ipc_kport_get(mach_port_t handle);		/* no reference taken */
/* ipc_kport_take: take a right out of the table (the caller now owns it). */
ipc_port_t ipc_kport_take(mach_port_t handle, mach_msg_type_name_t *typep);
/* ipc_kport_put: hand a right (and its reference) to the table; its handle. */
mach_port_t ipc_kport_put(ipc_port_t port, mach_msg_type_name_t type);

#endif /* _IPC_IPC_KOBJECT_H_ */
