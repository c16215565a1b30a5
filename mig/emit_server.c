/* SPDX-License-Identifier: BSD-2-Clause */
/* Server stubs and the demux: (1) check the request (id, bits, size,
 * descriptor kinds and counts, trailer), (2) call the server function with
 * MIG's C signature, (3) build the reply in the caller's buffer. */
#include <string.h>
#include "emit.h"

static const char *seg_ptr(const char *base, int seg)
{
	return xprintf("%s%dP", base, seg);
}

static const char *dealloc_expr(const struct arg *a)
{
	if (a->flags & AF_DEALLOC_VAR)		/* an out dealloc[]: the server chose */
		return xprintf("%sDealloc", a->name);
	if (a->flags & AF_DEALLOC)
		return "TRUE";
	if (a->flags & AF_NOTDEALLOC)
		return "FALSE";
	return a->type->dealloc_default ? "TRUE" : "FALSE";
}

static const char *copy_expr(const struct arg *a)
{
	return (a->flags & AF_PHYSICALCOPY) ? "MACH_MSG_PHYSICAL_COPY" : "MACH_MSG_VIRTUAL_COPY";
}

#define BAD(code) "\t\t{ mig_reply_set_error(OutHeadP, " code "); return; }\n"

struct walk {
	const char **ptr;    /* per argument: the pointer to its inline fields */
};

static int arg_index(const struct routine *r, const struct arg *a)
{
	int i = 0;
	for (struct arg *b = r->args; b && b != a; b = b->next)
		i++;
	return i;
}

static bool more_inline(const struct arg *a, bool req)
{
	for (struct arg *b = a->next; b; b = b->next)
		if (has_count(b, req) || arg_shape(b, req) != SH_NONE)
			return true;
	return false;
}

/* Where an argument's count is: its own field, or for samecount the
 * field of the array it shares with, in that array's view. */
static const char *cnt_of(const struct routine *r, struct walk *w, const struct arg *a, const char *p)
{
	if (a->samecount_of)
		p = w->ptr[arg_index(r, a->samecount_of)];
	return xprintf("%s->%s", p, count_name(a));
}

/* (1) the checks of one argument of the request. */
static bool check_in_arg(FILE *f, const struct routine *r, struct walk *w, const struct arg *a,
                         const char *p)
{
	const struct type *t = a->type;
	const char *cnt = cnt_of(r, w, a, p);

	if (a->kind == AK_OUT)      /* countinout: nothing to check */
		return false;
	if (t->tclass == TC_PORT) {
		fprintf(f, "\tif (In0P->%s.type != MACH_MSG_PORT_DESCRIPTOR ||\n", a->name);
		if (poly_recv_server(a) || t->out_name == -1)
			fprintf(f, "\t    !MACH_MSG_TYPE_PORT_ANY_RIGHT(In0P->%s.disposition))\n", a->name);
		else
			fprintf(f, "\t    In0P->%s.disposition != %s)\n", a->name, msgtype_name(t->out_name));
		fputs(BAD("MIG_TYPE_ERROR"), f);
		return false;
	}
	if (t->is_port_array) {
		fprintf(f, "\tif (In0P->%s.type != MACH_MSG_OOL_PORTS_DESCRIPTOR", a->name);
		if (!poly_recv_server(a) && t->out_name != -1)
			fprintf(f, " ||\n\t    In0P->%s.disposition != %s", a->name, msgtype_name(t->out_name));
		fputs(")\n" BAD("MIG_TYPE_ERROR"), f);
		if (type_is_variable(t)) {
			fprintf(f, "\tif (In0P->%s.count != %s", a->name, cnt);
			if (!t->ool)
				fprintf(f, " || %s > %lluU", cnt, (unsigned long long)t->number);
		} else {
			fprintf(f, "\tif (In0P->%s.count != %lluU", a->name, (unsigned long long)t->number);
		}
		fputs(")\n" BAD("MIG_BAD_ARGUMENTS"), f);
		return false;
	}
	if (t->ool) {
		fprintf(f, "\tif (In0P->%s.type != MACH_MSG_OOL_DESCRIPTOR)\n" BAD("MIG_TYPE_ERROR"), a->name);
		fprintf(f, "\tif (In0P->%s.size != (uint64_t)%s * %uU)\n" BAD("MIG_BAD_ARGUMENTS"), a->name,
		        type_is_variable(t) ? cnt : xprintf("%lluU", (unsigned long long)t->number),
		        t->elem_size);
		return false;
	}
	if (t->indefinite) {
		fprintf(f, "\tif (In0P->%s.type != MACH_MSG_OOL_DESCRIPTOR)\n" BAD("MIG_TYPE_ERROR"), a->name);
		if (var_max_count(a) == 0) {
			fprintf(f, "\tif (In0P->%s.size != (uint64_t)%s * %uU)\n" BAD("MIG_BAD_ARGUMENTS"), a->name, cnt,
			        t->elem_size);
			return false;
		}
		fprintf(f, "\tif (In0P->%s.size != 0) {\n"
		           "\t\tif (In0P->%s.size != (uint64_t)%s * %uU)\n\t" BAD("MIG_BAD_ARGUMENTS")
		           "\t\tmsgh_size_delta = 0;\n"
		           "\t} else {\n"
		           "\t\tif (%s > %lluU)\n\t" BAD("MIG_BAD_ARGUMENTS")
		           "\t\tmsgh_size_delta = mig_round4(%s * %uU);\n\t}\n",
		        a->name, a->name, cnt, t->elem_size, cnt, (unsigned long long)var_max_count(a), cnt,
		        t->elem_size);
	} else if (arg_shape(a, true) == SH_VAR) {
		fprintf(f, "\tif (%s > %lluU)\n" BAD("MIG_BAD_ARGUMENTS"), cnt, (unsigned long long)t->number);
		fprintf(f, "\tmsgh_size_delta = mig_round4(%s * %uU);\n", cnt, t->elem_size);
	} else {
		if (t->tclass == TC_STRING)
			fprintf(f, "\tif (mig_local_strnlen(%s->%s, %lluU) == %lluU)\n" BAD("MIG_BAD_ARGUMENTS"),
			        p, a->name, (unsigned long long)t->number, (unsigned long long)t->number);
		return false;
	}
	fputs("\tmsgh_required += msgh_size_delta;\n\tif (msgh_size < msgh_required)\n" BAD("MIG_BAD_ARGUMENTS"), f);
	if (t->tclass == TC_STRING)
		fprintf(f, "\tif (%s == 0 || %s->%s[%s - 1] != '\\0')\n" BAD("MIG_BAD_ARGUMENTS"), cnt, p,
		        a->name, cnt);
	return true;
}

