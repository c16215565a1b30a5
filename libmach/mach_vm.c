// SPDX-License-Identifier: BSD-2-Clause
// XNU's mach_vm_* calls (<mach/mach_vm.h>) as the vm_* calls of
// vm_map.defs: on RV64 both take 64-bit addresses and sizes.
#include <mach/mach.h>
#include <mach/mach_vm.h>

kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address,
                               mach_vm_size_t size, int flags)
{
	vm_address_t a = (vm_address_t)*address;
	kern_return_t kr = vm_allocate(target, &a, (vm_size_t)size, flags);

	if (kr == KERN_SUCCESS)
		*address = a;
	return kr;
}

kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size)
{
	return vm_deallocate(target, (vm_address_t)address, (vm_size_t)size);
}

kern_return_t mach_vm_protect(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                              boolean_t set_maximum, vm_prot_t new_protection)
{
	return vm_protect(target, (vm_address_t)address, (vm_size_t)size, set_maximum,
	                  new_protection);
}

kern_return_t mach_vm_inherit(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                              vm_inherit_t new_inheritance)
{
	return vm_inherit(target, (vm_address_t)address, (vm_size_t)size, new_inheritance);
}

kern_return_t mach_vm_read(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                           vm_offset_t *data, mach_msg_type_number_t *dataCnt)
{
	return vm_read(target, (vm_address_t)address, (vm_size_t)size, data, dataCnt);
}

kern_return_t mach_vm_write(vm_map_t target, mach_vm_address_t address, vm_offset_t data,
                            mach_msg_type_number_t dataCnt)
{
	return vm_write(target, (vm_address_t)address, data, dataCnt);
}

kern_return_t mach_vm_copy(vm_map_t target, mach_vm_address_t source_address,
                           mach_vm_size_t size, mach_vm_address_t dest_address)
{
	return vm_copy(target, (vm_address_t)source_address, (vm_size_t)size,
	               (vm_address_t)dest_address);
}

kern_return_t mach_vm_read_overwrite(vm_map_t target, mach_vm_address_t address,
                                     mach_vm_size_t size, mach_vm_address_t data,
                                     mach_vm_size_t *outsize)
{
	vm_size_t out = 0;
	kern_return_t kr = vm_read_overwrite(target, (vm_address_t)address, (vm_size_t)size,
	                                     (vm_address_t)data, &out);

	if (kr == KERN_SUCCESS)
		*outsize = out;
	return kr;
}

kern_return_t mach_vm_msync(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                            vm_sync_t sync_flags)
{
	return vm_msync(target, (vm_address_t)address, (vm_size_t)size, sync_flags);
}

kern_return_t mach_vm_behavior_set(vm_map_t target, mach_vm_address_t address,
                                   mach_vm_size_t size, vm_behavior_t new_behavior)
{
	return vm_behavior_set(target, (vm_address_t)address, (vm_size_t)size, new_behavior);
}

kern_return_t mach_vm_map(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t size,
                          mach_vm_offset_t mask, int flags, mem_entry_name_port_t object,
                          memory_object_offset_t offset, boolean_t copy,
                          vm_prot_t cur_protection, vm_prot_t max_protection,
                          vm_inherit_t inheritance)
{
	vm_address_t a = (vm_address_t)*address;
	kern_return_t kr = vm_map(target, &a, (vm_size_t)size, (vm_address_t)mask, flags, object,
	                          (vm_offset_t)offset, copy, cur_protection, max_protection,
	                          inheritance);

	if (kr == KERN_SUCCESS)
		*address = a;
	return kr;
}

kern_return_t mach_vm_machine_attribute(vm_map_t target, mach_vm_address_t address,
                                        mach_vm_size_t size, vm_machine_attribute_t attribute,
                                        vm_machine_attribute_val_t *value)
{
	return vm_machine_attribute(target, (vm_address_t)address, (vm_size_t)size, attribute,
	                            value);
}

kern_return_t mach_vm_remap(vm_map_t target, mach_vm_address_t *target_address,
                            mach_vm_size_t size, mach_vm_offset_t mask, int flags,
                            vm_map_t src_task, mach_vm_address_t src_address, boolean_t copy,
                            vm_prot_t *cur_protection, vm_prot_t *max_protection,
                            vm_inherit_t inheritance)
{
	if (flags & ~VM_FLAGS_ANYWHERE)
		return KERN_INVALID_ARGUMENT;
	vm_address_t a = (vm_address_t)*target_address;
	kern_return_t kr = vm_remap(target, &a, (vm_size_t)size, (vm_address_t)mask,
	                            (flags & VM_FLAGS_ANYWHERE) != 0, src_task,
	                            (vm_address_t)src_address, copy, cur_protection,
	                            max_protection, inheritance);

	if (kr == KERN_SUCCESS)
		*target_address = a;
	return kr;
}

kern_return_t mach_vm_region(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t *size,
                             vm_region_flavor_t flavor, vm_region_info_t info,
                             mach_msg_type_number_t *infoCnt, mach_port_t *object_name)
{
	vm_address_t a = (vm_address_t)*address;
	vm_size_t s = 0;
	kern_return_t kr = vm_region(target, &a, &s, flavor, info, infoCnt, object_name);

	if (kr == KERN_SUCCESS) {
		*address = a;
		*size = s;
	}
	return kr;
}
