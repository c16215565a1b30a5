/* SPDX-License-Identifier: BSD-2-Clause */
/* The host's ports, special ports and exception actions (see kern/host.h). */
#include <mach/host_reboot.h>
#include <mach/host_special_ports.h>
#include "device/device.h"
#include "kern/exception.h"
#include "kern/host.h"
#include "kern/panic.h"
#include "kern/task.h"
#include "kern/printf.h"
#include "vm/vm_map.h"
#include "riscv/sbi.h"
#include "host_privServer.h"
#include "host_securityServer.h"

struct host realhost;
static ipc_port_t host_name_port, host_priv;

/*
 * What host_priv calls change, under host_lock: the user slots of the
 * special ports (send rights) and the host's exception actions.
 */
static simple_lock_data_t host_lock = SIMPLE_LOCK_INITIALIZER("host", LOCK_RANK_HOST);
static ipc_port_t host_special[HOST_MAX_SPECIAL_PORT + 1];
static struct exception_action host_actions[EXC_TYPES_COUNT];

static ipc_port_t
kernel_object_port(unsigned kotype)
{
	ipc_port_t port = ipc_port_create();

	if (!port)
		panic("host_bootstrap: no memory for the host ports");
	port->ip_receiver = ipc_space_kernel;
	ipc_port_set_kobject(port, kotype, &realhost);
	return port;
}

void
host_bootstrap(void)
{
	host_name_port = kernel_object_port(IKOT_HOST);
	host_priv = kernel_object_port(IKOT_HOST_PRIV);
	device_bootstrap();
}

ipc_port_t host_port(void) { return host_name_port; }
ipc_port_t host_priv_port(void) { return host_priv; }

void
host_exception_action(int exception, struct exception_action *action)
{
	simple_lock(&host_lock);
	*action = host_actions[exception];
	action->port = ipc_port_copy_send(action->port);
	simple_unlock(&host_lock);
}

/* ---- host_priv.defs, served on the host-priv port ---- */

/*
 * host_reboot: HOST_REBOOT_HALT powers the machine off, reporting the
 * status in bits 16..23 (HOST_REBOOT_STATUS) as "MACHRV-EXIT n"; without
 * it the machine restarts (QEMU -no-reboot ends instead).  The first task
 * (bootstrap) uses it to end a boot with a program's exit status.
 *   Returns: nothing on success; KERN_INVALID_HOST; KERN_INVALID_ARGUMENT
 *   for an option MachRV does not provide (HOST_REBOOT_UPLOAD/DEBUGGER).
 */
kern_return_t
host_reboot(host_priv_t host, int options)
{
	if (!host)
		return KERN_INVALID_HOST;
	if ((unsigned)options & ~HOST_REBOOT_VALID_BITS) {
		printf("host_reboot: options %#x: only HOST_REBOOT_HALT and a status are provided\n",
		       (unsigned)options);
		return KERN_INVALID_ARGUMENT;
	}
	if (options & HOST_REBOOT_HALT)
		machine_poweroff((int)HOST_REBOOT_STATUS_OF(options));
	printf("host_reboot: restarting\n");
	sbi_system_reset(SBI_SRST_COLD_REBOOT, SBI_SRST_REASON_NONE);
}

/*
 * host_get_special_port: HOST_PORT, HOST_PRIV_PORT and HOST_IO_MASTER_PORT
 * are the kernel's; any other slot holds what host_set_special_port put
 * there (or nothing).
 *   Locks:   takes host_lock for the other slots.
 *   Refs:    produces a send right for the reply (IP_NULL for an empty slot).
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_INVALID_ARGUMENT (a
 *            node other than HOST_LOCAL_NODE, a slot out of range).
 */
kern_return_t
host_get_special_port(host_priv_t host, int node, int which, ipc_port_t *port)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (node != HOST_LOCAL_NODE || which <= 0 || which > HOST_MAX_SPECIAL_PORT)
		return KERN_INVALID_ARGUMENT;
	if (which == HOST_PORT)
		*port = ipc_port_make_send(host_name_port);
	else if (which == HOST_PRIV_PORT)
		*port = ipc_port_make_send(host_priv);
	else if (which == HOST_IO_MASTER_PORT)
		*port = ipc_port_make_send(device_master_port());
	else {
		simple_lock(&host_lock);
		*port = ipc_port_copy_send(host_special[which]);
		simple_unlock(&host_lock);
	}
	return KERN_SUCCESS;
}

/*
 * host_set_special_port: a slot above HOST_MAX_SPECIAL_KERNEL_PORT.
 *   Locks:   takes host_lock.
 *   Refs:    keeps the lent send right and releases the one replaced, if it
 *            succeeds.
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_INVALID_ARGUMENT;
 *            KERN_NO_ACCESS (a kernel slot).
 */
