/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The task interface (<mach/task.defs>): the server routines the kernel's
 * MIG stubs call on a task port.  Each checks its arguments and answers
 * with a KERN_* code.
 */
#include <mach/task_info.h>
#include <mach/task_special_ports.h>
#include "kern/exception.h"
#include "kern/host.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "kern/task.h"
#include "kern/thread_state.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_right.h"
#include "taskServer.h"
#include "gnumachServer.h"

/*
 * task_create: a new task in `parent's name; with `inherit_memory', a
 * copy-on-write copy of its address space.
 *   Refs:    consumes the ledger array (its send rights are released: ledgers
 *            are not kept) on success; on an error ipc_kobject_server
 *            destroys it with the request.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; what task_create_internal
 *            and vm_map_fork return.
 */
kern_return_t
task_create(task_t parent, ledger_array_t ledgers, mach_msg_type_number_t ledgersCnt,
	    boolean_t inherit_memory, task_t *child)
{
	if (!parent)
		return KERN_INVALID_ARGUMENT;
	task_t task;
	kern_return_t kr = task_create_internal(parent, parent->name, &task);
	if (kr != KERN_SUCCESS)
		return kr;
	if (inherit_memory) {
		kr = vm_map_fork(parent->map, task->map);
		if (kr != KERN_SUCCESS) {
			task_terminate_internal(task);
			task_deallocate(task);
			return kr;
		}
	}
	ipc_port_t *l = (ipc_port_t *)ledgers;
	for (mach_msg_type_number_t i = 0; i < ledgersCnt; i++)
		ipc_port_release_send(l[i]);
	if (ledgersCnt)
		ipc_ool_free(ledgers, (uint64_t)ledgersCnt * sizeof(ipc_port_t));
	*child = task;		/* the reference goes to convert_task_to_port */
	return KERN_SUCCESS;
}

/*
 * task_terminate: end the task (task_terminate_internal): its threads,
 * its space and its address map go; from another task, the call returns
 * once they have (waiting up to 2 s).
 *   Refs:    the task reference is the stub's (released after the call).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; KERN_FAILURE (already
 *            terminated).
 */
kern_return_t
task_terminate(task_t task)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	return task_terminate_internal(task);
}

/*
 * task_threads: a send right to each of the task's threads, in an array
 * sized under the task's lock (made again if the count changed while it
 * was allocated).
 *   Locks:   takes the task's lock.
 *   Refs:    produces one send right per thread, carried by the reply.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
task_threads(task_t task, thread_act_array_t *act_list, mach_msg_type_number_t *act_listCnt)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	for (;;) {
		simple_lock(&task->lock);
		unsigned n = task->thread_count;
		simple_unlock(&task->lock);
		uint64_t size = (uint64_t)(n ? n : 1) * sizeof(ipc_port_t);
		ipc_port_t *ports = ipc_ool_alloc(size);
		if (!ports)
			return KERN_RESOURCE_SHORTAGE;
		simple_lock(&task->lock);
		if (task->thread_count != n) {		/* changed meanwhile: again */
			simple_unlock(&task->lock);
			ipc_ool_free(ports, size);
			continue;
		}
		unsigned k = 0;
		queue_chain_t *q;
		queue_iterate(&task->threads, q) {
			thread_t th = queue_entry_owner(q, struct thread, task_threads);
			ports[k++] = ipc_port_make_send(th->ith_self);
		}
		simple_unlock(&task->lock);
		if (!k) {
			ipc_ool_free(ports, size);
			ports = NULL;
		}
		/* The reply carries this array of send rights (ipc_kobject.c). */
		*act_list = (thread_act_array_t)ports;
		*act_listCnt = k;
		return KERN_SUCCESS;
	}
}

/*
 * mach_ports_register: keep up to TASK_PORT_REGISTER_MAX send rights in
 * the task (Mach's initial ports: bootstrap gives a started task the ports
 * its configuration names); a child made by task_create inherits copies.
 *   Refs:    on success, consumes the array and its send rights, and
 *            releases the rights the task held before; on an error
 *            ipc_kobject_server destroys the array with the request.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no task, or more than
 *            TASK_PORT_REGISTER_MAX ports: then nothing changes).
 */
