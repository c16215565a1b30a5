/* SPDX-License-Identifier: BSD-2-Clause */
/* The slow path of interrupt nesting (see riscv/intr.h). */
#include "riscv/intr.h"
#include "kern/panic.h"

void
intr_pop_unbalanced(void)
{
	panic("intr_pop: not pushed (depth %d)", cpu_self()->intr_depth);
}
