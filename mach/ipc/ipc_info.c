/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading an IPC space from outside: mach_port_space_info and
 * mach_port_kernel_object (XNU's, mach_port.defs 3223, 3225) and MachRV's
 * mach_port_space_rights (port_info.defs 4700), for lsmp, portgraph and
 * students; and port labels (mach_port_set_label, 4702), which they show.  Nothing here changes a space, except that a send right whose
 * port died is shown (and becomes) a dead name, as every other look does.
 *
 * Who may read: a task its own space; any space, a task whose space holds
 * a send right to the host-priv port (ipc_info_access).  A plain task port
 * lets its holder change the task's rights (mach_port_*), but not list
 * them all: that is a privilege of the host's owner here, as the issue
 * asked; XNU allows any holder of a task (read) port instead.
 */
#include <mach_debug/ipc_info.h>
#include "ipc/ipc_info.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "kern/host.h"
#include "lib/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach_portServer.h"
#include "port_infoServer.h"

/*
 * An object's identity: its address scrambled into 32 bits.  Kernel
 * objects are 8-byte aligned within a few GiB of memory, so address / 8
 * fits 32 bits and two live objects never share it; the xor with a
 * constant keeps the raw address out of user space (a teaching system
 * needs no more).  Equal in every space, as iin_object must be.
 */
#define IPC_INFO_SCRAMBLE	0x5a17c0deU

_Static_assert(IPC_PORT_LABEL_MAX == MACH_PORT_LABEL_MAX, "the kernel's label is the one shown");
_Static_assert(sizeof(((ipc_info_right_t *)0)->iir_label) == IPC_PORT_LABEL_MAX, "labels copy whole");

natural_t
ipc_info_object_id(const void *object)
{
	if (!object)
		return 0;
	return (natural_t)((uintptr_t)object >> 3) ^ IPC_INFO_SCRAMBLE;
}

/* XNU's IKOT number for our ip_kotype (mach_debug/ipc_info.h). */
static natural_t
ipc_info_kotype(unsigned kotype)
{
	switch (kotype) {
	case IKOT_TASK:		return IPC_INFO_KOTYPE_TASK;
	case IKOT_THREAD:	return IPC_INFO_KOTYPE_THREAD;
	case IKOT_HOST:		return IPC_INFO_KOTYPE_HOST;
	case IKOT_HOST_PRIV:	return IPC_INFO_KOTYPE_HOST_PRIV;
	case IKOT_PAGER:	return IPC_INFO_KOTYPE_MEM_OBJ_CONTROL;
	case IKOT_DEVICE_MASTER: return IPC_INFO_KOTYPE_MASTER_DEVICE;
	case IKOT_SEMAPHORE:	return IPC_INFO_KOTYPE_SEMAPHORE;
	case IKOT_TEST:		return IPC_INFO_KOTYPE_TEST;
	default:		return IPC_INFO_KOTYPE_NONE;
	}
}

/* A kernel object's identity: a task's or thread's id, else scrambled. */
static natural_t
ipc_info_kobject_id(unsigned kotype, void *kobject)
{
	if (!kobject)
		return 0;
	if (kotype == IKOT_TASK)
		return (natural_t)((task_t)kobject)->id;
	if (kotype == IKOT_THREAD)
		return (natural_t)((thread_t)kobject)->id;
	return ipc_info_object_id(kobject);
}

/*
 * ipc_info_access: may the current task read `space' as a whole?
 *   Locks:   none held on entry (it locks the caller's own space).
 *   Returns: KERN_SUCCESS (its own space, a kernel thread, or the caller
 *            holds a send right to the host-priv port); KERN_NO_ACCESS.
 */
kern_return_t
ipc_info_access(ipc_space_t space)
{
	task_t self = current_task();

	if (!self || self->itk_space == space)
		return KERN_SUCCESS;
	ipc_space_t mine = self->itk_space;
	ipc_port_t priv = host_priv_port();
	bool holds = false;
	if (mine && priv) {
		is_lock(mine);
		if (mine->is_active) {
			struct ipc_entry *e = ipc_hash_lookup(mine, &priv->ip_object);
			holds = e && (e->ie_bits & MACH_PORT_TYPE_SEND);
		}
		is_unlock(mine);
	}
	return holds ? KERN_SUCCESS : KERN_NO_ACCESS;
}

/*
 * ipc_info_fill: the record of one entry.
 *   Locks:   space locked and active; locks the entry's port for a moment.
 */
static void
ipc_info_fill(ipc_space_t space, struct ipc_entry *e, mach_port_name_t name,
	      ipc_info_right_t *r)
{
	memset(r, 0, sizeof(*r));
	r->iir_name = name;
	r->iir_type = e->ie_bits & (IE_BITS_TYPE_MASK | IE_BITS_DNREQUEST);
	r->iir_urefs = IE_BITS_UREFS(e->ie_bits);
	struct ipc_object *obj = e->ie_object;
	if (!obj) {				/* a dead name */
		r->iir_flags = IIR_DEAD;
		return;
	}
	r->iir_object = ipc_info_object_id(obj);
	if (obj->io_otype != IOT_PORT)		/* a port set: its identity is all */
		return;
	ipc_port_t port = (ipc_port_t)obj;
	ip_lock(port);
	if (!ip_active(port))
		r->iir_flags |= IIR_DEAD;
	else if (port->ip_receiver == ipc_space_kernel)
		r->iir_flags |= IIR_RECEIVER_KERNEL;
	else if (!port->ip_receiver)
		r->iir_flags |= IIR_IN_TRANSIT;
	else {
		/* The receiver's space lives while it holds the receive right,
		   which it cannot give up without this port's lock. */
		struct task *rt = port->ip_receiver->is_task;
		r->iir_receiver = rt ? (natural_t)rt->id : 0;
		r->iir_receiver_name = port->ip_receiver_name;
	}
	r->iir_kotype = ipc_info_kotype(port->ip_kotype);
	r->iir_kobject = ipc_info_kobject_id(port->ip_kotype, port->ip_kobject);
	if (port->ip_nsrequest)
		r->iir_flags |= IIR_NSREQUEST;
	if (port->ip_pdrequest)
		r->iir_flags |= IIR_PDREQUEST;
	if (port->ip_pset)
		r->iir_flags |= IIR_IN_PSET;
	r->iir_msgcount = port->ip_msgcount;
	r->iir_qlimit = port->ip_qlimit;
	r->iir_seqno = port->ip_seqno;
	r->iir_mscount = port->ip_mscount;
	r->iir_srights = port->ip_srights;
	r->iir_sorights = port->ip_sorights;
	for (struct ipc_dnrequest *dn = port->ip_dnrequests; dn; dn = dn->next)
		r->iir_dnrequests++;
	if (port->ip_label)
		memcpy(r->iir_label, port->ip_label, sizeof(r->iir_label));
	ip_unlock(port);
}

/*
 * ipc_info_snapshot: a record for every name in use in `space', in an
 * out-of-line buffer (ipc_ool_alloc) for the reply.
 *   Locks:   none on entry; takes the space, then each port in turn.
 *   Returns: KERN_SUCCESS (*rightsp NULL and *countp 0 for an empty
 *            space), KERN_INVALID_TASK (dead space), KERN_RESOURCE_SHORTAGE.
 */
static kern_return_t
ipc_info_snapshot(ipc_space_t space, ipc_info_right_t **rightsp, uint32_t *countp)
{
	/* Count, allocate unlocked, fill; again if the space changed meanwhile. */
	for (;;) {
		is_lock(space);
		if (!space->is_active) {
			is_unlock(space);
			return KERN_INVALID_TASK;
		}
		uint32_t n = space->is_entries_used;
		is_unlock(space);
		uint64_t size = (uint64_t)(n ? n : 1) * sizeof(ipc_info_right_t);
		ipc_info_right_t *buf = ipc_ool_alloc(size);
		if (!buf)
			return KERN_RESOURCE_SHORTAGE;
		is_lock(space);
		if (!space->is_active || space->is_entries_used != n) {
			is_unlock(space);
			ipc_ool_free(buf, size);
			continue;
		}
		uint32_t k = 0;
		for (uint32_t i = 1; i < space->is_table_size && k < n; i++) {
			struct ipc_entry *e = &space->is_table[i];
			if (!IE_BITS_TYPE(e->ie_bits))
				continue;
			mach_port_name_t name = ipc_entry_name(space, e);
			ipc_right_check(space, name, e);
			ipc_info_fill(space, e, name, &buf[k++]);
		}
		is_unlock(space);
		if (!k) {
			ipc_ool_free(buf, size);
			buf = NULL;
		}
		*rightsp = buf;
		*countp = k;
		return KERN_SUCCESS;
	}
}

/*
 * mach_port_space_rights (port_info.defs 4700): every name of `space'
 * with everything about its right (ipc_info_right_t).
 *   Refs:    the stub holds a reference to the space for the call.
 *   Returns: KERN_SUCCESS; KERN_INVALID_TASK (not a live task's port);
 *            KERN_NO_ACCESS (another task's space, and the caller does not
 *            hold host-priv); KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_space_rights(ipc_space_t space, ipc_info_right_array_t *rights,
		       mach_msg_type_number_t *rightsCnt)
{
	if (!space)
		return KERN_INVALID_TASK;
	kern_return_t kr = ipc_info_access(space);
	if (kr != KERN_SUCCESS)
		return kr;
	uint32_t n;
	kr = ipc_info_snapshot(space, rights, &n);
	if (kr == KERN_SUCCESS)
		*rightsCnt = n;
	return kr;
}

/*
 * mach_port_space_info (mach_port.defs 3223): XNU's view of the same
 * snapshot: the space's sizes and, per name, its rights, user references
 * and object identity.  The tree is always empty.
 *   Returns: as mach_port_space_rights.
 */
kern_return_t
mach_port_space_info(ipc_space_t space, ipc_info_space_t *space_info,
		     ipc_info_name_array_t *table_info, mach_msg_type_number_t *table_infoCnt,
		     ipc_info_tree_name_array_t *tree_info, mach_msg_type_number_t *tree_infoCnt)
{
	if (!space)
		return KERN_INVALID_TASK;
	kern_return_t kr = ipc_info_access(space);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_info_right_t *rights;
	uint32_t n;
	kr = ipc_info_snapshot(space, &rights, &n);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_info_name_t *names = NULL;
	if (n) {
		names = ipc_ool_alloc((uint64_t)n * sizeof(*names));
		if (!names) {
			ipc_ool_free(rights, (uint64_t)n * sizeof(*rights));
			return KERN_RESOURCE_SHORTAGE;
		}
		for (uint32_t i = 0; i < n; i++)
			names[i] = (ipc_info_name_t){
				.iin_name = rights[i].iir_name,
				.iin_type = rights[i].iir_type,
				.iin_urefs = rights[i].iir_urefs,
				.iin_object = rights[i].iir_object,
			};
		ipc_ool_free(rights, (uint64_t)n * sizeof(*rights));
	}
	is_lock(space);
	uint32_t size = space->is_table_size;
	is_unlock(space);
	uint32_t next = size * 2 < IPC_SPACE_MAX_ENTRIES ? size * 2 : IPC_SPACE_MAX_ENTRIES;
	*space_info = (ipc_info_space_t){
		.iis_genno_mask = 0xff,		/* the generation is a name's low byte */
		.iis_table_size = size,
		.iis_table_next = next,
	};
	*table_info = names;
	*table_infoCnt = n;
	*tree_info = NULL;
	*tree_infoCnt = 0;
	return KERN_SUCCESS;
}

/*
 * mach_port_kernel_object (mach_port.defs 3225): what the port that `name'
 * denotes (send or receive) stands for in the kernel.
 *   Returns: KERN_SUCCESS (*object_type IPC_INFO_KOTYPE_NONE and
 *            *object_addr 0 for a port no kernel object is behind);
 *            KERN_INVALID_NAME; KERN_INVALID_RIGHT (not a send or receive
 *            right: a send-once right, a set, a dead name); KERN_INVALID_TASK;
 *            KERN_NO_ACCESS (as mach_port_space_rights).
 */
kern_return_t
mach_port_kernel_object(ipc_space_t space, mach_port_name_t name, unsigned *object_type,
			unsigned *object_addr)
{
	if (!space)
		return KERN_INVALID_TASK;
	kern_return_t kr = ipc_info_access(space);
	if (kr != KERN_SUCCESS)
		return kr;
	is_lock(space);
	if (!space->is_active) {
		is_unlock(space);
		return KERN_INVALID_TASK;
	}
	struct ipc_entry *e = ipc_entry_lookup(space, name);
	if (!e) {
		is_unlock(space);
		return KERN_INVALID_NAME;
	}
	ipc_right_check(space, name, e);
	if (!(e->ie_bits & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)) || !e->ie_object) {
		is_unlock(space);
		return KERN_INVALID_RIGHT;
	}
	ipc_port_t port = (ipc_port_t)e->ie_object;
	ip_lock(port);
	*object_type = ipc_info_kotype(port->ip_kotype);
	*object_addr = ipc_info_kobject_id(port->ip_kotype, port->ip_kobject);
	ip_unlock(port);
	is_unlock(space);
	return KERN_SUCCESS;
}