static const char *trailer_type(int elems)
{
	switch (elems) {
	case 1: return "mach_msg_seqno_trailer_t";
	case 2: return "mach_msg_security_trailer_t";
	default: return "mach_msg_audit_trailer_t";
	}
}

static void check_request(FILE *f, const struct routine *r, struct walk *w)
{
	bool var = any_var(r, true);
	const char *min = var ? xprintf("(mach_msg_size_t)sizeof(Request) - %lluU",
	                                (unsigned long long)var_sum(r, true))
	                      : "(mach_msg_size_t)sizeof(Request)";
	fputs("\t/* (1) check the request */\n\tmsgh_size = In0P->Head.msgh_size;\n", f);
	if (r->req_complex)
		fprintf(f, "\tif (!(In0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||\n"
		           "\t    In0P->msgh_body.msgh_descriptor_count != %d)\n" BAD("MIG_BAD_ARGUMENTS"),
		        r->nreq_desc);
	else
		fputs("\tif (In0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)\n" BAD("MIG_BAD_ARGUMENTS"), f);
	if (var)
		fprintf(f, "\tif (msgh_size < %s ||\n\t    msgh_size > (mach_msg_size_t)sizeof(Request))\n"
		           BAD("MIG_BAD_ARGUMENTS") "\tmsgh_required = %s;\n", min, min);
	else
		fprintf(f, "\tif (msgh_size != %s)\n" BAD("MIG_BAD_ARGUMENTS"), min);

	int seg = 0;
	const char *p = "In0P";
	for (struct arg *a = r->args; a; a = a->next) {
		w->ptr[arg_index(r, a)] = p;
		if (!in_msg(a, true))
			continue;
		if (check_in_arg(f, r, w, a, p) && more_inline(a, true)) {
			const char *np = seg_ptr("In", ++seg);
			fprintf(f, "\t%s = (Request *)((char *)%s - (%lluU - msgh_size_delta));\n", np, p,
			        (unsigned long long)var_decl_bytes(a));
			p = np;
		}
	}
	if (var)
		fputs("\tif (msgh_size != msgh_required)\n" BAD("MIG_BAD_ARGUMENTS"), f);
	if (r->trailer_elems) {
		fputs("\tTrailerP = (mach_msg_max_trailer_t *)((char *)InHeadP + round_msg(msgh_size));\n", f);
		fprintf(f, "\tif (TrailerP->msgh_trailer_size < (mach_msg_size_t)sizeof(%s))\n"
		           BAD("MIG_TRAILER_ERROR"), trailer_type(r->trailer_elems));
	}
}

