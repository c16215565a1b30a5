/* SPDX-License-Identifier: BSD-2-Clause */
/* The mach_port operations (see mach_port.h). */
#include <mach/notify.h>
#include "ipc/mach_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_right.h"
#include "kern/panic.h"
#include "kern/sched.h"

/* Lock `space' and find `name'.  On success the space stays locked. */
static kern_return_t
lookup_locked(ipc_space_t space, mach_port_name_t name, struct ipc_entry **ep)
{
	if (!space)
		return KERN_INVALID_TASK;	/* the request's port was no task's */
	is_lock(space);
	if (!space->is_active) {
		is_unlock(space);
		return KERN_INVALID_TASK;
	}
	*ep = ipc_entry_lookup(space, name);
	if (!*ep) {
		is_unlock(space);
		return KERN_INVALID_NAME;
	}
	return KERN_SUCCESS;
}

/* Fill a fresh entry with a new port, port set or dead name. */
static kern_return_t
fill_entry(ipc_space_t space, struct ipc_entry *e, mach_port_name_t name,
	   mach_port_right_t right)
{
	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE: {
		ipc_port_t port = ipc_port_create();
		if (!port)
			return KERN_RESOURCE_SHORTAGE;
		port->ip_receiver = space;
		port->ip_receiver_name = name;
		e->ie_object = &port->ip_object;
		e->ie_bits = MACH_PORT_TYPE_RECEIVE;
		ipc_hash_insert(space, e);
		return KERN_SUCCESS;
	}
	case MACH_PORT_RIGHT_PORT_SET: {
		ipc_pset_t pset = ipc_pset_create();
		if (!pset)
			return KERN_RESOURCE_SHORTAGE;
		pset->ips_space = space;
		pset->ips_name = name;
		e->ie_object = &pset->ips_object;
		e->ie_bits = MACH_PORT_TYPE_PORT_SET;
		return KERN_SUCCESS;
	}
	case MACH_PORT_RIGHT_DEAD_NAME:
		e->ie_object = NULL;
		e->ie_bits = MACH_PORT_TYPE_DEAD_NAME | 1;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_VALUE;
	}
}

kern_return_t
mach_port_allocate_locked(ipc_space_t space, mach_port_right_t right, mach_port_name_t *namep)
{
	struct ipc_entry *e;
	mach_port_name_t name;

	if (right != MACH_PORT_RIGHT_RECEIVE && right != MACH_PORT_RIGHT_PORT_SET &&
	    right != MACH_PORT_RIGHT_DEAD_NAME)
		return KERN_INVALID_VALUE;
	kern_return_t kr = ipc_entry_alloc(space, &name, &e);
	if (kr == KERN_SUCCESS) {
		kr = fill_entry(space, e, name, right);
		if (kr != KERN_SUCCESS)
			ipc_entry_free(space, e);
	}
	if (kr == KERN_SUCCESS)
		*namep = name;
	return kr;
}

kern_return_t
mach_port_allocate(ipc_space_t space, mach_port_right_t right, mach_port_name_t *namep)
{
	if (!space)
		return KERN_INVALID_TASK;
	if (right != MACH_PORT_RIGHT_RECEIVE && right != MACH_PORT_RIGHT_PORT_SET &&
	    right != MACH_PORT_RIGHT_DEAD_NAME)
		return KERN_INVALID_VALUE;
	is_lock(space);
	if (!space->is_active) {
		is_unlock(space);
		return KERN_INVALID_TASK;
	}
	kern_return_t kr = mach_port_allocate_locked(space, right, namep);
	is_unlock(space);
	return kr;
}

