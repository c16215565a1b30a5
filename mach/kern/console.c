/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel console (see kern/console.h). */
#include "kern/console.h"
#include "kern/lock.h"
#include "kern/kmon.h"
#include "riscv/sbi.h"

static void
sbi_console_putc(int c)
{
	sbi_call(0x01, 0, c, 0, 0);	/* legacy console_putchar */
}

static const struct console_device sbi_console = { "sbi", sbi_console_putc };
static const struct console_device *console = &sbi_console;
static simple_lock_data_t console_mutex = SIMPLE_LOCK_INITIALIZER("console", LOCK_RANK_CONSOLE);
static bool console_broken;	/* a panic took the console for good */

void
console_set_device(const struct console_device *dev)
{
	console = dev;
}

const char *
console_device_name(void)
{
	return console->name;
}

void
console_lock(void)
{
	if (!console_broken)
		simple_lock(&console_mutex);
}

void
console_unlock(void)
{
	if (!console_broken)
		simple_unlock(&console_mutex);
}

void
console_break_lock(void)
{
	console_broken = true;
}

void
console_putc_locked(int c)
{
	if (c == '\n')
		console->putc('\r');
	console->putc(c);
}

void
console_puts(const char *s)
{
	console_lock();
	while (*s)
		console_putc_locked(*s++);
	console_unlock();
}

void
console_input(int c)
{
	kmon_input(c);
}