/* The value of an in argument as the server function takes it. */
static const char *in_value(const struct arg *a, const char *p)
{
	const struct type *t = a->type;
	const char *sc = type_server_cname(t);
	if (t->tclass == TC_PORT)
		return xprintf("In0P->%s.name", a->name);
	if (t->is_port_array)
		return xprintf("(%s)(In0P->%s.address)", sc, a->name);
	if (t->ool)
		return xprintf("(%s)(uintptr_t)(In0P->%s.address)", sc, a->name);
	if (t->indefinite) {
		if (var_max_count(a) == 0)
			return xprintf("(%s)(uintptr_t)(In0P->%s.address)", sc, a->name);
		return xprintf("In0P->%s.size != 0 ?\n\t\t(%s)(uintptr_t)(In0P->%s.address) : (%s)(uintptr_t)(%s->%s)",
		               a->name, sc, a->name, sc, p, var_field(a));
	}
	return xprintf("%s->%s", p, a->name);
}

static bool needs_local_in(const struct arg *a)
{
	const struct type *t = a->type;
	return t->intran || t->indefinite ||
	       (t->tclass == TC_DATA && !t->ool && !t->is_port_array && t->align > 4 &&
	        (t->is_array || t->var));
}

/*
 * Does the server function fill an indefinite out array (`a') straight
 * into the reply?  When it comes first of the reply's variable fields its
 * inline place is known before the call (OutP->aInline, declared at the
 * stub buffer's size), so the stub hands the server that place as its
 * buffer: the bytes are written once, not into the stack and then copied.
 */
static bool out_in_place(const struct routine *r, const struct arg *a)
{
	if (r->simple || a->kind != AK_OUT || !a->type->indefinite || !var_max_count(a) ||
	    arg_shape(a, false) != SH_VAR)
		return false;
	for (const struct arg *b = r->args; b && b != a; b = b->next)
		if (arg_shape(b, false) == SH_VAR)
			return false;
	return var_decl_bytes(a) >= var_max_count(a) * a->type->elem_size;
}

static void declare_locals(FILE *f, const struct routine *r, struct walk *w)
{
	for (struct arg *a = r->args; a; a = a->next) {
		const struct type *t = a->type;
		const char *sc = type_server_cname(t);
		if (!a->server_arg)
			continue;
		if (a->kind == AK_REQUESTPORT || a->kind == AK_REPLYPORT || a->kind == AK_SREPLYPORT) {
			if (t->intran)
				fprintf(f, "\t%s %s;\n", sc, a->name);
			continue;
		}
		if (a->kind == AK_IN) {
			if (!needs_local_in(a))
				continue;
			if (t->indefinite || t->intran)
				fprintf(f, "\t%s %s;\n", sc, a->name);
			else
				fprintf(f, "\t%s %s[%llu];\n", type_elem_cname(t), a->name,
				        (unsigned long long)(t->var ? t->number : t->number));
			continue;
		}
		if (a->kind != AK_OUT && a->kind != AK_INOUT)
			continue;
		bool own = arg_own_count(a);
		if (t->tclass == TC_PORT) {
			fprintf(f, "\t%s %s;\n", sc, a->name);
			if (poly_send_server(a))
				fprintf(f, "\tmach_msg_type_name_t %sPoly;\n", a->name);
		} else if (t->is_port_array && !t->ool) {
			fprintf(f, "\tmach_port_t %s[%llu];\n", a->name, (unsigned long long)t->number);
			if (poly_send_server(a))
				fprintf(f, "\tmach_msg_type_name_t %sPoly;\n", a->name);
		} else if (t->ool || t->is_port_array) {
			fprintf(f, "\t%s %s;\n", sc, a->name);
			if (poly_send_server(a))
				fprintf(f, "\tmach_msg_type_name_t %sPoly;\n", a->name);
		} else if (t->indefinite) {
			if (out_in_place(r, a))
				fprintf(f, "\t%s *const %sBuf = (%s *)(void *)OutP->%s;\n",
				        type_elem_cname(t), a->name, type_elem_cname(t), var_field(a));
			else if (var_max_count(a))
				fprintf(f, "\t%s %sBuf[%llu];\n", type_elem_cname(t), a->name,
				        (unsigned long long)var_max_count(a));
			fprintf(f, "\t%s %s;\n", sc, a->name);
		} else if (t->tclass == TC_STRING) {
			fprintf(f, "\tchar %s[%llu];\n", a->name, (unsigned long long)t->number);
		} else if (t->is_array || t->var) {
			fprintf(f, "\t%s %s[%llu];\n", type_elem_cname(t), a->name, (unsigned long long)t->number);
		} else {
			fprintf(f, "\t%s %s;\n", sc, a->name);
		}
		if (own && t->tclass != TC_STRING)
			fprintf(f, "\tmach_msg_type_number_t %sCnt;\n", a->name);
		if (a->flags & AF_DEALLOC_VAR)	/* the server's choice; the type's default first */
			fprintf(f, "\tboolean_t %sDealloc = %s;\n", a->name,
			        t->dealloc_default ? "TRUE" : "FALSE");
	}
	(void)w;
}

