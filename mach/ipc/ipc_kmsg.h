/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel messages.  A kmsg is the kernel's copy of a message between send
 * and receive.  Its life: (1) ipc_kmsg_get copies the sender's buffer in;
 * (2) ipc_kmsg_copyin turns names into rights (port pointers) and
 * out-of-line data into kernel buffers; (3) it is queued on the
 * destination port, or handed to a waiting receiver; (4) ipc_kmsg_copyout
 * turns rights into names in the receiver's space; (5) ipc_kmsg_put copies
 * it out.  Or, at any point after (2), ipc_kmsg_destroy releases all it holds.
 *
 * In a copied-in kmsg the header's port fields are unused: the rights are
 * ikm_remote and ikm_local.  A port descriptor keeps its port pointer in its
 * first 8 bytes (name and pad1); out-of-line descriptors point at kernel
 * buffers.  Dispositions are replaced by the type of right carried
 * (MACH_MSG_TYPE_PORT_SEND, _SEND_ONCE, _RECEIVE).
 */
#ifndef _IPC_IPC_KMSG_H_
#define _IPC_IPC_KMSG_H_
#include <mach/message.h>
#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "lib/queue.h"

/* The largest message mach_msg accepts, header and inline data. */
#define IPC_KMSG_MAX_SIZE	(64 * 1024)
/* The largest out-of-line region copied by this version (physical copy). */
#define IPC_KMSG_MAX_OOL	(1024 * 1024)
#define IPC_KMSG_MAX_OOL_PORTS	1024
/* Small kmsgs come from a zone of IKM_ZONE_SIZE-byte elements (ikm_order IKM_ORDER_ZONE). */
#define IKM_ZONE_SIZE		512
#define IKM_ORDER_ZONE		(~0u)

struct ipc_kmsg {
	queue_chain_t	ikm_link;
	unsigned	ikm_order;	/* pages allocated, as a buddy order; ~0: from the zone */
	uint32_t	ikm_bufsize;	/* room for header, body and the largest trailer */
	ipc_port_t	ikm_remote;	/* the destination right */
	ipc_port_t	ikm_local;	/* the reply right, IP_NULL or IP_DEAD */
	uint32_t	ikm_ndesc_in;	/* descriptors copied in (for partial destroy) */
	uint32_t	ikm_charge;	/* bytes charged to ikm_budget */
	struct ipc_budget *ikm_budget;	/* the budget it is charged to, or NULL (ipc_budget.h) */
	security_token_t ikm_sender;
	uint64_t	ikm_trace;	/* its trace tag (kern/trace.h); 0: not traced */
	mach_msg_header_t ikm_header __attribute__((aligned(8)));	/* then the body */
};

typedef struct ipc_kmsg *ipc_kmsg_t;

/* Kernel forms of the descriptors (same sizes as the user ones). */
typedef struct __attribute__((packed, aligned(4))) {
	ipc_port_t	port;
	unsigned int	pad2 : 16;
	mach_msg_type_name_t disposition : 8;
	mach_msg_descriptor_type_t type : 8;
} ipc_kdesc_port_t;

_Static_assert(sizeof(ipc_kdesc_port_t) == sizeof(mach_msg_port_descriptor_t),
	       "kernel port descriptor size");

/*
 * Out-of-line data and port arrays travel as kernel buffers (the address
 * field of the descriptor points at one), copied in at send and out into
 * the receiver's address space at receive.  (Virtual copy comes with the
 * VM issue.)  A port array holds ipc_port_t, count of them.
 */
void *ipc_ool_alloc(uint64_t size);
/* Walking descriptors: each's type is the top byte of its word at offset 8. */
static inline mach_msg_descriptor_type_t
ipc_desc_type(const void *d)
{
	return ((const uint8_t *)d)[11];
}

static inline mach_msg_size_t
ipc_desc_size(mach_msg_descriptor_type_t type)
{
	return type == MACH_MSG_PORT_DESCRIPTOR ? sizeof(mach_msg_port_descriptor_t)
						: sizeof(mach_msg_ool_descriptor_t);
}

/* ipc_ool_free: free an out-of-line buffer from ipc_ool_alloc of `size' bytes (NULL is ignored). */
void ipc_ool_free(void *buf, uint64_t size);

/*
 * Large out-of-line regions from a user task travel by virtual copy: the
 * descriptor's address is a struct vm_map_copy (vm/vm_map.h) and its copy
 * field this kernel-only value; small ones (and the kernel's) as buffers.
 */
#define IPC_OOL_MAP_COPY	7
#define IPC_OOL_VIRTUAL_MIN	(4 * 4096)	/* below this, copying the bytes is cheaper */

