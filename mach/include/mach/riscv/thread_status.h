/* SPDX-License-Identifier: BSD-2-Clause */
/* The register state of a RISC-V user thread, as thread_get_state,
 * thread_set_state, thread_create_running and the exception messages carry
 * it.  Counts are in natural_t (32-bit) units, as Mach counts them. */
#ifndef _MACH_RISCV_THREAD_STATUS_H_
#define _MACH_RISCV_THREAD_STATUS_H_

#include <stdint.h>
#include <mach/machine/vm_types.h>

/* Flavors.  0 is THREAD_STATE_FLAVOR_LIST, in <mach/thread_status.h>. */
#define RISCV_THREAD_STATE      1   /* pc and x1..x31 */
#define RISCV_FLOAT_STATE       2   /* f0..f31 and fcsr */
#define RISCV_EXCEPTION_STATE   3   /* scause and stval of the last exception (read only) */

/*
 * The integer registers.  Slot 0 holds the pc, where x0 (always zero) would
 * be, so that slot i is register xi for every other i: x[i] in the array
 * view, or the ABI name.  thread_set_state on a thread stopped in a trap
 * resumes it at `pc'; the kernel does not add 4.
 */
typedef struct riscv_thread_state {
	union {
		uint64_t x[32];
		struct {
			uint64_t pc;
			uint64_t ra, sp, gp, tp;
			uint64_t t0, t1, t2;
			uint64_t s0, s1;
			uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
			uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
			uint64_t t3, t4, t5, t6;
		};
	};
} riscv_thread_state_t;

/* The floating-point registers (D extension: 64 bits each) and fcsr. */
typedef struct riscv_float_state {
	uint64_t f[32];
	uint32_t fcsr;
	uint32_t pad;      /* zero */
} riscv_float_state_t;

/* Why the thread last entered the kernel from user mode. */
typedef struct riscv_exception_state {
	uint64_t scause;
	uint64_t stval;
} riscv_exception_state_t;

#define RISCV_THREAD_STATE_COUNT \
	((mach_msg_type_number_t)(sizeof(riscv_thread_state_t) / sizeof(natural_t)))
#define RISCV_FLOAT_STATE_COUNT \
	((mach_msg_type_number_t)(sizeof(riscv_float_state_t) / sizeof(natural_t)))
#define RISCV_EXCEPTION_STATE_COUNT \
	((mach_msg_type_number_t)(sizeof(riscv_exception_state_t) / sizeof(natural_t)))

#define MACHINE_THREAD_STATE        RISCV_THREAD_STATE
#define MACHINE_THREAD_STATE_COUNT  RISCV_THREAD_STATE_COUNT

/* The largest state of any flavor, in natural_t: thread_state_t's bound
 * in <mach/mach_types.defs> (room for a vector state later). */
#define THREAD_STATE_MAX            144

#ifndef __cplusplus
_Static_assert(sizeof(riscv_thread_state_t) == 32 * 8, "pc + x1..x31");
_Static_assert(sizeof(riscv_float_state_t) == 33 * 8, "f0..f31 + fcsr");
_Static_assert(RISCV_FLOAT_STATE_COUNT <= THREAD_STATE_MAX, "float state fits thread_state_t");
#endif

#endif /* _MACH_RISCV_THREAD_STATUS_H_ */
