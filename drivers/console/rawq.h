/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The console's queue of raw input: typed bytes waiting, unedited, for a
 * console_read_raw reader (or, before any reader has asked, for the first
 * one to decide the console's mode: serve.c).  A ring of
 * CONSOLE_RAW_QUEUE bytes; a byte that finds it full is dropped and
 * counted.  Pure code (no Mach calls), tested on the host
 * (tests/console/test_rawq.c).
 */
#ifndef _CONSOLE_RAWQ_H_
#define _CONSOLE_RAWQ_H_
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <servers/console_types.h>

struct rawq {
	char		buf[CONSOLE_RAW_QUEUE];
	size_t		head;		/* the oldest byte */
	size_t		count;
	uint32_t	dropped;	/* bytes that found the ring full, ever */
};

void rawq_init(struct rawq *q);
/* rawq_put: add one byte; false (and counted in dropped) if the ring is full. */
bool rawq_put(struct rawq *q, char c);
/* rawq_peek: copy up to `max' of the oldest bytes to `out', leaving them queued; how many. */
size_t rawq_peek(const struct rawq *q, char *out, size_t max);
/* rawq_drop: forget the `n' oldest bytes (n <= rawq_count). */
void rawq_drop(struct rawq *q, size_t n);
size_t rawq_count(const struct rawq *q);

#endif /* _CONSOLE_RAWQ_H_ */
