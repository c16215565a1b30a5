/* SPDX-License-Identifier: BSD-2-Clause */
/* Scheduling policies, as task_info and thread_info report them. */
#ifndef _MACH_POLICY_H_
#define _MACH_POLICY_H_

typedef int policy_t;
typedef int *policy_base_t;

#define POLICY_NULL       0
#define POLICY_TIMESHARE  1
#define POLICY_RR         2
#define POLICY_FIFO       4

#endif /* _MACH_POLICY_H_ */
