/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The mach_port operations on an IPC space, as <mach/mach_port.defs>
 * defines them.  The kernel's MIG server stubs for mach_port.defs call
 * these with the space of the task port the request came on.
 * Every call returns KERN_INVALID_TASK if the space is dead.
 */
#ifndef _IPC_MACH_PORT_H_
#define _IPC_MACH_PORT_H_
#include <mach/port.h>
#include <mach/message.h>
#include <mach/kern_return.h>
#include "ipc/ipc_space.h"
#include "ipc/ipc_port.h"

kern_return_t mach_port_allocate(ipc_space_t space, mach_port_right_t right,
				 mach_port_name_t *namep);
kern_return_t mach_port_allocate_name(ipc_space_t space, mach_port_right_t right,
				      mach_port_name_t name);
kern_return_t mach_port_deallocate(ipc_space_t space, mach_port_name_t name);
kern_return_t mach_port_destroy(ipc_space_t space, mach_port_name_t name);
kern_return_t mach_port_mod_refs(ipc_space_t space, mach_port_name_t name,
				 mach_port_right_t right, mach_port_delta_t delta);
/*
 * The same four for a space already locked (the kernel-RPC traps on the
 * caller's own space, kern/kernelrpc.h), each checking what its plain
 * form checks once the space is known active, in the same order.
 *   Locks:   space locked and active on entry and on return.
 *   Returns: as the plain form (never KERN_INVALID_TASK).
 */
kern_return_t mach_port_allocate_locked(ipc_space_t space, mach_port_right_t right,
					mach_port_name_t *namep);
kern_return_t mach_port_deallocate_locked(ipc_space_t space, mach_port_name_t name);
kern_return_t mach_port_destroy_locked(ipc_space_t space, mach_port_name_t name);
kern_return_t mach_port_mod_refs_locked(ipc_space_t space, mach_port_name_t name,
					mach_port_right_t right, mach_port_delta_t delta);
kern_return_t mach_port_get_refs(ipc_space_t space, mach_port_name_t name,
				 mach_port_right_t right, mach_port_urefs_t *refsp);
kern_return_t mach_port_type(ipc_space_t space, mach_port_name_t name,
			     mach_port_type_t *typep);
kern_return_t mach_port_rename(ipc_space_t space, mach_port_name_t old_name,
			       mach_port_name_t new_name);
/*
 * mach_port_insert_right: give `space' the right `msgt_name' (a
 * MACH_MSG_TYPE_PORT_* type, already taken from the caller) to `port'
 * under `name'.
 *   Refs:    consumes the right and its reference, on success only.
 *   Returns: KERN_SUCCESS, KERN_NAME_EXISTS (`name' holds something else),
 *            KERN_RIGHT_EXISTS (the space names the port otherwise),
 *            KERN_INVALID_VALUE, KERN_INVALID_CAPABILITY (dead port),
 *            KERN_UREFS_OVERFLOW, KERN_NO_SPACE.
 */
kern_return_t mach_port_insert_right(ipc_space_t space, mach_port_name_t name,
				     ipc_port_t port, mach_msg_type_name_t msgt_name);
/* mach_port_extract_right: take a right out of `space' (a disposition says which). */
kern_return_t mach_port_extract_right(ipc_space_t space, mach_port_name_t name,
				      mach_msg_type_name_t disposition, ipc_port_t *portp,
				      mach_msg_type_name_t *msgt_namep);
kern_return_t mach_port_move_member(ipc_space_t space, mach_port_name_t member,
				    mach_port_name_t after);
kern_return_t mach_port_set_mscount(ipc_space_t space, mach_port_name_t name,
				    mach_port_mscount_t mscount);
kern_return_t mach_port_set_seqno(ipc_space_t space, mach_port_name_t name,
				  mach_port_seqno_t seqno);
kern_return_t mach_port_get_srights(ipc_space_t space, mach_port_name_t name,
				    mach_port_rights_t *srightsp);
kern_return_t mach_port_get_receive_status(ipc_space_t space, mach_port_name_t name,
					   mach_port_status_t *status);
kern_return_t mach_port_set_qlimit(ipc_space_t space, mach_port_name_t name,
				   mach_port_msgcount_t qlimit);
/*
 * mach_port_request_notification: `msgid' is MACH_NOTIFY_NO_SENDERS,
 * _PORT_DESTROYED or _DEAD_NAME; `notify' a send-once right (consumed on
 * success) or IP_NULL to cancel; *previousp the request replaced.
 */
kern_return_t mach_port_request_notification(ipc_space_t space, mach_port_name_t name,
					     mach_msg_id_t msgid, mach_port_mscount_t sync,
					     ipc_port_t notify, ipc_port_t *previousp);

/* The context word of a receive right (mach_port_get_context / set_context). */
uint64_t mach_port_context_of(ipc_space_t space, mach_port_name_t name);
kern_return_t mach_port_set_context_of(ipc_space_t space, mach_port_name_t name,
				       uint64_t context);

#endif /* _IPC_MACH_PORT_H_ */
