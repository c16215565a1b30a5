/* SPDX-License-Identifier: BSD-2-Clause */
/* Routines and their arguments: numbering (every skip counts), and the
 * checks that turn a parsed argument list into what each side of the
 * message carries.  Every rule broken gets one message at the argument. */
#include <string.h>
#include "mig.h"

struct routine *routine_new(const char *name, bool simple, struct arg *args, struct pos pos)
{
	struct routine *r = xalloc(sizeof(*r));
	r->name = name;
	r->simple = simple;
	r->args = args;
	r->pos = pos;
	return r;
}

static void append(struct routine *r)
{
	r->stmt_waittime = mig_sub->waittime;
	r->stmt_msgoption = mig_sub->msgoption;
	r->index = mig_sub->nroutines++;
	r->id = (int)(mig_sub->base + r->index);
	*mig_sub->routines_tail = r;
	mig_sub->routines_tail = &r->next;
}

/* Routine names seen, hashed, to find duplicates in large interfaces. */
#define NAME_BUCKETS 1024
static struct routine *by_name[NAME_BUCKETS];

void routine_reset(void)
{
	memset(by_name, 0, sizeof(by_name));
}

static unsigned name_hash(const char *s)
{
	unsigned h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % NAME_BUCKETS;
}

void routine_add(struct routine *r)
{
	unsigned h = name_hash(r->name);
	for (struct routine *o = by_name[h]; o; o = o->name_next) {
		if (strcmp(o->name, r->name) == 0) {
			error_at(r->pos, "duplicate routine '%s' (first defined at %s)", r->name,
			         pos_ref(o->pos, r->pos));
			return;
		}
	}
	r->name_next = by_name[h];
	by_name[h] = r;
	if (!mig_sub->name && mig_sub->nroutines == 0)
		error_at(r->pos, "routine '%s' comes before the subsystem statement", r->name);
	if (mig_sub->nroutines >= 100000) {
		error_at(r->pos, "too many routines");
		return;
	}
	append(r);
}

void routine_skip(long n, struct pos pos)
{
	if (n < 1 || n > 10000) {
		error_at(pos, "skip count %ld out of range (1 to 10000)", n);
		return;
	}
	while (n-- > 0) {
		struct routine *r = routine_new("(skip)", true, NULL, pos);
		r->skip = true;
		append(r);
	}
}

const char *argkind_name(enum argkind k)
{
	static const char *names[] = {
		"in", "out", "inout", "requestport", "replyport", "ureplyport", "sreplyport",
		"waittime", "sendtime", "msgoption", "msgseqno", "SecToken", "ServerSecToken",
		"UserSecToken", "AuditToken", "ServerAuditToken", "UserAuditToken", "UserImpl",
		"ServerImpl", "in",
	};
	return names[k];
}

bool arg_is_in(const struct arg *a)
{
	return a->kind == AK_IN || a->kind == AK_INOUT;
}

/* The argument has a count of its own in the C signatures (xCnt): a
 * variable array, not a string, not sharing another's count. */
bool arg_own_count(const struct arg *a)
{
	return type_is_variable(a->type) && a->type->tclass != TC_STRING &&
	       !(a->flags & AF_SAMECOUNT);
}

bool arg_is_out(const struct arg *a)
{
	return a->kind == AK_OUT || a->kind == AK_INOUT;
}

static bool is_scalar_data(const struct type *t, unsigned bytes)
{
	return t->tclass == TC_DATA && !t->var && !t->ool && !t->is_port_array &&
	       type_bytes(t) == bytes;
}

static bool is_single_port(const struct type *t)
{
	return t->tclass == TC_PORT;
}

/*
 * A port that travels in the header, as the request or the reply port: as
 * in both MIGs (itCheckRequestPortType), one port that arrives as a send
 * or send-once right, or polymorphic (then the receiver is told which).
 * Either side may be polymorphic: the sender names the disposition in
 * xPoly, the receiver gets the right's type from the header's bits.
 */
