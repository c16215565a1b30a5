/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A user thread's machine state as thread_get_state/thread_set_state see
 * it (<mach/riscv/thread_status.h>): RISCV_THREAD_STATE (pc, x1..x31),
 * RISCV_FLOAT_STATE (f0..f31, fcsr), RISCV_EXCEPTION_STATE (read only).
 * The thread must be stopped (suspended, or the caller itself in the
 * kernel): the state is its trap frame and saved FP registers.
 */
#ifndef _KERN_THREAD_STATE_H_
#define _KERN_THREAD_STATE_H_
#include <mach/thread_status.h>
#include "kern/thread.h"

/*
 * thread_state_get, thread_state_set: read or write the registers of
 * `flavor' in a user thread's trap frame (and its saved FP state).  The
 * thread must be stopped off its hart, or be the caller (thread_stop);
 * they do not check.
 * Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (a kernel thread, an
 * unknown flavor, a count too small, or for set: a pc or sp outside the
 * user half).
 */
kern_return_t thread_state_get(thread_t th, thread_state_flavor_t flavor, thread_state_t state,
			       mach_msg_type_number_t *count);
kern_return_t thread_state_set(thread_t th, thread_state_flavor_t flavor, thread_state_t state,
			       mach_msg_type_number_t count);

#endif /* _KERN_THREAD_STATE_H_ */
