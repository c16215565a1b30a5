/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel-RPC traps (see kern/kernelrpc.h). */
#include "kern/kernelrpc.h"
#include "kern/copyio.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "ipc/ipc_right.h"
#include "ipc/mach_port.h"
#include "vm/vm_map.h"
#include "port_infoServer.h"
#include "mach_portServer.h"
#include "vm_mapServer.h"

/*
 * target_task: the task whose port the caller's send right `name' denotes,
 * as the message to `name' would reach the kernel's server.
 *   Locks:   takes and drops the caller's space and the port.
 *   Refs:    produces one task reference, except for the caller's own
 *            task (*ownp true), which its running thread keeps.
 *   Returns: the task; NULL when `name' is no send right to a live task
 *            port (the trap then says MACH_SEND_INVALID_DEST).
 */
static task_t
target_task(mach_port_name_t name, bool *ownp)
{
	task_t self = current_task();
	ipc_space_t space = self->itk_space;
	task_t task = NULL;

	*ownp = false;
	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, name) : NULL;
	if (e && (e->ie_bits & MACH_PORT_TYPE_SEND)) {
		ipc_port_t port = (ipc_port_t)e->ie_object;
		if (port == self->itk_self && __atomic_load_n(&self->active, __ATOMIC_RELAXED)) {
			/* The common case, mach_task_self(): no port lock, no reference. */
			*ownp = true;
			is_unlock(space);
			return self;
		}
		ip_lock(port);
		if (ip_active(port) && port->ip_kotype == IKOT_TASK) {
			task = port->ip_kobject;
			task_reference(task);
		}
		ip_unlock(port);
	}
	is_unlock(space);
	return task;
}

/*
 * own_space_locked: the caller's own space, locked, when `name' is its
 * send right to its own live task port (mach_task_self(), the common
 * case: the trap then runs the routine's _locked form under this one
 * lock, with no reference).  NULL, with nothing locked, otherwise: the
 * trap takes the general way (target_task).
 */
static ipc_space_t
own_space_locked(mach_port_name_t name)
{
	task_t self = current_task();
	ipc_space_t space = self->itk_space;

	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, name) : NULL;
	if (e && (e->ie_bits & MACH_PORT_TYPE_SEND) &&
	    e->ie_object == &self->itk_self->ip_object &&
	    __atomic_load_n(&self->active, __ATOMIC_RELAXED))
		return space;
	is_unlock(space);
	return NULL;
}

/*
 * target_space, target_map: what convert_port_to_space and _map give the
 * server routine for the same request: the task's space (map) with a
 * reference, or NULL if the task is ending (the routine then says
 * KERN_INVALID_TASK or KERN_INVALID_ARGUMENT, as for the message).
 * Consume the task reference target_task gave (none when `own').
 */
static ipc_space_t
target_space(task_t task, bool own)
{
	ipc_space_t space = NULL;

	if (own) {
		space = task->itk_space;	/* active a moment ago: it has its space */
		ipc_space_reference(space);
		return space;
	}
	simple_lock(&task->lock);
	if (task->active && task->itk_space) {
		space = task->itk_space;
		ipc_space_reference(space);
	}
	simple_unlock(&task->lock);
	task_deallocate(task);
	return space;
}

static vm_map_t
target_map(task_t task, bool own)
{
	vm_map_t map = NULL;

	if (own) {
		map = task->map;
		vm_map_reference(map);
		return map;
	}
	simple_lock(&task->lock);
	if (task->active && task->map) {
		map = task->map;
		vm_map_reference(map);
	}
	simple_unlock(&task->lock);
	task_deallocate(task);
	return map;
}

static void
space_done(ipc_space_t space)
{
	if (space)
		ipc_space_release(space);
}

static void
map_done(vm_map_t map)
{
	if (map)
		vm_map_deallocate(map);
}

/* The first lines of every mach_port trap: the target's space, or fall back. */
#define TARGET_SPACE(space, tf)						\
	bool own_;							\
	task_t task_ = target_task((mach_port_name_t)(tf)->a0, &own_);	\
	if (!task_)							\
		return MACH_SEND_INVALID_DEST;				\
	ipc_space_t space = target_space(task_, own_)

#define TARGET_MAP(map, tf)						\
	bool own_;							\
	task_t task_ = target_task((mach_port_name_t)(tf)->a0, &own_);	\
	if (!task_)							\
		return MACH_SEND_INVALID_DEST;				\
	vm_map_t map = target_map(task_, own_)

