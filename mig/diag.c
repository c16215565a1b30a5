/* SPDX-License-Identifier: BSD-2-Clause */
/* Diagnostics in the compiler's usual form, file:line:col: error: message,
 * positions being those of the original .defs file, and the record of
 * which MIG dialect the input shows. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "mig.h"

int mig_errors;
bool mig_silent;
/* Too many messages help no one; a broken file stops after this many. */
#define MAX_ERRORS 50

static void report(const char *kind, struct pos pos, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s:%d:%d: %s: ", pos.file ? pos.file : "<input>", pos.line, pos.col, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void error_at(struct pos pos, const char *fmt, ...)
{
	va_list ap;

	if (++mig_errors > MAX_ERRORS)
		return;
	if (mig_silent)
		return;
	va_start(ap, fmt);
	report("error", pos, fmt, ap);
	va_end(ap);
	if (mig_errors == MAX_ERRORS)
		fprintf(stderr, "%s: too many errors, stopping\n", pos.file ? pos.file : "<input>");
}

void warn_at(struct pos pos, const char *fmt, ...)
{
	va_list ap;

	if (mig_silent || (mig_opts && mig_opts->quiet))
		return;
	va_start(ap, fmt);
	report("warning", pos, fmt, ap);
	va_end(ap);
}

/* "line 4" when `there' is in the same file as `here', else "file:4". */
const char *pos_ref(struct pos there, struct pos here)
{
	if (there.file && here.file && strcmp(there.file, here.file) == 0)
		return xprintf("line %d", there.line);
	return xprintf("%s:%d", there.file ? there.file : "<input>", there.line);
}

/* The first sign of each dialect is kept; main() decides once parsing is
 * done, and complains only if a file shows both while the dialect matters. */
void note_evidence(enum dialect d, struct pos pos, const char *what)
{
	if (d == DIALECT_GNU && !mig_sub->gnu_what) {
		mig_sub->gnu_evidence = pos;
		mig_sub->gnu_what = what;
	} else if (d == DIALECT_APPLE && !mig_sub->apple_what) {
		mig_sub->apple_evidence = pos;
		mig_sub->apple_what = what;
	}
}
