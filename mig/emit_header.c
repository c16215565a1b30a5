/* SPDX-License-Identifier: BSD-2-Clause */
/* The user header (message structs and the user stubs' prototypes), the
 * server header (the server functions to write and the demux), and GNU
 * MIG's routine list. */
#include "emit.h"

int emit_user_header(FILE *f)
{
	const char *s = mig_sub->name;
	fprintf(f, "#ifndef _%s_user_\n#define _%s_user_\n\n", s, s);
	emit_banner(f, "User interface");
	fputs("\n", f);
	emit_includes(f, true, true);
	fputs("\n", f);
	emit_msg_typedefs(f);
	for (struct routine *r = mig_sub->routines; r; r = r->next) {
		if (r->skip)
			continue;
		fprintf(f, "/* %s %s */\n", r->simple ? "SimpleRoutine" : "Routine", r->name);
		emit_user_proto(f, r, ";\n\n");
	}
	fprintf(f, "#ifndef %s_MSG_COUNT\n#define %s_MSG_COUNT %d\n#endif\n\n", s, s, mig_sub->nroutines);
	fprintf(f, "#endif /* _%s_user_ */\n", s);
	return 0;
}

int emit_server_header(FILE *f)
{
	const char *s = mig_sub->name;
	fprintf(f, "#ifndef _%s_server_\n#define _%s_server_\n\n", s, s);
	emit_banner(f, "Server interface");
	fputs("\n", f);
	emit_includes(f, false, true);
	fputs("\n", f);
	emit_msg_typedefs(f);
	emit_server_decls(f);
	fprintf(f, "#endif /* _%s_server_ */\n", s);
	return 0;
}

/* GNU MIG's -list: subsystem base routine index request-id reply-id, the
 * reply id 0 for a simpleroutine (which gets none). */
int emit_list(FILE *f)
{
	for (struct routine *r = mig_sub->routines; r; r = r->next)
		if (!r->skip)
			fprintf(f, "%s %ld %s %d %d %d\n", mig_sub->name, mig_sub->base, r->name, r->index,
			        r->id, r->simple ? 0 : r->id + 100);
	return 0;
}