/* ipc_ool_release: free what a copied-in out-of-line descriptor holds. */
void ipc_ool_release(mach_msg_ool_descriptor_t *o);
/* ipc_ool_ports_release: destroy the rights of a copied-in port array and free it. */
void ipc_ool_ports_release(mach_msg_ool_ports_descriptor_t *o);
/*
 * ipc_ool_to_buffer: make a copied-in out-of-line descriptor hold a kernel
 * buffer (for a kernel receiver).  False without memory (it then holds nothing).
 */
bool ipc_ool_to_buffer(mach_msg_ool_descriptor_t *o);

/* ipc_kmsg_init_zone: the zone of small kmsgs (at boot, from ipc_bootstrap). */
void ipc_kmsg_init_zone(void);
/* ipc_kmsg_alloc: a kmsg with room for a `size'-byte message and a trailer. */
ipc_kmsg_t ipc_kmsg_alloc(mach_msg_size_t size);
/*
 * ipc_kmsg_free: give back a kmsg's memory (to the per-hart cache, the
 * zone or the page allocator) and uncharge its task's IPC budget.  It
 * must hold no rights any more (ipc_kmsg_destroy releases them first).
 */
void ipc_kmsg_free(ipc_kmsg_t kmsg);
/* ipc_kmsg_count: kmsgs in existence now (for leak checks and object counts). */
size_t ipc_kmsg_count(void);
/* Free kmsgs kept in the harts' caches (still "in use" to their zone). */
size_t ipc_kmsg_cached(void);
/* Zone objects in use, not counting those free kmsgs (for leak checks). */
size_t zone_objects_live(void);

/*
 * ipc_kmsg_get: (1) copy a message of `size' bytes from the current task's
 * memory at `msg_addr'; `header', if not NULL, is its header as read
 * already (the fast path's), and only the rest is read.
 *   Returns: MACH_MSG_SUCCESS; MACH_SEND_MSG_TOO_SMALL, MACH_SEND_TOO_LARGE,
 *   MACH_SEND_NO_BUFFER, MACH_SEND_INVALID_DATA (unreadable).  Nothing
 *   happened on failure.
 */
mach_msg_return_t ipc_kmsg_get(uintptr_t msg_addr, mach_msg_size_t size,
			       const mach_msg_header_t *header, ipc_kmsg_t *kmsgp);

/*
 * ipc_rpc_header_lookup: for a header with an RPC's shapes (a copied send
 * right or a moved send-once right to the destination, with no dead-name
 * request on its entry; none, or a send-once right made from a receive
 * right under another name, for the reply), find both entries in
 * `space' (*rep NULL without a reply); the COMPLEX bit only if
 * `complex_ok'.  False, nothing changed, for anything else.  The short
 * ways of ipc_fast.c and copyin use it.
 *   Locks: space locked by the caller.
 * ipc_rpc_header_lookup_bits: the same with the header's bits given
 * (h->msgh_bits or, where the caller checked them already, a constant
 * that lets the compiler drop the tests it decides).
 */
static inline __attribute__((always_inline)) bool
ipc_rpc_header_lookup_bits(ipc_space_t space, const mach_msg_header_t *h, mach_msg_bits_t bits,
			   bool complex_ok, struct ipc_entry **dep, struct ipc_entry **rep)
{
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	mach_port_name_t dest_name = h->msgh_remote_port, reply_name = h->msgh_local_port;
	uint32_t dest_need;

	if (bits & ~((complex_ok ? MACH_MSGH_BITS_COMPLEX : 0) | MACH_MSGH_BITS_REMOTE_MASK |
		     MACH_MSGH_BITS_LOCAL_MASK))
		return false;		/* a voucher, or complex where it may not be */
	if (dest_type == MACH_MSG_TYPE_COPY_SEND)
		dest_need = MACH_PORT_TYPE_SEND;
	else if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE)
		dest_need = MACH_PORT_TYPE_SEND_ONCE;
	else
		return false;
	if (reply_name == MACH_PORT_NULL)
		reply_type = 0;
	else if (reply_type != MACH_MSG_TYPE_MAKE_SEND_ONCE || reply_name == dest_name ||
		 reply_name == MACH_PORT_DEAD)
		return false;

	/* Found whatever they hold: the type bits are checked below. */
	struct ipc_entry *de = space->is_active ? ipc_entry_find(space, dest_name) : NULL;
	struct ipc_entry *re = reply_type ? ipc_entry_find(space, reply_name) : NULL;
	if (!de || !(de->ie_bits & dest_need) || (de->ie_bits & IE_BITS_DNREQUEST) ||
	    (reply_type && (!re || !(re->ie_bits & MACH_PORT_TYPE_RECEIVE))))
		return false;
	*dep = de;
	*rep = re;
	return true;
}

