/* SPDX-License-Identifier: BSD-2-Clause */
/* Ports: creation, references, rights held by the kernel, death (see ipc_port.h). */
#include "ipc/ipc_port.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_pset.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "kern/zalloc.h"

static struct zone port_zone, dnrequest_zone, label_zone;

void
ipc_port_init_zone(void)
{
	zone_init(&port_zone, "ipc ports", sizeof(struct ipc_port), 0);
	zone_init(&dnrequest_zone, "dead-name requests", sizeof(struct ipc_dnrequest), 0);
	zone_init(&label_zone, "port labels", IPC_PORT_LABEL_MAX, 0);
}

struct ipc_dnrequest *ipc_dnrequest_alloc(void) { return zalloc(&dnrequest_zone); }
void ipc_dnrequest_free(struct ipc_dnrequest *dn) { zfree(&dnrequest_zone, dn); }

size_t ipc_port_count(void) { return port_zone.in_use; }
size_t ipc_port_label_count(void) { return label_zone.in_use; }

ipc_port_t
ipc_port_create(void)
{
	ipc_port_t port = zalloc(&port_zone);

	if (!port)
		return IP_NULL;
	simple_lock_init(&port->ip_object.io_lock, "ipc port", LOCK_RANK_PORT);
	port->ip_object.io_references = 1;
	port->ip_object.io_otype = IOT_PORT;
	port->ip_object.io_active = true;
	queue_init(&port->ip_messages);
	queue_chain_init(&port->ip_pset_link);
	port->ip_qlimit = MACH_PORT_QLIMIT_DEFAULT;
	port->ip_seqno = 0;
	port->ip_rcv_thread = NULL;
	port->ip_destination = NULL;
	return port;
}

void
ipc_port_free(ipc_port_t port)
{
	/* The last reference: no right names it, so nothing can lock it. */
	assert(queue_empty(&port->ip_messages));
	if (port->ip_label)
		zfree(&label_zone, port->ip_label);
	zfree(&port_zone, port);
}

kern_return_t
ipc_port_set_label(ipc_port_t port, const char *label)
{
	size_t len = strnlen(label, IPC_PORT_LABEL_MAX);

	if (len >= IPC_PORT_LABEL_MAX)
		return KERN_INVALID_ARGUMENT;	/* "label of %lu characters, at most 47" */
	/* (1) A buffer for the first label, allocated before the port lock. */
	char *fresh = NULL;
	if (!port->ip_label && len) {
		fresh = zalloc(&label_zone);	/* zeroed: NUL-terminated already */
		if (!fresh)
			return KERN_RESOURCE_SHORTAGE;
	}
	/* (2) Under the port lock: install the buffer (unless a concurrent
	   set did), then copy, the last byte staying NUL. */
	ip_lock(port);
	if (!port->ip_label && fresh) {
		__atomic_store_n(&port->ip_label, fresh, __ATOMIC_RELEASE);
		fresh = NULL;
	}
	if (port->ip_label) {
		memcpy(port->ip_label, label, len);
		memset(port->ip_label + len, 0, IPC_PORT_LABEL_MAX - len);
	}
	ip_unlock(port);
	if (fresh)
		zfree(&label_zone, fresh);
	return KERN_SUCCESS;
}

const char *
ipc_port_label(ipc_port_t port)
{
	if (!IP_VALID(port))
		return NULL;
	const char *label = __atomic_load_n(&port->ip_label, __ATOMIC_ACQUIRE);
	return label && label[0] ? label : NULL;
}

void
ipc_port_set_kobject(ipc_port_t port, unsigned kotype, void *kobject)
{
	ip_lock(port);
	port->ip_kotype = kotype;
	port->ip_kobject = kobject;
	ip_unlock(port);
}

ipc_port_t
ipc_port_make_send(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return IP_DEAD;
	}
	port->ip_mscount++;
	port->ip_srights++;
	ipc_port_reference(port);
	ip_unlock(port);
	return port;
}

ipc_port_t
ipc_port_copy_send(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return IP_DEAD;
	}
	port->ip_srights++;
	ipc_port_reference(port);
	ip_unlock(port);
	return port;
}