long
kernelrpc_mach_port_allocate_trap(struct trap_frame *tf)
{
	mach_port_right_t right = (mach_port_right_t)tf->a1;
	mach_port_name_t name;
	kern_return_t kr;
	ipc_space_t own = own_space_locked((mach_port_name_t)tf->a0);

	if (own) {
		kr = mach_port_allocate_locked(own, right, &name);
		is_unlock(own);
		if (kr == KERN_SUCCESS && copyout(&name, tf->a2, sizeof(name)) != 0) {
			mach_port_destroy(own, name);
			kr = KERN_INVALID_ADDRESS;
		}
		return kr;
	}
	TARGET_SPACE(space, tf);
	kr = mach_port_allocate(space, right, &name);
	if (kr == KERN_SUCCESS && copyout(&name, tf->a2, sizeof(name)) != 0) {
		mach_port_destroy(space, name);
		kr = KERN_INVALID_ADDRESS;
	}
	space_done(space);
	return kr;
}

long
kernelrpc_mach_port_destroy_trap(struct trap_frame *tf)
{
	ipc_space_t own = own_space_locked((mach_port_name_t)tf->a0);
	if (own) {
		kern_return_t kr = mach_port_destroy_locked(own, (mach_port_name_t)tf->a1);
		is_unlock(own);
		return kr;
	}
	TARGET_SPACE(space, tf);
	kern_return_t kr = mach_port_destroy(space, (mach_port_name_t)tf->a1);
	space_done(space);
	return kr;
}

long
kernelrpc_mach_port_deallocate_trap(struct trap_frame *tf)
{
	ipc_space_t own = own_space_locked((mach_port_name_t)tf->a0);
	if (own) {
		kern_return_t kr = mach_port_deallocate_locked(own, (mach_port_name_t)tf->a1);
		is_unlock(own);
		return kr;
	}
	TARGET_SPACE(space, tf);
	kern_return_t kr = mach_port_deallocate(space, (mach_port_name_t)tf->a1);
	space_done(space);
	return kr;
}

long
kernelrpc_mach_port_mod_refs_trap(struct trap_frame *tf)
{
	ipc_space_t own = own_space_locked((mach_port_name_t)tf->a0);
	if (own) {
		kern_return_t kr = mach_port_mod_refs_locked(own, (mach_port_name_t)tf->a1,
							     (mach_port_right_t)tf->a2,
							     (mach_port_delta_t)tf->a3);
		is_unlock(own);
		return kr;
	}
	TARGET_SPACE(space, tf);
	kern_return_t kr = mach_port_mod_refs(space, (mach_port_name_t)tf->a1,
					      (mach_port_right_t)tf->a2,
					      (mach_port_delta_t)tf->a3);
	space_done(space);
	return kr;
}

long
kernelrpc_mach_port_move_member_trap(struct trap_frame *tf)
{
	TARGET_SPACE(space, tf);
	kern_return_t kr = mach_port_move_member(space, (mach_port_name_t)tf->a1,
						 (mach_port_name_t)tf->a2);
	space_done(space);
	return kr;
}

/*
 * The right `name' (disposition `disposition') of the caller's space, as
 * a request's port descriptor would carry it: *typep its type, *objectp
 * the object (NULL or IP_DEAD for those names).
 *   Returns: KERN_SUCCESS; MACH_SEND_INVALID_TYPE, MACH_SEND_INVALID_RIGHT
 *   (as the send would say them; nothing taken).
 */
static kern_return_t
copyin_right_arg(mach_port_name_t name, mach_msg_type_name_t disposition,
		 mach_msg_type_name_t *typep, struct ipc_object **objectp)
{
	*typep = ipc_object_copyin_type(disposition);
	if (!*typep)
		return MACH_SEND_INVALID_TYPE;
	ipc_space_t self = current_task()->itk_space;
	is_lock(self);
	kern_return_t kr = self->is_active
		? ipc_right_copyin(self, name, disposition, true, objectp) : KERN_INVALID_TASK;
	is_unlock(self);
	return kr == KERN_SUCCESS ? KERN_SUCCESS : MACH_SEND_INVALID_RIGHT;
}

long
kernelrpc_mach_port_insert_right_trap(struct trap_frame *tf)
{
	mach_port_name_t poly = (mach_port_name_t)tf->a2;
	mach_msg_type_name_t disposition = (mach_msg_type_name_t)tf->a3;

	TARGET_SPACE(space, tf);
	mach_msg_type_name_t type;
	struct ipc_object *object = NULL;
	kern_return_t kr = copyin_right_arg(poly, disposition, &type, &object);
	if (kr != KERN_SUCCESS) {
		space_done(space);
		return kr;
	}
	ipc_port_t port = (ipc_port_t)object;
	kr = mach_port_insert_right(space, (mach_port_name_t)tf->a1, port, type);
	if (kr != KERN_SUCCESS && IP_VALID(port))
		ipc_object_destroy(object, type);	/* as a failed request's right */
	space_done(space);
	return kr;
}

