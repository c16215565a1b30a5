/* SPDX-License-Identifier: BSD-2-Clause */
/* printf to the kernel console (see kern/printf.h), through lib/format.c. */
#include "kern/printf.h"
#include "kern/console.h"

static void
console_out(int c, void *arg)
{
	(void)arg;
	console_putc_locked(c);
}

int
vprintf(const char *fmt, va_list ap)
{
	console_lock();
	int n = format(console_out, 0, fmt, ap);
	console_unlock();
	return n;
}

int
printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
