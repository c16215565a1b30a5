/* SPDX-License-Identifier: BSD-2-Clause */
/* One compilation from preprocessed text to checked subsystem: parse,
 * settle the dialect, check every routine.  The driver and the fuzzer both
 * come through here. */
#include <string.h>
#include "mig.h"

struct subsystem *mig_sub;
struct options *mig_opts;

static bool uses_indefinite(void)
{
	for (struct routine *r = mig_sub->routines; r; r = r->next)
		for (struct arg *a = r->args; a; a = a->next)
			if (a->type && a->type->indefinite)
				return true;
	return false;
}

/* GNU and Apple MIG differ where it matters most on array[] (inline up to
 * a limit, or always out of line) and on the meaning of an out array's
 * count; pick the dialect the file shows, or the one asked for. */
static void settle_dialect(void)
{
	struct subsystem *s = mig_sub;

	if (mig_opts->dialect != DIALECT_AUTO) {
		s->dialect = mig_opts->dialect;
		return;
	}
	if (s->gnu_what && s->apple_what) {
		if (uses_indefinite()) {
			error_at(s->apple_evidence,
			         "the input mixes Apple MIG (%s) and GNU MIG (%s at %s) and uses "
			         "array[], whose meaning differs: choose with --dialect=gnu or --dialect=apple",
			         s->apple_what, s->gnu_what, pos_ref(s->gnu_evidence, s->apple_evidence));
		}
		s->dialect = DIALECT_GNU;
	} else if (s->apple_what) {
		s->dialect = DIALECT_APPLE;
	} else {
		s->dialect = DIALECT_GNU;
	}
}

int mig_parse_and_check(const char *buf, size_t len, const char *filename, struct options *opts)
{
	mig_opts = opts;
	mig_errors = 0;
	types_init();
	if (opts->dialect != DIALECT_APPLE)
		types_builtin_gnu();
	routine_reset();
	mig_sub = xalloc(sizeof(*mig_sub));
	mig_sub->routines_tail = &mig_sub->routines;
	mig_sub->imports_tail = &mig_sub->imports;
	parse_buffer(buf, len, filename);
	if (mig_errors == 0)
		routine_check_all();
	if (mig_errors == 0)
		settle_dialect();
	/* GNU MIG sends up to 2048 bytes of an array[] inline; Apple's MIG
	 * always sends it out of line. */
	if (opts->inline_limit >= 0)
		mig_sub->inline_limit = (unsigned)opts->inline_limit;
	else
		mig_sub->inline_limit = mig_sub->dialect == DIALECT_APPLE ? 0 : 2048;
	return mig_errors;
}

int mig_compile_buffer(const char *buf, size_t len, const char *filename,
                       struct options *opts, FILE *sink)
{
	int errs = mig_parse_and_check(buf, len, filename, opts);
	if (errs == 0 && sink) {
		emit_user_header(sink);
		emit_server_header(sink);
		emit_user(sink, "x.h");
		emit_server(sink, "x.h");
		emit_list(sink);
	}
	return errs;
}
