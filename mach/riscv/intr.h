/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Nested interrupt disabling on this hart.  intr_push() turns interrupts off
 * and counts; the matching intr_pop() turns them back on only when the
 * outermost push found them on.  Spinlocks use this pair, so holding two
 * locks and releasing one does not re-enable interrupts early.  Inline:
 * every lock and unlock runs them.
 */
#ifndef _RISCV_INTR_H_
#define _RISCV_INTR_H_
#include <stdbool.h>
#include "riscv/csr.h"
#include "riscv/cpu.h"

static inline bool intr_enabled(void) { return csr_read(sstatus) & SSTATUS_SIE; }
static inline void intr_on(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }

/* riscv/intr.c: an unmatched intr_pop (a kernel bug). */
void intr_pop_unbalanced(void) __attribute__((noreturn));

static inline __attribute__((always_inline)) void
intr_push(void)
{
	uint64_t was = csr_read_clear(sstatus, SSTATUS_SIE);
	struct cpu *c = cpu_self();

	if (c->intr_depth++ == 0)
		c->intr_enabled_before = was & SSTATUS_SIE;
}

static inline __attribute__((always_inline)) void
intr_pop(void)
{
	struct cpu *c = cpu_self();

	if (__builtin_expect(c->intr_depth <= 0, 0))
		intr_pop_unbalanced();
	if (--c->intr_depth == 0 && c->intr_enabled_before)
		intr_on();
}

#endif /* _RISCV_INTR_H_ */
