/* SPDX-License-Identifier: BSD-2-Clause */
/* Port rights in a space (see ipc_right.h for the contracts). */
#include "ipc/ipc_right.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_pset.h"
#include "kern/panic.h"
#include "kern/sched.h"

#define TYPE_SEND	MACH_PORT_TYPE_SEND
#define TYPE_RECEIVE	MACH_PORT_TYPE_RECEIVE
#define TYPE_SONCE	MACH_PORT_TYPE_SEND_ONCE
#define TYPE_PSET	MACH_PORT_TYPE_PORT_SET
#define TYPE_DEAD	MACH_PORT_TYPE_DEAD_NAME

static inline ipc_port_t
entry_port(const struct ipc_entry *e)
{
	return (ipc_port_t)e->ie_object;
}

static inline uint32_t
urefs_of(uint32_t bits)
{
	return IE_BITS_UREFS(bits);
}

/*
 * dnrequest_cancel: take back `space's dead-name request for `name' on
 * `port', if any.  Returns the request's notify right (for a port-deleted
 * notification), or IP_NULL.  Locks: port unlocked.
 */
static ipc_port_t
dnrequest_cancel(ipc_space_t space, mach_port_name_t name, ipc_port_t port)
{
	ipc_port_t notify = IP_NULL;

	ip_lock(port);
	for (struct ipc_dnrequest **link = &port->ip_dnrequests; *link; link = &(*link)->next) {
		struct ipc_dnrequest *dn = *link;
		if (dn->space == space && dn->name == name) {
			*link = dn->next;
			notify = dn->notify;
			ipc_dnrequest_free(dn);
			break;
		}
	}
	ip_unlock(port);
	return notify;
}

/* The entry lost its last send or send-once right: cancel its request with a port-deleted. */
static void
entry_lost_port(ipc_space_t space, mach_port_name_t name, struct ipc_entry *e, ipc_port_t port)
{
	if (!(e->ie_bits & IE_BITS_DNREQUEST))
		return;
	e->ie_bits &= ~IE_BITS_DNREQUEST;
	ipc_port_t notify = dnrequest_cancel(space, name, port);
	if (notify)
		ipc_notify_port_deleted(notify, name);
}

/* Drop one send right held by an entry (not a message): may fire no-senders. */
static void
release_entry_send(ipc_port_t port)
{
	mach_port_mscount_t mscount = 0;

	ip_lock(port);
	ipc_port_t notify = ipc_port_srights_dec(port, &mscount);
	ip_unlock(port);
	if (notify)
		ipc_notify_no_senders(notify, mscount);
}

bool
ipc_right_check(ipc_space_t space, mach_port_name_t name, struct ipc_entry *e)
{
	uint32_t bits = e->ie_bits;
	(void)name;

	if (!(bits & (TYPE_SEND | TYPE_SONCE)) || (bits & TYPE_RECEIVE))
		return false;
	ipc_port_t port = entry_port(e);
	/* A live port is the common case: no lock to see it (death is final). */
	if (__atomic_load_n(&port->ip_object.io_active, __ATOMIC_ACQUIRE))
		return false;
	ip_lock(port);
	if (ip_active(port)) {
		ip_unlock(port);
		return false;
	}
	if (bits & TYPE_SEND)
		port->ip_srights--;
	else
		port->ip_sorights--;
	ip_unlock(port);

	/* A dead name keeps the send urefs, plus one for a dead-name notification. */
	uint32_t urefs = (bits & TYPE_SEND) ? urefs_of(bits) : 1;
	if (bits & IE_BITS_DNREQUEST)
		urefs++;
	if (urefs > MACH_PORT_UREFS_MAX)
		urefs = MACH_PORT_UREFS_MAX;
	if (bits & TYPE_SEND)
		ipc_hash_delete(space, e);
	e->ie_object = NULL;
	e->ie_bits = TYPE_DEAD | urefs;
	ipc_port_release(port);
	return true;
}

mach_msg_type_name_t
ipc_object_copyin_type(mach_msg_type_name_t disposition)
{
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	default:
		return 0;
	}
}

bool
ipc_right_copyin_check(ipc_space_t space, mach_port_name_t name,
		       mach_msg_type_name_t msgt_name, unsigned nrefs)
{
	struct ipc_entry *e = ipc_entry_lookup(space, name);

	return e && ipc_right_copyin_check_entry(space, name, e, msgt_name, nrefs);
}

