/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Port rights in a space: taking them out for a message (copyin), putting
 * them in from a message (copyout), and the mach_port operations on them.
 * A send right whose port died becomes a dead name the next time anything
 * looks at its entry (ipc_right_check): there is no walk over all spaces.
 *   Locks: every function here takes the space locked and active, and
 *          leaves it locked; it locks ports one at a time.
 */
#ifndef _IPC_IPC_RIGHT_H_
#define _IPC_IPC_RIGHT_H_
#include <mach/message.h>
#include "ipc/ipc_space.h"
#include "ipc/ipc_port.h"

/*
 * ipc_right_check: if `entry' holds send or send-once rights to a dead
 * port, turn it into a dead name now.  Returns true if it did.
 */
bool ipc_right_check(ipc_space_t space, mach_port_name_t name, struct ipc_entry *entry);

/*
 * ipc_right_copyin_check: could `name' be copied in with `msgt_name'?
 * (No change.)  Used for the header, where failure must leave everything
 * as it was.  `nrefs' send user references are needed (2 when the same
 * name is moved twice).
 */
bool ipc_right_copyin_check(ipc_space_t space, mach_port_name_t name,
			    mach_msg_type_name_t msgt_name, unsigned nrefs);

/*
 * ipc_right_copyin: take the right `msgt_name' (a disposition) says from
 * `name' for a message.
 *   Refs:    produces one reference (in *objectp) for the message's right.
 *            MOVE_SEND consumes one user reference; COPY_SEND none; the
 *            MAKE_* dispositions need the receive right and consume nothing.
 *   Returns: KERN_SUCCESS (*objectp = the object, or IP_DEAD for a dead
 *            name or dead port when `dead_ok'), KERN_INVALID_NAME,
 *            KERN_INVALID_RIGHT, KERN_INVALID_CAPABILITY (dead, !dead_ok),
 *            KERN_INVALID_VALUE (not a disposition).
 */
kern_return_t ipc_right_copyin(ipc_space_t space, mach_port_name_t name,
			       mach_msg_type_name_t msgt_name, bool dead_ok,
			       struct ipc_object **objectp);

/*
 * ipc_right_copyin_check_entry, ipc_right_copyin_entry: the same two, for
 * an entry already looked up (space locked, entry valid).
 */
bool ipc_right_copyin_check_entry(ipc_space_t space, mach_port_name_t name,
				  struct ipc_entry *entry, mach_msg_type_name_t msgt_name,
				  unsigned nrefs);
kern_return_t ipc_right_copyin_entry(ipc_space_t space, mach_port_name_t name,
				     struct ipc_entry *entry, mach_msg_type_name_t msgt_name,
				     bool dead_ok, struct ipc_object **objectp);

/*
 * ipc_right_copyin_send_locked: the state change of copying in a send
 * right (`msgt_name' MAKE_SEND, COPY_SEND or MOVE_SEND) from entry `e' of
 * the live `port', checked already: the entry holds the right needed, and
 * a MOVE_SEND of its last send right has no dead-name request left to
 * cancel.  The fast path (ipc_fast.c) and ipc_right_copyin_entry share it.
 *   Locks: space locked; port locked.
 *   Refs: the message's right holds a port reference (new, or the entry's).
 */
void ipc_right_copyin_send_locked(ipc_space_t space, struct ipc_entry *e, ipc_port_t port,
				  mach_msg_type_name_t msgt_name);

/* The type of right a disposition yields (MACH_MSG_TYPE_PORT_*). */
mach_msg_type_name_t ipc_object_copyin_type(mach_msg_type_name_t disposition);

/*
 * ipc_right_copyout: put a right of type `msgt_name' to `object' in the
 * space and return its name.
 *   Refs:    consumes the message's reference (merged into an existing
 *            entry's, or kept by a new entry).
 *   Returns: KERN_SUCCESS, KERN_NO_SPACE / KERN_RESOURCE_SHORTAGE (no
 *            entry: the right is still the caller's), KERN_UREFS_OVERFLOW.
 */
kern_return_t ipc_right_copyout(ipc_space_t space, struct ipc_object *object,
				mach_msg_type_name_t msgt_name, mach_port_name_t *namep);

/* ipc_object_destroy: release a right held in a message (not in a space). */
void ipc_object_destroy(struct ipc_object *object, mach_msg_type_name_t msgt_name);

/* The mach_port operations (mach_port.c) build on these. */
/*
 * ipc_right_dealloc: drop one user reference of the send, send-once or
 * dead-name right in `entry' (a send-once right sends its send-once
 * notification; the last send right may send no-senders).
 *   Locks:   space locked and active on entry and on return.
 *   Returns: KERN_SUCCESS, KERN_INVALID_RIGHT (a receive right or set alone).
 */
kern_return_t ipc_right_dealloc(ipc_space_t space, mach_port_name_t name,
				struct ipc_entry *entry);
/*
 * ipc_right_destroy: remove every right of `entry': a port set is
 * destroyed; a receive right kills its port (or goes to a port-destroyed
 * request) with the send right of the same entry; a send right loses all
 * its user references; a dead name goes; a send-once right is used up
 * with its notification.
 *   Locks:   space locked and active on entry and on return.
 *   Returns: KERN_SUCCESS; what ipc_right_dealloc returns.
 */
kern_return_t ipc_right_destroy(ipc_space_t space, mach_port_name_t name,
				struct ipc_entry *entry);
/*
 * ipc_right_delta: mach_port_mod_refs on one entry: receive, port-set and
 * send-once rights take a delta of -1 or 0 only (-1 removes the right);
 * send and dead-name rights add `delta' to their user references (0
 * removes the right).
 *   Locks:   space locked and active on entry and on return.
 *   Returns: KERN_SUCCESS, KERN_INVALID_RIGHT (no such right),
 *            KERN_INVALID_VALUE (a bad delta or right), KERN_UREFS_OVERFLOW.
 */
kern_return_t ipc_right_delta(ipc_space_t space, mach_port_name_t name,
			      struct ipc_entry *entry, mach_port_right_t right,
			      mach_port_delta_t delta);
/* ipc_right_terminate: the space is going away; release this entry's rights. */
void ipc_right_terminate(ipc_space_t space, mach_port_name_t name, struct ipc_entry *entry);
/*
 * ipc_right_dnrequest: ask for a dead-name notification to `notify' (a
 * send-once right the request keeps) when `name's port dies; NULL cancels.
 * *previousp gets the request it replaces.  A name already dead gets its
 * notification at once.
 */
kern_return_t ipc_right_dnrequest(ipc_space_t space, mach_port_name_t name,
				  ipc_port_t notify, ipc_port_t *previousp);

#endif /* _IPC_IPC_RIGHT_H_ */
