/* SPDX-License-Identifier: BSD-2-Clause */
/* Port sets (see ipc_pset.h). */
#include "ipc/ipc_pset.h"
#include "ipc/ipc_mqueue.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/zalloc.h"

static struct zone pset_zone;

void
ipc_pset_init_zone(void)
{
	zone_init(&pset_zone, "ipc port sets", sizeof(struct ipc_pset), 0);
}

size_t ipc_pset_count(void) { return pset_zone.in_use; }

ipc_pset_t
ipc_pset_create(void)
{
	ipc_pset_t pset = zalloc(&pset_zone);

	if (!pset)
		return NULL;
	simple_lock_init(&pset->ips_object.io_lock, "ipc port set", LOCK_RANK_PSET);
	pset->ips_object.io_references = 1;
	pset->ips_object.io_otype = IOT_PORT_SET;
	pset->ips_object.io_active = true;
	queue_init(&pset->ips_members);
	return pset;
}

void
ipc_pset_reference(ipc_pset_t pset)
{
	__atomic_fetch_add(&pset->ips_object.io_references, 1, __ATOMIC_RELAXED);
}

void
ipc_pset_free(ipc_pset_t pset)
{
	zfree(&pset_zone, pset);
}

kern_return_t
ipc_pset_add(ipc_pset_t pset, ipc_port_t port)
{
	for (;;) {
		/* Leave the old set first (its lock comes before the port's). */
		ip_lock(port);
		ipc_pset_t old = port->ip_pset;
		ip_unlock(port);
		if (old == pset)
			return KERN_ALREADY_IN_SET;
		if (old)
			ipc_pset_remove_port(old, port);

		ips_lock(pset);
		ip_lock(port);
		if (!pset->ips_object.io_active || !ip_active(port)) {
			ip_unlock(port);
			ips_unlock(pset);
			return KERN_NOT_RECEIVER;
		}
		if (port->ip_pset) {		/* raced with another move: again */
			ip_unlock(port);
			ips_unlock(pset);
			continue;
		}
		port->ip_pset = pset;
		enqueue_tail(&pset->ips_members, &port->ip_pset_link);
		__atomic_fetch_add(&pset->ips_msgcount, port->ip_msgcount, __ATOMIC_RELEASE);
		ipc_mqueue_changed(port);	/* its own receivers: MACH_RCV_PORT_CHANGED */
		bool has_messages = port->ip_msgcount > 0;
		ip_unlock(port);
		ips_unlock(pset);
		if (has_messages)
			thread_wakeup_registered((event_t)pset, &pset->ips_rcv_thread, -1);
		return KERN_SUCCESS;
	}
}

void
ipc_pset_remove_port(ipc_pset_t pset, ipc_port_t port)
{
	ips_lock(pset);
	ip_lock(port);
	if (port->ip_pset == pset) {
		queue_remove(&port->ip_pset_link);
		__atomic_fetch_sub(&pset->ips_msgcount, port->ip_msgcount, __ATOMIC_RELEASE);
		port->ip_pset = NULL;
	}
	ip_unlock(port);
	ips_unlock(pset);
}

void
ipc_pset_destroy(ipc_pset_t pset)
{
	ips_lock(pset);
	pset->ips_object.io_active = false;
	while (!queue_empty(&pset->ips_members)) {
		ipc_port_t port = queue_entry_owner(pset->ips_members.next, struct ipc_port,
						    ip_pset_link);
		ip_lock(port);
		queue_remove(&port->ip_pset_link);
		__atomic_fetch_sub(&pset->ips_msgcount, port->ip_msgcount, __ATOMIC_RELEASE);
		port->ip_pset = NULL;
		ip_unlock(port);
	}
	ips_unlock(pset);
	/* Receivers see MACH_RCV_PORT_DIED. */
	thread_wakeup_registered((event_t)pset, &pset->ips_rcv_thread, -1);
	ipc_pset_release(pset);
}