bool
ipc_right_copyin_check_entry(ipc_space_t space, mach_port_name_t name, struct ipc_entry *e,
			     mach_msg_type_name_t msgt_name, unsigned nrefs)
{
	ipc_right_check(space, name, e);
	uint32_t bits = e->ie_bits;
	switch (msgt_name) {
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return bits & TYPE_RECEIVE;
	case MACH_MSG_TYPE_COPY_SEND:
		return bits & TYPE_SEND;
	case MACH_MSG_TYPE_MOVE_SEND:
		return (bits & TYPE_SEND) && urefs_of(bits) >= nrefs;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		return (bits & TYPE_SONCE) && nrefs == 1;
	default:
		return false;
	}
}

kern_return_t
ipc_right_copyin(ipc_space_t space, mach_port_name_t name, mach_msg_type_name_t msgt_name,
		 bool dead_ok, struct ipc_object **objectp)
{
	if (!ipc_object_copyin_type(msgt_name))
		return KERN_INVALID_VALUE;
	if (name == MACH_PORT_NULL) {
		*objectp = NULL;
		return KERN_SUCCESS;
	}
	if (name == MACH_PORT_DEAD) {
		if (!dead_ok)
			return KERN_INVALID_NAME;
		*objectp = (struct ipc_object *)IP_DEAD;
		return KERN_SUCCESS;
	}
	struct ipc_entry *e = ipc_entry_lookup(space, name);
	if (!e)
		return KERN_INVALID_NAME;
	return ipc_right_copyin_entry(space, name, e, msgt_name, dead_ok, objectp);
}

void
ipc_right_copyin_send_locked(ipc_space_t space, struct ipc_entry *e, ipc_port_t port,
			     mach_msg_type_name_t msgt_name)
{
	uint32_t bits = e->ie_bits;

	if (msgt_name == MACH_MSG_TYPE_MOVE_SEND && urefs_of(bits) <= 1) {
		if (bits & TYPE_RECEIVE) {
			/* The entry's send right moves; it keeps the receive right. */
			e->ie_bits = bits & ~(TYPE_SEND | IE_BITS_UREFS_MASK);
			ipc_port_reference(port);
		} else {
			ipc_hash_delete(space, e);
			ipc_entry_free(space, e);	/* right and reference move */
		}
		return;
	}
	if (msgt_name == MACH_MSG_TYPE_MOVE_SEND)
		e->ie_bits--;		/* the entry keeps a send right; the message gets another */
	else if (msgt_name == MACH_MSG_TYPE_MAKE_SEND)
		port->ip_mscount++;
	port->ip_srights++;
	ipc_port_reference(port);
}

kern_return_t
ipc_right_copyin_entry(ipc_space_t space, mach_port_name_t name, struct ipc_entry *e,
		       mach_msg_type_name_t msgt_name, bool dead_ok, struct ipc_object **objectp)
{
	if (!ipc_object_copyin_type(msgt_name))
		return KERN_INVALID_VALUE;
	ipc_right_check(space, name, e);
	uint32_t bits = e->ie_bits;
	ipc_port_t port = entry_port(e);

	switch (msgt_name) {
	case MACH_MSG_TYPE_MAKE_SEND:
		if (!(bits & TYPE_RECEIVE))
			return KERN_INVALID_RIGHT;
		ip_lock(port);
		ipc_right_copyin_send_locked(space, e, port, msgt_name);
		ip_unlock(port);
		break;

	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (!(bits & TYPE_RECEIVE))
			return KERN_INVALID_RIGHT;
		ip_lock(port);
		port->ip_sorights++;
		ipc_port_reference(port);
		ip_unlock(port);
		break;

	case MACH_MSG_TYPE_MOVE_RECEIVE:
		if (!(bits & TYPE_RECEIVE))
			return KERN_INVALID_RIGHT;
		ip_lock(port);
		port->ip_receiver = NULL;	/* in transit */
		port->ip_receiver_name = MACH_PORT_NULL;
		ipc_mqueue_changed(port);	/* our receivers: MACH_RCV_PORT_CHANGED */
		ip_unlock(port);
		if (bits & TYPE_SEND) {
			e->ie_bits = bits & ~TYPE_RECEIVE;
			ipc_port_reference(port);	/* the entry keeps its own */
		} else {
			ipc_hash_delete(space, e);
			ipc_entry_free(space, e);	/* its reference moves */
		}
		break;

	case MACH_MSG_TYPE_COPY_SEND:
		if (bits & TYPE_DEAD) {
			if (!dead_ok)
				return KERN_INVALID_CAPABILITY;
			*objectp = (struct ipc_object *)IP_DEAD;
			return KERN_SUCCESS;
		}
		if (!(bits & TYPE_SEND))
			return KERN_INVALID_RIGHT;
		ip_lock(port);
		ipc_right_copyin_send_locked(space, e, port, msgt_name);
		ip_unlock(port);
		break;

	case MACH_MSG_TYPE_MOVE_SEND:
		if (bits & TYPE_DEAD) {
			if (!dead_ok)
				return KERN_INVALID_CAPABILITY;
			if (urefs_of(bits) == 1)
				ipc_entry_free(space, e);
			else
				e->ie_bits--;
			*objectp = (struct ipc_object *)IP_DEAD;
			return KERN_SUCCESS;
		}
		if (!(bits & TYPE_SEND))
			return KERN_INVALID_RIGHT;
		if (urefs_of(bits) <= 1 && !(bits & TYPE_RECEIVE))
			entry_lost_port(space, name, e, port);	/* its last right goes */
		ip_lock(port);
		ipc_right_copyin_send_locked(space, e, port, msgt_name);
		ip_unlock(port);
		break;

	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		if (bits & TYPE_DEAD) {
			if (!dead_ok)
				return KERN_INVALID_CAPABILITY;
			if (urefs_of(bits) == 1)
				ipc_entry_free(space, e);
			else
				e->ie_bits--;
			*objectp = (struct ipc_object *)IP_DEAD;
			return KERN_SUCCESS;
		}
		if (!(bits & TYPE_SONCE))
			return KERN_INVALID_RIGHT;
		entry_lost_port(space, name, e, port);
		ipc_entry_free(space, e);		/* right and reference move */
		break;
	}
	*objectp = &port->ip_object;
	return KERN_SUCCESS;
}

