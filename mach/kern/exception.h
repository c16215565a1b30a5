/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exceptions: a user thread did something the kernel cannot complete for
 * it (a bad access, an illegal instruction, a breakpoint).  Mach sends
 * exception_raise to the thread's, then the task's, then the host's
 * exception port; with none, or none that handles it, the task ends.
 */
#ifndef _KERN_EXCEPTION_H_
#define _KERN_EXCEPTION_H_
#include <stdint.h>
#include <mach/kern_return.h>
#include "riscv/trap.h"

/* Exception types, as <mach/exception_types.h>. */
#define EXC_BAD_ACCESS		1
#define EXC_BAD_INSTRUCTION	2
#define EXC_ARITHMETIC		3
#define EXC_EMULATION		4
#define EXC_SOFTWARE		5
#define EXC_BREAKPOINT		6

/*
 * exception_deliver: raise `exception' with (code, subcode) for the
 * current user thread.  Returns if a handler handled it (the thread goes
 * on with its possibly changed state); otherwise ends the task.
 */
void exception_deliver(struct trap_frame *tf, int exception, int64_t code, int64_t subcode);
const char *exception_name(int exception);

#endif /* _KERN_EXCEPTION_H_ */