kern_return_t
mach_ports_register(task_t task, mach_port_array_t init_port_set,
		    mach_msg_type_number_t init_port_setCnt)
{
	ipc_port_t *ports = (ipc_port_t *)init_port_set;
	ipc_port_t fresh[TASK_PORT_REGISTER_MAX] = { IP_NULL };

	if (!task || init_port_setCnt > TASK_PORT_REGISTER_MAX)
		return KERN_INVALID_ARGUMENT;
	for (mach_msg_type_number_t i = 0; i < init_port_setCnt; i++)
		fresh[i] = ports[i];
	simple_lock(&task->lock);
	for (int i = 0; i < TASK_PORT_REGISTER_MAX; i++) {
		ipc_port_t old = task->itk_registered[i];
		task->itk_registered[i] = fresh[i];
		fresh[i] = old;
	}
	simple_unlock(&task->lock);
	/* The rights the task held before go. */
	for (int i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		ipc_port_release_send(fresh[i]);
	if (init_port_setCnt)
		ipc_ool_free(init_port_set, (uint64_t)init_port_setCnt * sizeof(ipc_port_t));
	return KERN_SUCCESS;
}

/*
 * mach_ports_lookup: copies of the registered send rights, always
 * TASK_PORT_REGISTER_MAX of them (MACH_PORT_NULL where none), as in Mach.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_ports_lookup(task_t task, mach_port_array_t *init_port_set,
		  mach_msg_type_number_t *init_port_setCnt)
{
	*init_port_set = NULL;
	*init_port_setCnt = 0;
	if (!task)
		return KERN_INVALID_ARGUMENT;
	uint64_t size = TASK_PORT_REGISTER_MAX * sizeof(ipc_port_t);
	ipc_port_t *ports = ipc_ool_alloc(size);
	if (!ports)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&task->lock);
	for (int i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		ports[i] = ipc_port_copy_send(task->itk_registered[i]);
	simple_unlock(&task->lock);
	/* The reply carries this array of send rights (ipc_kobject.c). */
	*init_port_set = (mach_port_array_t)ports;
	*init_port_setCnt = TASK_PORT_REGISTER_MAX;
	return KERN_SUCCESS;
}

/*
 * task_info: TASK_BASIC_INFO (suspend count, virtual and resident size)
 * or TASK_MACHRV_NAME (the task's name).
 *   Locks:   takes the task's lock (the map's size is read under it).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no task, another flavor,
 *            `*count' too small).
 */
kern_return_t
task_info(task_name_t task, task_flavor_t flavor, task_info_t out,
	  mach_msg_type_number_t *count)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	if (flavor == TASK_MACHRV_NAME && *count >= TASK_MACHRV_NAME_COUNT) {
		struct task_machrv_name *n = (struct task_machrv_name *)out;
		memset(n, 0, sizeof(*n));
		simple_lock(&task->lock);
		strlcpy(n->name, task->name, sizeof(n->name));
		simple_unlock(&task->lock);
		*count = TASK_MACHRV_NAME_COUNT;
		return KERN_SUCCESS;
	}
	if (flavor != TASK_BASIC_INFO || *count < TASK_BASIC_INFO_COUNT)
		return KERN_INVALID_ARGUMENT;
	task_basic_info_data_t *bi = (task_basic_info_data_t *)out;
	memset(bi, 0, sizeof(*bi));
	simple_lock(&task->lock);
	bi->suspend_count = task->suspend_count;
	vm_map_t map = task->map;
	if (map) {
		bi->virtual_size = map->size;
		bi->resident_size = (uint64_t)vm_map_resident_pages(map) * PAGE_SIZE;
	}
	simple_unlock(&task->lock);
	*count = TASK_BASIC_INFO_COUNT;
	return KERN_SUCCESS;
}

