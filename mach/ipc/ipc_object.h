/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What ports and port sets have in common: a lock, a reference count, and
 * whether the object is still alive.  An entry of an IPC space names either.
 *   Locks: io_lock covers the object's fields (see ipc_port.h, ipc_pset.h).
 *   Refs:  each space entry naming the object holds one; each right in a
 *          message holds one; kernel pointers hold one.  The object is freed
 *          when the last goes.
 */
#ifndef _IPC_IPC_OBJECT_H_
#define _IPC_IPC_OBJECT_H_
#include <stdint.h>
#include <stdbool.h>
#include "kern/lock.h"

#define IOT_PORT	1
#define IOT_PORT_SET	2

struct ipc_object {
	simple_lock_data_t io_lock;
	uint32_t	io_references;	/* atomic */
	uint16_t	io_otype;	/* IOT_* */
	bool		io_active;	/* false once the receive right is destroyed */
};

#define io_lock(o)	simple_lock(&(o)->io_lock)
#define io_unlock(o)	simple_unlock(&(o)->io_lock)

#endif /* _IPC_IPC_OBJECT_H_ */
