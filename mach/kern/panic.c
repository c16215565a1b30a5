/* SPDX-License-Identifier: BSD-2-Clause */
/* panic, halt and power-off (see kern/panic.h). */
#include <stdarg.h>
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/console.h"
#include "kern/bootargs.h"
#include "riscv/backtrace.h"
#include "riscv/cpu.h"
#include "riscv/intr.h"
#include "riscv/sbi.h"
#include "riscv/timer.h"
#include "riscv/trap.h"

static volatile int panicking;		/* set once, by the first panic */
static volatile unsigned halted_harts;

void
cpu_halt(void)
{
	intr_off();
	__atomic_fetch_add(&halted_harts, 1, __ATOMIC_SEQ_CST);
	for (;;)
		wfi();
}

/*
 * machine_poweroff: announce `status' on the console for the test runner,
 * then shut down through SBI SRST (reason "system failure" when status != 0).
 */
void
machine_poweroff(int status)
{
	printf("MACHRV-EXIT %d\n", status);
	sbi_system_reset(SBI_SRST_SHUTDOWN,
			 status ? SBI_SRST_REASON_SYSFAIL : SBI_SRST_REASON_NONE);
}

/* Ask every other online hart to stop, and wait a little for them. */
static void
stop_other_harts(void)
{
	unsigned others = 0;

	for (unsigned i = 0; i < ncpus; i++) {
		if (i != cpu_number() && cpus[i].online) {
			cpu_send_ipi(i, IPI_HALT);
			others++;
		}
	}
	uint64_t deadline = rdtime() + timer_ticks_per_ms() * 100;
	while (halted_harts < others && rdtime() < deadline)
		;
	if (halted_harts < others)
		printf("panic: %u hart(s) did not stop (interrupts off?)\n",
		       others - halted_harts);
}

static void __attribute__((noreturn))
vpanic(const struct trap_frame *tf, const char *fmt, va_list ap)
{
	intr_off();
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST)) {
		/* Another hart (or this one, recursively) is already panicking. */
		cpu_halt();
	}
	stop_other_harts();
	console_break_lock();

	printf("\npanic: hart %u: ", cpu_number());
	vprintf(fmt, ap);
	printf("\n");
	if (tf) {
		trap_dump(tf);
		backtrace_print(tf->s0, tf->sepc);
	} else {
		backtrace_print((uint64_t)__builtin_frame_address(0), 0);
	}
	if (bootarg_has("panic=halt")) {
		printf("panic: halted (panic=halt); attach a debugger\n");
		cpu_halt();
	}
	machine_poweroff(3);
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(0, fmt, ap);
}

void
panic_trap(const struct trap_frame *tf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(tf, fmt, ap);
}