static bool header_port_ok(const struct type *t)
{
	return is_single_port(t) && !t->dealloc_default &&
	       (t->out_name == 17 || t->out_name == 18 || t->out_name == -1);
}

static bool needs_desc(const struct type *t)
{
	return t->tclass == TC_PORT || type_is_ool(t) || t->indefinite;
}

static void check_flags(struct routine *r, struct arg *a)
{
	const struct type *t = a->type;
	bool oolish = type_is_ool(t) || t->indefinite;
	(void)r;

	if ((a->flags & (AF_DEALLOC | AF_NOTDEALLOC)) && t->tclass == TC_PORT) {
		/*
		 * GNU Mach's memory_object*.defs say `dealloc' on a port sent
		 * by the kernel ("for compatibility with Mach 2.5 kernels"):
		 * GNU MIG sets the type's deallocate bit, which the kernel
		 * ignores in messages it sends and refuses (an IPC error, GNU
		 * MIG warns) in a task's.  Port descriptors have no such bit:
		 * the disposition alone says what leaves the sender (a MOVE_*
		 * right is gone from it once sent).  So the flag is accepted
		 * and changes nothing, with GNU MIG's warning where GNU MIG
		 * gives one.
		 */
		bool compat = (mig_sub->kernel_user && arg_is_in(a)) ||
		              (mig_sub->kernel_server && arg_is_out(a));
		if ((a->flags & AF_DEALLOC) && !compat)
			warn_at(a->pos, "dealloc on port '%s' changes nothing: its disposition (%s) says "
			        "what leaves the sender", a->name, msgtype_name(t->in_name));
	} else if ((a->flags & AF_DEALLOC_VAR) && t->tclass == TC_PORT) {
		error_at(a->pos, "dealloc[] applies only to out-of-line data, not to port '%s'", a->name);
	} else if ((a->flags & (AF_DEALLOC | AF_NOTDEALLOC | AF_DEALLOC_VAR)) && !oolish) {
		error_at(a->pos, "dealloc applies only to out-of-line data and ports, not to '%s'", a->name);
	}
	if ((a->flags & AF_DEALLOC) && (a->flags & AF_NOTDEALLOC))
		error_at(a->pos, "'%s' is both dealloc and notdealloc", a->name);
	if ((a->flags & AF_SERVERCOPY) && (!oolish || !arg_is_in(a) || t->is_port_array))
		error_at(a->pos, "servercopy applies only to out-of-line data sent in, not to '%s'", a->name);
	if ((a->flags & AF_PHYSICALCOPY) && !oolish)
		error_at(a->pos, "physicalcopy applies only to out-of-line data, not to '%s'", a->name);
	if ((a->flags & AF_COUNTINOUT) && (!type_is_variable(t) || a->kind != AK_OUT ||
	                                   t->tclass == TC_STRING))
		error_at(a->pos, "countinout applies only to variable arrays sent out, not to '%s'", a->name);
	if ((a->flags & AF_SAMECOUNT) && !type_is_variable(t))
		error_at(a->pos, "samecount applies only to variable arrays, not to '%s'", a->name);
}