/*
 * mach_port_set_label (port_info.defs 4702): label the port whose receive
 * right `name' denotes in `space' (any holder of the task's port may, as
 * for the other mach_port_* calls on a space).
 *   Locks:   takes the space, then (ipc_port_set_label) the port.
 *   Refs:    holds a port reference across the set, none kept.
 *   Returns: KERN_SUCCESS; KERN_INVALID_TASK (no live space);
 *            KERN_INVALID_NAME; KERN_INVALID_RIGHT (no receive right under
 *            `name'); KERN_INVALID_ARGUMENT (longer than 47 characters);
 *            KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_set_label(ipc_space_t space, mach_port_name_t name, const_mach_port_label_t label)
{
	if (!space)
		return KERN_INVALID_TASK;
	/* (1) Check: the length first, so nothing is looked up in vain. */
	if (strnlen(label, MACH_PORT_LABEL_MAX) >= MACH_PORT_LABEL_MAX)
		return KERN_INVALID_ARGUMENT;
	is_lock(space);
	if (!space->is_active) {
		is_unlock(space);
		return KERN_INVALID_TASK;
	}
	struct ipc_entry *e = ipc_entry_lookup(space, name);
	if (!e) {
		is_unlock(space);
		return KERN_INVALID_NAME;
	}
	if (!(e->ie_bits & MACH_PORT_TYPE_RECEIVE)) {
		is_unlock(space);
		return KERN_INVALID_RIGHT;	/* "set_label: 0x%x holds no receive right" */
	}
	ipc_port_t port = (ipc_port_t)e->ie_object;
	ipc_port_reference(port);
	is_unlock(space);
	/* (2) Set it outside the space lock (it may allocate). */
	kern_return_t kr = ipc_port_set_label(port, label);
	ipc_port_release(port);
	return kr;
}
