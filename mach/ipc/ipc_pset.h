/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Port sets: a receive right that receives from any of its member ports.
 * A port is in at most one set (ip_pset).  A thread receiving on a set
 * waits on the set's event; a message arriving on a member wakes it.
 *   Locks: the set's lock covers its member list; take it before a member
 *          port's lock.
 */
#ifndef _IPC_IPC_PSET_H_
#define _IPC_IPC_PSET_H_
#include <mach/kern_return.h>
#include "ipc/ipc_object.h"
#include "ipc/ipc_port.h"
#include "lib/queue.h"

struct ipc_pset {
	struct ipc_object ips_object;
	queue_head_t	ips_members;		/* ports, through ip_pset_link */
	/* Messages queued on the members: changed under the member's lock
	   (atomically: members are locked separately), read as a hint. */
	uint32_t	ips_msgcount;
	/* A receiver blocked in the fast path (ipc_fast.h), or NULL: set
	   under the set's lock, claimed by a sender with a compare-and-swap
	   under the member port's lock. */
	struct thread	*ips_rcv_thread;
	struct ipc_space *ips_space;
	mach_port_name_t ips_name;
};

typedef struct ipc_pset *ipc_pset_t;

#define ips_lock(s)	io_lock(&(s)->ips_object)
#define ips_unlock(s)	io_unlock(&(s)->ips_object)

/*
 * ipc_port_msgcount_add: `port's queue grew or shrank by `delta'
 * messages; its set's count follows.
 *   Locks: port locked.
 */
static inline void
ipc_port_msgcount_add(ipc_port_t port, int delta)
{
	port->ip_msgcount += delta;
	if (port->ip_pset)
		__atomic_fetch_add(&port->ip_pset->ips_msgcount, delta, __ATOMIC_RELEASE);
}

/* ipc_pset_init_zone: the port-set zone (at boot). */
void ipc_pset_init_zone(void);
/* ipc_pset_create: an empty, active port set with one reference, or NULL without memory. */
ipc_pset_t ipc_pset_create(void);		/* one reference */
/* ipc_pset_reference: one more reference (atomic; no lock). */
void ipc_pset_reference(ipc_pset_t pset);
/* ipc_pset_free: the last reference went (ipc_pset_release): the set, destroyed and empty, is freed. */
void ipc_pset_free(ipc_pset_t pset);

/* ipc_pset_release: drop one reference; the last frees the set.  Inline: every fast receive on a set. */
static inline __attribute__((always_inline)) void
ipc_pset_release(ipc_pset_t pset)
{
	if (atomic_release_ref(&pset->ips_object.io_references))
		ipc_pset_free(pset);
}
/*
 * ipc_pset_add: make `port' a member, leaving any set it was in.
 *   Returns: KERN_SUCCESS, KERN_ALREADY_IN_SET, KERN_NOT_RECEIVER (the
 *   port or the set is dead).
 */
kern_return_t ipc_pset_add(ipc_pset_t pset, ipc_port_t port);
/* ipc_pset_remove_port: `port' leaves `pset' (if still a member). */
void ipc_pset_remove_port(ipc_pset_t pset, ipc_port_t port);
/* ipc_pset_destroy: remove every member and kill the set; consumes a ref. */
void ipc_pset_destroy(ipc_pset_t pset);
/* ipc_pset_count: port sets in existence, for leak checks. */
size_t ipc_pset_count(void);

#endif /* _IPC_IPC_PSET_H_ */
