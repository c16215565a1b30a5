// SPDX-License-Identifier: BSD-2-Clause
// The console's queue of raw input (see rawq.h).
#include <string.h>
#include "rawq.h"

void rawq_init(struct rawq *q)
{
	memset(q, 0, sizeof(*q));
}

bool rawq_put(struct rawq *q, char c)
{
	if (q->count == CONSOLE_RAW_QUEUE) {
		q->dropped++;
		return false;
	}
	q->buf[(q->head + q->count) % CONSOLE_RAW_QUEUE] = c;
	q->count++;
	return true;
}

size_t rawq_peek(const struct rawq *q, char *out, size_t max)
{
	size_t n = q->count < max ? q->count : max;

	for (size_t i = 0; i < n; i++)
		out[i] = q->buf[(q->head + i) % CONSOLE_RAW_QUEUE];
	return n;
}

void rawq_drop(struct rawq *q, size_t n)
{
	if (n > q->count)
		n = q->count;
	q->head = (q->head + n) % CONSOLE_RAW_QUEUE;
	q->count -= n;
}

size_t rawq_count(const struct rawq *q)
{
	return q->count;
}
