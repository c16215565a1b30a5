/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ports: kernel-protected message queues.  A port's receive right is in one
 * of three places, and the fields say which:
 *   in a space      ip_receiver = the space, ip_receiver_name = its name;
 *   in transit      ip_receiver = NULL (the right is in a queued message);
 *   dead            !io_active (the receive right was destroyed).
 * Send rights are counted in ip_srights (one per space entry holding send
 * rights, whatever its user references, plus one per right in a message or
 * held by the kernel); send-once rights in ip_sorights.  When ip_srights
 * drops to zero the no-senders request (if any) fires with ip_mscount.
 *   Locks: the port lock covers every field below.  Lock order:
 *          kern/lock_order.h (space, port set, port; two ports only in
 *          the RPC fast path, by ascending address).
 */
#ifndef _IPC_IPC_PORT_H_
#define _IPC_IPC_PORT_H_
#include <stddef.h>
#include <mach/port.h>
#include <mach/message.h>
#include "ipc/ipc_object.h"
#include "lib/queue.h"

struct ipc_space;
struct ipc_pset;
struct ipc_kmsg;

/* Kernel object types (ip_kotype): what a kernel-owned port stands for. */
#define IKOT_NONE	0
#define IKOT_TASK	1
#define IKOT_THREAD	2
#define IKOT_HOST	3
#define IKOT_HOST_PRIV	4
#define IKOT_TEST	5	/* self-tests */
#define IKOT_PAGER	6	/* a memory object's control port (vm/memory_object.c) */
#define IKOT_DEVICE_MASTER 7	/* the device master port (device/device_map.c) */
#define IKOT_SEMAPHORE	8	/* a semaphore (kern/sync_sema.c) */

/* A dead-name request: tell `notify' (a send-once right) when the port dies. */
struct ipc_dnrequest {
	struct ipc_dnrequest *next;
	struct ipc_space *space;
	mach_port_name_t name;
	struct ipc_port	*notify;
};

struct ipc_port {
	struct ipc_object ip_object;

	struct ipc_space *ip_receiver;
	mach_port_name_t ip_receiver_name;
	struct ipc_pset	*ip_pset;		/* the set it is in, or NULL */
	queue_chain_t	ip_pset_link;

	unsigned	ip_kotype;		/* IKOT_* */
	bool		ip_trace_reply;		/* a traced request's reply comes here (kern/trace.h) */
	void		*ip_kobject;

	mach_port_mscount_t ip_mscount;
	mach_port_rights_t ip_srights;
	mach_port_rights_t ip_sorights;

	struct ipc_port	*ip_nsrequest;		/* send-once right, or NULL */
	struct ipc_port	*ip_pdrequest;		/* send-once right, or NULL */
	struct ipc_dnrequest *ip_dnrequests;

	queue_head_t	ip_messages;		/* struct ipc_kmsg, oldest first */
	mach_port_msgcount_t ip_msgcount;
	mach_port_msgcount_t ip_qlimit;
	mach_port_seqno_t ip_seqno;		/* of the next message received */
	uint32_t	ip_snd_waiters;		/* senders blocked on the full queue */
	struct thread	*ip_rcv_thread;		/* a receiver blocked here, for hand-off */
	/* In transit: the port on whose queue the message carrying this receive
	   right waits (under ipc_transit_lock; ipc_kmsg_transit). */
	struct ipc_port	*ip_destination;
	uint64_t	ip_context;		/* mach_port_set_context */
	/* A short readable label (mach_port_set_label), or NULL: allocated
	   the first time it is set, never moved or freed before the port
	   (ipc_port_free), always NUL-terminated at IPC_PORT_LABEL_MAX - 1. */
	char		*ip_label;
	uint32_t	ip_trace_epoch;		/* the trace that has its label already (kern/trace.c) */
};

typedef struct ipc_port *ipc_port_t;
#define IP_NULL		((ipc_port_t)0)
#define IP_DEAD		((ipc_port_t)~0UL)	/* a dead right in a message */
#define IP_VALID(p)	((p) != IP_NULL && (p) != IP_DEAD)

#define ip_lock(p)	io_lock(&(p)->ip_object)
#define ip_unlock(p)	io_unlock(&(p)->ip_object)
/* With interrupts off already (kern/lock.h): the IPC fast path. */
#define ip_lock_noirq(p)	simple_lock_noirq(&(p)->ip_object.io_lock)
#define ip_unlock_noirq(p)	simple_unlock_noirq(&(p)->ip_object.io_lock)
#define ip_active(p)	((p)->ip_object.io_active)

/*
 * The kernel's own IPC space: the receiver of every kernel object's port.
 * Messages to a port whose receiver it is are served by the kernel
 * (ipc/ipc_kobject.c) in the sender's thread.
 */