kern_return_t
host_set_special_port(host_priv_t host, int which, ipc_port_t port)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (which <= 0 || which > HOST_MAX_SPECIAL_PORT)
		return KERN_INVALID_ARGUMENT;
	if (which <= HOST_MAX_SPECIAL_KERNEL_PORT)
		return KERN_NO_ACCESS;		/* the kernel's own */
	simple_lock(&host_lock);
	ipc_port_t old = host_special[which];
	host_special[which] = port;		/* consumes the send right */
	simple_unlock(&host_lock);
	if (IP_VALID(old))
		ipc_port_release_send(old);
	return KERN_SUCCESS;
}

/*
 * host_set_exception_ports: the host's actions, the last resort after the
 * thread's and the task's (host_exception_action reads them).
 *   Locks:   takes host_lock.
 *   Refs:    keeps the lent send right `new_port' (copies for further
 *            exceptions) and releases those replaced, if it succeeds.
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_INVALID_ARGUMENT.
 */
kern_return_t
host_set_exception_ports(host_priv_t host, exception_mask_t mask, ipc_port_t new_port,
			 exception_behavior_t behavior, thread_state_flavor_t new_flavor)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (!exception_args_ok(mask, behavior))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&host_lock);
	exception_actions_set(host_actions, mask, new_port, behavior, new_flavor);
	simple_unlock(&host_lock);
	return KERN_SUCCESS;
}

/*
 * host_get_exception_ports: the host's actions among `mask'.
 *   Locks:   takes host_lock.
 *   Refs:    produces a send right for each handler returned.
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_INVALID_ARGUMENT.
 */
kern_return_t
host_get_exception_ports(host_priv_t host, exception_mask_t mask, exception_mask_array_t masks,
			 mach_msg_type_number_t *masksCnt, exception_handler_array_t old_handlers,
			 exception_behavior_array_t old_behaviors,
			 exception_flavor_array_t old_flavors)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (mask & ~EXC_MASK_ALL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&host_lock);
	exception_actions_get(host_actions, mask, masks, masksCnt, old_handlers, old_behaviors,
			      old_flavors);
	simple_unlock(&host_lock);
	return KERN_SUCCESS;
}

/*
 * host_swap_exception_ports: get and set in one hold of host_lock.
 *   Refs, Returns: those of host_get_ and host_set_exception_ports.
 */
kern_return_t
host_swap_exception_ports(host_priv_t host, exception_mask_t mask, ipc_port_t new_port,
			  exception_behavior_t behavior, thread_state_flavor_t new_flavor,
			  exception_mask_array_t masks, mach_msg_type_number_t *masksCnt,
			  exception_handler_array_t old_handlers,
			  exception_behavior_array_t old_behaviors,
			  exception_flavor_array_t old_flavors)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (!exception_args_ok(mask, behavior))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&host_lock);
	exception_actions_get(host_actions, mask, masks, masksCnt, old_handlers, old_behaviors,
			      old_flavors);
	exception_actions_set(host_actions, mask, new_port, behavior, new_flavor);
	simple_unlock(&host_lock);
	return KERN_SUCCESS;
}

/*
 * vm_wire: wire [address, address + size) of `map' with `desired_access'
 * (VM_PROT_NONE unwires) through vm_map_wire, which checks the range.
 *   Returns: KERN_SUCCESS (also for size 0); KERN_INVALID_HOST;
 *            KERN_INVALID_TASK (no map); what vm_map_wire returns.
 */
kern_return_t
vm_wire(host_priv_t host, vm_map_t map, vm_address_t address, vm_size_t size,
	vm_prot_t desired_access)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (!map)
		return KERN_INVALID_TASK;
	if (!size)
		return KERN_SUCCESS;
	return vm_map_wire(map, address, address + size, desired_access);
}

/*
 * host_security_set_task_token: the token `task' stamps on what it sends
 * (<mach/host_security.defs>; the host-priv port stands for XNU's
 * host-security port).  Senders read task->sec_token without a lock, so it
 * changes in one 64-bit store.
 *   Returns: KERN_SUCCESS; KERN_INVALID_SECURITY; KERN_INVALID_ARGUMENT.
 */
kern_return_t
host_security_set_task_token(host_security_t host_security, task_t task,
			     security_token_t sec_token, audit_token_t audit_token, host_t host)
{
	(void)audit_token, (void)host;
	if (!host_security)
		return KERN_INVALID_SECURITY;
	if (!task)
		return KERN_INVALID_ARGUMENT;
	_Static_assert(sizeof(security_token_t) == sizeof(uint64_t), "one store");
	uint64_t v;
	__builtin_memcpy(&v, &sec_token, sizeof(v));
	__atomic_store_n((uint64_t *)&task->sec_token, v, __ATOMIC_RELAXED);
	return KERN_SUCCESS;
}
