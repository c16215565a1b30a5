/* SPDX-License-Identifier: BSD-2-Clause */
/* VM types shared by user space and the kernel. */
#ifndef _MACH_VM_TYPES_H_
#define _MACH_VM_TYPES_H_

#include <mach/machine/vm_types.h>

typedef vm_offset_t pointer_t;
typedef vm_offset_t vm_address_array_t;
typedef int vm_prot_t;
typedef unsigned int vm_inherit_t;
typedef int vm_behavior_t;
typedef int vm_machine_attribute_t;
typedef int vm_machine_attribute_val_t;

#endif /* _MACH_VM_TYPES_H_ */
