/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The console's line discipline: turns received bytes into edited lines
 * and says what to echo.  Pure code (no Mach calls), tested on the host
 * (tests/console/test_line.c).
 *
 *   printable (0x20..0x7e)   added to the line, echoed
 *   backspace (0x08, 0x7f)   takes back the last byte, echoes "\b \b"
 *   Enter (CR or LF)         ends the line (stored with '\n'), echoes "\r\n";
 *                            an LF right after a CR is the same Enter
 *   Ctrl-D (0x04)            on an empty line: an empty line (end of input)
 *   anything else            ignored
 * A line holds at most LINE_MAX - 1 bytes before its '\n'; more are
 * ignored (not echoed).  Finished lines wait in a queue of LINE_QUEUE;
 * when it is full, typed bytes are ignored until a reader takes one.
 */
#ifndef _CONSOLE_LINE_H_
#define _CONSOLE_LINE_H_
#include <stdbool.h>
#include <stddef.h>
#include <servers/console_types.h>

#define LINE_MAX	CONSOLE_LINE_MAX
#define LINE_QUEUE	8
#define LINE_ECHO_MAX	4	/* bytes line_input may echo for one byte */

struct line_disc {
	char	edit[LINE_MAX];		/* the line being typed */
	size_t	edit_len;
	bool	after_cr;		/* the last byte was CR */
	char	done[LINE_QUEUE][LINE_MAX];	/* finished lines, oldest at head */
	size_t	done_len[LINE_QUEUE];
	unsigned head, count;
};

void line_init(struct line_disc *ld);
/*
 * line_input: one received byte.  Writes what to echo to `echo' (room for
 * LINE_ECHO_MAX) and returns its length.
 */
size_t line_input(struct line_disc *ld, char c, char *echo);
/* line_ready: is a finished line waiting? */
bool line_ready(const struct line_disc *ld);
/* line_take: copy out the oldest finished line (LINE_MAX room); its length, 0 for end of input. */
size_t line_take(struct line_disc *ld, char *out);
/*
 * line_drain: empty the discipline into `out' as the bytes they came
 * from, as far as editing allows: the finished lines, oldest first (each
 * with its '\n'; an end-of-input line as Ctrl-D, 0x04), then the line
 * being typed.  At most `room' bytes (the rest is lost); returns how many.
 * For the console's switch to raw input (serve.c).
 */
size_t line_drain(struct line_disc *ld, char *out, size_t room);

#endif /* _CONSOLE_LINE_H_ */
