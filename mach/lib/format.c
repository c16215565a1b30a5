/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's formatter (see lib/format.h): %d %i %u %x %X %o %p %s %c %%,
 * with the flags '-', '0', '#', a width, a precision for strings, and the
 * l, ll, z length modifiers; snprintf and vsnprintf to memory.
 */
#include <stdint.h>
#include <stdbool.h>
#include "lib/format.h"

static void
out_number(void (*out)(int, void *), void *arg, int *n, uint64_t v,
	   unsigned base, bool upper, bool neg, int width, char pad, bool left)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int len = 0;

	do {
		tmp[len++] = digits[v % base];
		v /= base;
	} while (v);
	int total = len + (neg ? 1 : 0);

	if (!left && pad == ' ')
		for (int i = total; i < width; i++)
			out(' ', arg), (*n)++;
	if (neg)
		out('-', arg), (*n)++;
	if (!left && pad == '0')
		for (int i = total; i < width; i++)
			out('0', arg), (*n)++;
	while (len)
		out(tmp[--len], arg), (*n)++;
	if (left)
		for (int i = total; i < width; i++)
			out(' ', arg), (*n)++;
}

int
format(void (*out)(int c, void *arg), void *arg, const char *fmt, va_list ap)
{
	int n = 0;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out(*fmt, arg), n++;
			continue;
		}
		bool left = false, alt = false;
		char pad = ' ';
		int width = 0, prec = -1, lng = 0;

		for (fmt++; *fmt == '-' || *fmt == '0' || *fmt == '#'; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else
				pad = '0';
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			prec = 0;
			for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (*fmt - '0');
		}
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng++;

		uint64_t u;
		int64_t s;
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			u = s < 0 ? -(uint64_t)s : (uint64_t)s;
			out_number(out, arg, &n, u, 10, false, s < 0, width, pad, left);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			if (alt && (*fmt == 'x' || *fmt == 'X'))
				out('0', arg), out('x', arg), n += 2;
			out_number(out, arg, &n, u,
				   *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
				   *fmt == 'X', false, width, pad, left);
			break;
		case 'p':
			out('0', arg), out('x', arg), n += 2;
			out_number(out, arg, &n, (uintptr_t)va_arg(ap, void *),
				   16, false, false, 16, '0', false);
			break;
		case 'c':
			out(va_arg(ap, int), arg), n++;
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			int len = 0;

			if (!str)
				str = "(null)";
			while (str[len] && (prec < 0 || len < prec))
				len++;
			if (!left)
				for (int i = len; i < width; i++)
					out(' ', arg), n++;
			for (int i = 0; i < len; i++)
				out(str[i], arg), n++;
			if (left)
				for (int i = len; i < width; i++)
					out(' ', arg), n++;
			break;
		}
		case '%':
			out('%', arg), n++;
			break;
		case '\0':
			return n;
		default:
			out('%', arg), out(*fmt, arg), n += 2;
			break;
		}
	}
	return n;
}

struct membuf {
	char *p;
	size_t left;
};

static void
mem_out(int c, void *arg)
{
	struct membuf *m = arg;

	if (m->left > 1) {
		*m->p++ = (char)c;
		m->left--;
	}
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct membuf m = { buf, size };
	int n = format(mem_out, &m, fmt, ap);

	if (size)
		*m.p = '\0';
	return n;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
