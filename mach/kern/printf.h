/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel formatted output: printf to the kernel console; snprintf to memory (lib/format.h). */
#ifndef _KERN_PRINTF_H_
#define _KERN_PRINTF_H_
#include <stdarg.h>
#include <stddef.h>
#include "lib/format.h"

/*
 * printf, vprintf: format (lib/format.h) to the kernel console.
 *   Locks:   takes and drops the console's lock (interrupts off meanwhile).
 *   Returns: the number of characters printed.
 */
int printf(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
int vprintf(const char *fmt, va_list ap);

#endif /* _KERN_PRINTF_H_ */
