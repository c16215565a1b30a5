/* SPDX-License-Identifier: BSD-2-Clause */
/* task_info flavors and the structures they return.  Counts are in
 * natural_t units; the structures are packed to 4 bytes, as in XNU, so
 * that they are arrays of natural_t in messages. */
#ifndef _MACH_TASK_INFO_H_
#define _MACH_TASK_INFO_H_

#include <mach/machine/vm_types.h>
#include <mach/message.h>
#include <mach/policy.h>
#include <mach/time_value.h>

typedef natural_t task_flavor_t;
typedef integer_t *task_info_t;
#define TASK_INFO_MAX 32
typedef integer_t task_info_data_t[TASK_INFO_MAX];

#pragma pack(push, 4)

/* TASK_BASIC_INFO: sizes, suspend count, times of its dead threads. */
#define TASK_BASIC_INFO 5   /* XNU's TASK_BASIC_INFO_64: LP64 sizes */
struct task_basic_info {
	integer_t suspend_count;
	mach_vm_size_t virtual_size;     /* bytes mapped */
	mach_vm_size_t resident_size;    /* bytes resident */
	time_value_t user_time;          /* of terminated threads */
	time_value_t system_time;
	policy_t policy;
};
typedef struct task_basic_info task_basic_info_data_t;
typedef struct task_basic_info *task_basic_info_t;
#define TASK_BASIC_INFO_COUNT \
	((mach_msg_type_number_t)(sizeof(task_basic_info_data_t) / sizeof(natural_t)))

/* TASK_THREAD_TIMES_INFO: times of its live threads. */
#define TASK_THREAD_TIMES_INFO 3
struct task_thread_times_info {
	time_value_t user_time;
	time_value_t system_time;
};
typedef struct task_thread_times_info task_thread_times_info_data_t;
typedef struct task_thread_times_info *task_thread_times_info_t;
#define TASK_THREAD_TIMES_INFO_COUNT \
	((mach_msg_type_number_t)(sizeof(task_thread_times_info_data_t) / sizeof(natural_t)))

/* MACH_TASK_BASIC_INFO: XNU's newer layout of the basic information. */
#define MACH_TASK_BASIC_INFO 20
struct mach_task_basic_info {
	mach_vm_size_t virtual_size;
	mach_vm_size_t resident_size;
	mach_vm_size_t resident_size_max;
	time_value_t user_time;
	time_value_t system_time;
	policy_t policy;
	integer_t suspend_count;
};
typedef struct mach_task_basic_info mach_task_basic_info_data_t;
typedef struct mach_task_basic_info *mach_task_basic_info_t;
#define MACH_TASK_BASIC_INFO_COUNT \
	((mach_msg_type_number_t)(sizeof(mach_task_basic_info_data_t) / sizeof(natural_t)))

/* MachRV: the task's name in the kernel's console messages ("task NAME (id):
 * unhandled ..."), a C string of at most 31 characters; task_set_info and
 * task_info.  A task made by task_create starts with its parent's name. */
#define TASK_MACHRV_NAME 0x4d52
struct task_machrv_name {
	char name[32];
};
typedef struct task_machrv_name task_machrv_name_data_t;
#define TASK_MACHRV_NAME_COUNT \
	((mach_msg_type_number_t)(sizeof(task_machrv_name_data_t) / sizeof(natural_t)))

#pragma pack(pop)

#ifndef __cplusplus
_Static_assert(sizeof(struct task_basic_info) == 40, "task_basic_info is 10 words");
_Static_assert(TASK_BASIC_INFO_COUNT <= TASK_INFO_MAX, "fits task_info_t");
_Static_assert(MACH_TASK_BASIC_INFO_COUNT <= TASK_INFO_MAX, "fits task_info_t");
#endif

#endif /* _MACH_TASK_INFO_H_ */