long
kernelrpc_mach_port_request_notification_trap(struct trap_frame *tf)
{
	mach_port_name_t notify_name = (mach_port_name_t)tf->a4;
	mach_msg_type_name_t disposition = (mach_msg_type_name_t)tf->a5;
	uintptr_t previousp = tf->a6;
	mach_port_name_t previous_name = MACH_PORT_NULL;

	TARGET_SPACE(space, tf);
	/* Where the stub would fault writing *previous: nothing done. */
	if (copyout(&previous_name, previousp, sizeof(previous_name)) != 0) {
		space_done(space);
		return KERN_INVALID_ADDRESS;
	}
	mach_msg_type_name_t type;
	struct ipc_object *object = NULL;
	kern_return_t kr = copyin_right_arg(notify_name, disposition, &type, &object);
	if (kr != KERN_SUCCESS) {
		space_done(space);
		return kr;
	}
	ipc_space_t self = current_task()->itk_space;
	ipc_port_t notify = (ipc_port_t)object;
	ipc_port_t previous = IP_NULL;
	/* The server's check: a send-once right (or none), else MIG_TYPE_ERROR. */
	kr = type == MACH_MSG_TYPE_PORT_SEND_ONCE
		? mach_port_request_notification(space, (mach_port_name_t)tf->a1,
						 (mach_msg_id_t)tf->a2, (mach_port_mscount_t)tf->a3,
						 notify, &previous)
		: MIG_TYPE_ERROR;
	space_done(space);
	if (kr != KERN_SUCCESS) {
		if (IP_VALID(notify))
			ipc_object_destroy(object, type);	/* as a failed request's right */
		return kr;
	}
	/* The request it replaced (a send-once right, or none): named in the caller's space. */
	if (IP_VALID(previous)) {
		is_lock(self);
		if (ipc_right_copyout(self, &previous->ip_object, MACH_MSG_TYPE_PORT_SEND_ONCE,
				      &previous_name) != KERN_SUCCESS) {
			ipc_object_destroy(&previous->ip_object, MACH_MSG_TYPE_PORT_SEND_ONCE);
			previous_name = MACH_PORT_DEAD;	/* as a reply with no room names it */
		}
		is_unlock(self);
	}
	(void)copyout(&previous_name, previousp, sizeof(previous_name));
	return KERN_SUCCESS;
}

long
kernelrpc_mach_port_insert_member_trap(struct trap_frame *tf)
{
	TARGET_SPACE(space, tf);
	kern_return_t kr = mach_port_insert_member(space, (mach_port_name_t)tf->a1,
						   (mach_port_name_t)tf->a2);
	space_done(space);
	return kr;
}

long
kernelrpc_mach_port_extract_member_trap(struct trap_frame *tf)
{
	TARGET_SPACE(space, tf);
	kern_return_t kr = mach_port_extract_member(space, (mach_port_name_t)tf->a1,
						    (mach_port_name_t)tf->a2);
	space_done(space);
	return kr;
}

long
kernelrpc_mach_vm_allocate_trap(struct trap_frame *tf)
{
	TARGET_MAP(map, tf);
	vm_address_t addr;
	kern_return_t kr = KERN_INVALID_ADDRESS;
	if (copyin(tf->a1, &addr, sizeof(addr)) == 0) {
		kr = vm_allocate(map, &addr, (vm_size_t)tf->a2, (int)tf->a3);
		if (kr == KERN_SUCCESS && copyout(&addr, tf->a1, sizeof(addr)) != 0) {
			vm_deallocate(map, addr, (vm_size_t)tf->a2);
			kr = KERN_INVALID_ADDRESS;
		}
	}
	map_done(map);
	return kr;
}

long
kernelrpc_mach_vm_deallocate_trap(struct trap_frame *tf)
{
	TARGET_MAP(map, tf);
	kern_return_t kr = vm_deallocate(map, (vm_address_t)tf->a1, (vm_size_t)tf->a2);
	map_done(map);
	return kr;
}

long
kernelrpc_mach_vm_protect_trap(struct trap_frame *tf)
{
	TARGET_MAP(map, tf);
	kern_return_t kr = vm_protect(map, (vm_address_t)tf->a1, (vm_size_t)tf->a2,
				      (boolean_t)tf->a3, (vm_prot_t)tf->a4);
	map_done(map);
	return kr;
}

