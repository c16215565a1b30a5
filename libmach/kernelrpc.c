// SPDX-License-Identifier: BSD-2-Clause
// The calls that have a kernel-RPC trap (<mach/mach_traps.h>), as XNU's
// libsyscall makes them: the trap first; when it says MACH_SEND_INVALID_DEST
// (the target is no task port: a bad or dead name, a user's port, another
// kernel object's port) the MIG message (<machrv/kernelrpc.h>), which
// answers as it always did.  Every task port, the caller's own or
// another's, takes the trap.
#include <mach/mach.h>
#include <mach/mach_traps.h>
#include <machrv/kernelrpc.h>
#include <mach/port_info.h>

kern_return_t
mach_port_allocate(ipc_space_t task, mach_port_right_t right, mach_port_name_t *name)
{
	kern_return_t kr = _kernelrpc_mach_port_allocate_trap(task, right, name);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_allocate(task, right, name);
	return kr;
}

kern_return_t
mach_port_destroy(ipc_space_t task, mach_port_name_t name)
{
	kern_return_t kr = _kernelrpc_mach_port_destroy_trap(task, name);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_destroy(task, name);
	return kr;
}

kern_return_t
mach_port_deallocate(ipc_space_t task, mach_port_name_t name)
{
	kern_return_t kr = _kernelrpc_mach_port_deallocate_trap(task, name);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_deallocate(task, name);
	return kr;
}

kern_return_t
mach_port_mod_refs(ipc_space_t task, mach_port_name_t name, mach_port_right_t right,
                   mach_port_delta_t delta)
{
	kern_return_t kr = _kernelrpc_mach_port_mod_refs_trap(task, name, right, delta);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_mod_refs(task, name, right, delta);
	return kr;
}

kern_return_t
mach_port_move_member(ipc_space_t task, mach_port_name_t member, mach_port_name_t after)
{
	kern_return_t kr = _kernelrpc_mach_port_move_member_trap(task, member, after);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_move_member(task, member, after);
	return kr;
}

kern_return_t
mach_port_insert_right(ipc_space_t task, mach_port_name_t name, mach_port_t poly,
                       mach_msg_type_name_t polyPoly)
{
	kern_return_t kr = _kernelrpc_mach_port_insert_right_trap(task, name, poly, polyPoly);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_insert_right(task, name, poly, polyPoly);
	return kr;
}

kern_return_t
mach_port_insert_member(ipc_space_t task, mach_port_name_t name, mach_port_name_t pset)
{
	kern_return_t kr = _kernelrpc_mach_port_insert_member_trap(task, name, pset);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_insert_member(task, name, pset);
	return kr;
}

kern_return_t
mach_port_extract_member(ipc_space_t task, mach_port_name_t name, mach_port_name_t pset)
{
	kern_return_t kr = _kernelrpc_mach_port_extract_member_trap(task, name, pset);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_extract_member(task, name, pset);
	return kr;
}

kern_return_t
vm_allocate(vm_map_t target_task, vm_address_t *address, vm_size_t size, int flags)
{
	kern_return_t kr = _kernelrpc_mach_vm_allocate_trap(target_task, address, size, flags);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_vm_allocate(target_task, address, size, flags);
	return kr;
}

kern_return_t
vm_deallocate(vm_map_t target_task, vm_address_t address, vm_size_t size)
{
	kern_return_t kr = _kernelrpc_mach_vm_deallocate_trap(target_task, address, size);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_vm_deallocate(target_task, address, size);
	return kr;
}

kern_return_t
vm_protect(vm_map_t target_task, vm_address_t address, vm_size_t size, boolean_t set_maximum,
           vm_prot_t new_protection)
{
	kern_return_t kr = _kernelrpc_mach_vm_protect_trap(target_task, address, size,
	                                                   set_maximum, new_protection);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_vm_protect(target_task, address, size, set_maximum, new_protection);
	return kr;
}

// Only anonymous memory with the trap's fixed arguments takes the trap.
kern_return_t
vm_map(vm_map_t target_task, vm_address_t *address, vm_size_t size, vm_address_t mask, int flags,
       mem_entry_name_port_t object, vm_offset_t offset, boolean_t copy,
       vm_prot_t cur_protection, vm_prot_t max_protection, vm_inherit_t inheritance)
{
	kern_return_t kr = MACH_SEND_INVALID_DEST;
	if (object == MACH_PORT_NULL && offset == 0 && !copy && max_protection == VM_PROT_ALL &&
	    inheritance == VM_INHERIT_DEFAULT)
		kr = _kernelrpc_mach_vm_map_trap(target_task, address, size, mask, flags,
		                                 cur_protection);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_vm_map(target_task, address, size, mask, flags, object, offset,
		                       copy, cur_protection, max_protection, inheritance);
	return kr;
}

// MachRV's traps for the two calls servers copy their clients' bytes with
// (<mach/syscall_sw.h>); XNU has none.
kern_return_t
vm_read_overwrite(vm_map_t target_task, vm_address_t address, vm_size_t size, vm_address_t data,
                  vm_size_t *outsize)
{
	kern_return_t kr = machrv_vm_read_overwrite_trap(target_task, address, size, data, outsize);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_vm_read_overwrite(target_task, address, size, data, outsize);
	return kr;
}

kern_return_t
vm_write(vm_map_t target_task, vm_address_t address, vm_offset_t data,
         mach_msg_type_number_t dataCnt)
{
	kern_return_t kr = machrv_vm_write_trap(target_task, address, data, dataCnt);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_vm_write(target_task, address, data, dataCnt);
	return kr;
}

// MachRV's trap for labelling a port: servers label every port they make.
kern_return_t
mach_port_set_label(ipc_space_t task, mach_port_name_t name, const_mach_port_label_t label)
{
	kern_return_t kr = machrv_port_set_label_trap(task, name, label);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_set_label(task, name, label);
	return kr;
}

kern_return_t
mach_port_request_notification(ipc_space_t task, mach_port_name_t name, mach_msg_id_t msgid,
                               mach_port_mscount_t sync, mach_port_t notify,
                               mach_msg_type_name_t notifyPoly, mach_port_t *previous)
{
	kern_return_t kr = _kernelrpc_mach_port_request_notification_trap(task, name, msgid, sync,
	                                                                  notify, notifyPoly,
	                                                                  previous);
	if (kr == MACH_SEND_INVALID_DEST)
		kr = _kernelrpc_mach_port_request_notification(task, name, msgid, sync, notify,
		                                               notifyPoly, previous);
	return kr;
}