ipc_port_t
ipc_port_make_send_once(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return IP_DEAD;
	}
	port->ip_sorights++;
	ipc_port_reference(port);
	ip_unlock(port);
	return port;
}

ipc_port_t
ipc_port_srights_dec(ipc_port_t port, mach_port_mscount_t *mscount)
{
	assert(port->ip_srights > 0);
	if (--port->ip_srights != 0 || !port->ip_nsrequest || !ip_active(port))
		return IP_NULL;
	ipc_port_t notify = port->ip_nsrequest;
	port->ip_nsrequest = IP_NULL;
	*mscount = port->ip_mscount;
	return notify;
}

void
ipc_port_release_send(ipc_port_t port)
{
	mach_port_mscount_t mscount = 0;

	if (!IP_VALID(port))
		return;
	ip_lock(port);
	ipc_port_t notify = ipc_port_srights_dec(port, &mscount);
	ip_unlock(port);
	if (notify)
		ipc_notify_no_senders(notify, mscount);
	ipc_port_release(port);
}

void
ipc_port_release_sonce(ipc_port_t port)
{
	if (!IP_VALID(port))
		return;
	ip_lock(port);
	assert(port->ip_sorights > 0);
	port->ip_sorights--;
	ip_unlock(port);
	ipc_port_release(port);
}

void
ipc_port_destroy(ipc_port_t port)
{
	/* (1) A port-destroyed request gets the receive right instead. */
	ipc_port_t pdrequest = port->ip_pdrequest;
	if (pdrequest) {
		port->ip_pdrequest = IP_NULL;
		port->ip_receiver = NULL;	/* in transit, in the notification */
		ipc_mqueue_changed(port);	/* receivers: MACH_RCV_PORT_CHANGED */
		struct ipc_pset *pset = port->ip_pset;
		ip_unlock(port);
		if (pset)
			ipc_pset_remove_port(pset, port);
		ipc_notify_port_destroyed(pdrequest, port);	/* consumes our ref */
		return;
	}

	/* (2) The port dies: no more messages, no more requests. */
	port->ip_object.io_active = false;
	port->ip_receiver = NULL;
	ipc_mqueue_changed(port);	/* receivers: MACH_RCV_PORT_DIED */
	queue_head_t messages;
	queue_init(&messages);
	while (!queue_empty(&port->ip_messages)) {
		queue_chain_t *q = dequeue_head(&port->ip_messages);
		ipc_kmsg_transit(queue_entry_owner(q, struct ipc_kmsg, ikm_link), IP_NULL);
		enqueue_tail(&messages, q);
	}
	ipc_port_msgcount_add(port, -(int)port->ip_msgcount);
	ipc_port_t nsrequest = port->ip_nsrequest;
	port->ip_nsrequest = IP_NULL;
	struct ipc_dnrequest *dn = port->ip_dnrequests;
	port->ip_dnrequests = NULL;
	struct ipc_pset *pset = port->ip_pset;
	port->ip_kotype = IKOT_NONE;
	port->ip_kobject = NULL;
	/* Every sender blocked on the full queue counts itself here, under this lock. */
	bool senders = port->ip_snd_waiters != 0;
	ip_unlock(port);

	/* (3) Senders blocked on a full queue see the death (the receivers were woken). */
	if (senders)
		thread_wakeup((event_t)&port->ip_msgcount);
	if (pset)
		ipc_pset_remove_port(pset, port);

	/* (4) Outside the port lock: destroy messages, fire requests. */
	queue_chain_t *q;
	while ((q = dequeue_head(&messages)) != NULL)
		ipc_kmsg_destroy(queue_entry_owner(q, struct ipc_kmsg, ikm_link));
	if (nsrequest)
		ipc_port_release_sonce(nsrequest);
	while (dn) {
		struct ipc_dnrequest *next = dn->next;
		ipc_notify_dead_name(dn->notify, dn->name);
		ipc_dnrequest_free(dn);
		dn = next;
	}
	ipc_port_release(port);
}