long
kernelrpc_mach_vm_map_trap(struct trap_frame *tf)
{
	TARGET_MAP(map, tf);
	vm_address_t addr;
	vm_size_t size = (vm_size_t)tf->a2;
	kern_return_t kr = KERN_INVALID_ADDRESS;
	if (copyin(tf->a1, &addr, sizeof(addr)) == 0) {
		kr = vm_map(map, &addr, size, (vm_address_t)tf->a3, (int)tf->a4, IP_NULL, 0,
			    FALSE, (vm_prot_t)tf->a5, VM_PROT_ALL, VM_INHERIT_DEFAULT);
		if (kr == KERN_SUCCESS && copyout(&addr, tf->a1, sizeof(addr)) != 0) {
			vm_deallocate(map, addr, size);
			kr = KERN_INVALID_ADDRESS;
		}
	}
	map_done(map);
	return kr;
}

/*
 * machrv_task_writable(task, addr, size): the whole range writable in the
 * task's map now?  A personality asks it before each copyout it gathers
 * (bsd_server), so it is kept short: the map is looked at under the task
 * port's lock, with no reference taken on the task or the map.  That is
 * safe: while the port is a live task port, the task and its map are
 * alive (task_teardown makes the port no task's before it lets the map
 * go, under the same lock).
 *   Locks: space, port, then the map (vm_map_check_access), in rank order.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE
 *   (vm_map_check_access); KERN_INVALID_ARGUMENT, not a live task's port.
 */
long
machrv_task_writable_trap(struct trap_frame *tf)
{
	task_t self = current_task();
	ipc_space_t space = self->itk_space;
	kern_return_t kr = KERN_INVALID_ARGUMENT;

	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, (mach_port_name_t)tf->a0)
					       : NULL;
	if (e && (e->ie_bits & MACH_PORT_TYPE_SEND)) {
		ipc_port_t port = (ipc_port_t)e->ie_object;
		ip_lock(port);
		if (ip_active(port) && port->ip_kotype == IKOT_TASK) {
			task_t task = port->ip_kobject;
			if (task->map)
				kr = vm_map_check_access(task->map, tf->a1, tf->a2, VM_PROT_WRITE);
		}
		ip_unlock(port);
	}
	is_unlock(space);
	return kr;
}

long
machrv_vm_read_overwrite_trap(struct trap_frame *tf)
{
	TARGET_MAP(map, tf);
	vm_size_t outsize = 0;
	kern_return_t kr = vm_read_overwrite(map, (vm_address_t)tf->a1, (vm_size_t)tf->a2,
					     (vm_address_t)tf->a3, &outsize);
	map_done(map);
	if (kr == KERN_SUCCESS && copyout(&outsize, tf->a4, sizeof(outsize)) != 0)
		kr = KERN_INVALID_ADDRESS;
	return kr;
}

long
machrv_vm_write_trap(struct trap_frame *tf)
{
	TARGET_MAP(map, tf);
	kern_return_t kr = vm_write_from_user(map, (vm_address_t)tf->a1, (vm_address_t)tf->a2,
					      (vm_size_t)tf->a3);
	map_done(map);
	return kr;
}

/*
 * The label at the user address `u' into `out': up to the first NUL,
 * MACH_PORT_LABEL_MAX bytes at most, never reading past the page where
 * the NUL is (a label may end just before an unmapped page).  0, or -1
 * for an address the caller cannot read.
 */
static int
copyin_label(uintptr_t u, char out[MACH_PORT_LABEL_MAX])
{
	size_t got = 0;

	while (got < MACH_PORT_LABEL_MAX) {
		size_t n = PAGE_SIZE - ((u + got) & PAGE_MASK);
		if (n > MACH_PORT_LABEL_MAX - got)
			n = MACH_PORT_LABEL_MAX - got;
		if (copyin(u + got, out + got, n) != 0)
			return -1;
		for (size_t i = got; i < got + n; i++)
			if (!out[i])
				return 0;
		got += n;
	}
	return 0;	/* no NUL: too long, as mach_port_set_label says */
}

long
machrv_port_set_label_trap(struct trap_frame *tf)
{
	char label[MACH_PORT_LABEL_MAX];

	TARGET_SPACE(space, tf);
	kern_return_t kr = copyin_label(tf->a2, label) == 0
		? mach_port_set_label(space, (mach_port_name_t)tf->a1, label)
		: KERN_INVALID_ADDRESS;
	space_done(space);
	return kr;
}
