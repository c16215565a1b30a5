/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel console: where printf and panic write.  It starts on SBI's
 * debug console and moves to the UART once the device tree names one.
 * Input typed on the UART goes to the kernel monitor (kern/kmon.c).
 */
#ifndef _KERN_CONSOLE_H_
#define _KERN_CONSOLE_H_

struct console_device {
	const char *name;
	void (*putc)(int c);
};

void console_set_device(const struct console_device *dev);
const char *console_device_name(void);
void console_lock(void);
void console_unlock(void);
void console_putc_locked(int c);
void console_puts(const char *s);
/* After a panic: take the console even if a stopped hart holds it. */
void console_break_lock(void);
/* A character arrived on the console device (called from its interrupt). */
void console_input(int c);

#endif /* _KERN_CONSOLE_H_ */
