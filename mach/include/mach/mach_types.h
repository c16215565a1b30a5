/* SPDX-License-Identifier: BSD-2-Clause */
/* User-visible names of kernel objects.  Outside the kernel every kernel
 * object is reached through a port, so each is a mach_port_t. */
#ifndef _MACH_MACH_TYPES_H_
#define _MACH_MACH_TYPES_H_

#include <mach/std_types.h>

typedef mach_port_t task_t;
typedef mach_port_t task_name_t;
typedef mach_port_t thread_t;
typedef mach_port_t thread_act_t;
typedef mach_port_t ipc_space_t;
typedef mach_port_t host_t;
typedef mach_port_t host_priv_t;
typedef mach_port_t host_security_t;
typedef mach_port_t processor_t;
typedef mach_port_t processor_set_t;
typedef mach_port_t processor_set_name_t;
typedef mach_port_t vm_map_t;
typedef mach_port_t memory_object_t;
typedef mach_port_t memory_object_control_t;
typedef mach_port_t memory_object_name_t;
typedef mach_port_t mem_entry_name_port_t;
typedef mach_port_t upl_t;
typedef mach_port_t semaphore_t;
typedef mach_port_t clock_serv_t;
typedef mach_port_t exception_port_t;

typedef task_t *task_array_t;
typedef thread_t *thread_array_t;
typedef thread_act_t *thread_act_array_t;
typedef processor_t *processor_array_t;
typedef processor_set_t *processor_set_array_t;

typedef integer_t *task_info_t;
typedef integer_t *thread_info_t;
typedef integer_t *host_info_t;
typedef natural_t *thread_state_t;
typedef natural_t task_flavor_t;
typedef natural_t thread_flavor_t;
typedef natural_t host_flavor_t;
typedef int thread_state_flavor_t;
typedef int exception_type_t;
typedef int exception_behavior_t;
typedef integer_t exception_data_type_t;
typedef int64_t mach_exception_data_type_t;
typedef exception_data_type_t *exception_data_t;
typedef mach_exception_data_type_t *mach_exception_data_t;
typedef unsigned int exception_mask_t;
typedef exception_mask_t *exception_mask_array_t;
typedef exception_behavior_t *exception_behavior_array_t;
typedef thread_state_flavor_t *exception_flavor_array_t;
typedef mach_port_t *exception_handler_array_t;
typedef int vm_region_flavor_t;
typedef int *vm_region_info_t;
typedef unsigned int memory_object_offset_t32;
typedef uint64_t memory_object_offset_t;
typedef uint64_t memory_object_size_t;
typedef int memory_object_copy_strategy_t;
typedef int memory_object_return_t;
typedef int memory_object_flavor_t;
typedef int *memory_object_info_t;
typedef unsigned int vm_sync_t;
typedef int policy_t;
typedef int *policy_base_t;
typedef int sync_policy_t;

#endif /* _MACH_MACH_TYPES_H_ */
