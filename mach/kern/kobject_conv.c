/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The conversions the kernel's MIG server stubs call (<mach/kobject_conv.h>):
 * from a request's port (a handle, ipc/ipc_kobject.h) to a referenced
 * kernel object, and from an object to a send right for the reply.
 */
#include <mach/kobject_conv.h>
#include "ipc/ipc_kobject.h"
#include "device/device.h"
#include "kern/host.h"
#include "kern/sched.h"
#include "kern/task.h"

/* The kernel object behind a handle, if its port is of type `kotype'. */
static void *
kobject_of(mach_port_t handle, unsigned kotype)
{
	ipc_port_t port = ipc_kport_get(handle);
	void *object = NULL;

	if (!IP_VALID(port))
		return NULL;
	ip_lock(port);
	if (ip_active(port) && port->ip_kotype == kotype)
		object = port->ip_kobject;
	ip_unlock(port);
	return object;
}

task_t
convert_port_to_task(mach_port_t port)
{
	task_t task = kobject_of(port, IKOT_TASK);
	if (task)
		task_reference(task);
	return task;
}

task_name_t
convert_port_to_task_name(mach_port_t port)
{
	return convert_port_to_task(port);
}

void task_name_deallocate(task_name_t task) { task_deallocate(task); }

thread_t
convert_port_to_thread(mach_port_t port)
{
	thread_t th = kobject_of(port, IKOT_THREAD);
	if (th)
		thread_reference(th);
	return th;
}

ipc_space_t
convert_port_to_space(mach_port_t port)
{
	task_t task = kobject_of(port, IKOT_TASK);
	ipc_space_t space = NULL;

	if (task) {
		simple_lock(&task->lock);
		if (task->active && task->itk_space) {
			space = task->itk_space;
			ipc_space_reference(space);
		}
		simple_unlock(&task->lock);
	}
	return space;
}

void
space_deallocate(ipc_space_t space)
{
	if (space)
		ipc_space_release(space);
}

vm_map_t
convert_port_to_map(mach_port_t port)
{
	task_t task = kobject_of(port, IKOT_TASK);
	vm_map_t map = NULL;

	if (task) {
		simple_lock(&task->lock);
		if (task->active && task->map) {
			map = task->map;
			vm_map_reference(map);
		}
		simple_unlock(&task->lock);
	}
	return map;
}

host_t
convert_port_to_host(mach_port_t port)
{
	host_t host = kobject_of(port, IKOT_HOST);
	return host ? host : kobject_of(port, IKOT_HOST_PRIV);
}

host_priv_t
convert_port_to_host_priv(mach_port_t port)
{
	return kobject_of(port, IKOT_HOST_PRIV);
}

/* The device master is never freed: no reference to take. */
struct device_master *
convert_port_to_device_master(mach_port_t port)
{
	return kobject_of(port, IKOT_DEVICE_MASTER);
}

mach_port_t
convert_task_to_port(task_t task)
{
	if (!task)
		return MACH_PORT_NULL;
	simple_lock(&task->lock);
	ipc_port_t port = task->itk_self ? ipc_port_make_send(task->itk_self) : IP_NULL;
	simple_unlock(&task->lock);
	task_deallocate(task);
	return ipc_kport_put(port, MACH_MSG_TYPE_PORT_SEND);
}

mach_port_t
convert_task_name_to_port(task_name_t task)
{
	return convert_task_to_port(task);
}

mach_port_t
convert_thread_to_port(thread_t th)
{
	if (!th)
		return MACH_PORT_NULL;
	ipc_port_t port = th->ith_self ? ipc_port_make_send(th->ith_self) : IP_NULL;
	thread_deallocate(th);
	return ipc_kport_put(port, MACH_MSG_TYPE_PORT_SEND);
}

mach_port_t
convert_host_to_port(host_t host)
{
	if (!host)
		return MACH_PORT_NULL;
	return ipc_kport_put(ipc_port_make_send(host_port()), MACH_MSG_TYPE_PORT_SEND);
}

ipc_port_t
convert_port_to_ipc_port(mach_port_t port)
{
	return ipc_kport_lend(port);
}

mach_port_t
convert_ipc_port_to_port(ipc_port_t port)
{
	return ipc_kport_put(port, IPC_KPORT_ANY);
}