static void check_arg(struct routine *r, struct arg *a, bool *have_reqport)
{
	struct type *t = a->type;

	switch (a->kind) {
	case AK_DEFAULT:
		a->kind = *have_reqport ? AK_IN : AK_REQUESTPORT;
		check_arg(r, a, have_reqport);
		return;
	case AK_REQUESTPORT:
		/* Whatever its type, this argument was the request port's. */
		*have_reqport = true;
		if (r->reqport) {
			error_at(a->pos, "second request port '%s' in routine '%s'", a->name, r->name);
			return;
		}
		if (!header_port_ok(t)) {
			error_at(a->pos, "request port '%s' must be a port type received as a send or "
			         "send-once right", a->name);
			return;
		}
		r->reqport = a;
		*have_reqport = true;
		a->user_arg = a->server_arg = true;
		return;
	case AK_REPLYPORT:
	case AK_UREPLYPORT:
	case AK_SREPLYPORT:
		if (r->replyport) {
			error_at(a->pos, "second reply port '%s' in routine '%s'", a->name, r->name);
			return;
		}
		if (!header_port_ok(t)) {
			error_at(a->pos, "reply port '%s' must be a port type received as a send or "
			         "send-once right", a->name);
			return;
		}
		r->replyport = a;
		a->user_arg = a->kind != AK_SREPLYPORT;
		a->server_arg = a->kind != AK_UREPLYPORT;
		return;
	case AK_WAITTIME:
	case AK_SENDTIME:
	case AK_MSGOPTION:
		if (!is_scalar_data(t, 4)) {
			error_at(a->pos, "%s argument '%s' must be a 32-bit integer type",
			         argkind_name(a->kind), a->name);
			return;
		}
		if (a->kind == AK_MSGOPTION)
			r->msgoption = a;
		else if (a->kind == AK_WAITTIME)
			r->waittime = a;
		else
			r->sendtime = a;
		a->user_arg = true;
		return;
	case AK_MSGSEQNO:
		if (!is_scalar_data(t, 4)) {
			error_at(a->pos, "msgseqno argument '%s' must be a 32-bit integer type", a->name);
			return;
		}
		a->server_arg = true;
		if (r->trailer_elems < 1)
			r->trailer_elems = 1;
		return;
	case AK_SECTOKEN:
	case AK_SERVERSECTOKEN:
	case AK_USERSECTOKEN:
	case AK_AUDITTOKEN:
	case AK_SERVERAUDITTOKEN:
	case AK_USERAUDITTOKEN: {
		bool audit = a->kind >= AK_AUDITTOKEN;
		unsigned want = audit ? 32 : 8;
		if (t->tclass != TC_DATA || t->var || t->ool || type_bytes(t) != want) {
			error_at(a->pos, "%s argument '%s' must be a %u-byte type (%s)",
			         argkind_name(a->kind), a->name, want,
			         audit ? "audit_token_t" : "security_token_t");
			return;
		}
		if (a->kind == AK_USERSECTOKEN || a->kind == AK_USERAUDITTOKEN) {
			if (r->simple) {
				error_at(a->pos, "simpleroutine '%s' gets no reply, so no %s", r->name,
				         argkind_name(a->kind));
				return;
			}
			a->user_arg = true;
			r->rep_needs_trailer = true;
			if (r->trailer_elems < (audit ? 3 : 2))
				r->trailer_elems = audit ? 3 : 2;
		} else {
			a->server_arg = true;
			if (r->trailer_elems < (audit ? 3 : 2))
				r->trailer_elems = audit ? 3 : 2;
		}
		return;
	}
	case AK_USERIMPL:
	case AK_SERVERIMPL:
		/* Apple's implementation-defined arguments travel like `in'. */
		a->kind = AK_IN;
		/* fall through */
	case AK_IN:
	case AK_OUT:
	case AK_INOUT:
		break;
	}

	if (r->simple && arg_is_out(a)) {
		error_at(a->pos, "simpleroutine '%s' cannot have %s argument '%s': it gets no reply",
		         r->name, argkind_name(a->kind), a->name);
		return;
	}
	/* Apple's host_priv.defs sends kmod_control's ^array[] both ways:
	 * memory goes out of line in the request and comes back in the reply. */
	if (a->kind == AK_INOUT && (t->is_port_array || t->indefinite)) {
		error_at(a->pos, "inout '%s': port arrays and array[] data can be in or out, not both",
		         a->name);
		return;
	}
	if (t->tclass == TC_PORT && t->in_name == 22)
		warn_at(a->pos, "MACH_MSG_TYPE_COPY_RECEIVE is not a valid disposition");
	check_flags(r, a);
	a->in_request = arg_is_in(a) || (a->flags & AF_COUNTINOUT);
	a->in_reply = arg_is_out(a);
	a->user_arg = a->server_arg = true;
}

/* Implicit arguments (xCnt, xPoly, xDealloc, xSCopy) must not collide with
 * declared ones. */