kern_return_t
mach_port_allocate_name(ipc_space_t space, mach_port_right_t right, mach_port_name_t name)
{
	if (!space)
		return KERN_INVALID_TASK;
	struct ipc_entry *e;

	if (right != MACH_PORT_RIGHT_RECEIVE && right != MACH_PORT_RIGHT_PORT_SET &&
	    right != MACH_PORT_RIGHT_DEAD_NAME)
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_VALUE;
	is_lock(space);
	if (!space->is_active) {
		is_unlock(space);
		return KERN_INVALID_TASK;
	}
	kern_return_t kr = ipc_entry_alloc_name(space, name, &e);
	if (kr == KERN_NAME_EXISTS || kr == KERN_NO_SPACE) {
		is_unlock(space);
		return KERN_NAME_EXISTS;
	}
	if (kr == KERN_SUCCESS) {
		kr = fill_entry(space, e, name, right);
		if (kr != KERN_SUCCESS)
			ipc_entry_free(space, e);
	}
	is_unlock(space);
	return kr;
}

kern_return_t
mach_port_deallocate_locked(ipc_space_t space, mach_port_name_t name)
{
	struct ipc_entry *e = ipc_entry_lookup(space, name);

	return e ? ipc_right_dealloc(space, name, e) : KERN_INVALID_NAME;
}