/*
 * task_set_info: TASK_MACHRV_NAME only: the task's name in console
 * messages, cut at 31 characters.
 *   Locks:   takes the task's lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT.
 */
kern_return_t
task_set_info(task_t task, task_flavor_t flavor, task_info_t in, mach_msg_type_number_t count)
{
	/* TASK_MACHRV_NAME: the name in console messages, cut at 31 characters. */
	if (!task || flavor != TASK_MACHRV_NAME || count < TASK_MACHRV_NAME_COUNT)
		return KERN_INVALID_ARGUMENT;
	const struct task_machrv_name *n = (const struct task_machrv_name *)in;
	simple_lock(&task->lock);
	strlcpy(task->name, n->name, sizeof(task->name) < sizeof(n->name) ?
				     sizeof(task->name) : sizeof(n->name));
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

/*
 * task_set_name: GNU Mach's (<mach/gnumach.defs>, 4202), the same name
 * task_set_info's TASK_MACHRV_NAME sets, cut to the 31 characters the
 * task keeps.
 *   Locks:   takes and drops the task's lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT without a task.
 */
kern_return_t
task_set_name(task_t task, const_kernel_debug_name_t name)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	strlcpy(task->name, name, sizeof(task->name));
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

static kern_return_t
stopped(thread_t th)
{
	if (th != current_thread())
		thread_wait_off_cpu(th);
	return KERN_SUCCESS;
}

/* As in Mach, the task's threads (but the caller) have stopped when it returns. */
kern_return_t
task_suspend(task_t task)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = task_hold(task);
	if (kr == KERN_SUCCESS)
		task_threads_apply(task, stopped);
	return kr;
}

/*
 * task_resume: release one hold (task_release).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; KERN_FAILURE (the task
 *            is not suspended, or terminated).
 */
kern_return_t
task_resume(task_t task)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	return task_release(task);
}

/* The slot of special port `which', or NULL. */
static ipc_port_t *
special_slot(task_t task, int which)
{
	switch (which) {
	case TASK_BOOTSTRAP_PORT:
		return &task->itk_bootstrap;
	case TASK_SYSCALL_PORT:
		return &task->itk_syscall;
	default:
		return NULL;
	}
}

/*
 * task_get_special_port: TASK_KERNEL_PORT, TASK_NAME_PORT (the same port:
 * there is no separate name port), TASK_HOST_PORT, TASK_BOOTSTRAP_PORT or
 * TASK_SYSCALL_PORT.
 *   Locks:   takes the task's lock.
 *   Refs:    produces a send right for the reply (IP_NULL if none is set).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT.
 */
kern_return_t
task_get_special_port(task_t task, int which, ipc_port_t *special_port)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	ipc_port_t port;
	if (which == TASK_KERNEL_PORT || which == TASK_NAME_PORT)
		port = task->itk_self ? ipc_port_make_send(task->itk_self) : IP_NULL;
	else if (which == TASK_HOST_PORT)
		port = ipc_port_make_send(host_port());
	else if (special_slot(task, which))
		port = ipc_port_copy_send(*special_slot(task, which));
	else {
		simple_unlock(&task->lock);
		return KERN_INVALID_ARGUMENT;
	}
	simple_unlock(&task->lock);
	*special_port = port;
	return KERN_SUCCESS;
}

/*
 * task_set_special_port: TASK_BOOTSTRAP_PORT or TASK_SYSCALL_PORT of an
 * active task (the kernel, name and host ports are the kernel's).
 *   Locks:   takes the task's lock.
 *   Refs:    keeps the lent send right and releases the one it replaces,
 *            if it succeeds.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (another `which', a
 *            terminated task).
 */
kern_return_t
task_set_special_port(task_t task, int which, ipc_port_t special_port)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	ipc_port_t *slot = special_slot(task, which);
	if (!slot || !task->active) {
		simple_unlock(&task->lock);
		return KERN_INVALID_ARGUMENT;
	}
	ipc_port_t old = *slot;
	*slot = special_port;		/* the request's right, now the task's */
	simple_unlock(&task->lock);
	ipc_port_release_send(old);
	return KERN_SUCCESS;
}

