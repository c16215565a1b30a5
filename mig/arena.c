/* SPDX-License-Identifier: BSD-2-Clause */
/* One arena for everything a compilation allocates, freed in one go by
 * mig_reset(): the fuzzer compiles millions of inputs in one process. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mig.h"

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

static struct block *blocks;

void *xalloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (!blocks || blocks->size - blocks->used < n) {
		size_t size = n > 65536 ? n : 65536;
		struct block *b = malloc(sizeof(*b) + size);
		if (!b) {
			fputs("mig: out of memory\n", stderr);
			abort();
		}
		b->next = blocks;
		b->used = 0;
		b->size = size;
		blocks = b;
	}
	void *p = blocks->data + blocks->used;
	blocks->used += n;
	memset(p, 0, n);
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xprintf(const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return xstrdup("");
	if ((size_t)n < sizeof(small))
		return xstrndup(small, (size_t)n);
	char *p = xalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void mig_reset(void)
{
	while (blocks) {
		struct block *b = blocks;
		blocks = b->next;
		free(b);
	}
}