/* Before the call: translate in arguments, set up out arguments. */
static void prepare_args(FILE *f, const struct routine *r, struct walk *w)
{
	for (struct arg *a = r->args; a; a = a->next) {
		const struct type *t = a->type;
		const char *p = w->ptr[arg_index(r, a)];
		if (!a->server_arg)
			continue;
		if (a->kind == AK_REQUESTPORT || a->kind == AK_REPLYPORT || a->kind == AK_SREPLYPORT) {
			if (t->intran)
				fprintf(f, "\t%s = %s(In0P->Head.%s);\n", a->name, t->intran,
				        a->kind == AK_REQUESTPORT ? "msgh_local_port" : "msgh_remote_port");
			continue;
		}
		if (a->kind == AK_IN) {
			if (!needs_local_in(a))
				continue;
			if (t->intran)
				fprintf(f, "\t%s = %s(%s);\n", a->name, t->intran, in_value(a, p));
			else if (t->indefinite)
				fprintf(f, "\t%s = %s;\n", a->name, in_value(a, p));
			else
				fprintf(f, "\t__builtin_memcpy(%s, %s->%s, %s);\n", a->name, p, a->name,
				        t->var ? xprintf("%s * %uU", cnt_of(r, w, a, p), t->elem_size)
				               : xprintf("%lluU", (unsigned long long)type_bytes(t)));
			continue;
		}
		if (a->kind != AK_OUT && a->kind != AK_INOUT)
			continue;
		bool inout = a->kind == AK_INOUT;
		bool own = arg_own_count(a);
		if (t->tclass == TC_PORT) {
			if (inout)
				fprintf(f, "\t%s = In0P->%s.name;\n", a->name, a->name);
			if (inout && poly_recv_server(a))
				fprintf(f, "\t%sPoly = In0P->%s.disposition;\n", a->name, a->name);
		} else if (t->indefinite) {
			if (var_max_count(a))
				fprintf(f, "\t%s = (%s)(uintptr_t)%sBuf;\n", a->name, type_server_cname(t), a->name);
			else
				fprintf(f, "\t%s = 0;\n", a->name);
			if (own)
				fprintf(f, "\t%sCnt = %lluU;\n", a->name, (unsigned long long)var_max_count(a));
		} else if (t->var && !t->ool && t->tclass != TC_STRING) {
			if (a->flags & AF_COUNTINOUT)
				fprintf(f, "\t%sCnt = %s->%sCnt < %lluU ? %s->%sCnt : %lluU;\n", a->name, p, a->name,
				        (unsigned long long)t->number, p, a->name, (unsigned long long)t->number);
			else if (own)
				fprintf(f, "\t%sCnt = %lluU;\n", a->name, (unsigned long long)t->number);
			if (inout && !t->is_port_array)
				fprintf(f, "\t__builtin_memcpy(%s, %s->%s, %s->%sCnt * %uU);\n\t%sCnt = %s->%sCnt;\n",
				        a->name, p, a->name, p, a->name, t->elem_size, a->name, p, a->name);
		} else if (inout && t->ool) {
			/* Apple's inout ^array[]: the server function gets the
			 * request's memory and count, and may replace both. */
			fprintf(f, "\t%s = %s;\n", a->name, in_value(a, p));
			if (own)
				fprintf(f, "\t%sCnt = %s;\n", a->name, cnt_of(r, w, a, p));
		} else if (t->ool || t->is_port_array) {
			if (own && (a->flags & AF_COUNTINOUT))
				fprintf(f, "\t%sCnt = %s->%sCnt;\n", a->name, p, a->name);
			else if (own)
				fprintf(f, "\t%sCnt = 0;\n", a->name);
			if (t->ool)
				fprintf(f, "\t%s = 0;\n", a->name);
		} else if (inout && t->tclass == TC_STRING && !t->var) {
			fprintf(f, "\t__builtin_memcpy(%s, %s->%s, %lluU);\n", a->name, p, a->name,
			        (unsigned long long)t->number);
		} else if (inout && (t->is_array || (t->is_struct && !t->name && !t->ctype))) {
			fprintf(f, "\t__builtin_memcpy(%s, %s->%s, %lluU);\n", a->name, p, a->name,
			        (unsigned long long)type_bytes(t));
		} else if (inout && t->tclass == TC_DATA && !t->var) {
			fprintf(f, "\t%s = %s->%s;\n", a->name, p, a->name);
		}
	}
}

