/* SPDX-License-Identifier: BSD-2-Clause */
/* time_value_t: seconds and microseconds, as task_info and thread_info
 * report times. */
#ifndef _MACH_TIME_VALUE_H_
#define _MACH_TIME_VALUE_H_

#include <mach/machine/vm_types.h>

typedef struct time_value {
	integer_t seconds;
	integer_t microseconds;
} time_value_t;

#define TIME_MICROS_MAX 1000000

#endif /* _MACH_TIME_VALUE_H_ */
