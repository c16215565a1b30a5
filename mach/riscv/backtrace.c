/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Backtraces by frame pointer.  With -fno-omit-frame-pointer, GCC's RISC-V
 * frames keep the return address at fp-8 and the caller's fp at fp-16.
 */
#include "riscv/backtrace.h"
#include "riscv/vm_param.h"
#include "kern/printf.h"

#define BACKTRACE_MAX	24

extern char __text_start[], __text_end[];

static int
kernel_text(uint64_t pc)
{
	return pc >= (uint64_t)__text_start && pc < (uint64_t)__text_end;
}

void
backtrace_print(uint64_t fp, uint64_t pc)
{
	int n = 0;

	printf("backtrace:\n");
	if (pc)
		printf("  #%d %p\n", n++, (void *)pc);
	while (n < BACKTRACE_MAX) {
		/* Only follow frame pointers into kernel memory, aligned. */
		if (fp < KERNEL_DIRECT_BASE + 16 || (fp & 7))
			break;
		uint64_t ra = ((uint64_t *)fp)[-1];
		uint64_t prev = ((uint64_t *)fp)[-2];
		if (!kernel_text(ra))
			break;
		printf("  #%d %p\n", n++, (void *)(ra - 4));	/* the call itself */
		if (prev <= fp)
			break;			/* stacks grow down: callers are above */
		fp = prev;
	}
	printf("end of backtrace\n");
}