static void check_names(struct routine *r)
{
	for (struct arg *a = r->args; a; a = a->next) {
		for (struct arg *b = a->next; b; b = b->next)
			if (strcmp(a->name, b->name) == 0)
				error_at(b->pos, "duplicate argument '%s' in routine '%s'", b->name, r->name);
		const char *implicit[4] = { NULL, NULL, NULL, NULL };
		if (arg_own_count(a))
			implicit[0] = xprintf("%sCnt", a->name);
		if (a->type->poly || a->type->sender_poly || a->type->out_name == -1)
			implicit[1] = xprintf("%sPoly", a->name);
		if (a->flags & AF_DEALLOC_VAR)
			implicit[2] = xprintf("%sDealloc", a->name);
		if (a->flags & AF_SERVERCOPY)
			implicit[3] = xprintf("%sSCopy", a->name);
		for (int i = 0; i < 4; i++) {
			if (!implicit[i])
				continue;
			for (struct arg *b = r->args; b; b = b->next)
				if (strcmp(b->name, implicit[i]) == 0)
					error_at(b->pos, "argument '%s' collides with the implicit argument of '%s'",
					         b->name, a->name);
		}
	}
}

/* samecount: the array shares the count of the previous variable array
 * going the same way. */
static void link_samecount(struct routine *r)
{
	for (struct arg *a = r->args; a; a = a->next) {
		if (!(a->flags & AF_SAMECOUNT) || !type_is_variable(a->type))
			continue;
		struct arg *prev = NULL;
		for (struct arg *b = r->args; b != a; b = b->next)
			if (type_is_variable(b->type) && b->kind == a->kind && !(b->flags & AF_SAMECOUNT))
				prev = b;
		if (!prev)
			error_at(a->pos, "samecount argument '%s' has no earlier variable array to share a count with",
			         a->name);
		a->samecount_of = prev;
	}
}

static void count_descs(struct routine *r)
{
	r->nreq_desc = r->nrep_desc = 0;
	for (struct arg *a = r->args; a; a = a->next) {
		if (!needs_desc(a->type) || (a->kind != AK_IN && a->kind != AK_OUT && a->kind != AK_INOUT))
			continue;
		if (arg_is_in(a))
			a->req_desc = r->nreq_desc++;
		if (arg_is_out(a))
			a->rep_desc = r->nrep_desc++;
	}
	r->req_complex = r->nreq_desc > 0;
	r->rep_complex = r->nrep_desc > 0;
}

static void routine_check(struct routine *r)
{
	bool have_reqport = false;
	for (struct arg *a = r->args; a; a = a->next)
		if (a->kind == AK_REQUESTPORT)
			have_reqport = true;
	bool explicit_reqport = have_reqport;
	have_reqport = false;
	int errors = mig_errors;
	for (struct arg *a = r->args; a; a = a->next) {
		if (explicit_reqport && a->kind == AK_DEFAULT)
			a->kind = AK_IN;
		check_arg(r, a, &have_reqport);
	}
	if (mig_errors != errors)
		return;   /* one message per mistake: the argument's */
	if (!r->reqport) {
		error_at(r->pos, "routine '%s' has no request port: its first argument must be a port",
		         r->name);
		return;
	}
	check_names(r);
	link_samecount(r);
	count_descs(r);
	r->user_argc = r->server_argc = 0;
	for (struct arg *a = r->args; a; a = a->next) {
		r->user_argc += a->user_arg;
		r->server_argc += a->server_arg;
	}
}

void routine_check_all(void)
{
	if (!mig_sub->name) {
		if (mig_errors == 0) {
			struct pos p = { "<input>", 1, 1 };
			if (mig_ndeps > 0)
				p.file = mig_deps[0];
			error_at(p, "no subsystem statement");
		}
		return;
	}
	if (mig_sub->base < 0 || mig_sub->base + mig_sub->nroutines > 0x7fffffffL - 100)
		error_at(mig_sub->pos, "subsystem base %ld out of range", mig_sub->base);
	for (struct routine *r = mig_sub->routines; r; r = r->next)
		if (!r->skip)
			routine_check(r);
}
