/* SPDX-License-Identifier: BSD-2-Clause */
/* vm_region flavors and the structures they return. */
#ifndef _MACH_VM_REGION_H_
#define _MACH_VM_REGION_H_

#include <mach/machine/vm_types.h>
#include <mach/message.h>
#include <mach/vm_types.h>

typedef int vm_region_flavor_t;
typedef int *vm_region_info_t;
#define VM_REGION_INFO_MAX 10
typedef int vm_region_info_data_t[VM_REGION_INFO_MAX];

#pragma pack(push, 4)

/* VM_REGION_BASIC_INFO: the protections, inheritance and sharing of a region. */
#define VM_REGION_BASIC_INFO_64 9
#define VM_REGION_BASIC_INFO    VM_REGION_BASIC_INFO_64
struct vm_region_basic_info_64 {
	vm_prot_t protection;
	vm_prot_t max_protection;
	vm_inherit_t inheritance;
	boolean_t shared;
	boolean_t reserved;
	uint64_t offset;              /* in the memory object */
	vm_behavior_t behavior;
	unsigned short user_wired_count;
};
typedef struct vm_region_basic_info_64 vm_region_basic_info_64_data_t;
typedef struct vm_region_basic_info_64 *vm_region_basic_info_64_t;
typedef vm_region_basic_info_64_data_t vm_region_basic_info_data_t;
typedef vm_region_basic_info_64_t vm_region_basic_info_t;
#define VM_REGION_BASIC_INFO_COUNT_64 \
	((mach_msg_type_number_t)(sizeof(vm_region_basic_info_64_data_t) / sizeof(int)))
#define VM_REGION_BASIC_INFO_COUNT VM_REGION_BASIC_INFO_COUNT_64

#pragma pack(pop)

#ifndef __cplusplus
_Static_assert(VM_REGION_BASIC_INFO_COUNT <= VM_REGION_INFO_MAX, "fits vm_region_info_t");
#endif

#endif /* _MACH_VM_REGION_H_ */
