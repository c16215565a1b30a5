/* SPDX-License-Identifier: BSD-2-Clause */
/* The C names of kernel objects and of the data the kernel interfaces
 * carry.  Outside the kernel every kernel object is reached through a port,
 * so each is a mach_port_t; inside it (MACH_KERNEL) they are pointers to the
 * kernel's structures, which the MIG server stubs get from the conversion
 * functions of <mach/kobject_conv.h>. */
#ifndef _MACH_MACH_TYPES_H_
#define _MACH_MACH_TYPES_H_

#include <mach/std_types.h>
#include <mach/exception_types.h>
#include <mach/host_info.h>
#include <mach/machine.h>
#include <mach/policy.h>
#include <mach/task_info.h>
#include <mach/thread_info.h>
#include <mach/thread_status.h>
#include <mach/time_value.h>
#include <mach/vm_region.h>
#include <mach/vm_statistics.h>
#include <mach/vm_sync.h>

#ifdef MACH_KERNEL
struct task;
struct thread;
struct ipc_space;
struct vm_map;
struct host;
struct processor;
struct processor_set;
struct semaphore;
typedef struct task *task_t;
typedef struct task *task_name_t;
typedef struct thread *thread_t;
typedef struct thread *thread_act_t;
typedef struct ipc_space *ipc_space_t;
typedef struct vm_map *vm_map_t;
typedef struct host *host_t;
typedef struct host *host_priv_t;
typedef struct host *host_security_t;
typedef struct processor *processor_t;
typedef struct processor_set *processor_set_t;
typedef struct processor_set *processor_set_name_t;
typedef struct semaphore *semaphore_t;
#define TASK_NULL           ((task_t)0)
#define THREAD_NULL         ((thread_t)0)
#define HOST_NULL           ((host_t)0)
#else
typedef mach_port_t task_t;
typedef mach_port_t task_name_t;
typedef mach_port_t thread_t;
typedef mach_port_t thread_act_t;
typedef mach_port_t ipc_space_t;
typedef mach_port_t vm_map_t;
typedef mach_port_t host_t;
typedef mach_port_t host_priv_t;
typedef mach_port_t host_security_t;
typedef mach_port_t processor_t;
typedef mach_port_t processor_set_t;
typedef mach_port_t processor_set_name_t;
typedef mach_port_t semaphore_t;
#define TASK_NULL           ((task_t)0)
#define THREAD_NULL         ((thread_t)0)
#define HOST_NULL           ((host_t)0)
#endif

/* Objects that are ports on both sides (for now). */
typedef mach_port_t memory_object_t;
typedef mach_port_t memory_object_control_t;
typedef mach_port_t memory_object_name_t;
typedef mach_port_t mem_entry_name_port_t;
typedef mach_port_t upl_t;
typedef mach_port_t clock_serv_t;
typedef mach_port_t ledger_t;

/* Arrays of ports hold ports as messages carry them, on both sides: in the
 * kernel the server routine fills them with convert_*_to_port. */
typedef mach_port_t *task_array_t;
typedef mach_port_t *thread_array_t;
typedef mach_port_t *thread_act_array_t;
typedef mach_port_t *processor_array_t;
typedef mach_port_t *processor_set_array_t;
typedef mach_port_t *ledger_array_t;

typedef unsigned int memory_object_offset_t32;
typedef uint64_t memory_object_offset_t;
typedef uint64_t memory_object_size_t;
typedef int memory_object_copy_strategy_t;
typedef int memory_object_return_t;
typedef int memory_object_flavor_t;
typedef int *memory_object_info_t;
typedef int sync_policy_t;

#endif /* _MACH_MACH_TYPES_H_ */
