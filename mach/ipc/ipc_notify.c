/* SPDX-License-Identifier: BSD-2-Clause */
/* Building and sending the kernel's notifications (see ipc_notify.h). */
#include <mach/notify.h>
#include "ipc/ipc_budget.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "lib/string.h"

/* A kmsg from the kernel to the send-once right `notify', with `size' bytes. */
static ipc_kmsg_t
notify_kmsg(ipc_port_t notify, mach_msg_id_t id, mach_msg_size_t size)
{
	/*
	 * Nobody can receive from a dead port: just release the right.  (This
	 * also ends the chain "destroying a send-once right sends a send-once
	 * notification, whose destruction destroys a send-once right, ...".)
	 */
	ip_lock(notify);
	bool alive = ip_active(notify);
	ip_unlock(notify);
	ipc_kmsg_t kmsg = alive ? ipc_kmsg_alloc(size) : NULL;

	if (!kmsg) {
		ipc_port_release_sonce(notify);
		return NULL;
	}
	mach_msg_header_t *h = &kmsg->ikm_header;
	memset(h, 0, size);
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	h->msgh_size = size;
	h->msgh_id = id;
	kmsg->ikm_remote = notify;
	kmsg->ikm_local = IP_NULL;
	return kmsg;
}

static void
notify_send(ipc_kmsg_t kmsg)
{
	ipc_kmsg_copyin_from_kernel(kmsg);
	ipc_kmsg_charge_kernel(kmsg);		/* to the task that asked for it */
	ipc_mqueue_send_kernel(kmsg);
}

/* The layout of the notifications that carry one integer. */
typedef struct __attribute__((packed, aligned(4))) {
	mach_msg_header_t header;
	NDR_record_t	ndr;
	uint32_t	value;
} notify_int_t;

static void
notify_int(ipc_port_t notify, mach_msg_id_t id, uint32_t value)
{
	if (!IP_VALID(notify))
		return;
	ipc_kmsg_t kmsg = notify_kmsg(notify, id, sizeof(notify_int_t));
	if (!kmsg)
		return;
	notify_int_t *n = (notify_int_t *)&kmsg->ikm_header;
	n->ndr.int_rep = NDR_INT_LITTLE_ENDIAN;
	n->value = value;
	notify_send(kmsg);
}

void
ipc_notify_no_senders(ipc_port_t notify, mach_port_mscount_t mscount)
{
	notify_int(notify, MACH_NOTIFY_NO_SENDERS, mscount);
}

void
ipc_notify_port_deleted(ipc_port_t notify, mach_port_name_t name)
{
	notify_int(notify, MACH_NOTIFY_PORT_DELETED, name);
}

void
ipc_notify_dead_name(ipc_port_t notify, mach_port_name_t name)
{
	notify_int(notify, MACH_NOTIFY_DEAD_NAME, name);
}

void
ipc_notify_send_once(ipc_port_t port)
{
	if (!IP_VALID(port))
		return;
	ipc_kmsg_t kmsg = notify_kmsg(port, MACH_NOTIFY_SEND_ONCE, sizeof(mach_msg_header_t));
	if (kmsg)
		notify_send(kmsg);
}

/* mach_port_destroyed_notification_t: a complex message carrying a receive right. */
typedef struct __attribute__((packed, aligned(4))) {
	mach_msg_header_t header;
	mach_msg_body_t	body;
	ipc_kdesc_port_t port;
} notify_port_destroyed_t;

void
ipc_notify_port_destroyed(ipc_port_t notify, ipc_port_t port)
{
	ipc_kmsg_t kmsg = notify_kmsg(notify, MACH_NOTIFY_PORT_DESTROYED,
				      sizeof(notify_port_destroyed_t));
	if (!kmsg) {
		/* No memory for the notification: the port dies after all. */
		ip_lock(port);
		ipc_port_destroy(port);
		return;
	}
	notify_port_destroyed_t *n = (notify_port_destroyed_t *)&kmsg->ikm_header;
	n->header.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	n->body.msgh_descriptor_count = 1;
	n->port.port = port;
	n->port.disposition = MACH_MSG_TYPE_PORT_RECEIVE;
	n->port.type = MACH_MSG_PORT_DESCRIPTOR;
	notify_send(kmsg);
}
