/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel side of the kernel interfaces: the conversions that the MIG
 * server stubs generated with -DKERNEL_SERVER=1 -DMACH_KERNEL=1 call (the
 * intran, outtran and destructor of <mach/mach_types.defs> and
 * <mach/std_types.defs>).  The kernel implements them; nothing else
 * includes this file.
 *
 * A port in a message is a 32-bit mach_port_t.  In a request the kernel
 * serves, what that value means is the kernel's choice (a handle for the
 * ipc_port the kmsg holds; docs/libmach.md): these functions are the only
 * code that interprets it.
 */
#ifndef _MACH_KOBJECT_CONV_H_
#define _MACH_KOBJECT_CONV_H_

#ifndef MACH_KERNEL
#error "<mach/kobject_conv.h> is for the kernel (MACH_KERNEL) only"
#endif

#include <mach/port.h>
#include <mach/mach_types.h>

struct ipc_port;
typedef struct ipc_port *ipc_port_t;
struct vm_object;
typedef struct vm_object *vm_object_t;

/*
 * convert_port_to_<object>: the object a request's port stands for, with
 * one reference for the server routine, or NULL when the port is not such
 * an object (or is dead); the server routine then sees NULL and returns its
 * KERN_INVALID_* code.  The stub drops the reference afterwards with the
 * matching *_deallocate, which must accept NULL.
 */
task_t convert_port_to_task(mach_port_t port);
task_name_t convert_port_to_task_name(mach_port_t port);	/* a task or task-name port */
thread_t convert_port_to_thread(mach_port_t port);
ipc_space_t convert_port_to_space(mach_port_t port);		/* a task port: its space */
vm_map_t convert_port_to_map(mach_port_t port);			/* a task port: its map */
host_t convert_port_to_host(mach_port_t port);			/* host or host_priv port */
host_priv_t convert_port_to_host_priv(mach_port_t port);		/* host_priv port only */
vm_object_t convert_port_to_pager_object(mach_port_t port);	/* a memory object's control port */
struct device_master;
struct device_master *convert_port_to_device_master(mach_port_t port);	/* the device master port only */
semaphore_t convert_port_to_semaphore(mach_port_t port);	/* a live semaphore's port (kern/sync_sema.c) */

/*
 * <object>_deallocate: the destructor the stub calls after the server
 * routine: drops the reference convert_port_to_<object> took (NULL is
 * ignored; a space's or map's last reference frees it).
 */
void task_deallocate(task_t task);
void task_name_deallocate(task_name_t task);
void thread_deallocate(thread_t thread);
void space_deallocate(ipc_space_t space);
void vm_map_deallocate(vm_map_t map);
void vm_object_deallocate(vm_object_t object);
void semaphore_dereference(semaphore_t semaphore);

/*
 * convert_<object>_to_port: a send right to the object's port, for a reply,
 * consuming the caller's reference to the object (NULL gives
 * MACH_PORT_NULL).
 */
mach_port_t convert_task_to_port(task_t task);
mach_port_t convert_task_name_to_port(task_name_t task);
mach_port_t convert_thread_to_port(thread_t thread);
mach_port_t convert_host_to_port(host_t host);
mach_port_t convert_semaphore_to_port(semaphore_t semaphore);

/*
 * Plain port rights (mach_port_t and the mach_port_*_t dispositions):
 * convert_port_to_ipc_port gives the right the request carried to the
 * server routine (which owns it when it returns KERN_SUCCESS);
 * convert_ipc_port_to_port puts a right the routine returns into the reply.
 */
ipc_port_t convert_port_to_ipc_port(mach_port_t port);
mach_port_t convert_ipc_port_to_port(ipc_port_t port);

#endif /* _MACH_KOBJECT_CONV_H_ */
