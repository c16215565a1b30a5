// SPDX-License-Identifier: BSD-2-Clause
// The console's line discipline (see line.h).
#include <string.h>
#include "line.h"

void line_init(struct line_disc *ld)
{
	memset(ld, 0, sizeof(*ld));
}

// Move the line being typed to the queue of finished lines.
static void finish(struct line_disc *ld)
{
	unsigned slot = (ld->head + ld->count) % LINE_QUEUE;

	memcpy(ld->done[slot], ld->edit, ld->edit_len);
	ld->done_len[slot] = ld->edit_len;
	ld->count++;
	ld->edit_len = 0;
}

size_t line_input(struct line_disc *ld, char c, char *echo)
{
	bool after_cr = ld->after_cr;

	ld->after_cr = c == '\r';
	if (ld->count == LINE_QUEUE)
		return 0;			// nobody reads: ignore typing
	if (c == '\n' && after_cr)
		return 0;			// CR LF is one Enter
	if (c == '\r' || c == '\n') {
		ld->edit[ld->edit_len++] = '\n';	// room kept for it
		finish(ld);
		memcpy(echo, "\r\n", 2);
		return 2;
	}
	if (c == 0x08 || c == 0x7f) {
		if (ld->edit_len == 0)
			return 0;
		ld->edit_len--;
		memcpy(echo, "\b \b", 3);
		return 3;
	}
	if (c == 0x04) {
		if (ld->edit_len == 0)
			finish(ld);		// the empty line: end of input
		return 0;
	}
	if (c < 0x20 || c > 0x7e || ld->edit_len == LINE_MAX - 1)
		return 0;
	ld->edit[ld->edit_len++] = c;
	echo[0] = c;
	return 1;
}

bool line_ready(const struct line_disc *ld)
{
	return ld->count > 0;
}

size_t line_take(struct line_disc *ld, char *out)
{
	if (ld->count == 0)
		return 0;
	size_t len = ld->done_len[ld->head];
	memcpy(out, ld->done[ld->head], len);
	ld->head = (ld->head + 1) % LINE_QUEUE;
	ld->count--;
	return len;
}

size_t line_drain(struct line_disc *ld, char *out, size_t room)
{
	char line[LINE_MAX];
	size_t n = 0;

	while (line_ready(ld)) {
		size_t len = line_take(ld, line);
		if (len == 0) {
			line[0] = 0x04;		// the end of input it was typed as
			len = 1;
		}
		for (size_t i = 0; i < len && n < room; i++)
			out[n++] = line[i];
	}
	for (size_t i = 0; i < ld->edit_len && n < room; i++)
		out[n++] = ld->edit[i];
	ld->edit_len = 0;
	return n;
}
