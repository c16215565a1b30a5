/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The mach_port routines that answer with arrays or attributes, or take
 * them: names, set status, attributes, members, contexts.  The others are
 * in mach_port.c.
 */
#include "ipc/mach_port.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "lib/string.h"
#include "mach_portServer.h"

/*
 * mach_port_names: every name in use in `space' and its type bits (dead
 * ports' send rights become dead names as they are listed).  The arrays
 * are sized from a count taken under the space's lock, allocated with it
 * dropped, and made again if the space changed meanwhile.
 *   Locks:   takes the space's lock (twice per attempt).
 *   Returns: KERN_SUCCESS, KERN_INVALID_TASK, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_names(ipc_space_t space, mach_port_name_array_t *names,
		mach_msg_type_number_t *namesCnt, mach_port_type_array_t *types,
		mach_msg_type_number_t *typesCnt)
{
	if (!space)
		return KERN_INVALID_TASK;
	/* Count, allocate (unlocked), then fill; retry if the space grew meanwhile. */
	for (;;) {
		is_lock(space);
		if (!space->is_active) {
			is_unlock(space);
			return KERN_INVALID_TASK;
		}
		uint32_t n = space->is_entries_used;
		is_unlock(space);
		uint64_t size = (uint64_t)(n ? n : 1) * sizeof(mach_port_name_t);
		mach_port_name_t *nbuf = ipc_ool_alloc(size);
		mach_port_type_t *tbuf = ipc_ool_alloc(size);
		if (!nbuf || !tbuf) {
			ipc_ool_free(nbuf, size);
			ipc_ool_free(tbuf, size);
			return KERN_RESOURCE_SHORTAGE;
		}
		is_lock(space);
		if (space->is_entries_used != n || !space->is_active) {
			is_unlock(space);
			ipc_ool_free(nbuf, size);
			ipc_ool_free(tbuf, size);
			continue;
		}
		uint32_t k = 0;
		for (uint32_t i = 1; i < space->is_table_size && k < n; i++) {
			struct ipc_entry *e = &space->is_table[i];
			if (!IE_BITS_TYPE(e->ie_bits))
				continue;
			mach_port_name_t name = ipc_entry_name(space, e);
			ipc_right_check(space, name, e);
			nbuf[k] = name;
			tbuf[k] = e->ie_bits & (IE_BITS_TYPE_MASK | IE_BITS_DNREQUEST);
			k++;
		}
		is_unlock(space);
		if (k == 0) {
			ipc_ool_free(nbuf, size);
			ipc_ool_free(tbuf, size);
			nbuf = NULL;
			tbuf = NULL;
		}
		*names = nbuf;
		*types = tbuf;
		*namesCnt = *typesCnt = k;
		return KERN_SUCCESS;
	}
}

/*
 * mach_port_get_set_status: the names in `space' of the members of port
 * set `name' (members received elsewhere are left out).
 *   Locks:   takes the space's lock, then the set's.
 *   Returns: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT (not a
 *            set), KERN_INVALID_TASK, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_get_set_status(ipc_space_t space, mach_port_name_t name,
			 mach_port_name_array_t *members, mach_msg_type_number_t *membersCnt)
{
	if (!space)
		return KERN_INVALID_TASK;
	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, name) : NULL;
	if (!e) {
		is_unlock(space);
		return space->is_active ? KERN_INVALID_NAME : KERN_INVALID_TASK;
	}
	if (!(e->ie_bits & MACH_PORT_TYPE_PORT_SET)) {
		is_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	ipc_pset_t pset = (ipc_pset_t)e->ie_object;
	/* Members named in this space: at most as many as it has entries. */
	uint32_t max = space->is_entries_used;
	uint64_t size = (uint64_t)(max ? max : 1) * sizeof(mach_port_name_t);
	mach_port_name_t *buf = ipc_ool_alloc(size);
	if (!buf) {
		is_unlock(space);
		return KERN_RESOURCE_SHORTAGE;
	}
	uint32_t k = 0;
	queue_chain_t *q;
	ips_lock(pset);
	queue_iterate(&pset->ips_members, q) {
		ipc_port_t port = queue_entry_owner(q, struct ipc_port, ip_pset_link);
		if (k < max && port->ip_receiver == space)
			buf[k++] = port->ip_receiver_name;
	}
	ips_unlock(pset);
	is_unlock(space);
	if (k == 0) {
		ipc_ool_free(buf, size);
		buf = NULL;
	}
	*members = buf;
	*membersCnt = k;
	return KERN_SUCCESS;
}

/*
 * mach_port_get_attributes: MACH_PORT_LIMITS_INFO (the queue limit) or
 * MACH_PORT_RECEIVE_STATUS of receive right `name'.
 *   Returns: KERN_SUCCESS; KERN_FAILURE (`*count' too small);
 *            KERN_INVALID_ARGUMENT (another flavor); what
 *            mach_port_get_receive_status returns.
 */