kern_return_t
ipc_right_copyout(ipc_space_t space, struct ipc_object *object,
		  mach_msg_type_name_t msgt_name, mach_port_name_t *namep)
{
	ipc_port_t port = (ipc_port_t)object;
	struct ipc_entry *e;
	mach_port_name_t name;
	kern_return_t kr;

	switch (msgt_name) {
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		kr = ipc_entry_alloc(space, &name, &e);
		if (kr != KERN_SUCCESS)
			return kr;
		e->ie_object = object;
		e->ie_bits = TYPE_SONCE | 1;
		*namep = name;
		return KERN_SUCCESS;

	case MACH_MSG_TYPE_PORT_SEND:
		ip_lock(port);
		if (!ip_active(port)) {
			/* A send right to a dead port arrives as MACH_PORT_DEAD. */
			port->ip_srights--;
			ip_unlock(port);
			ipc_port_release(port);
			*namep = MACH_PORT_DEAD;
			return KERN_SUCCESS;
		}
		ip_unlock(port);
		e = ipc_hash_lookup(space, object);
		if (e) {
			if (e->ie_bits & TYPE_SEND) {
				if (urefs_of(e->ie_bits) < MACH_PORT_UREFS_MAX)
					e->ie_bits++;
				release_entry_send(port);	/* merged into the entry's right */
			} else {
				e->ie_bits |= TYPE_SEND | 1;	/* the message's right becomes the entry's */
			}
			ipc_port_release(port);		/* the entry has its own reference */
			*namep = ipc_entry_name(space, e);
			return KERN_SUCCESS;
		}
		kr = ipc_entry_alloc(space, &name, &e);
		if (kr != KERN_SUCCESS)
			return kr;
		e->ie_object = object;
		e->ie_bits = TYPE_SEND | 1;
		ipc_hash_insert(space, e);
		*namep = name;
		return KERN_SUCCESS;

	case MACH_MSG_TYPE_PORT_RECEIVE:
		e = ipc_hash_lookup(space, object);
		if (e) {
			e->ie_bits |= TYPE_RECEIVE;
			ipc_port_release(port);
			name = ipc_entry_name(space, e);
		} else {
			kr = ipc_entry_alloc(space, &name, &e);
			if (kr != KERN_SUCCESS)
				return kr;
			e->ie_object = object;
			e->ie_bits = TYPE_RECEIVE;
			ipc_hash_insert(space, e);
		}
		ip_lock(port);
		port->ip_receiver = space;
		port->ip_receiver_name = name;
		ip_unlock(port);
		*namep = name;
		return KERN_SUCCESS;

	default:
		return KERN_INVALID_VALUE;
	}
}

