/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Nested interrupt disabling on this hart.  intr_push() turns interrupts off
 * and counts; the matching intr_pop() turns them back on only when the
 * outermost push found them on.  Spinlocks use this pair, so holding two
 * locks and releasing one does not re-enable interrupts early.
 */
#ifndef _RISCV_INTR_H_
#define _RISCV_INTR_H_
#include <stdbool.h>
#include "riscv/csr.h"

static inline bool intr_enabled(void) { return csr_read(sstatus) & SSTATUS_SIE; }
static inline void intr_on(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }

void intr_push(void);
void intr_pop(void);

#endif /* _RISCV_INTR_H_ */
