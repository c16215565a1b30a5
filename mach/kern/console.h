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

/*
 * console_set_device: print through `dev' from now on (at boot, on one
 * hart: no lock; `dev' must live for ever).
 */
void console_set_device(const struct console_device *dev);
/* console_device_name: the name of the device printing now ("sbi", "uart"). */
const char *console_device_name(void);
/*
 * console_lock, console_unlock: hold the console so a message is not
 * mixed with another hart's (a simple lock: interrupts off while held).
 * After a panic has taken the console (console_break_lock) both do nothing.
 */
void console_lock(void);
void console_unlock(void);
/* console_putc_locked: one character, "\n" as "\r\n".  Locks: console_lock held. */
void console_putc_locked(int c);
/* console_puts: a string, under console_lock (taken and dropped). */
void console_puts(const char *s);
/* After a panic: take the console even if a stopped hart holds it. */
void console_break_lock(void);
/* A character arrived on the console device (called from its interrupt). */
void console_input(int c);

#endif /* _KERN_CONSOLE_H_ */
