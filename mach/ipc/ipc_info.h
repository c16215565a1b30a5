/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading IPC spaces for inspection (ipc_info.c): the identities the
 * kernel shows for ports and sets, and who may read whose space.  The
 * routines themselves are the MIG server functions of mach_port.defs
 * (3223, 3225) and port_info.defs (4700).
 */
#ifndef _IPC_IPC_INFO_H_
#define _IPC_IPC_INFO_H_
#include <mach/kern_return.h>
#include <mach/machine/vm_types.h>
#include "ipc/ipc_space.h"

/* ipc_info_object_id: the opaque identity of a port or port set (0 for NULL). */
natural_t ipc_info_object_id(const void *object);

/*
 * ipc_info_access: may the current task read `space' as a whole?  Its own
 * space, yes; another, if its own space holds a send right to the
 * host-priv port.
 *   Locks:   none held on entry.
 *   Returns: KERN_SUCCESS, KERN_NO_ACCESS.
 */
kern_return_t ipc_info_access(ipc_space_t space);

#endif /* _IPC_IPC_INFO_H_ */
