/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Atomic steps of the hot paths in RISC-V's own terms, where GCC 12's
 * builtins take more: amoswap.w sign-extends the old word into its
 * register, which __atomic_exchange_n does not know (it extends it
 * again); an AMO's .rl bit is a release store on its own, and .aqrl a
 * sequentially consistent AMO (GCC adds a fence before either).
 */
#ifndef _RISCV_ATOMIC_H_
#define _RISCV_ATOMIC_H_
#include <stdbool.h>
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

/*
 * atomic_release_ref: take one from the reference count *count (acquire
 * and release ordering, as a last reference's freeing needs); true if it
 * was the last.
 */
static inline __attribute__((always_inline)) bool
atomic_release_ref(volatile uint32_t *count)
{
	long old;

	__asm__ __volatile__("amoadd.w.aqrl %0, %2, %1"
			     : "=r"(old), "+A"(*count)
			     : "r"(-1L)
			     : "memory");
	return old == 1;
}

/* atomic_set_bits, atomic_clear_bits: *word |= bits, *word &= ~bits, sequentially consistent. */
static inline __attribute__((always_inline)) void
atomic_set_bits(volatile uint64_t *word, uint64_t bits)
{
	__asm__ __volatile__("amoor.d.aqrl zero, %1, %0" : "+A"(*word) : "r"(bits) : "memory");
}

static inline __attribute__((always_inline)) void
atomic_clear_bits(volatile uint64_t *word, uint64_t bits)
{
	__asm__ __volatile__("amoand.d.aqrl zero, %1, %0" : "+A"(*word) : "r"(~bits) : "memory");
}

#endif /* _RISCV_ATOMIC_H_ */
