/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MIG messages behind libmach's mach_port_* and vm_* calls that have a
 * kernel-RPC trap (<mach/mach_traps.h>, libmach/kernelrpc.c): libmach's
 * mach_port_allocate etc. try the trap and send these when it says
 * MACH_SEND_INVALID_DEST (the target is no task port).  Call them to send
 * the message whatever the target (tests compare the two).
 */
#ifndef _MACHRV_KERNELRPC_H_
#define _MACHRV_KERNELRPC_H_

#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/vm_prot.h>
#include <mach/vm_inherit.h>
#include <mach/vm_types.h>

kern_return_t _kernelrpc_mach_port_allocate(ipc_space_t task, mach_port_right_t right,
                                            mach_port_name_t *name);
kern_return_t _kernelrpc_mach_port_destroy(ipc_space_t task, mach_port_name_t name);
kern_return_t _kernelrpc_mach_port_deallocate(ipc_space_t task, mach_port_name_t name);
kern_return_t _kernelrpc_mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
                                            mach_port_right_t right, mach_port_delta_t delta);
kern_return_t _kernelrpc_mach_port_move_member(ipc_space_t task, mach_port_name_t member,
                                               mach_port_name_t after);
kern_return_t _kernelrpc_mach_port_insert_right(ipc_space_t task, mach_port_name_t name,
                                                mach_port_t poly, mach_msg_type_name_t polyPoly);
kern_return_t _kernelrpc_mach_port_insert_member(ipc_space_t task, mach_port_name_t name,
                                                 mach_port_name_t pset);
kern_return_t _kernelrpc_mach_port_extract_member(ipc_space_t task, mach_port_name_t name,
                                                  mach_port_name_t pset);
kern_return_t _kernelrpc_vm_allocate(vm_map_t target_task, vm_address_t *address,
                                     vm_size_t size, int flags);
kern_return_t _kernelrpc_vm_deallocate(vm_map_t target_task, vm_address_t address,
                                       vm_size_t size);
kern_return_t _kernelrpc_vm_protect(vm_map_t target_task, vm_address_t address,
                                    vm_size_t size, boolean_t set_maximum,
                                    vm_prot_t new_protection);
kern_return_t _kernelrpc_vm_map(vm_map_t target_task, vm_address_t *address, vm_size_t size,
                                vm_address_t mask, int flags, mem_entry_name_port_t object,
                                vm_offset_t offset, boolean_t copy, vm_prot_t cur_protection,
                                vm_prot_t max_protection, vm_inherit_t inheritance);

kern_return_t _kernelrpc_vm_write(vm_map_t target_task, vm_address_t address, vm_offset_t data,
                                  mach_msg_type_number_t dataCnt);
kern_return_t _kernelrpc_vm_read_overwrite(vm_map_t target_task, vm_address_t address,
                                           vm_size_t size, vm_address_t data,
                                           vm_size_t *outsize);

kern_return_t _kernelrpc_mach_port_request_notification(ipc_space_t task, mach_port_name_t name,
                                                       mach_msg_id_t msgid,
                                                       mach_port_mscount_t sync,
                                                       mach_port_t notify,
                                                       mach_msg_type_name_t notifyPoly,
                                                       mach_port_t *previous);
kern_return_t _kernelrpc_mach_port_set_label(ipc_space_t task, mach_port_name_t name,
                                             const char *label);

#endif /* _MACHRV_KERNELRPC_H_ */
