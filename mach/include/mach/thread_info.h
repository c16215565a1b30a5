/* SPDX-License-Identifier: BSD-2-Clause */
/* thread_info flavors and the structures they return. */
#ifndef _MACH_THREAD_INFO_H_
#define _MACH_THREAD_INFO_H_

#include <mach/machine/vm_types.h>
#include <mach/message.h>
#include <mach/policy.h>
#include <mach/time_value.h>

typedef natural_t thread_flavor_t;
typedef integer_t *thread_info_t;
#define THREAD_INFO_MAX 32
typedef integer_t thread_info_data_t[THREAD_INFO_MAX];

/* THREAD_BASIC_INFO: times, state and suspend count. */
#define THREAD_BASIC_INFO 3
struct thread_basic_info {
	time_value_t user_time;
	time_value_t system_time;
	integer_t cpu_usage;        /* scaled by TH_USAGE_SCALE */
	policy_t policy;
	integer_t run_state;        /* TH_STATE_* */
	integer_t flags;            /* TH_FLAGS_* */
	integer_t suspend_count;
	integer_t sleep_time;       /* seconds it has been waiting */
};
typedef struct thread_basic_info thread_basic_info_data_t;
typedef struct thread_basic_info *thread_basic_info_t;
#define THREAD_BASIC_INFO_COUNT \
	((mach_msg_type_number_t)(sizeof(thread_basic_info_data_t) / sizeof(natural_t)))

/* THREAD_IDENTIFIER_INFO (XNU's flavor 4): the kernel's id of the thread,
 * the one <machrv/syscall_msg.h> requests carry in thread_id. */
#define THREAD_IDENTIFIER_INFO 4
struct thread_identifier_info {
	uint64_t thread_id;         /* unique for the kernel's life */
	uint64_t thread_handle;     /* 0: no thread-local handle is kept */
	uint64_t dispatch_qaddr;    /* 0 */
};
typedef struct thread_identifier_info thread_identifier_info_data_t;
typedef struct thread_identifier_info *thread_identifier_info_t;
#define THREAD_IDENTIFIER_INFO_COUNT \
	((mach_msg_type_number_t)(sizeof(thread_identifier_info_data_t) / sizeof(natural_t)))

#define TH_USAGE_SCALE 1000

#define TH_STATE_RUNNING         1   /* running or runnable */
#define TH_STATE_STOPPED         2   /* suspended */
#define TH_STATE_WAITING         3   /* waiting, interruptibly */
#define TH_STATE_UNINTERRUPTIBLE 4   /* waiting, not interruptibly */
#define TH_STATE_HALTED          5   /* terminated, not yet reaped */

#define TH_FLAGS_SWAPPED 0x1
#define TH_FLAGS_IDLE    0x2         /* an idle thread */

#ifndef __cplusplus
_Static_assert(THREAD_BASIC_INFO_COUNT == 10, "thread_basic_info is 10 words");
#endif

#endif /* _MACH_THREAD_INFO_H_ */