kern_return_t
mach_port_get_attributes(ipc_space_t space, mach_port_name_t name, mach_port_flavor_t flavor,
			 mach_port_info_t info, mach_msg_type_number_t *count)
{
	mach_port_status_t st;

	if (!space)
		return KERN_INVALID_TASK;
	switch (flavor) {
	case MACH_PORT_LIMITS_INFO: {
		if (*count < MACH_PORT_LIMITS_INFO_COUNT)
			return KERN_FAILURE;
		kern_return_t kr = mach_port_get_receive_status(space, name, &st);
		if (kr != KERN_SUCCESS)
			return kr;
		((mach_port_limits_t *)info)->mpl_qlimit = st.mps_qlimit;
		*count = MACH_PORT_LIMITS_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case MACH_PORT_RECEIVE_STATUS: {
		if (*count < MACH_PORT_RECEIVE_STATUS_COUNT)
			return KERN_FAILURE;
		kern_return_t kr = mach_port_get_receive_status(space, name, &st);
		if (kr != KERN_SUCCESS)
			return kr;
		memcpy(info, &st, sizeof(st));
		*count = MACH_PORT_RECEIVE_STATUS_COUNT;
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/*
 * mach_port_set_attributes: MACH_PORT_LIMITS_INFO only (mach_port_set_qlimit).
 *   Returns: as mach_port_set_qlimit; KERN_INVALID_ARGUMENT (another
 *            flavor); KERN_FAILURE (count too small).
 */
kern_return_t
mach_port_set_attributes(ipc_space_t space, mach_port_name_t name, mach_port_flavor_t flavor,
			 mach_port_info_t info, mach_msg_type_number_t count)
{
	if (!space)
		return KERN_INVALID_TASK;
	if (flavor != MACH_PORT_LIMITS_INFO)
		return KERN_INVALID_ARGUMENT;
	if (count < MACH_PORT_LIMITS_INFO_COUNT)
		return KERN_FAILURE;
	return mach_port_set_qlimit(space, name, ((mach_port_limits_t *)info)->mpl_qlimit);
}

/*
 * mach_port_insert_member: put receive right `name' in port set `pset';
 * a port already in a set stays there (a port is in at most one set).
 * The check and the move take the space's lock separately, so a port
 * moved into a set in between is moved again.
 *   Returns: KERN_SUCCESS; KERN_ALREADY_IN_SET; KERN_INVALID_RIGHT (an
 *            invalid set name); what mach_port_move_member returns.
 */
kern_return_t
mach_port_insert_member(ipc_space_t space, mach_port_name_t name, mach_port_name_t pset)
{
	if (!space)
		return KERN_INVALID_TASK;
	if (!MACH_PORT_VALID(pset))
		return KERN_INVALID_RIGHT;
	/*
	 * Insert, not move: a port already in a set (this one or another: a
	 * port is in at most one set here) says so and stays where it is.
	 */
	is_lock(space);
	struct ipc_entry *e = ipc_entry_lookup(space, name);
	bool in_a_set = e && (e->ie_bits & MACH_PORT_TYPE_RECEIVE) &&
			__atomic_load_n(&((ipc_port_t)e->ie_object)->ip_pset, __ATOMIC_RELAXED);
	is_unlock(space);
	if (in_a_set)
		return KERN_ALREADY_IN_SET;
	return mach_port_move_member(space, name, pset);
}

/*
 * mach_port_extract_member: take receive right `name' out of port set
 * `pset'.  As with insert, the check and the move are two holds of the
 * space's lock: a port moved to another set in between leaves that one.
 *   Returns: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT,
 *            KERN_NOT_IN_SET, KERN_INVALID_TASK.
 */
kern_return_t
mach_port_extract_member(ipc_space_t space, mach_port_name_t name, mach_port_name_t pset)
{
	if (!space)
		return KERN_INVALID_TASK;
	is_lock(space);
	struct ipc_entry *pe = ipc_entry_lookup(space, pset);
	struct ipc_entry *e = ipc_entry_lookup(space, name);
	kern_return_t kr = KERN_SUCCESS;
	if (!pe || !e)
		kr = KERN_INVALID_NAME;
	else if (!(pe->ie_bits & MACH_PORT_TYPE_PORT_SET) || !(e->ie_bits & MACH_PORT_TYPE_RECEIVE))
		kr = KERN_INVALID_RIGHT;
	else if (((ipc_port_t)e->ie_object)->ip_pset != (ipc_pset_t)pe->ie_object)
		kr = KERN_NOT_IN_SET;
	is_unlock(space);
	return kr == KERN_SUCCESS ? mach_port_move_member(space, name, MACH_PORT_NULL) : kr;
}

/*
 * mach_port_get_context: the context word of receive right `name'.
 *   Returns: as mach_port_get_receive_status (which checks the name).
 */
kern_return_t
mach_port_get_context(ipc_space_t space, mach_port_name_t name, mach_port_context_t *context)
{
	mach_port_status_t st;

	if (!space)
		return KERN_INVALID_TASK;
	kern_return_t kr = mach_port_get_receive_status(space, name, &st);
	if (kr == KERN_SUCCESS)
		*context = (mach_port_context_t)mach_port_context_of(space, name);
	return kr;
}

/*
 * mach_port_set_context: set it (mach_port_set_context_of).
 *   Returns: as mach_port_set_context_of.
 */
kern_return_t
mach_port_set_context(ipc_space_t space, mach_port_name_t name, mach_port_context_t context)
{
	if (!space)
		return KERN_INVALID_TASK;
	return mach_port_set_context_of(space, name, (uint64_t)context);
}