static void call_server(FILE *f, const struct routine *r, struct walk *w)
{
	fprintf(f, "\tRetCode = %s(", server_routine_name(r));
	int n = 0;
	for (struct arg *a = r->args; a; a = a->next) {
		const struct type *t = a->type;
		const char *p = w->ptr[arg_index(r, a)];
		if (!a->server_arg)
			continue;
		fputs(n++ ? ",\n\t\t" : "\n\t\t", f);
		switch (a->kind) {
		case AK_REQUESTPORT:
			fputs(t->intran ? a->name : "In0P->Head.msgh_local_port", f);
			/* The right the request came to, as GNU MIG's
			 * MACH_MSGH_BITS_REQUEST: the receiver's local bits. */
			if (header_poly_server(a))
				fputs(",\n\t\tMACH_MSGH_BITS_LOCAL(In0P->Head.msgh_bits)", f);
			continue;
		case AK_REPLYPORT:
		case AK_SREPLYPORT:
			fputs(t->intran ? a->name : "In0P->Head.msgh_remote_port", f);
			/* The reply right that came with it (MACH_MSGH_BITS_REPLY). */
			if (header_poly_server(a))
				fputs(",\n\t\tMACH_MSGH_BITS_REMOTE(In0P->Head.msgh_bits)", f);
			continue;
		case AK_MSGSEQNO:
			fputs("TrailerP->msgh_seqno", f);
			continue;
		case AK_SECTOKEN:
		case AK_SERVERSECTOKEN:
			fputs("TrailerP->msgh_sender", f);
			continue;
		case AK_AUDITTOKEN:
		case AK_SERVERAUDITTOKEN:
			fputs("TrailerP->msgh_audit", f);
			continue;
		case AK_IN: {
			bool own = arg_own_count(a);
			fputs(needs_local_in(a) ? a->name : in_value(a, p), f);
			if (poly_recv_server(a))
				fprintf(f, ",\n\t\tIn0P->%s.disposition", a->name);
			if (own)
				fprintf(f, ",\n\t\t%s", t->is_port_array ? xprintf("In0P->%s.count", a->name)
				                                         : xprintf("%s->%sCnt", p, a->name));
			if (a->flags & AF_SERVERCOPY)
				fprintf(f, ",\n\t\tIn0P->%s.size != 0", a->name);
			continue;
		}
		case AK_OUT:
		case AK_INOUT: {
			bool own = arg_own_count(a);
			fprintf(f, type_by_ref_out(t) ? "&%s" : "%s", a->name);
			if (poly_send_server(a))
				fprintf(f, ",\n\t\t&%sPoly", a->name);
			if (own)
				fprintf(f, ",\n\t\t&%sCnt", a->name);
			if (a->flags & AF_DEALLOC_VAR)
				fprintf(f, ",\n\t\t&%sDealloc", a->name);
			continue;
		}
		default:
			fputs("0", f);
			continue;
		}
	}
	fputs(");\n", f);
}

/* After the call: destructors, and memory the stub itself must free. */
static void after_call(FILE *f, const struct routine *r)
{
	for (struct arg *a = r->args; a; a = a->next) {
		const struct type *t = a->type;
		if (!a->server_arg)
			continue;
		if ((a->kind == AK_IN || a->kind == AK_REQUESTPORT || a->kind == AK_REPLYPORT ||
		     a->kind == AK_SREPLYPORT) && t->destructor)
			fprintf(f, "\t%s(%s);\n", t->destructor, a->name);
		if (a->kind != AK_IN)
			continue;
		/* array[] data that came out of line belongs to the stub, unless
		 * the server asked for it with servercopy. */
		if (t->indefinite && !(a->flags & AF_SERVERCOPY))
			fprintf(f, "\tif ((RetCode == KERN_SUCCESS || RetCode == MIG_NO_REPLY) && In0P->%s.size != 0)\n"
			           "\t\tmig_deallocate((vm_address_t)(uintptr_t)In0P->%s.address, In0P->%s.size);\n",
			        a->name, a->name, a->name);
		if (t->is_port_array && !t->ool)
			fprintf(f, "\tif ((RetCode == KERN_SUCCESS || RetCode == MIG_NO_REPLY) && In0P->%s.count != 0)\n"
			           "\t\tmig_deallocate((vm_address_t)(uintptr_t)In0P->%s.address, In0P->%s.count * 4U);\n",
			        a->name, a->name, a->name);
	}
}

/* Check what the server function returned before building on it. */
static void check_outputs(FILE *f, const struct routine *r)
{
	for (struct arg *a = r->args; a; a = a->next) {
		const struct type *t = a->type;
		if (!in_msg(a, false) || !type_is_variable(t) || t->ool || (a->flags & AF_SAMECOUNT))
			continue;
		if (t->tclass == TC_STRING)
			continue;
		uint64_t max = t->indefinite ? var_max_count(a) : t->number;
		if (t->indefinite) {
			if (max == 0)
				continue;
			fprintf(f, "\tif ((void *)(uintptr_t)%s == (void *)%sBuf && %sCnt > %lluU)\n"
			           BAD("MIG_ARRAY_TOO_LARGE"), a->name, a->name, a->name, (unsigned long long)max);
		} else {
			fprintf(f, "\tif (%sCnt > %lluU)\n" BAD("MIG_ARRAY_TOO_LARGE"), a->name,
			        (unsigned long long)max);
		}
	}
}

static const char *out_value(const struct arg *a)
{
	if (a->type->outtran)
		return xprintf("%s(%s)", a->type->outtran, a->name);
	return a->name;
}

