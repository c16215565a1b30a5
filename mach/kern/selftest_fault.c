/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Deliberate kernel faults (boot argument fault=KIND), to show and test that
 * a kernel bug ends in a readable panic (cause, sepc, stval, registers and a
 * backtrace) and a stopped machine, never in a hang.
 *   null   load from address 0
 *   wtext  store into the kernel's own text, which is mapped read-only
 *   xdata  jump into kernel data, which is mapped not executable
 *   lock_* the lock checker's violations (kern/selftest_lockfault.c)
 */
#include <stdint.h>
#include "kern/selftest.h"
#include "kern/panic.h"
#include "lib/string.h"

static volatile uint64_t data_word = 0x00008067;	/* "ret", were it executable */

void
selftest_fault(const char *kind)
{
	printf("selftest: causing a deliberate fault: %s\n", kind);
	if (strcmp(kind, "null") == 0) {
		volatile uint64_t *p = 0;
		printf("read %lu\n", *p);
	} else if (strcmp(kind, "wtext") == 0) {
		volatile uint32_t *text = (volatile uint32_t *)(uintptr_t)&selftest_fault;
		*text = 0;
	} else if (strcmp(kind, "xdata") == 0) {
		void (*fn)(void) = (void (*)(void))(uintptr_t)&data_word;
		fn();
	} else {
		selftest_lock_fault(kind);
	}
	panic("selftest_fault: \"%s\" did not fault", kind);
}
