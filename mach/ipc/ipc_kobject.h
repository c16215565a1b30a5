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

/*
 * A slot's type is the right it holds (MACH_MSG_TYPE_PORT_*), 0 when free,
 * or IPC_KPORT_ANY for a right a server routine returned without saying
 * which (the reply's disposition says).  A slot `lent' to a server routine
 * (convert_port_to_ipc_port) is the routine's if it succeeds.
 */
#define IPC_KPORT_ANY	0xff

#define IPC_MIG_ALLOCS	4

struct ipc_kports {
	ipc_port_t	port[IPC_KPORT_MAX];
	mach_msg_type_name_t type[IPC_KPORT_MAX];
	bool		lent[IPC_KPORT_MAX];
	/* Buffers the stubs got from mig_allocate during this call. */
	void		*alloc[IPC_MIG_ALLOCS];
	uint64_t	alloc_size[IPC_MIG_ALLOCS];
	/*
	 * Slots this call has used: every slot from `used' on is free (and
	 * every alloc from `allocs_used' on), so the end of a call looks at
	 * no more than it filled (most calls fill one or two).
	 */
	uint8_t		used;
	uint8_t		allocs_used;
};

/*
 * A MIG subsystem the kernel serves: request ids [min, max), and the
 * generated routine table (one per id, with each routine's largest reply:
 * a call's reply buffer is its routine's size, not the subsystem's).
 */
struct ipc_kobject_subsystem {
	mach_msg_id_t	min, max;
	mig_server_routine_t demux;
	mach_msg_size_t	max_reply;
	const struct routine_descriptor *routines;
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
/* ipc_kport_lend: the right to a server routine, which keeps it if it succeeds. */
ipc_port_t ipc_kport_lend(mach_port_t handle);
/* The handle of the calling thread's reply port, in KernelUser messages. */
#define IPC_KPORT_REPLY	(IPC_KPORT_MAX + 1)

/*
 * For the kernel's own RPCs (MIG KernelUser stubs): messages in handle
 * form, sent from the current thread, the reply received on its private
 * reply port.  The same contracts as mach_msg SEND|RCV and SEND.
 */
mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size,
					   mach_msg_size_t rcv_size);
mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size);
mach_port_t mig_get_reply_port(void);
void mig_dealloc_reply_port(mach_port_t port);
/* mig_put_reply_port: nothing to do: the thread keeps its reply port (mig_get_reply_port). */
void mig_put_reply_port(mach_port_t port);
#include <mach/vm_types.h>
/*
 * mig_allocate / mig_deallocate: out-of-line buffers for the stubs (the
 * same kind as ipc_ool_alloc).  A port array a stub builds this way holds
 * handles, which ipc_kobject_server turns into rights.
 */
kern_return_t mig_allocate(vm_address_t *addr, vm_size_t size);
/*
 * mig_deallocate: free a buffer from mig_allocate (forgetting it for this
 * call) or any other out-of-line buffer of `size' bytes; 0 is ignored.
 */
void mig_deallocate(vm_address_t addr, vm_size_t size);

/* thread_rpc_reply_port: the thread's port for replies to the kernel (made on first use). */
struct thread;
ipc_port_t thread_rpc_reply_port(struct thread *th);
/* mach_msg_destroy: release the rights a handle-form message holds. */
void mach_msg_destroy(mach_msg_header_t *msg);
/* ipc_kports_release_all: the end of a kernel RPC: release what is left. */
void ipc_kports_release_all(void);

#endif /* _IPC_IPC_KOBJECT_H_ */
