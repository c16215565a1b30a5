/* SPDX-License-Identifier: BSD-2-Clause */
/* User stubs: build the request in place, (1) fill descriptors and inline
 * data, (2) mach_msg with SEND|RCV on the reply port, (3) check the reply's
 * id, bits, size and descriptors before (4) copying the outputs out. */
#include <string.h>
#include <strings.h>
#include "emit.h"

static const char *seg_ptr(const char *base, int seg)
{
	return seg ? xprintf("%s%d", base, seg) : base;
}

static const char *dealloc_expr(const struct arg *a)
{
	if (a->flags & AF_DEALLOC_VAR)
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

/* An inout argument reaches the stub by reference. */
static const char *uval(const struct arg *a)
{
	if (a->kind == AK_INOUT && type_by_ref_out(a->type))
		return xprintf("(*%s)", a->name);
	return a->name;
}

static const char *ucnt(const struct arg *a)
{
	const struct arg *c = a->samecount_of ? a->samecount_of : a;
	return c->kind == AK_INOUT ? xprintf("(*%sCnt)", c->name) : xprintf("%sCnt", c->name);
}

static const char *upoly(const struct arg *a)
{
	return a->kind == AK_INOUT ? xprintf("(*%sPoly)", a->name) : xprintf("%sPoly", a->name);
}

static const char *user_count(const struct arg *a)
{
	if (a->type->number && !type_is_variable(a->type))
		return xprintf("%lluU", (unsigned long long)a->type->number);
	return ucnt(a);
}

/* (1a) the descriptors of the request. */
static void user_request_desc(FILE *f, const struct routine *r, const struct arg *a)
{
	const struct type *t = a->type;
	(void)r;
	if (t->tclass == TC_PORT) {
		fprintf(f, "\tInP->%s = (mach_msg_port_descriptor_t){\n"
		           "\t\t.name = %s,\n\t\t.disposition = %s,\n"
		           "\t\t.type = MACH_MSG_PORT_DESCRIPTOR,\n\t};\n",
		        a->name, uval(a), poly_send_user(a) ? upoly(a) : msgtype_name(t->in_name));
	} else if (t->is_port_array) {
		fprintf(f, "\tInP->%s = (mach_msg_ool_ports_descriptor_t){\n"
		           "\t\t.address = (void *)(%s),\n\t\t.count = %s,\n"
		           "\t\t.deallocate = %s,\n\t\t.copy = %s,\n\t\t.disposition = %s,\n"
		           "\t\t.type = MACH_MSG_OOL_PORTS_DESCRIPTOR,\n\t};\n",
		        a->name, uval(a), user_count(a), dealloc_expr(a), copy_expr(a),
		        poly_send_user(a) ? upoly(a) : msgtype_name(t->in_name));
	} else if (t->ool) {
		fprintf(f, "\tInP->%s = (mach_msg_ool_descriptor_t){\n"
		           "\t\t.address = (void *)(uintptr_t)(%s),\n\t\t.size = %s * %uU,\n"
		           "\t\t.deallocate = %s,\n\t\t.copy = %s,\n"
		           "\t\t.type = MACH_MSG_OOL_DESCRIPTOR,\n\t};\n",
		        a->name, uval(a), user_count(a), t->elem_size, dealloc_expr(a), copy_expr(a));
	} else if (t->indefinite) {
		unsigned limit = mig_sub->inline_limit;
		const char *d = xprintf("\tInP->%s = (mach_msg_ool_descriptor_t){\n"
		                        "\t\t.address = (void *)(uintptr_t)(%s),\n\t\t.size = %s * %uU,\n"
		                        "\t\t.deallocate = %s,\n\t\t.copy = %s,\n"
		                        "\t\t.type = MACH_MSG_OOL_DESCRIPTOR,\n\t};\n",
		                        a->name, uval(a), ucnt(a), t->elem_size, dealloc_expr(a), copy_expr(a));
		if (var_max_count(a) > 0)
			fprintf(f, "\t/* Up to %u bytes go inline, more out of line. */\n"
			           "\tif ((uint64_t)%s * %uU > %uU) {\n%s\t} else {\n"
			           "\t\tInP->%s = (mach_msg_ool_descriptor_t){ .type = MACH_MSG_OOL_DESCRIPTOR };\n\t}\n",
			        limit, ucnt(a), t->elem_size, limit, indent(d), a->name);
		else
			fputs(d, f);
	}
}

/* (1b) the inline data of one argument; returns true if it was variable,
 * after which the next fields move. */
static bool user_request_field(FILE *f, const struct arg *a, const char *p, bool more)
{
	const struct type *t = a->type;
	bool var = false;

	if (has_count(a, true)) {
		if (a->kind == AK_OUT)
			fprintf(f, "\t%s->%sCnt = *%sCnt;\n", p, a->name, a->name);
		else if (t->tclass != TC_STRING)
			fprintf(f, "\t%s->%sCnt = %s;\n", p, a->name, ucnt(a));
	}
	switch (arg_shape(a, true)) {
	case SH_NONE:
		return false;
	case SH_FIXED:
		if (t->tclass == TC_STRING)
			fprintf(f, "\tmig_local_strcpy(%s->%s, %s, %lluU);\n", p, a->name, a->name,
			        (unsigned long long)t->number);
		else if (t->is_array)
			fprintf(f, "\t__builtin_memcpy(%s->%s, %s, %lluU);\n", p, a->name, a->name,
			        (unsigned long long)type_bytes(t));
		else if (t->is_struct && !t->name && !t->ctype)
			fprintf(f, "\t__builtin_memcpy(%s->%s, &%s, %lluU);\n", p, a->name, uval(a),
			        (unsigned long long)type_bytes(t));
		else
			fprintf(f, "\t%s->%s = %s;\n", p, a->name, uval(a));
		return false;
	case SH_VAR:
		var = true;
		break;
	}
	if (t->tclass == TC_STRING) {
		fprintf(f, "\t%s->%sCnt = mig_local_strnlen(%s, %lluU) + 1;\n", p, a->name, a->name,
		        (unsigned long long)t->number - 1);
		fprintf(f, "\t__builtin_memcpy(%s->%s, %s, %s->%sCnt - 1);\n", p, a->name, a->name, p, a->name);
		fprintf(f, "\t%s->%s[%s->%sCnt - 1] = '\\0';\n", p, a->name, p, a->name);
		fprintf(f, "\tmsgh_size_delta = mig_round4(%s->%sCnt);\n", p, a->name);
	} else if (t->indefinite) {
		fprintf(f, "\tif (InP->%s.size == 0) {\n", a->name);
		fprintf(f, "\t\t__builtin_memcpy(%s->%s, (const void *)(uintptr_t)(%s), %s * %uU);\n", p,
		        var_field(a), uval(a), ucnt(a), t->elem_size);
		fprintf(f, "\t\tmsgh_size_delta = mig_round4(%s * %uU);\n", ucnt(a), t->elem_size);
		if (strcmp(dealloc_expr(a), "FALSE") != 0)
			fprintf(f, "\t\tif (%s)\n\t\t\tmig_deallocate((vm_address_t)(uintptr_t)(%s), %s * %uU);\n",
			        dealloc_expr(a), uval(a), ucnt(a), t->elem_size);
		fprintf(f, "\t} else {\n\t\tmsgh_size_delta = 0;\n\t}\n");
	} else {
		fprintf(f, "\tif (%s > %lluU)\n\t\treturn MIG_ARRAY_TOO_LARGE;\n", ucnt(a),
		        (unsigned long long)t->number);
		fprintf(f, "\t__builtin_memcpy(%s->%s, %s, %s * %uU);\n", p, a->name, a->name,
		        ucnt(a), t->elem_size);
		fprintf(f, "\tmsgh_size_delta = mig_round4(%s * %uU);\n", ucnt(a), t->elem_size);
	}
	fprintf(f, "\tmsgh_size += msgh_size_delta;\n");
	(void)more;
	return var;
}

static void user_build_request(FILE *f, const struct routine *r)
{
	if (r->req_complex) {
		fprintf(f, "\tInP->msgh_body.msgh_descriptor_count = %d;\n", r->nreq_desc);
		for (struct arg *a = r->args; a; a = a->next)
			if (has_desc(a, true))
				user_request_desc(f, r, a);
	}
	if (msg_has_ndr(r, true))
		fputs("\tInP->NDR = NDR_record;\n", f);
	if (any_var(r, true))
		fprintf(f, "\tmsgh_size = (mach_msg_size_t)sizeof(Request) - %lluU;\n",
		        (unsigned long long)var_sum(r, true));
	int seg = 0;
	const char *p = "InP";
	for (struct arg *a = r->args; a; a = a->next) {
		if (!in_msg(a, true))
			continue;
		bool more = false;
		for (struct arg *b = a->next; b; b = b->next)
			if (has_count(b, true) || arg_shape(b, true) != SH_NONE)
				more = true;
		if (user_request_field(f, a, p, more) && more) {
			const char *np = seg_ptr("InP", ++seg);
			fprintf(f, "\t%s = (Request *)((char *)%s - (%lluU - msgh_size_delta));\n", np, p,
			        (unsigned long long)var_decl_bytes(a));
			p = np;
		}
	}
}

/* The disposition of a port in the header: named by the caller (xPoly)
 * when its type is polymorphic when sent. */
static const char *header_disp(const struct arg *a)
{
	if (header_poly_user(a))
		return xprintf("%sPoly", a->name);
	return msgtype_name(a->type->in_name);
}

static const char *reply_disp(const struct routine *r)
{
	if (r->replyport && r->replyport->kind != AK_SREPLYPORT)
		return header_disp(r->replyport);
	return r->simple ? "0" : "MACH_MSG_TYPE_MAKE_SEND_ONCE";
}

static const char *reply_name(const struct routine *r)
{
	if (r->replyport && r->replyport->kind != AK_SREPLYPORT)
		return r->replyport->name;
	return r->simple ? "MACH_PORT_NULL" : "reply_port";
}

static bool default_reply_port(const struct routine *r)
{
	return !r->simple && !(r->replyport && r->replyport->kind != AK_SREPLYPORT);
}

/* (3) the checks of one argument in the reply; `p' addresses its inline
 * fields.  Returns true if its inline part was variable. */
static bool user_check_arg(FILE *f, const struct arg *a, const char *p, const char *cntp)
{
	const struct type *t = a->type;
	const char *cnt = xprintf("%s->%s", cntp, count_name(a));
	if (t->tclass == TC_PORT) {
		fprintf(f, "\tif (OutP->%s.type != MACH_MSG_PORT_DESCRIPTOR", a->name);
		if (!poly_recv_user(a) && t->out_name != -1)
			fprintf(f, " ||\n\t    OutP->%s.disposition != %s", a->name, msgtype_name(t->out_name));
		fputs(")\n\t\tgoto bad_reply;\n", f);
		return false;
	}
	if (t->is_port_array) {
		fprintf(f, "\tif (OutP->%s.type != MACH_MSG_OOL_PORTS_DESCRIPTOR", a->name);
		if (!poly_recv_user(a) && t->out_name != -1)
			fprintf(f, " ||\n\t    OutP->%s.disposition != %s", a->name, msgtype_name(t->out_name));
		if (type_is_variable(t)) {
			fprintf(f, " ||\n\t    OutP->%s.count != %s", a->name, cnt);
			if (!t->ool)
				fprintf(f, " ||\n\t    %s > %lluU", cnt, (unsigned long long)t->number);
		} else {
			fprintf(f, " ||\n\t    OutP->%s.count != %lluU", a->name, (unsigned long long)t->number);
		}
		fputs(")\n\t\tgoto bad_reply;\n", f);
		return false;
	}
	if (t->ool) {
		fprintf(f, "\tif (OutP->%s.type != MACH_MSG_OOL_DESCRIPTOR ||\n\t    OutP->%s.size != (uint64_t)%s * %uU)\n"
		           "\t\tgoto bad_reply;\n", a->name, a->name,
		        type_is_variable(t) ? cnt : xprintf("%lluU", (unsigned long long)t->number), t->elem_size);
		return false;
	}
	if (t->indefinite) {
		fprintf(f, "\tif (OutP->%s.type != MACH_MSG_OOL_DESCRIPTOR)\n\t\tgoto bad_reply;\n", a->name);
		if (var_max_count(a) == 0) {
			fprintf(f, "\tif (OutP->%s.size != (uint64_t)%s * %uU)\n\t\tgoto bad_reply;\n", a->name, cnt,
			        t->elem_size);
			return false;
		}
		fprintf(f, "\tif (OutP->%s.size != 0) {\n"
		           "\t\tif (OutP->%s.size != (uint64_t)%s * %uU)\n\t\t\tgoto bad_reply;\n"
		           "\t\tmsgh_size_delta = 0;\n"
		           "\t} else {\n"
		           "\t\tif (%s > %lluU)\n\t\t\tgoto bad_reply;\n"
		           "\t\tmsgh_size_delta = mig_round4(%s * %uU);\n\t}\n",
		        a->name, a->name, cnt, t->elem_size, cnt, (unsigned long long)var_max_count(a), cnt,
		        t->elem_size);
	} else if (arg_shape(a, false) == SH_VAR) {
		fprintf(f, "\tif (%s > %lluU)\n\t\tgoto bad_reply;\n", cnt, (unsigned long long)t->number);
		fprintf(f, "\tmsgh_size_delta = mig_round4(%s * %uU);\n", cnt, t->elem_size);
		if (t->tclass == TC_STRING)
			fprintf(f, "\tmsgh_required += msgh_size_delta;\n"
			           "\tif (msgh_size < msgh_required || %s == 0 || %s->%s[%s - 1] != '\\0')\n"
			           "\t\tgoto bad_reply;\n", cnt, p, a->name, cnt);
		else
			fprintf(f, "\tmsgh_required += msgh_size_delta;\n"
			           "\tif (msgh_size < msgh_required)\n\t\tgoto bad_reply;\n");
		return true;
	} else {
		return false;
	}
	fprintf(f, "\tmsgh_required += msgh_size_delta;\n\tif (msgh_size < msgh_required)\n\t\tgoto bad_reply;\n");
	return true;
}

/* (4) copy one output to the caller. */
static void user_unpack_arg(FILE *f, const struct arg *a, const char *p, const char *cntp)
{
	const struct type *t = a->type;
	const char *uc = type_user_cname(t);
	const char *cnt = xprintf("%s->%s", cntp, count_name(a));
	bool own_count = arg_own_count(a);

	if (t->tclass == TC_PORT) {
		fprintf(f, "\t*%s = OutP->%s.name;\n", a->name, a->name);
		if (poly_recv_user(a))
			fprintf(f, "\t*%sPoly = OutP->%s.disposition;\n", a->name, a->name);
		return;
	}
	if (t->is_port_array) {
		if (t->ool) {
			fprintf(f, "\t*%s = (%s)(OutP->%s.address);\n", a->name, uc, a->name);
		} else {
			fprintf(f, "\t__builtin_memcpy(%s, OutP->%s.address, OutP->%s.count * 4U);\n"
			           "\tmig_deallocate((vm_address_t)(uintptr_t)OutP->%s.address, OutP->%s.count * 4U);\n",
			        a->name, a->name, a->name, a->name, a->name);
		}
		if (own_count)
			fprintf(f, "\t*%sCnt = OutP->%s.count;\n", a->name, a->name);
		if (poly_recv_user(a))
			fprintf(f, "\t*%sPoly = OutP->%s.disposition;\n", a->name, a->name);
		return;
	}
	if (t->ool) {
		fprintf(f, "\t*%s = (%s)(uintptr_t)(OutP->%s.address);\n", a->name, uc, a->name);
		if (own_count)
			fprintf(f, "\t*%sCnt = %s;\n", a->name, cnt);
		return;
	}
	if (t->indefinite) {
		if (var_max_count(a) == 0) {
			fprintf(f, "\t*%s = (%s)(uintptr_t)(OutP->%s.address);\n", a->name, uc, a->name);
		} else {
			/* GNU MIG: inline data goes to the caller's buffer when it
			 * fits (*xCnt elements), else to fresh memory. */
			fprintf(f, "\tif (OutP->%s.size != 0) {\n"
			           "\t\t*%s = (%s)(uintptr_t)(OutP->%s.address);\n"
			           "\t} else {\n"
			           "\t\tif (%s > *%sCnt) {\n"
			           "\t\t\tvm_address_t addr;\n\n"
			           "\t\t\tif (mig_allocate(&addr, %s * %uU) != KERN_SUCCESS) {\n"
			           "\t\t\t\tmach_msg_destroy(&OutP->Head);\n"
			           "\t\t\t\treturn MIG_ARRAY_TOO_LARGE;\n\t\t\t}\n"
			           "\t\t\t*%s = (%s)addr;\n\t\t}\n"
			           "\t\t__builtin_memcpy((void *)(uintptr_t)(*%s), %s->%s, %s * %uU);\n\t}\n",
			        a->name, a->name, uc, a->name, cnt, a->name, cnt, t->elem_size, a->name, uc,
			        a->name, p, var_field(a), cnt, t->elem_size);
		}
		if (own_count)
			fprintf(f, "\t*%sCnt = %s;\n", a->name, cnt);
		return;
	}
	if (arg_shape(a, false) == SH_FIXED) {
		if (t->tclass == TC_STRING)
			fprintf(f, "\tmig_local_strcpy_out(%s, %s->%s, %lluU);\n", a->name, p, a->name,
			        (unsigned long long)t->number);
		else if (t->is_array || (t->is_struct && !t->name && !t->ctype))
			fprintf(f, "\t__builtin_memcpy(%s, %s->%s, %lluU);\n", a->name, p, a->name,
			        (unsigned long long)type_bytes(t));
		else
			fprintf(f, "\t*%s = %s->%s;\n", a->name, p, a->name);
		return;
	}
	/* A bounded variable array or string. */
	if (mig_sub->dialect == DIALECT_APPLE || (a->flags & AF_COUNTINOUT)) {
		if (own_count) {
			fprintf(f, "\tif (%s > *%sCnt) {\n"
			           "\t\t__builtin_memcpy(%s, %s->%s, *%sCnt * %uU);\n"
			           "\t\t*%sCnt = %s;\n"
			           "\t\treturn MIG_ARRAY_TOO_LARGE;\n\t}\n",
			        cnt, a->name, a->name, p, a->name, a->name, t->elem_size, a->name, cnt);
		}
	}
	fprintf(f, "\t__builtin_memcpy(%s, %s->%s, %s * %uU);\n", a->name, p, a->name, cnt, t->elem_size);
	if (own_count && t->tclass != TC_STRING)
		fprintf(f, "\t*%sCnt = %s;\n", a->name, cnt);
}

/* The view holding an argument's count: its own, or for samecount that
 * of the array whose count it shares. */
static const char *cnt_ptr(const struct routine *r, const char **ptrs, const struct arg *a,
                           const char *p)
{
	if (!a->samecount_of)
		return p;
	int i = 0;
	for (struct arg *b = r->args; b && b != a->samecount_of; b = b->next)
		i++;
	return ptrs[i];
}

static void user_reply(FILE *f, const struct routine *r)
{
	fprintf(f, "\t/* (3) check the reply */\n");
	fprintf(f, "\tif (OutP->Head.msgh_id != %d) {\n"
	           "\t\tkern_return_t kr = OutP->Head.msgh_id == MACH_NOTIFY_SEND_ONCE ?\n"
	           "\t\t\tMIG_SERVER_DIED : MIG_REPLY_MISMATCH;\n\n"
	           "\t\tmach_msg_destroy(&OutP->Head);\n", r->id + 100);
	/* A stale reply (another call's, late) came first: this call's own
	 * may still come, and would be the next call's stale reply.  A new
	 * port for the next call; the old one dies with what it may get. */
	if (default_reply_port(r) && !mig_sub->kernel_user)
		fputs("\t\tif (kr == MIG_REPLY_MISMATCH)\n\t\t\tmig_dealloc_reply_port(reply_port);\n", f);
	fputs("\t\treturn kr;\n\t}\n", f);
	fprintf(f, "\tmsgh_size = OutP->Head.msgh_size;\n");
	bool var = any_var(r, false);
	const char *min = var ? xprintf("(mach_msg_size_t)sizeof(Reply) - %lluU",
	                                (unsigned long long)var_sum(r, false))
	                      : "(mach_msg_size_t)sizeof(Reply)";
	if (r->rep_complex && rep_simple_when_inline(r)) {
		/* Simple when every array came inline: each descriptor says so
		 * (size 0), or the reply is not one (rep_simple_when_inline). */
		fprintf(f, "\tif (!(OutP->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)) {\n"
		           "\t\tif (msgh_size == (mach_msg_size_t)sizeof(mig_reply_error_t) &&\n"
		           "\t\t    ((mig_reply_error_t *)OutP)->RetCode != KERN_SUCCESS)\n"
		           "\t\t\treturn ((mig_reply_error_t *)OutP)->RetCode;\n"
		           "\t\tif (msgh_size < %s", min);
		for (struct arg *a = r->args; a; a = a->next)
			if (has_desc(a, false))
				fprintf(f, " ||\n\t\t    OutP->%s.size != 0", a->name);
		fputs(")\n\t\t\tgoto bad_reply;\n\t}\n", f);
		fprintf(f, "\tif (OutP->msgh_body.msgh_descriptor_count != %d)\n\t\tgoto bad_reply;\n",
		        r->nrep_desc);
	} else if (r->rep_complex) {
		fprintf(f, "\tif (!(OutP->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)) {\n"
		           "\t\tif (msgh_size == (mach_msg_size_t)sizeof(mig_reply_error_t) &&\n"
		           "\t\t    ((mig_reply_error_t *)OutP)->RetCode != KERN_SUCCESS)\n"
		           "\t\t\treturn ((mig_reply_error_t *)OutP)->RetCode;\n"
		           "\t\tgoto bad_reply;\n\t}\n");
		fprintf(f, "\tif (OutP->msgh_body.msgh_descriptor_count != %d)\n\t\tgoto bad_reply;\n",
		        r->nrep_desc);
	} else {
		fprintf(f, "\tif (OutP->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)\n\t\tgoto bad_reply;\n");
	}
	if (var)
		fprintf(f, "\tif (msgh_size < %s ||\n\t    msgh_size > (mach_msg_size_t)sizeof(Reply)) {\n", min);
	else
		fprintf(f, "\tif (msgh_size != %s) {\n", min);
	if (!r->rep_complex)
		fprintf(f, "\t\tif (msgh_size == (mach_msg_size_t)sizeof(mig_reply_error_t) &&\n"
		           "\t\t    OutP->RetCode != KERN_SUCCESS)\n\t\t\treturn OutP->RetCode;\n");
	fprintf(f, "\t\tgoto bad_reply;\n\t}\n");
	if (!r->rep_complex)
		fprintf(f, "\tif (OutP->RetCode != KERN_SUCCESS)\n\t\treturn OutP->RetCode;\n");
	if (var)
		fprintf(f, "\tmsgh_required = %s;\n", min);

	/* The checks walk the reply as the unpacking will. */
	int seg = 0, nargs = 0, i = 0;
	const char *p = "OutP";
	for (struct arg *a = r->args; a; a = a->next)
		nargs++;
	const char **ptrs = xalloc(sizeof(char *) * (size_t)(nargs + 1));
	for (struct arg *a = r->args; a; a = a->next, i++) {
		ptrs[i] = p;
		if (!in_msg(a, false))
			continue;
		if (user_check_arg(f, a, p, cnt_ptr(r, ptrs, a, p))) {
			bool more = false;
			for (struct arg *b = a->next; b; b = b->next)
				if (has_count(b, false) || arg_shape(b, false) != SH_NONE)
					more = true;
			if (more) {
				const char *np = seg_ptr("OutP", ++seg);
				fprintf(f, "\t%s = (Reply *)((char *)%s - (%lluU - msgh_size_delta));\n", np, p,
				        (unsigned long long)var_decl_bytes(a));
				p = np;
			}
		}
	}
	if (var)
		fprintf(f, "\tif (msgh_size != msgh_required)\n\t\tgoto bad_reply;\n");
	if (r->rep_needs_trailer)
		fprintf(f, "\tTrailerP = (mach_msg_max_trailer_t *)((char *)OutP + round_msg(msgh_size));\n"
		           "\tif (TrailerP->msgh_trailer_size < REQUESTED_TRAILER_SIZE(options)) {\n"
		           "\t\tmach_msg_destroy(&OutP->Head);\n\t\treturn MIG_TRAILER_ERROR;\n\t}\n");

	fprintf(f, "\n\t/* (4) copy the outputs out */\n");
	i = 0;
	for (struct arg *a = r->args; a; a = a->next, i++) {
		if (a->kind == AK_USERSECTOKEN)
			fprintf(f, "\t*%s = TrailerP->msgh_sender;\n", a->name);
		else if (a->kind == AK_USERAUDITTOKEN)
			fprintf(f, "\t*%s = TrailerP->msgh_audit;\n", a->name);
		if (!in_msg(a, false))
			continue;
		user_unpack_arg(f, a, ptrs[i], cnt_ptr(r, ptrs, a, ptrs[i]));
	}
	fprintf(f, "\treturn KERN_SUCCESS;\n\n"
	           "bad_reply:\n"
	           "\tmach_msg_destroy(&OutP->Head);\n"
	           "\treturn MIG_TYPE_ERROR;\n");
}

static void user_stub(FILE *f, const struct routine *r)
{
	const char *timeout = "MACH_MSG_TIMEOUT_NONE";
	const char *opts = r->simple ? "MACH_SEND_MSG" : "MACH_SEND_MSG | MACH_RCV_MSG";
	if (r->waittime) {
		timeout = r->waittime->name;
		opts = xprintf("%s | MACH_SEND_TIMEOUT%s", opts, r->simple ? "" : " | MACH_RCV_TIMEOUT");
	} else if (r->sendtime) {
		timeout = r->sendtime->name;
		opts = xprintf("%s | MACH_SEND_TIMEOUT", opts);
	} else if (r->stmt_waittime) {
		timeout = r->stmt_waittime;
		opts = xprintf("%s | MACH_SEND_TIMEOUT%s", opts, r->simple ? "" : " | MACH_RCV_TIMEOUT");
	}
	if (r->stmt_msgoption)
		opts = xprintf("%s | %s", opts, r->stmt_msgoption);
	if (r->msgoption)
		opts = xprintf("%s | %s", opts, r->msgoption->name);
	if (r->rep_needs_trailer)
		opts = xprintf("%s | MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) | "
		               "MACH_RCV_TRAILER_ELEMENTS(%d)", opts, r->trailer_elems);

	fprintf(f, "/* %s %s */\n", r->simple ? "SimpleRoutine" : "Routine", r->name);
	emit_user_proto(f, r, "\n");
	fprintf(f, "{\n\ttypedef %s Request;\n", req_type(r));
	if (!r->simple)
		fprintf(f, "\ttypedef %s Reply;\n", rep_type(r));
	fputs("\tunion {\n\t\tRequest In;\n", f);
	if (!r->simple)
		fprintf(f, "\t\tReply Out;\n\t\t/* Room for the reply's trailer. */\n"
		           "\t\tchar Space[sizeof(Reply) + sizeof(%s)];\n",
		        r->rep_needs_trailer ? "mach_msg_max_trailer_t" : "mach_msg_trailer_t");
	fputs("\t} Mess;\n\tRequest *InP = &Mess.In;\n", f);
	int nseg = nsegs(r, true);
	for (int i = 1; i <= nseg; i++)
		fprintf(f, "\tRequest *InP%d;\n", i);
	if (!r->simple) {
		fputs("\tReply *OutP = &Mess.Out;\n", f);
		nseg = nsegs(r, false);
		for (int i = 1; i <= nseg; i++)
			fprintf(f, "\tReply *OutP%d;\n", i);
	}
	fputs("\tmach_msg_return_t msg_result;\n", f);
	bool reqvar = any_var(r, true), repvar = !r->simple && any_var(r, false);
	if (reqvar || !r->simple)
		fputs("\tmach_msg_size_t msgh_size;\n", f);
	if (reqvar || repvar)
		fputs("\tmach_msg_size_t msgh_size_delta;\n", f);
	if (repvar)
		fputs("\tmach_msg_size_t msgh_required;\n", f);
	if (r->rep_needs_trailer)
		fprintf(f, "\tconst mach_msg_option_t options = %s;\n\tmach_msg_max_trailer_t *TrailerP;\n", opts);
	if (default_reply_port(r))
		fputs("\tmach_port_t reply_port;\n", f);
	fputs("\n\t/* (1) build the request */\n", f);
	user_build_request(f, r);
	const char *size = reqvar ? "msgh_size" : "(mach_msg_size_t)sizeof(Request)";
	fprintf(f, "\tInP->Head.msgh_bits = %sMACH_MSGH_BITS(%s, %s);\n",
	        r->req_complex ? "MACH_MSGH_BITS_COMPLEX | " : "",
	        header_disp(r->reqport), reply_disp(r));
	fprintf(f, "\tInP->Head.msgh_remote_port = %s;\n", r->reqport->name);
	/* The reply port last: fewer of the arguments live across the call. */
	if (default_reply_port(r))
		fprintf(f, "\treply_port = %s();\n",
		        mig_sub->use_special_reply_port ? "mig_get_special_reply_port" : "mig_get_reply_port");
	fprintf(f, "\tInP->Head.msgh_local_port = %s;\n", reply_name(r));
	fprintf(f, "\tInP->Head.msgh_voucher_port = MACH_PORT_NULL;\n");
	fprintf(f, "\tInP->Head.msgh_id = %d;\n", r->id);
	fprintf(f, "\tInP->Head.msgh_size = %s;\n\n", size);

	fputs("\t/* (2) send the request", f);
	fputs(r->simple ? " */\n" : " and wait for the reply */\n", f);
	if (mig_sub->kernel_user) {
		if (r->simple)
			fprintf(f, "\tmsg_result = mach_msg_send_from_kernel(&InP->Head, %s);\n", size);
		else
			fprintf(f, "\tmsg_result = mach_msg_rpc_from_kernel(&InP->Head, %s, (mach_msg_size_t)sizeof(Mess));\n",
			        size);
	} else if (r->simple) {
		fprintf(f, "\tmsg_result = mach_msg(&InP->Head, %s, %s, 0,\n\t                      MACH_PORT_NULL, %s, MACH_PORT_NULL);\n",
		        opts, size, timeout);
	} else {
		fprintf(f, "\tmsg_result = mach_msg(&InP->Head, %s, %s,\n"
		           "\t                      (mach_msg_size_t)sizeof(Mess), %s, %s, MACH_PORT_NULL);\n",
		        r->rep_needs_trailer ? "options" : opts, size, reply_name(r), timeout);
	}
	if (r->simple) {
		if (mig_sub->consume_on_send_error && strcasecmp(mig_sub->consume_on_send_error, "None"))
			fprintf(f, "\tif (%s)\n\t\tmach_msg_destroy(&InP->Head);\n",
			        strcasecmp(mig_sub->consume_on_send_error, "Any") == 0
			            ? "msg_result != MACH_MSG_SUCCESS && msg_result != MACH_SEND_INVALID_DEST"
			            : "msg_result == MACH_SEND_TIMED_OUT");
		fputs("\treturn msg_result;\n}\n\n", f);
		return;
	}
	fputs("\tif (msg_result != MACH_MSG_SUCCESS) {\n", f);
	if (default_reply_port(r))
		fputs("\t\t/*\n"
		      "\t\t * A reply port that failed in receive may hold a late reply;\n"
		      "\t\t * one whose request was destroyed (a bad right or memory in it)\n"
		      "\t\t * gets a send-once notification.  Either way, a new one.\n"
		      "\t\t */\n"
		      "\t\tif ((msg_result >= MACH_RCV_IN_PROGRESS && msg_result <= MACH_RCV_IN_PROGRESS_TIMED) ||\n"
		      "\t\t    msg_result == MACH_SEND_INVALID_RIGHT || msg_result == MACH_SEND_INVALID_TYPE ||\n"
		      "\t\t    msg_result == MACH_SEND_INVALID_MEMORY)\n"
		      "\t\t\tmig_dealloc_reply_port(reply_port);\n", f);
	if (mig_sub->consume_on_send_error && strcasecmp(mig_sub->consume_on_send_error, "None"))
		fprintf(f, "\t\tif (%s)\n\t\t\tmach_msg_destroy(&InP->Head);\n",
		        strcasecmp(mig_sub->consume_on_send_error, "Any") == 0
		            ? "msg_result > MACH_SEND_IN_PROGRESS && msg_result < MACH_RCV_IN_PROGRESS && msg_result != MACH_SEND_INVALID_DEST"
		            : "msg_result == MACH_SEND_TIMED_OUT");
	fputs("\t\treturn msg_result;\n\t}\n\n", f);
	user_reply(f, r);
	fputs("}\n\n", f);
}

int emit_user(FILE *f, const char *header_name)
{
	emit_banner(f, "User stubs");
	fprintf(f, "#include \"%s\"\n", header_name);
	emit_iimports(f);
	fputs("\n", f);
	emit_helpers(f);
	emit_size_asserts(f);
	for (struct routine *r = mig_sub->routines; r; r = r->next)
		if (!r->skip)
			user_stub(f, r);
	return 0;
}