static void reply_desc(FILE *f, const struct arg *a)
{
	const struct type *t = a->type;
	const char *cnt = type_is_variable(t) ? count_name(a) : xprintf("%lluU", (unsigned long long)t->number);
	if (t->tclass == TC_PORT) {
		fprintf(f, "\tOutP->%s = (mach_msg_port_descriptor_t){\n"
		           "\t\t.name = %s,\n\t\t.disposition = %s,\n"
		           "\t\t.type = MACH_MSG_PORT_DESCRIPTOR,\n\t};\n",
		        a->name, out_value(a),
		        poly_send_server(a) ? xprintf("%sPoly", a->name) : msgtype_name(t->in_name));
	} else if (t->is_port_array) {
		const char *addr = xprintf("(void *)(%s)", a->name);
		const char *dealloc = dealloc_expr(a);
		if (!t->ool) {
			/* The reply outlives this stub: give it memory of its own. */
			fprintf(f, "\t{\n\t\tvm_address_t addr = 0;\n\n"
			           "\t\tif (%s != 0 && mig_allocate(&addr, %s * 4U) != KERN_SUCCESS)\n\t"
			           BAD("KERN_RESOURCE_SHORTAGE")
			           "\t\tif (%s != 0)\n\t\t\t__builtin_memcpy((void *)addr, %s, %s * 4U);\n"
			           "\t\tOutP->%s.address = (void *)addr;\n\t}\n",
			        cnt, cnt, cnt, a->name, cnt, a->name);
			addr = xprintf("OutP->%s.address", a->name);
			dealloc = "TRUE";
		}
		fprintf(f, "\tOutP->%s = (mach_msg_ool_ports_descriptor_t){\n"
		           "\t\t.address = %s,\n\t\t.count = %s,\n"
		           "\t\t.deallocate = %s,\n\t\t.copy = %s,\n\t\t.disposition = %s,\n"
		           "\t\t.type = MACH_MSG_OOL_PORTS_DESCRIPTOR,\n\t};\n",
		        a->name, addr, cnt, dealloc, copy_expr(a),
		        poly_send_server(a) ? xprintf("%sPoly", a->name) : msgtype_name(t->in_name));
	} else if (t->ool || t->indefinite) {
		const char *d = xprintf("\tOutP->%s = (mach_msg_ool_descriptor_t){\n"
		                        "\t\t.address = (void *)(uintptr_t)(%s),\n\t\t.size = %s * %uU,\n"
		                        "\t\t.deallocate = %s,\n\t\t.copy = %s,\n"
		                        "\t\t.type = MACH_MSG_OOL_DESCRIPTOR,\n\t};\n",
		                        a->name, a->name, cnt, t->elem_size, dealloc_expr(a), copy_expr(a));
		if (t->indefinite && var_max_count(a))
			fprintf(f, "\t/* Out of line unless the server filled the stub's buffer. */\n"
			           "\tif ((void *)(uintptr_t)%s != (void *)%sBuf) {\n%s\t} else {\n"
			           "\t\tOutP->%s = (mach_msg_ool_descriptor_t){ .type = MACH_MSG_OOL_DESCRIPTOR };\n\t}\n",
			        a->name, a->name, indent(d), a->name);
		else
			fputs(d, f);
	}
}

/* (3) one argument's inline part of the reply; true if variable. */
static bool reply_field(FILE *f, const struct arg *a, const char *p, bool in_place)
{
	const struct type *t = a->type;
	if (has_count(a, false) && t->tclass != TC_STRING) {
		if (t->is_port_array && !type_is_variable(t))
			;
		else
			fprintf(f, "\t%s->%sCnt = %sCnt;\n", p, a->name, a->name);
	}
	switch (arg_shape(a, false)) {
	case SH_NONE:
		return false;
	case SH_FIXED:
		if (t->tclass == TC_STRING)
			fprintf(f, "\tmig_local_strcpy(%s->%s, %s, %lluU);\n", p, a->name, a->name,
			        (unsigned long long)t->number);
		else if (t->is_array || (t->is_struct && !t->name && !t->ctype))
			fprintf(f, "\t__builtin_memcpy(%s->%s, %s%s, %lluU);\n", p, a->name,
			        t->is_array ? "" : "&", a->name, (unsigned long long)type_bytes(t));
		else
			fprintf(f, "\t%s->%s = %s;\n", p, a->name, out_value(a));
		return false;
	case SH_VAR:
		break;
	}
	if (t->tclass == TC_STRING) {
		fprintf(f, "\t%s->%sCnt = mig_local_strnlen(%s, %lluU) + 1;\n", p, a->name, a->name,
		        (unsigned long long)t->number - 1);
		fprintf(f, "\t__builtin_memcpy(%s->%s, %s, %s->%sCnt - 1);\n", p, a->name, a->name, p, a->name);
		fprintf(f, "\t%s->%s[%s->%sCnt - 1] = '\\0';\n", p, a->name, p, a->name);
		fprintf(f, "\tmsgh_size_delta = mig_round4(%s->%sCnt);\n", p, a->name);
	} else if (t->indefinite && in_place) {
		/* Inline: the server wrote it in its place already (out_in_place). */
		fprintf(f, "\tmsgh_size_delta = OutP->%s.size == 0 ? mig_round4(%s * %uU) : 0;\n",
		        a->name, count_name(a), t->elem_size);
	} else if (t->indefinite) {
		fprintf(f, "\tif (OutP->%s.size == 0) {\n"
		           "\t\t__builtin_memcpy(%s->%s, %sBuf, %s * %uU);\n"
		           "\t\tmsgh_size_delta = mig_round4(%s * %uU);\n"
		           "\t} else {\n\t\tmsgh_size_delta = 0;\n\t}\n",
		        a->name, p, var_field(a), a->name, count_name(a), t->elem_size, count_name(a),
		        t->elem_size);
	} else {
		fprintf(f, "\t__builtin_memcpy(%s->%s, %s, %s * %uU);\n", p, a->name, a->name,
		        count_name(a), t->elem_size);
		fprintf(f, "\tmsgh_size_delta = mig_round4(%s * %uU);\n", count_name(a), t->elem_size);
	}
	fputs("\tmsgh_size += msgh_size_delta;\n", f);
	return true;
}

