/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * panic: the kernel found itself in a state it cannot continue from.  It
 * stops every other hart, prints the reason, the trap (cause, sepc, stval and
 * registers) if there was one and a backtrace, then powers the machine off
 * with a failure status (or halts, with the boot argument panic=halt, so a
 * debugger can look).
 */
#ifndef _KERN_PANIC_H_
#define _KERN_PANIC_H_

struct trap_frame;

/*
 * panic, panic_trap: stop the other harts, take the console for good,
 * print the message (and for panic_trap the trap frame `tf'), a backtrace,
 * then power off (or halt with panic=halt).  Never returns; usable with
 * any lock held.
 */
void panic(const char *fmt, ...)
	__attribute__((noreturn, format(__printf__, 1, 2)));
void panic_trap(const struct trap_frame *tf, const char *fmt, ...)
	__attribute__((noreturn, format(__printf__, 2, 3)));

/* Stop this hart for good (interrupts off). Used by panic and IPI_HALT. */
void cpu_halt(void) __attribute__((noreturn));

/* Power off through SBI with a status for the test runner (0 = success). */
void machine_poweroff(int status) __attribute__((noreturn));

#define assert(e) \
	((e) ? (void)0 : panic("assertion failed: %s (%s:%d)", #e, __FILE__, __LINE__))

#endif /* _KERN_PANIC_H_ */
