/* SPDX-License-Identifier: BSD-2-Clause */
/* time_value_t: seconds and microseconds, as task_info and thread_info
 * report times (XNU's, 32-bit seconds); rpc_time_value_t: GNU Mach's
 * time_value_t as it travels on its 64-bit targets (64-bit seconds),
 * host_get_time's and every interface's that names time_value_t (see
 * <mach/mach_types.defs>); time_value64_t (GNU Mach's): 64-bit seconds
 * and nanoseconds, host_get_time64's. */
#ifndef _MACH_TIME_VALUE_H_
#define _MACH_TIME_VALUE_H_

#include <mach/machine/vm_types.h>

typedef struct time_value {
	integer_t seconds;
	integer_t microseconds;
} time_value_t;

#define TIME_MICROS_MAX 1000000

/* 16 bytes: seconds, microseconds, 4 bytes of padding. */
typedef struct rpc_time_value {
	int64_t seconds;
	integer_t microseconds;
} rpc_time_value_t;

typedef struct time_value64 {
	int64_t seconds;
	int64_t nanoseconds;
} time_value64_t;

#define TIME_NANOS_MAX 1000000000

#endif /* _MACH_TIME_VALUE_H_ */
