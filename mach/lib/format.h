/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's formatter: the engine, and snprintf to memory (no kernel state). */
#ifndef _LIB_FORMAT_H_
#define _LIB_FORMAT_H_
#include <stdarg.h>
#include <stddef.h>

/*
 * snprintf, vsnprintf: format into `buf' of `size' bytes, cut to fit and
 * NUL-terminated (nothing is written if size is 0).  Return the length the
 * whole output has, as C's do: it was cut if that is >= size.
 */
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(__printf__, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/*
 * The formatting engine, shared by every variant: calls out(c, arg) for each
 * character and returns the number of characters produced.
 */
int format(void (*out)(int c, void *arg), void *arg, const char *fmt, va_list ap);

#endif /* _LIB_FORMAT_H_ */
