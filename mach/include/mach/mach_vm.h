/* SPDX-License-Identifier: BSD-2-Clause */
/* <mach/mach_vm.h>: the mach_vm_* names of XNU's mach_vm.defs, with XNU's
 * arguments (64-bit addresses and sizes).  On RV64 they are the vm_*
 * calls of <mach/vm_map.h> (whose addresses are 64 bits too): libmach
 * provides them as functions calling those, so they travel as messages
 * 3800-3822 of vm_map.defs, not 4800- of mach_vm.defs
 * (docs/differences.md).  Returns: as the vm_ call of the same name. */
#ifndef _MACH_MACH_VM_H_
#define _MACH_MACH_VM_H_
#include <mach/mach_types.h>
#include <mach/vm_prot.h>
#include <mach/vm_inherit.h>
#include <mach/vm_behavior.h>
#include <mach/vm_region.h>
#include <mach/vm_sync.h>
#include <mach/memory_object_types.h>

kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address,
                               mach_vm_size_t size, int flags);
kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address,
                                 mach_vm_size_t size);
kern_return_t mach_vm_protect(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                              boolean_t set_maximum, vm_prot_t new_protection);
kern_return_t mach_vm_inherit(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                              vm_inherit_t new_inheritance);
kern_return_t mach_vm_read(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                           vm_offset_t *data, mach_msg_type_number_t *dataCnt);
kern_return_t mach_vm_write(vm_map_t target, mach_vm_address_t address, vm_offset_t data,
                            mach_msg_type_number_t dataCnt);
kern_return_t mach_vm_copy(vm_map_t target, mach_vm_address_t source_address,
                           mach_vm_size_t size, mach_vm_address_t dest_address);
kern_return_t mach_vm_read_overwrite(vm_map_t target, mach_vm_address_t address,
                                     mach_vm_size_t size, mach_vm_address_t data,
                                     mach_vm_size_t *outsize);
kern_return_t mach_vm_msync(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                            vm_sync_t sync_flags);
kern_return_t mach_vm_behavior_set(vm_map_t target, mach_vm_address_t address,
                                   mach_vm_size_t size, vm_behavior_t new_behavior);
kern_return_t mach_vm_map(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t size,
                          mach_vm_offset_t mask, int flags, mem_entry_name_port_t object,
                          memory_object_offset_t offset, boolean_t copy,
                          vm_prot_t cur_protection, vm_prot_t max_protection,
                          vm_inherit_t inheritance);
kern_return_t mach_vm_machine_attribute(vm_map_t target, mach_vm_address_t address,
                                        mach_vm_size_t size, vm_machine_attribute_t attribute,
                                        vm_machine_attribute_val_t *value);
/* flags: VM_FLAGS_ANYWHERE or VM_FLAGS_FIXED (others are refused). */
kern_return_t mach_vm_remap(vm_map_t target, mach_vm_address_t *target_address,
                            mach_vm_size_t size, mach_vm_offset_t mask, int flags,
                            vm_map_t src_task, mach_vm_address_t src_address, boolean_t copy,
                            vm_prot_t *cur_protection, vm_prot_t *max_protection,
                            vm_inherit_t inheritance);
kern_return_t mach_vm_region(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t *size,
                             vm_region_flavor_t flavor, vm_region_info_t info,
                             mach_msg_type_number_t *infoCnt, mach_port_t *object_name);

#endif /* _MACH_MACH_VM_H_ */
