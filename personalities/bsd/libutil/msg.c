// SPDX-License-Identifier: BSD-2-Clause
// Messages in the BSD err(3) style ("ls: x: No such file or directory"),
// allocation that cannot fail quietly, and the final flush of stdout.
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

const char *ul_progname = "?";

void ul_init(int argc, char **argv)
{
	if (argc > 0 && argv[0] != NULL) {
		const char *slash = strrchr(argv[0], '/');
		ul_progname = slash != NULL ? slash + 1 : argv[0];
	}
}

static void vmsg(int with_errno, const char *fmt, va_list ap)
{
	int saved = errno;

	fflush(stdout);
	fprintf(stderr, "%s: ", ul_progname);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(saved));
	fputc('\n', stderr);
	errno = saved;
}

void ul_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(1, fmt, ap);
	va_end(ap);
}

void ul_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void ul_err(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(1, fmt, ap);
	va_end(ap);
	exit(status);
}

void ul_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	exit(status);
}

void ul_usage(int status, const char *usage)
{
	fflush(stdout);
	fprintf(stderr, "usage: %s %s\n", ul_progname, usage);
	exit(status);
}

void *ul_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		ul_errx(1, "out of memory");
	return p;
}

void *ul_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		ul_errx(1, "out of memory");
	return p;
}

char *ul_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(ul_alloc(n), s, n);
}

int ul_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ul_warn("write error");
		return status ? status : 1;
	}
	return status;
}
