/* SPDX-License-Identifier: BSD-2-Clause */
/* host_info and host_statistics flavors, their structures, and the kernel
 * version string. */
#ifndef _MACH_HOST_INFO_H_
#define _MACH_HOST_INFO_H_

#include <stdint.h>
#include <mach/machine/vm_types.h>
#include <mach/message.h>
#include <mach/machine.h>
#include <mach/vm_statistics.h>

typedef natural_t host_flavor_t;
typedef integer_t *host_info_t;
#define HOST_INFO_MAX 16
typedef integer_t host_info_data_t[HOST_INFO_MAX];

/* host_kernel_version's result: a terminated string. */
#define KERNEL_VERSION_MAX 512
typedef char kernel_version_t[KERNEL_VERSION_MAX];

#pragma pack(push, 4)

/* HOST_BASIC_INFO: processors and memory. */
#define HOST_BASIC_INFO 1
struct host_basic_info {
	integer_t max_cpus;          /* harts the kernel supports */
	integer_t avail_cpus;        /* harts online */
	natural_t memory_size;       /* bytes of RAM, saturated at 2^32-1 */
	cpu_type_t cpu_type;         /* CPU_TYPE_RISCV64 */
	cpu_subtype_t cpu_subtype;
	cpu_threadtype_t cpu_threadtype;
	integer_t physical_cpu;
	integer_t physical_cpu_max;
	integer_t logical_cpu;
	integer_t logical_cpu_max;
	uint64_t max_mem;            /* bytes of RAM */
};
typedef struct host_basic_info host_basic_info_data_t;
typedef struct host_basic_info *host_basic_info_t;
#define HOST_BASIC_INFO_COUNT \
	((mach_msg_type_number_t)(sizeof(host_basic_info_data_t) / sizeof(integer_t)))

/* HOST_SCHED_INFO: the clock. */
#define HOST_SCHED_INFO 3
struct host_sched_info {
	integer_t min_timeout;       /* milliseconds */
	integer_t min_quantum;       /* milliseconds */
};
typedef struct host_sched_info host_sched_info_data_t;
typedef struct host_sched_info *host_sched_info_t;
#define HOST_SCHED_INFO_COUNT \
	((mach_msg_type_number_t)(sizeof(host_sched_info_data_t) / sizeof(integer_t)))

/* HOST_PRIORITY_INFO: the scheduler's priorities (0..127, 127 highest). */
#define HOST_PRIORITY_INFO 5
struct host_priority_info {
	integer_t kernel_priority;
	integer_t system_priority;
	integer_t server_priority;
	integer_t user_priority;
	integer_t depress_priority;
	integer_t idle_priority;
	integer_t minimum_priority;
	integer_t maximum_priority;
};
typedef struct host_priority_info host_priority_info_data_t;
typedef struct host_priority_info *host_priority_info_t;
#define HOST_PRIORITY_INFO_COUNT \
	((mach_msg_type_number_t)(sizeof(host_priority_info_data_t) / sizeof(integer_t)))

/* HOST_MACHRV_TIMEBASE_INFO (MachRV): how long a tick of the time CSR
 * (mach_absolute_time) is: numer / denom nanoseconds, as XNU's
 * mach_timebase_info_data_t (<mach/mach_time.h>), whose layout this is. */
#define HOST_MACHRV_TIMEBASE_INFO 101
struct host_machrv_timebase_info {
	natural_t numer;
	natural_t denom;
};
#define HOST_MACHRV_TIMEBASE_INFO_COUNT \
	((mach_msg_type_number_t)(sizeof(struct host_machrv_timebase_info) / sizeof(integer_t)))

#pragma pack(pop)

/* host_statistics flavors. */
#define HOST_LOAD_INFO 1
#define HOST_VM_INFO   2   /* struct vm_statistics, <mach/vm_statistics.h> */
#define HOST_CPU_LOAD_INFO 3

#ifndef __cplusplus
_Static_assert(HOST_BASIC_INFO_COUNT <= HOST_INFO_MAX, "fits host_info_t");
_Static_assert(HOST_VM_INFO_COUNT <= HOST_INFO_MAX, "fits host_info_t");
#endif

#endif /* _MACH_HOST_INFO_H_ */
