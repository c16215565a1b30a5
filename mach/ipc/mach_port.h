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

/*
 * mach_port_allocate: a new receive right (a new port), port set or dead
 * name (one user reference) in `space', under a name the space chooses.
 *   Locks:   takes the space's lock.
 *   Refs:    the entry holds the new object's reference.
 *   Returns: KERN_SUCCESS, KERN_INVALID_VALUE (another right),
 *            KERN_INVALID_TASK, KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t mach_port_allocate(ipc_space_t space, mach_port_right_t right,
				 mach_port_name_t *namep);
/*
 * mach_port_allocate_name: the same under the caller's `name'.
 *   Returns: as mach_port_allocate; KERN_INVALID_VALUE for an invalid
 *            name; KERN_NAME_EXISTS when the name is in use, and also
 *            when the space cannot hold it (the table is full: not
 *            KERN_NO_SPACE).
 */
kern_return_t mach_port_allocate_name(ipc_space_t space, mach_port_right_t right,
				      mach_port_name_t name);
/*
 * mach_port_deallocate: drop one user reference to the send, send-once or
 * dead-name right `name' (ipc_right_dealloc); a send right to a dead port
 * is a dead name by then.
 *   Locks:   takes the space's lock.
 *   Returns: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT,
 *            KERN_INVALID_TASK.
 */
kern_return_t mach_port_deallocate(ipc_space_t space, mach_port_name_t name);
/*
 * mach_port_destroy: remove every right `name' denotes (ipc_right_destroy):
 * a receive right kills the port (unless a port-destroyed request takes
 * it), a port set is destroyed, send-once rights send their notification.
 *   Locks:   takes the space's lock.
 *   Returns: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_TASK.
 */
kern_return_t mach_port_destroy(ipc_space_t space, mach_port_name_t name);
/*
 * mach_port_mod_refs: add `delta' to the user references of right `right'
 * of `name' (ipc_right_delta); reaching 0 removes the right.
 *   Locks:   takes the space's lock.
 *   Returns: KERN_SUCCESS, KERN_INVALID_VALUE (a bad right or delta),
 *            KERN_INVALID_NAME, KERN_INVALID_RIGHT, KERN_UREFS_OVERFLOW,
 *            KERN_INVALID_TASK.
 */
kern_return_t mach_port_mod_refs(ipc_space_t space, mach_port_name_t name,
				 mach_port_right_t right, mach_port_delta_t delta);
/*
 * mach_port_allocate_locked, mach_port_deallocate_locked,
 * mach_port_destroy_locked, mach_port_mod_refs_locked: the same four for
 * a space already locked (the kernel-RPC traps on the
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
/*
 * mach_port_get_refs: the user references `name' holds of `right': the
 * count for send and dead-name rights, 1 for the others it holds, else 0.
 * A send right to a dead port is checked (it becomes a dead name) first.
 *   Locks:   takes the space's lock.
 *   Returns: KERN_SUCCESS, KERN_INVALID_VALUE, KERN_INVALID_NAME,
 *            KERN_INVALID_TASK.
 */
kern_return_t mach_port_get_refs(ipc_space_t space, mach_port_name_t name,
				 mach_port_right_t right, mach_port_urefs_t *refsp);
/*
 * mach_port_type: the rights `name' denotes (MACH_PORT_TYPE_* bits, with
 * MACH_PORT_TYPE_DNREQUEST), after a dead port's send right has become a
 * dead name.
 *   Locks:   takes the space's lock.
 *   Returns: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_TASK.
 */
kern_return_t mach_port_type(ipc_space_t space, mach_port_name_t name,
			     mach_port_type_t *typep);
/*
 * mach_port_rename: the rights of `old_name' move to `new_name'; a
 * receive right's port and a port set learn their new name.
 *   Locks:   takes the space's lock, then (a receive right) the port's.
 *   Returns: KERN_SUCCESS; KERN_INVALID_VALUE (invalid new name);
 *            KERN_INVALID_NAME; KERN_NAME_EXISTS (new name in use, or no
 *            room for it); KERN_INVALID_ARGUMENT (the entry has a dead-name
 *            request, which names the entry); KERN_INVALID_TASK.
 */
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
/*
 * mach_port_move_member: move the receive right `member' into the port
 * set `after' (leaving the set it was in), or out of any set when `after'
 * is MACH_PORT_NULL.  Moving into the set it is already in succeeds.
 *   Locks:   takes the space's lock, drops it, then takes the set's and
 *            the port's (ipc_pset_add / ipc_pset_remove_port).
 *   Returns: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT,
 *            KERN_NOT_IN_SET (no set to leave), KERN_INVALID_TASK.
 */
kern_return_t mach_port_move_member(ipc_space_t space, mach_port_name_t member,
				    mach_port_name_t after);
/*
 * mach_port_set_mscount, mach_port_set_seqno: set the make-send count or
 * the sequence number of the port whose receive right `name' is.
 *   Locks:   takes the space's lock, then the port's.
 *   Returns: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT (not a
 *            receive right), KERN_INVALID_TASK.
 */
kern_return_t mach_port_set_mscount(ipc_space_t space, mach_port_name_t name,
				    mach_port_mscount_t mscount);
/* mach_port_set_seqno: see mach_port_set_mscount. */
kern_return_t mach_port_set_seqno(ipc_space_t space, mach_port_name_t name,
				  mach_port_seqno_t seqno);
/*
 * mach_port_get_srights: how many send rights to the port of receive
 * right `name' exist anywhere (ip_srights).
 *   Locks, Returns: as mach_port_set_mscount.
 */
kern_return_t mach_port_get_srights(ipc_space_t space, mach_port_name_t name,
				    mach_port_rights_t *srightsp);
/*
 * mach_port_get_receive_status: the port's status: its set's name,
 * seqno, mscount, qlimit, queued messages, send and send-once counts,
 * the requests registered (mps_srights is 0 or 1, as in Mach).
 *   Locks, Returns: as mach_port_set_mscount.
 */
kern_return_t mach_port_get_receive_status(ipc_space_t space, mach_port_name_t name,
					   mach_port_status_t *status);
/*
 * mach_port_set_qlimit: the port's queue limit; raising it wakes the
 * senders blocked on a full queue.
 *   Locks:   as mach_port_set_mscount.
 *   Returns: as mach_port_set_mscount; KERN_INVALID_VALUE above
 *            MACH_PORT_QLIMIT_MAX.
 */
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
/*
 * mach_port_set_context_of: set the context word of receive right `name'.
 *   Locks, Returns: as mach_port_set_mscount.
 */
kern_return_t mach_port_set_context_of(ipc_space_t space, mach_port_name_t name,
				       uint64_t context);

#endif /* _IPC_MACH_PORT_H_ */