kern_return_t
mach_port_deallocate(ipc_space_t space, mach_port_name_t name)
{
	struct ipc_entry *e;
	kern_return_t kr = lookup_locked(space, name, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = ipc_right_dealloc(space, name, e);
	is_unlock(space);
	return kr;
}

kern_return_t
mach_port_destroy_locked(ipc_space_t space, mach_port_name_t name)
{
	struct ipc_entry *e = ipc_entry_lookup(space, name);

	return e ? ipc_right_destroy(space, name, e) : KERN_INVALID_NAME;
}

kern_return_t
mach_port_destroy(ipc_space_t space, mach_port_name_t name)
{
	struct ipc_entry *e;
	kern_return_t kr = lookup_locked(space, name, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = ipc_right_destroy(space, name, e);
	is_unlock(space);
	return kr;
}

kern_return_t
mach_port_mod_refs_locked(ipc_space_t space, mach_port_name_t name, mach_port_right_t right,
			  mach_port_delta_t delta)
{
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	struct ipc_entry *e = ipc_entry_lookup(space, name);
	return e ? ipc_right_delta(space, name, e, right, delta) : KERN_INVALID_NAME;
}

kern_return_t
mach_port_mod_refs(ipc_space_t space, mach_port_name_t name, mach_port_right_t right,
		   mach_port_delta_t delta)
{
	struct ipc_entry *e;

	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	kern_return_t kr = lookup_locked(space, name, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = ipc_right_delta(space, name, e, right, delta);
	is_unlock(space);
	return kr;
}

kern_return_t
mach_port_get_refs(ipc_space_t space, mach_port_name_t name, mach_port_right_t right,
		   mach_port_urefs_t *refsp)
{
	struct ipc_entry *e;

	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	kern_return_t kr = lookup_locked(space, name, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_right_check(space, name, e);
	uint32_t bits = e->ie_bits;
	mach_port_type_t type = MACH_PORT_TYPE(right);
	if (!(bits & type))
		*refsp = 0;
	else if (right == MACH_PORT_RIGHT_SEND || right == MACH_PORT_RIGHT_DEAD_NAME)
		*refsp = IE_BITS_UREFS(bits);
	else
		*refsp = 1;
	is_unlock(space);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_type(ipc_space_t space, mach_port_name_t name, mach_port_type_t *typep)
{
	struct ipc_entry *e;
	kern_return_t kr = lookup_locked(space, name, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	ipc_right_check(space, name, e);
	*typep = e->ie_bits & (IE_BITS_TYPE_MASK | IE_BITS_DNREQUEST);
	is_unlock(space);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_rename(ipc_space_t space, mach_port_name_t old_name, mach_port_name_t new_name)
{
	struct ipc_entry *old, *fresh;

	if (!MACH_PORT_VALID(new_name))
		return KERN_INVALID_VALUE;
	kern_return_t kr = lookup_locked(space, old_name, &old);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_right_check(space, old_name, old);
	uint32_t index = (uint32_t)(old - space->is_table);
	kr = ipc_entry_alloc_name(space, new_name, &fresh);
	if (kr != KERN_SUCCESS) {
		is_unlock(space);
		return kr == KERN_NO_SPACE ? KERN_NAME_EXISTS : kr;
	}
	old = &space->is_table[index];		/* the table may have grown */
	if (old->ie_bits & IE_BITS_DNREQUEST) {
		/* A dead-name request names the entry: it cannot follow a rename. */
		ipc_entry_free(space, fresh);
		is_unlock(space);
		return KERN_INVALID_ARGUMENT;
	}
	bool hashed = old->ie_object && (old->ie_bits & MACH_PORT_TYPE_SEND_RECEIVE);
	if (hashed)
		ipc_hash_delete(space, old);
	fresh->ie_object = old->ie_object;
	fresh->ie_bits = old->ie_bits;
	if (hashed)
		ipc_hash_insert(space, fresh);
	if (fresh->ie_bits & MACH_PORT_TYPE_RECEIVE) {
		ipc_port_t port = (ipc_port_t)fresh->ie_object;
		ip_lock(port);
		port->ip_receiver_name = new_name;
		ip_unlock(port);
	} else if (fresh->ie_bits & MACH_PORT_TYPE_PORT_SET) {
		((ipc_pset_t)fresh->ie_object)->ips_name = new_name;
	}
	ipc_entry_free(space, old);
	is_unlock(space);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_insert_right(ipc_space_t space, mach_port_name_t name, ipc_port_t port,
		       mach_msg_type_name_t msgt_name)
{
	if (!space)
		return KERN_INVALID_TASK;
	struct ipc_entry *e;

	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_VALUE;
	if (msgt_name != MACH_MSG_TYPE_PORT_SEND && msgt_name != MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    msgt_name != MACH_MSG_TYPE_PORT_RECEIVE)
		return KERN_INVALID_VALUE;
	if (!IP_VALID(port))
		return KERN_INVALID_CAPABILITY;
	is_lock(space);
	if (!space->is_active) {
		is_unlock(space);
		return KERN_INVALID_TASK;
	}
	/* The port may already have a name here: only that name can take more. */
	struct ipc_entry *existing = msgt_name == MACH_MSG_TYPE_PORT_SEND_ONCE ? NULL :
				     ipc_hash_lookup(space, &port->ip_object);
	e = ipc_entry_lookup(space, name);
	if (e && e->ie_object != &port->ip_object) {
		is_unlock(space);
		return KERN_NAME_EXISTS;
	}
	if (existing && existing != e) {
		is_unlock(space);
		return KERN_RIGHT_EXISTS;
	}
	if (e) {
		if (msgt_name == MACH_MSG_TYPE_PORT_SEND_ONCE ||
		    (msgt_name == MACH_MSG_TYPE_PORT_RECEIVE && (e->ie_bits & MACH_PORT_TYPE_RECEIVE))) {
			is_unlock(space);
			return KERN_NAME_EXISTS;
		}
		if (msgt_name == MACH_MSG_TYPE_PORT_SEND &&
		    IE_BITS_UREFS(e->ie_bits) == MACH_PORT_UREFS_MAX) {
			is_unlock(space);
			return KERN_UREFS_OVERFLOW;
		}
		/* Merging into the entry that already names this port. */
		mach_port_name_t got;
		kern_return_t kr = ipc_right_copyout(space, &port->ip_object, msgt_name, &got);
		is_unlock(space);
		return kr;
	}
	kern_return_t kr = ipc_entry_alloc_name(space, name, &e);
	if (kr != KERN_SUCCESS) {
		is_unlock(space);
		return kr == KERN_NO_SPACE ? KERN_NAME_EXISTS : kr;
	}
	ip_lock(port);
	bool alive = ip_active(port);
	ip_unlock(port);
	if (!alive && msgt_name != MACH_MSG_TYPE_PORT_RECEIVE) {
		ipc_entry_free(space, e);
		is_unlock(space);
		return KERN_INVALID_CAPABILITY;
	}
	e->ie_object = &port->ip_object;
	switch (msgt_name) {
	case MACH_MSG_TYPE_PORT_SEND:
		e->ie_bits = MACH_PORT_TYPE_SEND | 1;
		ipc_hash_insert(space, e);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		e->ie_bits = MACH_PORT_TYPE_SEND_ONCE | 1;
		break;
	default:
		e->ie_bits = MACH_PORT_TYPE_RECEIVE;
		ipc_hash_insert(space, e);
		ip_lock(port);
		port->ip_receiver = space;
		port->ip_receiver_name = name;
		ip_unlock(port);
		break;
	}
	is_unlock(space);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_extract_right(ipc_space_t space, mach_port_name_t name,
			mach_msg_type_name_t disposition, ipc_port_t *portp,
			mach_msg_type_name_t *msgt_namep)
{
	if (!space)
		return KERN_INVALID_TASK;
	struct ipc_object *object;

	if (!ipc_object_copyin_type(disposition))
		return KERN_INVALID_VALUE;
	is_lock(space);
	if (!space->is_active) {
		is_unlock(space);
		return KERN_INVALID_TASK;
	}
	kern_return_t kr = ipc_right_copyin(space, name, disposition, false, &object);
	is_unlock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	*portp = (ipc_port_t)object;
	*msgt_namep = ipc_object_copyin_type(disposition);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_move_member(ipc_space_t space, mach_port_name_t member, mach_port_name_t after)
{
	struct ipc_entry *e;
	kern_return_t kr = lookup_locked(space, member, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!(e->ie_bits & MACH_PORT_TYPE_RECEIVE)) {
		is_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	ipc_port_t port = (ipc_port_t)e->ie_object;
	ipc_pset_t pset = NULL;
	if (after != MACH_PORT_NULL) {
		struct ipc_entry *se = ipc_entry_lookup(space, after);
		if (!se) {
			is_unlock(space);
			return KERN_INVALID_NAME;
		}
		if (!(se->ie_bits & MACH_PORT_TYPE_PORT_SET)) {
			is_unlock(space);
			return KERN_INVALID_RIGHT;
		}
		pset = (ipc_pset_t)se->ie_object;
		ipc_pset_reference(pset);
	}
	ipc_port_reference(port);
	is_unlock(space);

	if (pset) {
		kr = ipc_pset_add(pset, port);
		if (kr == KERN_ALREADY_IN_SET)
			kr = KERN_SUCCESS;	/* moving into the set it is in: nothing to do */
		ipc_pset_release(pset);
	} else {
		ip_lock(port);
		ipc_pset_t old = port->ip_pset;
		ip_unlock(port);
		if (old)
			ipc_pset_remove_port(old, port);
		else
			kr = KERN_NOT_IN_SET;
	}
	ipc_port_release(port);
	return kr;
}

/* Lock the space, find a receive right, lock its port; unlocks the space. */
static kern_return_t
receive_port_locked(ipc_space_t space, mach_port_name_t name, ipc_port_t *portp)
{
	struct ipc_entry *e;
	kern_return_t kr = lookup_locked(space, name, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!(e->ie_bits & MACH_PORT_TYPE_RECEIVE)) {
		is_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	*portp = (ipc_port_t)e->ie_object;
	ip_lock(*portp);
	is_unlock(space);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_set_mscount(ipc_space_t space, mach_port_name_t name, mach_port_mscount_t mscount)
{
	ipc_port_t port;
	kern_return_t kr = receive_port_locked(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	port->ip_mscount = mscount;
	ip_unlock(port);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_set_seqno(ipc_space_t space, mach_port_name_t name, mach_port_seqno_t seqno)
{
	ipc_port_t port;
	kern_return_t kr = receive_port_locked(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	port->ip_seqno = seqno;
	ip_unlock(port);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_get_srights(ipc_space_t space, mach_port_name_t name, mach_port_rights_t *srightsp)
{
	ipc_port_t port;
	kern_return_t kr = receive_port_locked(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	*srightsp = port->ip_srights;
	ip_unlock(port);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_get_receive_status(ipc_space_t space, mach_port_name_t name,
			     mach_port_status_t *st)
{
	ipc_port_t port;
	kern_return_t kr = receive_port_locked(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	st->mps_pset = port->ip_pset ? port->ip_pset->ips_name : MACH_PORT_NULL;
	st->mps_seqno = port->ip_seqno;
	st->mps_mscount = port->ip_mscount;
	st->mps_qlimit = port->ip_qlimit;
	st->mps_msgcount = port->ip_msgcount;
	st->mps_sorights = port->ip_sorights;
	st->mps_srights = port->ip_srights > 0;
	st->mps_pdrequest = port->ip_pdrequest != IP_NULL;
	st->mps_nsrequest = port->ip_nsrequest != IP_NULL;
	st->mps_flags = 0;
	ip_unlock(port);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_set_qlimit(ipc_space_t space, mach_port_name_t name, mach_port_msgcount_t qlimit)
{
	ipc_port_t port;

	if (qlimit > MACH_PORT_QLIMIT_MAX)
		return KERN_INVALID_VALUE;
	kern_return_t kr = receive_port_locked(space, name, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	bool grew = qlimit > port->ip_qlimit;
	port->ip_qlimit = qlimit;
	ip_unlock(port);
	if (grew)
		thread_wakeup((event_t)&port->ip_msgcount);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_request_notification(ipc_space_t space, mach_port_name_t name, mach_msg_id_t msgid,
			       mach_port_mscount_t sync, ipc_port_t notify,
			       ipc_port_t *previousp)
{
	if (!space)
		return KERN_INVALID_TASK;
	ipc_port_t port;
	kern_return_t kr;

	*previousp = IP_NULL;
	/*
	 * MACH_PORT_DEAD as the notify port (a dead name given with any
	 * disposition) names no port a notification could reach: the request
	 * is stored as none, as IP_NULL would be (found by scripts/fuzz: a
	 * port-destroyed request to IP_DEAD crashed the port's destruction).
	 */
	if (notify == IP_DEAD)
		notify = IP_NULL;
	switch (msgid) {
	case MACH_NOTIFY_DEAD_NAME:
		is_lock(space);
		if (!space->is_active) {
			is_unlock(space);
			return KERN_INVALID_TASK;
		}
		kr = ipc_right_dnrequest(space, name, notify, previousp);
		is_unlock(space);
		return kr;

	case MACH_NOTIFY_PORT_DESTROYED:
		kr = receive_port_locked(space, name, &port);
		if (kr != KERN_SUCCESS)
			return kr;
		*previousp = port->ip_pdrequest;
		port->ip_pdrequest = notify;
		ip_unlock(port);
		return KERN_SUCCESS;

	case MACH_NOTIFY_NO_SENDERS:
		kr = receive_port_locked(space, name, &port);
		if (kr != KERN_SUCCESS)
			return kr;
		*previousp = port->ip_nsrequest;
		/* Already no senders (and made enough): notify at once. */
		if (IP_VALID(notify) && port->ip_srights == 0 && port->ip_mscount >= sync) {
			mach_port_mscount_t mscount = port->ip_mscount;
			port->ip_nsrequest = IP_NULL;
			ip_unlock(port);
			ipc_notify_no_senders(notify, mscount);
			return KERN_SUCCESS;
		}
		port->ip_nsrequest = notify;
		ip_unlock(port);
		return KERN_SUCCESS;

	default:
		return KERN_INVALID_VALUE;
	}
}

uint64_t
mach_port_context_of(ipc_space_t space, mach_port_name_t name)
{
	ipc_port_t port;
	uint64_t ctx = 0;

	if (receive_port_locked(space, name, &port) == KERN_SUCCESS) {
		ctx = port->ip_context;
		ip_unlock(port);
	}
	return ctx;
}

kern_return_t
mach_port_set_context_of(ipc_space_t space, mach_port_name_t name, uint64_t context)
{
	ipc_port_t port;
	kern_return_t kr = receive_port_locked(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	port->ip_context = context;
	ip_unlock(port);
	return KERN_SUCCESS;
}