extern struct ipc_space *ipc_space_kernel;

/* ipc_port_init_zone: the port zone (at boot, from ipc_bootstrap). */
void ipc_port_init_zone(void);
/* ipc_port_create: a new port, no rights anywhere yet, one reference. */
ipc_port_t ipc_port_create(void);
/* References (inline: the IPC fast path takes and drops them on every RPC). */
static inline __attribute__((always_inline)) void
ipc_port_reference(ipc_port_t port)
{
	__atomic_fetch_add(&port->ip_object.io_references, 1, __ATOMIC_RELAXED);
}

/* ipc_port_free: the last reference went (ipc_port_release). */
void ipc_port_free(ipc_port_t port);

static inline __attribute__((always_inline)) void
ipc_port_release(ipc_port_t port)
{
	if (atomic_release_ref(&port->ip_object.io_references))
		ipc_port_free(port);
}

/*
 * ipc_port_destroy: the receive right is gone.  Unless a port-destroyed
 * request takes the right, the port dies: its messages are destroyed,
 * dead-name requests fire, its no-senders request is released.
 *   Locks: port locked on entry, unlocked on return.
 *   Refs:  consumes the reference of the receive right.
 */
void ipc_port_destroy(ipc_port_t port);

/* Rights held by the kernel itself (kernel object ports, notifications). */
ipc_port_t ipc_port_make_send(ipc_port_t port);		/* +1 send right, +1 ref */
ipc_port_t ipc_port_copy_send(ipc_port_t port);		/* IP_DEAD if port is dead */
/*
 * ipc_port_make_send_once: a send-once right the kernel holds, as
 * ipc_port_make_send: +1 send-once right, +1 reference; IP_DEAD if the
 * port is dead; IP_NULL and IP_DEAD pass through.
 *   Locks:   takes the port's lock.
 */
ipc_port_t ipc_port_make_send_once(ipc_port_t port);
/* ipc_port_release_send: drop one send right (and its ref); may fire no-senders. */
void ipc_port_release_send(ipc_port_t port);
/* ipc_port_release_sonce: drop a send-once right without using it. */
void ipc_port_release_sonce(ipc_port_t port);

/*
 * ipc_port_srights_dec: one send right fewer.  Returns the no-senders
 * request to fire (a send-once right; the caller sends the notification
 * after unlocking) or IP_NULL; *mscount gets the make-send count for it.
 *   Locks: port locked.
 */
ipc_port_t ipc_port_srights_dec(ipc_port_t port, mach_port_mscount_t *mscount);

/*
 * ipc_port_set_kobject: make `port' stand for the kernel object `kobject'
 * of type `kotype' (IKOT_*); IKOT_NONE and NULL undo it.
 *   Locks:   takes the port's lock.
 */
void ipc_port_set_kobject(ipc_port_t port, unsigned kotype, void *kobject);

/* A port label's size, the NUL included (MACH_PORT_LABEL_MAX in <mach_debug/ipc_info.h>). */
#define IPC_PORT_LABEL_MAX	48

/*
 * ipc_port_set_label: give `port' the label `label' (at most
 * IPC_PORT_LABEL_MAX - 1 characters; "" clears it).  The first label
 * allocates its buffer; later ones are copied into the same buffer.
 *   Locks:   none held on entry (it may allocate, then takes the port
 *            lock for the copy).
 *   Refs:    the caller holds a reference to the port.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (too long);
 *            KERN_RESOURCE_SHORTAGE (no memory for the buffer).
 */
kern_return_t ipc_port_set_label(ipc_port_t port, const char *label);

/*
 * ipc_port_label: the port's label, or NULL if it has none (never set,
 * or cleared with "").  For tracing and inspection.
 *   Locks:   best with the port locked, for a string no set changes while
 *            it is read.  With only a reference the pointer stays valid
 *            until the port is freed and the string stays NUL-terminated,
 *            but a concurrent ipc_port_set_label may rewrite its bytes.
 *   Refs:    the caller holds a reference to the port (or its lock).
 */
const char *ipc_port_label(ipc_port_t port);

/*
 * ipc_dnrequest_alloc, ipc_dnrequest_free: a zeroed dead-name request
 * record (NULL without memory) and its return.
 */
struct ipc_dnrequest *ipc_dnrequest_alloc(void);
void ipc_dnrequest_free(struct ipc_dnrequest *dn);

/* ipc_port_count, ipc_port_label_count: live ports and port labels, for leak checks. */
size_t ipc_port_count(void);
size_t ipc_port_label_count(void);

#endif /* _IPC_IPC_PORT_H_ */
