/* SPDX-License-Identifier: BSD-2-Clause */
/* Thread state in general: the flavor-tagged arrays of natural_t that
 * thread_get_state and thread_set_state move.  The flavors themselves are
 * the machine's (<mach/machine/thread_status.h>). */
#ifndef _MACH_THREAD_STATUS_H_
#define _MACH_THREAD_STATUS_H_

#include <mach/machine/vm_types.h>
#include <mach/message.h>
#include <mach/machine/thread_status.h>

typedef natural_t *thread_state_t;
typedef natural_t thread_state_data_t[THREAD_STATE_MAX];
typedef int thread_state_flavor_t;
typedef thread_state_flavor_t *thread_state_flavor_array_t;

/* thread_get_state with this flavor returns the flavors the thread has. */
#define THREAD_STATE_FLAVOR_LIST    0

#endif /* _MACH_THREAD_STATUS_H_ */