void
ipc_object_destroy(struct ipc_object *object, mach_msg_type_name_t msgt_name)
{
	ipc_port_t port = (ipc_port_t)object;

	if (!IP_VALID(port))
		return;
	switch (msgt_name) {
	case MACH_MSG_TYPE_PORT_SEND:
		ipc_port_release_send(port);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		ipc_notify_send_once(port);	/* an unused send-once right says so */
		break;
	case MACH_MSG_TYPE_PORT_RECEIVE:
		ip_lock(port);
		ipc_port_destroy(port);
		break;
	default:
		panic("ipc_object_destroy: type %u", msgt_name);
	}
}

/* Destroy the receive right of entry `e' (which may keep its send right). */
static void
destroy_receive(ipc_space_t space, struct ipc_entry *e)
{
	ipc_port_t port = entry_port(e);
	uint32_t bits = e->ie_bits;

	if (bits & TYPE_SEND) {
		/* The send right stays, and is now a dead name. */
		ipc_port_reference(port);
		e->ie_bits = bits & ~TYPE_RECEIVE;
	} else {
		ipc_hash_delete(space, e);
		ipc_entry_free(space, e);
	}
	ip_lock(port);
	ipc_port_destroy(port);		/* consumes the receive right's reference */
}

kern_return_t
ipc_right_dealloc(ipc_space_t space, mach_port_name_t name, struct ipc_entry *e)
{
	ipc_right_check(space, name, e);
	uint32_t bits = e->ie_bits;
	ipc_port_t port = entry_port(e);

	if (bits & TYPE_DEAD) {
		if (urefs_of(bits) <= 1)
			ipc_entry_free(space, e);
		else
			e->ie_bits--;
		return KERN_SUCCESS;
	}
	if (bits & TYPE_SONCE) {
		entry_lost_port(space, name, e, port);
		ipc_entry_free(space, e);
		ipc_notify_send_once(port);
		return KERN_SUCCESS;
	}
	if (!(bits & TYPE_SEND))
		return KERN_INVALID_RIGHT;
	if (urefs_of(bits) > 1) {
		e->ie_bits--;
		return KERN_SUCCESS;
	}
	if (bits & TYPE_RECEIVE) {
		e->ie_bits = bits & ~(TYPE_SEND | IE_BITS_UREFS_MASK);
		release_entry_send(port);
		return KERN_SUCCESS;
	}
	entry_lost_port(space, name, e, port);
	ipc_hash_delete(space, e);
	ipc_entry_free(space, e);
	release_entry_send(port);
	ipc_port_release(port);
	return KERN_SUCCESS;
}

kern_return_t
ipc_right_destroy(ipc_space_t space, mach_port_name_t name, struct ipc_entry *e)
{
	ipc_right_check(space, name, e);
	uint32_t bits = e->ie_bits;

	if (bits & TYPE_PSET) {
		ipc_pset_t pset = (ipc_pset_t)e->ie_object;
		ipc_entry_free(space, e);
		ipc_pset_destroy(pset);
		return KERN_SUCCESS;
	}
	if (bits & TYPE_RECEIVE) {
		ipc_port_t port = entry_port(e);
		if (bits & TYPE_SEND) {
			e->ie_bits = bits & ~(TYPE_SEND | IE_BITS_UREFS_MASK);
			release_entry_send(port);
		}
		destroy_receive(space, e);
		return KERN_SUCCESS;
	}
	if (bits & TYPE_SEND) {
		/* All user references at once. */
		e->ie_bits = (bits & ~IE_BITS_UREFS_MASK) | 1;
		return ipc_right_dealloc(space, name, e);
	}
	if (bits & TYPE_DEAD) {
		ipc_entry_free(space, e);
		return KERN_SUCCESS;
	}
	return ipc_right_dealloc(space, name, e);	/* send-once */
}