/*
 * thread_create: a new user thread in `task', suspended once, with pc and
 * sp 0 until thread_set_state (thread_create_user).
 *   Refs:    the new thread's reference goes to the reply's send right.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; what thread_create_user
 *            returns.
 */
kern_return_t
thread_create(task_t task, thread_act_t *child_act)
{
	thread_t th;

	if (!task)
		return KERN_INVALID_ARGUMENT;
	/* No state yet: pc and sp zero until thread_set_state. */
	kern_return_t kr = thread_create_user(task, 0, 0, &th);
	if (kr == KERN_SUCCESS)
		*child_act = th;	/* the reference goes to convert_thread_to_port */
	return kr;
}

/*
 * thread_create_running: thread_create, thread_set_state, thread_resume in
 * one call; on a failure after creation the thread is terminated again.
 *   Refs:    the new thread's reference goes to the reply's send right.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (a bad state too); what
 *            thread_create_user returns.
 */
kern_return_t
thread_create_running(task_t task, thread_state_flavor_t flavor, thread_state_t new_state,
		      mach_msg_type_number_t new_stateCnt, thread_act_t *child_act)
{
	thread_t th;

	if (!task)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = thread_create_user(task, 0, 0, &th);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = thread_state_set(th, flavor, new_state, new_stateCnt);
	if (kr == KERN_SUCCESS)
		kr = thread_resume_internal(th);
	if (kr != KERN_SUCCESS) {
		thread_terminate_internal(th);
		thread_deallocate(th);
		return kr;
	}
	*child_act = th;
	return KERN_SUCCESS;
}

/*
 * task_set_exception_ports: the task's action for each exception of
 * `mask' (used when the thread has none).
 *   Locks:   takes the task's lock.
 *   Refs:    keeps the lent send right `new_port' (copies for further
 *            exceptions) and releases those it replaces, if it succeeds.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT.
 */
kern_return_t
task_set_exception_ports(task_t task, exception_mask_t mask, ipc_port_t new_port,
			 exception_behavior_t behavior, thread_state_flavor_t new_flavor)
{
	if (!task || !exception_args_ok(mask, behavior))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	exception_actions_set(task->exc_actions, mask, new_port, behavior, new_flavor);
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

/*
 * task_get_exception_ports: the task's actions among `mask', one entry
 * per distinct action.
 *   Locks:   takes the task's lock.
 *   Refs:    produces a send right for each handler returned.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT.
 */
kern_return_t
task_get_exception_ports(task_t task, exception_mask_t mask, exception_mask_array_t masks,
			 mach_msg_type_number_t *masksCnt, exception_handler_array_t old_handlers,
			 exception_behavior_array_t old_behaviors,
			 exception_flavor_array_t old_flavors)
{
	if (!task || (mask & ~EXC_MASK_ALL))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	exception_actions_get(task->exc_actions, mask, masks, masksCnt, old_handlers,
			      old_behaviors, old_flavors);
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

/*
 * task_swap_exception_ports: get the old actions and set the new ones in
 * one hold of the task's lock (atomic, unlike thread_swap_exception_ports).
 *   Refs, Returns: those of task_get_ and task_set_exception_ports.
 */
kern_return_t
task_swap_exception_ports(task_t task, exception_mask_t mask, ipc_port_t new_port,
			  exception_behavior_t behavior, thread_state_flavor_t new_flavor,
			  exception_mask_array_t masks, mach_msg_type_number_t *masksCnt,
			  exception_handler_array_t old_handlers,
			  exception_behavior_array_t old_behaviors,
			  exception_flavor_array_t old_flavors)
{
	if (!task || !exception_args_ok(mask, behavior))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	exception_actions_get(task->exc_actions, mask, masks, masksCnt, old_handlers,
			      old_behaviors, old_flavors);
	exception_actions_set(task->exc_actions, mask, new_port, behavior, new_flavor);
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}
