/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The atomic steps of a spinlock (kern/lock.h), in RISC-V's own terms:
 * amoswap.w sign-extends the old word into its register, which the
 * compiler's __atomic_exchange_n does not know (it extends it again), and
 * an AMO's .rl bit is a release store on its own.
 */
#ifndef _RISCV_SPIN_H_
#define _RISCV_SPIN_H_
#include <stdint.h>

/* spin_swap_acquire: set *word to 1 (acquire ordering); its old value. */
static inline __attribute__((always_inline)) long
spin_swap_acquire(volatile uint32_t *word)
{
	long old;

	__asm__ __volatile__("amoswap.w.aq %0, %2, %1"
			     : "=r"(old), "+A"(*word)
			     : "r"(1L)
			     : "memory");
	return old;
}

/*
 * spin_release: set *word to 0 with release ordering of this hart's
 * memory accesses (not its device accesses), in one instruction (GCC 12's
 * release store is a fence for both and a swap).
 */
static inline __attribute__((always_inline)) void
spin_release(volatile uint32_t *word)
{
	__asm__ __volatile__("amoswap.w.rl zero, zero, %0" : "+A"(*word) : : "memory");
}

#endif /* _RISCV_SPIN_H_ */