static void build_reply(FILE *f, const struct routine *r)
{
	fputs("\n\t/* (3) build the reply */\n", f);
	if (msg_has_ndr(r, false))
		fputs("\tOutP->NDR = NDR_record;\n", f);
	if (r->rep_complex && rep_simple_when_inline(r)) {
		/* Complex only if an array went out of line (rep_simple_when_inline). */
		fputs("\tif (", f);
		const char *sep = "";
		for (struct arg *a = r->args; a; a = a->next)
			if (has_desc(a, false)) {
				fprintf(f, "%s(void *)(uintptr_t)%s != (void *)%sBuf", sep, a->name, a->name);
				sep = " ||\n\t    ";
			}
		fprintf(f, ")\n\t\tOutP->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;\n"
		           "\tOutP->msgh_body.msgh_descriptor_count = %d;\n", r->nrep_desc);
		for (struct arg *a = r->args; a; a = a->next)
			if (has_desc(a, false))
				reply_desc(f, a);
	} else if (r->rep_complex) {
		fprintf(f, "\tOutP->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;\n"
		           "\tOutP->msgh_body.msgh_descriptor_count = %d;\n", r->nrep_desc);
		for (struct arg *a = r->args; a; a = a->next)
			if (has_desc(a, false))
				reply_desc(f, a);
	} else {
		fputs("\tOutP->RetCode = KERN_SUCCESS;\n", f);
	}
	bool var = any_var(r, false);
	if (var)
		fprintf(f, "\tmsgh_size = (mach_msg_size_t)sizeof(Reply) - %lluU;\n",
		        (unsigned long long)var_sum(r, false));
	int seg = 0;
	const char *p = "OutP";
	for (struct arg *a = r->args; a; a = a->next) {
		if (!in_msg(a, false))
			continue;
		if (reply_field(f, a, p, out_in_place(r, a)) && more_inline(a, false)) {
			const char *np = seg_ptr("Out", ++seg);
			fprintf(f, "\t%s = (Reply *)((char *)%s - (%lluU - msgh_size_delta));\n", np, p,
			        (unsigned long long)var_decl_bytes(a));
			p = np;
		}
	}
	fprintf(f, "\tOutP->Head.msgh_size = %s;\n", var ? "msgh_size" : "(mach_msg_size_t)sizeof(Reply)");
}

static void server_stub(FILE *f, const struct routine *r)
{
	int nargs = 0;
	for (struct arg *a = r->args; a; a = a->next)
		nargs++;
	struct walk w = { xalloc(sizeof(char *) * (size_t)(nargs + 1)) };

	fprintf(f, "/* %s %s */\n", r->simple ? "SimpleRoutine" : "Routine", r->name);
	fprintf(f, "static void _X%s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP)\n{\n", r->name);
	fprintf(f, "\ttypedef %s Request;\n", req_type(r));
	if (!r->simple)
		fprintf(f, "\ttypedef %s Reply;\n", rep_type(r));
	fputs("\tRequest *In0P = (Request *)InHeadP;\n", f);
	int nseg = nsegs(r, true);
	for (int i = 1; i <= nseg; i++)
		fprintf(f, "\tRequest *In%dP;\n", i);
	if (!r->simple) {
		fputs("\tReply *OutP = (Reply *)OutHeadP;\n", f);
		nseg = nsegs(r, false);
		for (int i = 1; i <= nseg; i++)
			fprintf(f, "\tReply *Out%dP;\n", i);
	}
	fputs("\tkern_return_t RetCode;\n\tmach_msg_size_t msgh_size;\n", f);
	bool reqvar = any_var(r, true), repvar = !r->simple && any_var(r, false);
	if (reqvar || repvar)
		fputs("\tmach_msg_size_t msgh_size_delta;\n", f);
	if (reqvar)
		fputs("\tmach_msg_size_t msgh_required;\n", f);
	if (r->trailer_elems)
		fputs("\tmach_msg_max_trailer_t *TrailerP;\n", f);
	declare_locals(f, r, &w);
	fputs("\n", f);
	check_request(f, r, &w);
	fputs("\n\t/* (2) call the server */\n", f);
	prepare_args(f, r, &w);
	call_server(f, r, &w);
	after_call(f, r);
	if (r->simple) {
		fputs("\t/* A simple request has no reply port: the status only tells the\n"
		      "\t * server loop whether to destroy the request. */\n"
		      "\tmig_reply_set_error(OutHeadP, RetCode);\n}\n\n", f);
		return;
	}
	fputs("\tif (RetCode != KERN_SUCCESS)\n" BAD("RetCode"), f);
	check_outputs(f, r);
	build_reply(f, r);
	fputs("}\n\n", f);
}

