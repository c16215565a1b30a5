/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The atomic step of a spinlock (kern/lock.h), in RISC-V's own terms:
 * amoswap.w sign-extends the old word into its register, which the
 * compiler's __atomic_exchange_n does not know (it extends it again).
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

#endif /* _RISCV_SPIN_H_ */