static inline bool
ipc_rpc_header_lookup(ipc_space_t space, const mach_msg_header_t *h, bool complex_ok,
		      struct ipc_entry **dep, struct ipc_entry **rep)
{
	return ipc_rpc_header_lookup_bits(space, h, h->msgh_bits, complex_ok, dep, rep);
}


/*
 * ipc_kmsg_copyin: (2) take the header's and body's rights from `space'.
 *   Returns: MACH_MSG_SUCCESS.  MACH_SEND_INVALID_HEADER, _INVALID_DEST,
 *   _INVALID_REPLY: nothing happened (the kmsg is freed, the sender keeps
 *   its rights).  MACH_SEND_INVALID_RIGHT, _INVALID_TYPE, _INVALID_MEMORY,
 *   _MSG_TOO_SMALL (descriptors past the end): the message was destroyed
 *   (rights copied in so far are released).
 */
mach_msg_return_t ipc_kmsg_copyin(ipc_kmsg_t kmsg, ipc_space_t space);

/* ipc_kmsg_copyin_from_kernel: a kmsg built by the kernel with rights in place. */
void ipc_kmsg_copyin_from_kernel(ipc_kmsg_t kmsg);

/*
 * ipc_kmsg_copyout: (4) give the rights to `space' and name them.
 *   Returns: MACH_MSG_SUCCESS; MACH_RCV_HEADER_ERROR or MACH_RCV_BODY_ERROR
 *   (bits MACH_MSG_IPC_SPACE / MACH_MSG_VM_SPACE: the space or address space
 *   was full; rights that did not fit became MACH_PORT_DEAD / NULL).
 */
mach_msg_return_t ipc_kmsg_copyout(ipc_kmsg_t kmsg, ipc_space_t space);
/*
 * ipc_kmsg_copyout_port_desc: the right of the kernel port descriptor at
 * `d' (ipc_kdesc_port_t) named in `space', `d' made the user's descriptor.
 * A right that cannot be named is destroyed and named MACH_PORT_DEAD, and
 * MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE is ORed into *mrp.
 *   Locks: space locked (a port lock is taken and let go).
 *   Refs: the descriptor's right (and its port reference) moves to the space.
 */
void ipc_kmsg_copyout_port_desc(ipc_space_t space, void *d, mach_msg_return_t *mrp);
/*
 * ipc_kmsg_copyout_pseudo: return an unsent message to its sender's space,
 * without swapping the header ports (a send timed out or was interrupted).
 */
void ipc_kmsg_copyout_pseudo(ipc_kmsg_t kmsg, ipc_space_t space);

/*
 * ipc_kmsg_put: (5) copy the (copied-out) message, with a trailer of
 * `trailer_size' bytes, to `msg_addr'; frees the kmsg.
 *   Returns: MACH_MSG_SUCCESS, MACH_RCV_INVALID_DATA (unwritable buffer).
 */
mach_msg_return_t ipc_kmsg_put(uintptr_t msg_addr, ipc_kmsg_t kmsg,
			       mach_msg_size_t trailer_size, mach_port_seqno_t seqno);

/*
 * ipc_kmsg_consume_dest: a received kmsg's destination right is used up by
 * its delivery (no send-once notification); for kernel receivers.
 */
void ipc_kmsg_consume_dest(ipc_kmsg_t kmsg);

/*
 * Circular messages.  A receive right in a queued message is "in transit"
 * to the port it is queued on (ip_destination); a message that would put a
 * receive right in transit to itself, directly or down such a chain, could
 * never be received: the sender gets MACH_SEND_INVALID_RIGHT (or
 * _INVALID_REPLY for the header) instead.
 * ipc_kmsg_transit: mark the receive rights `kmsg' carries as in transit to
 * `dest' (queued) or to nothing (dequeued).  The port is locked.
 */
void ipc_kmsg_transit(ipc_kmsg_t kmsg, ipc_port_t dest);
/*
 * ipc_kmsg_circular: would queueing `kmsg' on `dest' put a receive right it
 * carries in transit to itself?  Such a message (a kernel's, say a
 * port-destroyed notification sent to the port itself) is destroyed
 * instead of queued, as in Mach.  No locks held.
 */
bool ipc_kmsg_circular(ipc_kmsg_t kmsg, ipc_port_t dest);

/* ipc_kmsg_destroy: release every right and buffer in a copied-in kmsg, free it. */
void ipc_kmsg_destroy(ipc_kmsg_t kmsg);

#endif /* _IPC_IPC_KMSG_H_ */