static void emit_demux(FILE *f)
{
	const char *s = mig_sub->name;
	int n = mig_sub->nroutines;
	fprintf(f, "const struct %s_subsystem %s_subsystem = {\n", s, s);
	fprintf(f, "\t%s,\n\t%ld,\n\t%ld,\n", demux_name(), mig_sub->base, mig_sub->base + n);
	if (n)
		fprintf(f, "\t(mach_msg_size_t)(sizeof(union __ReplyUnion__%s) > sizeof(union __RequestUnion__%s) ?\n"
		           "\t\tsizeof(union __ReplyUnion__%s) : sizeof(union __RequestUnion__%s)),\n", s, s, s, s);
	else
		fputs("\t0,\n", f);
	fputs("\t0,\n\t{\n", f);
	for (struct routine *r = mig_sub->routines; r; r = r->next) {
		if (r->skip)
			fputs("\t\t{ 0, 0, 0, 0 },\n", f);
		else
			fprintf(f, "\t\t{ _X%s, %d, %d, (mach_msg_size_t)sizeof(%s) },\n", r->name, r->server_argc,
			        r->nreq_desc, r->simple ? "mig_reply_error_t" : rep_type(r));
	}
	if (!n)
		fputs("\t\t{ 0, 0, 0, 0 },\n", f);
	fputs("\t},\n};\n\n", f);

	fprintf(f, "mig_routine_t %s_routine(mach_msg_header_t *InHeadP)\n{\n"
	           "\tmach_msg_id_t msgh_id = InHeadP->msgh_id - %ld;\n\n"
	           "\tif (msgh_id < 0 || msgh_id >= %d)\n\t\treturn 0;\n"
	           "\treturn %s_subsystem.routine[msgh_id].stub_routine;\n}\n\n",
	        demux_name(), mig_sub->base, n, s);
	fprintf(f, "boolean_t %s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP)\n{\n"
	           "\tmig_routine_t routine;\n\n"
	           "\t/* The reply goes to the request's reply port, with the right it came as. */\n"
	           "\tOutHeadP->msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(InHeadP->msgh_bits), 0);\n"
	           "\tOutHeadP->msgh_remote_port = InHeadP->msgh_remote_port;\n"
	           "\tOutHeadP->msgh_size = (mach_msg_size_t)sizeof(mig_reply_error_t);\n"
	           "\tOutHeadP->msgh_local_port = MACH_PORT_NULL;\n"
	           "\tOutHeadP->msgh_voucher_port = MACH_PORT_NULL;\n"
	           "\tOutHeadP->msgh_id = InHeadP->msgh_id + 100;\n\n"
	           "\tif ((routine = %s_routine(InHeadP)) == 0) {\n"
	           "\t\tmig_reply_set_error(OutHeadP, MIG_BAD_ID);\n\t\treturn FALSE;\n\t}\n"
	           "\t(*routine)(InHeadP, OutHeadP);\n\treturn TRUE;\n}\n",
	        demux_name(), demux_name());
}

int emit_server(FILE *f, const char *header_name)
{
	emit_banner(f, "Server stubs");
	if (header_name) {
		fprintf(f, "#include \"%s\"\n", header_name);
		emit_iimports(f);
		fputs("\n", f);
	} else {
		/* No server header: this file holds what it would. */
		fputs("\n", f);
		emit_includes(f, false, true);
		emit_iimports(f);
		fputs("\n", f);
		emit_msg_typedefs(f);
		emit_server_decls(f);
	}
	emit_helpers(f);
	emit_size_asserts(f);
	for (struct routine *r = mig_sub->routines; r; r = r->next)
		if (!r->skip)
			server_stub(f, r);
	emit_demux(f);
	return 0;
}