kern_return_t
ipc_right_delta(ipc_space_t space, mach_port_name_t name, struct ipc_entry *e,
		mach_port_right_t right, mach_port_delta_t delta)
{
	ipc_right_check(space, name, e);
	uint32_t bits = e->ie_bits;
	int64_t urefs;

	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE:
		if (!(bits & TYPE_RECEIVE))
			return KERN_INVALID_RIGHT;
		if (delta < -1 || delta > 0)
			return KERN_INVALID_VALUE;
		if (delta == -1)
			destroy_receive(space, e);
		return KERN_SUCCESS;

	case MACH_PORT_RIGHT_PORT_SET:
		if (!(bits & TYPE_PSET))
			return KERN_INVALID_RIGHT;
		if (delta < -1 || delta > 0)
			return KERN_INVALID_VALUE;
		if (delta == -1)
			return ipc_right_destroy(space, name, e);
		return KERN_SUCCESS;

	case MACH_PORT_RIGHT_SEND_ONCE:
		if (!(bits & TYPE_SONCE))
			return KERN_INVALID_RIGHT;
		if (delta < -1 || delta > 0)
			return KERN_INVALID_VALUE;
		if (delta == -1)
			return ipc_right_dealloc(space, name, e);
		return KERN_SUCCESS;

	case MACH_PORT_RIGHT_SEND:
	case MACH_PORT_RIGHT_DEAD_NAME:
		if (!(bits & (right == MACH_PORT_RIGHT_SEND ? TYPE_SEND : TYPE_DEAD)))
			return KERN_INVALID_RIGHT;
		urefs = (int64_t)urefs_of(bits) + delta;
		if (urefs < 0)
			return KERN_INVALID_VALUE;
		if (urefs > MACH_PORT_UREFS_MAX)
			return KERN_UREFS_OVERFLOW;
		if (urefs == 0) {
			e->ie_bits = (bits & ~IE_BITS_UREFS_MASK) | 1;
			return ipc_right_dealloc(space, name, e);
		}
		e->ie_bits = (bits & ~IE_BITS_UREFS_MASK) | (uint32_t)urefs;
		return KERN_SUCCESS;

	default:
		return KERN_INVALID_VALUE;
	}
}

void
ipc_right_terminate(ipc_space_t space, mach_port_name_t name, struct ipc_entry *e)
{
	uint32_t bits = e->ie_bits;
	ipc_port_t port = entry_port(e);

	if (bits & TYPE_PSET) {
		ipc_pset_destroy((ipc_pset_t)e->ie_object);
		return;
	}
	if (bits & (TYPE_SEND | TYPE_SONCE))
		entry_lost_port(space, name, e, port);
	if (bits & TYPE_SEND) {
		release_entry_send(port);
		if (!(bits & TYPE_RECEIVE))
			ipc_port_release(port);
	}
	if (bits & TYPE_SONCE)
		ipc_notify_send_once(port);
	if (bits & TYPE_RECEIVE) {
		ip_lock(port);
		ipc_port_destroy(port);
	}
}

kern_return_t
ipc_right_dnrequest(ipc_space_t space, mach_port_name_t name, ipc_port_t notify,
		    ipc_port_t *previousp)
{
	struct ipc_entry *e = ipc_entry_lookup(space, name);

	*previousp = IP_NULL;
	if (!e)
		return KERN_INVALID_NAME;
again:
	ipc_right_check(space, name, e);
	uint32_t bits = e->ie_bits;
	if (bits & TYPE_DEAD) {
		/* Already dead: the notification comes now, with its reference. */
		if (IP_VALID(notify)) {
			if (urefs_of(bits) < MACH_PORT_UREFS_MAX)
				e->ie_bits++;
			ipc_notify_dead_name(notify, name);
		}
		return KERN_SUCCESS;
	}
	if (!(bits & (TYPE_SEND | TYPE_SONCE | TYPE_RECEIVE)))
		return KERN_INVALID_RIGHT;

	ipc_port_t port = entry_port(e);
	struct ipc_dnrequest *fresh = IP_VALID(notify) ? ipc_dnrequest_alloc() : NULL;
	if (IP_VALID(notify) && !fresh)
		return KERN_RESOURCE_SHORTAGE;
	ip_lock(port);
	if (!ip_active(port)) {
		/*
		 * It died after ipc_right_check looked (on another hart): its
		 * requests are gone already.  Look again: now a dead name.
		 */
		ip_unlock(port);
		if (fresh)
			ipc_dnrequest_free(fresh);
		goto again;
	}
	struct ipc_dnrequest **link;
	for (link = &port->ip_dnrequests; *link; link = &(*link)->next)
		if ((*link)->space == space && (*link)->name == name)
			break;
	if (*link) {
		struct ipc_dnrequest *dn = *link;
		*previousp = dn->notify;
		if (IP_VALID(notify)) {
			dn->notify = notify;
		} else {
			*link = dn->next;
			ipc_dnrequest_free(dn);
		}
	} else if (IP_VALID(notify)) {
		fresh->space = space;
		fresh->name = name;
		fresh->notify = notify;
		fresh->next = port->ip_dnrequests;
		port->ip_dnrequests = fresh;
		fresh = NULL;
	}
	ip_unlock(port);
	if (fresh)
		ipc_dnrequest_free(fresh);
	if (IP_VALID(notify))
		e->ie_bits |= IE_BITS_DNREQUEST;
	else
		e->ie_bits &= ~IE_BITS_DNREQUEST;
	return KERN_SUCCESS;
}
