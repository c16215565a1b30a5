// SPDX-License-Identifier: BSD-2-Clause
// printf FORMAT [ARG...]: POSIX printf(1).  Conversions d i o u x X c s b
// and %%, with flags, width and precision (also from * arguments); escapes
// \\ \a \b \f \n \r \t \v \NNN in the format; the format is reused while
// arguments remain.  A bad number is reported and makes the status 1.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

static int status;
static char **args;
static int nargs;

static const char *next_arg(void)
{
	if (nargs == 0)
		return NULL;
	nargs--;
	return *args++;
}

/* A numeric argument; 'c' (a leading quote) gives the character's code. */
static long long num_arg(int is_unsigned)
{
	const char *s = next_arg();
	char *end;

	if (s == NULL || *s == '\0')
		return 0;
	if (s[0] == '\'' || s[0] == '"')
		return (unsigned char)s[1];
	errno = 0;
	long long v = is_unsigned && s[0] != '-' ? (long long)strtoull(s, &end, 0) : strtoll(s, &end, 0);
	if (errno != 0 || *end != '\0' || end == s) {
		ul_warnx("%s: %s", s, errno ? "Result too large" : "expected numeric value");
		status = 1;
	}
	return v;
}

/* One escape after a backslash at s; returns the characters used. */
static int escape(const char *s, int in_b, int *stop)
{
	int v = 0, n = 0;

	switch (*s) {
	case 'a': putchar('\a'); return 1;
	case 'b': putchar('\b'); return 1;
	case 'f': putchar('\f'); return 1;
	case 'n': putchar('\n'); return 1;
	case 'r': putchar('\r'); return 1;
	case 't': putchar('\t'); return 1;
	case 'v': putchar('\v'); return 1;
	case '\\': putchar('\\'); return 1;
	case 'c':
		if (in_b) {
			*stop = 1;
			return 1;
		}
		break;
	case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
		if (in_b && *s == '0')
			s++, n++;	/* %b takes \0NNN */
		for (int i = 0; i < 3 && *s >= '0' && *s <= '7'; i++, s++, n++)
			v = v * 8 + (*s - '0');
		putchar(v);
		return n;
	case '\0':
		putchar('\\');
		return 0;
	}
	putchar('\\');
	putchar(*s);
	return 1;
}

/* Print the format once; returns 1 if \c in a %b said to stop. */
static int once(const char *fmt)
{
	int stop = 0;

	for (const char *p = fmt; *p && !stop; p++) {
		if (*p == '\\') {
			p += escape(p + 1, 0, &stop);
			continue;
		}
		if (*p != '%') {
			putchar(*p);
			continue;
		}
		if (p[1] == '%') {
			putchar('%');
			p++;
			continue;
		}
		/* A conversion: rebuild it for the C library's printf. */
		char spec[64];
		size_t k = 0;
		spec[k++] = '%';
		p++;
		while (*p && strchr("-+ #0", *p) && k < 20)
			spec[k++] = *p++;
		if (*p == '*') {
			k += (size_t)snprintf(spec + k, sizeof(spec) - k, "%d", (int)num_arg(0));
			p++;
		} else {
			while (*p >= '0' && *p <= '9' && k < 40)
				spec[k++] = *p++;
		}
		if (*p == '.') {
			spec[k++] = *p++;
			if (*p == '*') {
				k += (size_t)snprintf(spec + k, sizeof(spec) - k, "%d", (int)num_arg(0));
				p++;
			} else {
				while (*p >= '0' && *p <= '9' && k < 60)
					spec[k++] = *p++;
			}
		}
		char conv = *p;
		switch (conv) {
		case 'd':
		case 'i':
			spec[k++] = 'l', spec[k++] = 'l', spec[k++] = 'd', spec[k] = '\0';
			printf(spec, num_arg(0));
			break;
		case 'o': case 'u': case 'x': case 'X':
			spec[k++] = 'l', spec[k++] = 'l', spec[k++] = conv, spec[k] = '\0';
			printf(spec, (unsigned long long)num_arg(1));
			break;
		case 'c': {
			const char *a = next_arg();
			spec[k++] = 'c', spec[k] = '\0';
			if (a != NULL && a[0] != '\0')
				printf(spec, a[0]);
			else if (k > 2)
				printf(spec, ' ');
			break;
		}
		case 's': {
			const char *a = next_arg();
			spec[k++] = 's', spec[k] = '\0';
			printf(spec, a ? a : "");
			break;
		}
		case 'b': {
			const char *a = next_arg();
			for (const char *q = a ? a : ""; *q && !stop; q++) {
				if (*q == '\\')
					q += escape(q + 1, 1, &stop);
				else
					putchar(*q);
			}
			break;
		}
		default:
			ul_warnx("%%%c: invalid directive", conv ? conv : ' ');
			status = 1;
			return 1;
		}
		if (*p == '\0')
			break;
	}
	return stop;
}

static int has_conversion(const char *fmt)
{
	for (const char *p = fmt; *p; p++) {
		if (*p == '%' && p[1] == '%')
			p++;
		else if (*p == '%')
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	int i = 1;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		ul_usage(1, "format [arguments ...]");
	const char *fmt = argv[i];
	args = argv + i + 1;
	nargs = argc - i - 1;
	do {
		if (once(fmt))
			break;
	} while (nargs > 0 && has_conversion(fmt));
	return ul_finish(status);
}
