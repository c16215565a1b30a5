/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel formatted output: printf to the kernel console, snprintf to memory. */
#ifndef _KERN_PRINTF_H_
#define _KERN_PRINTF_H_
#include <stdarg.h>
#include <stddef.h>

int printf(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(__printf__, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/*
 * The formatting engine, shared by every variant: calls out(c, arg) for each
 * character and returns the number of characters produced.
 */
int format(void (*out)(int c, void *arg), void *arg, const char *fmt, va_list ap);

#endif /* _KERN_PRINTF_H_ */
