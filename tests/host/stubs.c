/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What pure kernel code needs from the rest of the kernel, for host tests:
 * locks that only check pairing, a panic that aborts, the console, and a
 * page-table page allocator over host memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kern/lock.h"
#include "kern/panic.h"
#include "riscv/pmap.h"

void
simple_lock_init(simple_lock_data_t *l, const char *name, enum lock_rank rank)
{
	l->locked = 0;
	l->rank = (uint16_t)rank;
	l->name = name;
}

void
simple_lock(simple_lock_data_t *l)
{
	if (l->locked) {
		fprintf(stderr, "simple_lock: %s already held\n", l->name);
		abort();
	}
	l->locked = 1;
}

void
simple_unlock(simple_lock_data_t *l)
{
	if (!l->locked) {
		fprintf(stderr, "simple_unlock: %s not held\n", l->name);
		abort();
	}
	l->locked = 0;
}

/* Tests that expect a panic set this and longjmp out; others abort. */
int host_panics;

void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* Page-table pages: aligned host memory, counted so tests can find leaks. */
long host_tables_live;

paddr_t
pmap_table_alloc(void)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (p)
		host_tables_live++;
	return (paddr_t)(uintptr_t)p;
}

void
pmap_table_free(paddr_t pa)
{
	host_tables_live--;
	free((void *)(uintptr_t)pa);
}

long host_tlb_flushes;

void
pmap_tlb_flush(struct pmap *pmap, uintptr_t va)
{
	(void)pmap, (void)va;
	host_tlb_flushes++;
}

void
pmap_tlb_shootdown(struct pmap *pmap)
{
	(void)pmap;	/* one hart on the host */
}
