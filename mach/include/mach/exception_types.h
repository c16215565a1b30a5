/* SPDX-License-Identifier: BSD-2-Clause */
/* Exceptions: their types (XNU's numbers), the masks that select them in
 * task_set_exception_ports, and the behaviors that say which message of
 * exc.defs (or mach_exc.defs) the handler gets. */
#ifndef _MACH_EXCEPTION_TYPES_H_
#define _MACH_EXCEPTION_TYPES_H_

#include <stdint.h>
#include <mach/port.h>
#include <mach/thread_status.h>

#define EXC_BAD_ACCESS       1   /* no valid mapping, or protection: code[0] KERN_*, code[1] address */
#define EXC_BAD_INSTRUCTION  2   /* illegal instruction: code[0] EXC_RISCV_ILLEGAL_INSTRUCTION */
#define EXC_ARITHMETIC       3   /* RISC-V raises none; kept for the numbering */
#define EXC_EMULATION        4
#define EXC_SOFTWARE         5   /* raised by software (code[0] chosen by it) */
#define EXC_BREAKPOINT       6   /* ebreak: code[0] EXC_RISCV_BREAKPOINT */
#define EXC_SYSCALL          7   /* a Unix system call (ecall, a7 >= 0) with no syscall port */
#define EXC_MACH_SYSCALL     8   /* an unknown Mach trap (ecall, a7 < 0) */
#define EXC_RPC_ALERT        9
#define EXC_CRASH            10

#define EXC_TYPES_COUNT      11  /* one more than the largest type */
#define FIRST_EXCEPTION      1

#define EXC_MASK_BAD_ACCESS       (1U << EXC_BAD_ACCESS)
#define EXC_MASK_BAD_INSTRUCTION  (1U << EXC_BAD_INSTRUCTION)
#define EXC_MASK_ARITHMETIC       (1U << EXC_ARITHMETIC)
#define EXC_MASK_EMULATION        (1U << EXC_EMULATION)
#define EXC_MASK_SOFTWARE         (1U << EXC_SOFTWARE)
#define EXC_MASK_BREAKPOINT       (1U << EXC_BREAKPOINT)
#define EXC_MASK_SYSCALL          (1U << EXC_SYSCALL)
#define EXC_MASK_MACH_SYSCALL     (1U << EXC_MACH_SYSCALL)
#define EXC_MASK_RPC_ALERT        (1U << EXC_RPC_ALERT)
#define EXC_MASK_CRASH            (1U << EXC_CRASH)
#define EXC_MASK_ALL \
	(EXC_MASK_BAD_ACCESS | EXC_MASK_BAD_INSTRUCTION | EXC_MASK_ARITHMETIC | \
	 EXC_MASK_EMULATION | EXC_MASK_SOFTWARE | EXC_MASK_BREAKPOINT | \
	 EXC_MASK_SYSCALL | EXC_MASK_MACH_SYSCALL | EXC_MASK_RPC_ALERT)

/* Behaviors: which message the handler receives. */
#define EXCEPTION_DEFAULT         1   /* exception_raise: thread, task, codes */
#define EXCEPTION_STATE           2   /* exception_raise_state: codes, state in and out */
#define EXCEPTION_STATE_IDENTITY  3   /* exception_raise_state_identity: both */
/* OR'ed into a behavior: send 64-bit codes (mach_exc.defs), which RV64
 * addresses need; without it code[1] of EXC_BAD_ACCESS is truncated. */
#define MACH_EXCEPTION_CODES      0x80000000U
#define MACH_EXCEPTION_MASK       MACH_EXCEPTION_CODES

typedef int exception_type_t;
typedef integer_t exception_data_type_t;
typedef int64_t mach_exception_data_type_t;
typedef int64_t mach_exception_code_t;
typedef int64_t mach_exception_subcode_t;
typedef exception_data_type_t *exception_data_t;
typedef mach_exception_data_type_t *mach_exception_data_t;
typedef unsigned int exception_mask_t;
typedef exception_mask_t *exception_mask_array_t;
typedef int exception_behavior_t;
typedef exception_behavior_t *exception_behavior_array_t;
typedef thread_state_flavor_t *exception_flavor_array_t;
typedef mach_port_t *exception_handler_array_t;
typedef mach_port_t exception_handler_t;
typedef exception_handler_t exception_port_t;
typedef mach_port_t *exception_port_array_t;

/* The most codes any exception carries (code[0], code[1]). */
#define EXCEPTION_CODE_MAX        2

#include <mach/machine/exception.h>

#endif /* _MACH_EXCEPTION_TYPES_H_ */
