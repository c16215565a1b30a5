/* SPDX-License-Identifier: BSD-2-Clause */
/* What the emitters share: how each argument sits in a message, names of
 * generated things, and the message structs. */
#ifndef MIG_EMIT_H
#define MIG_EMIT_H

#include "mig.h"

/* The inline data of an argument in one message. */
enum shape {
	SH_NONE,     /* nothing inline besides maybe a count (ports, OOL) */
	SH_FIXED,    /* fixed-size inline data */
	SH_VAR,      /* variable-size inline data, preceded by its count */
};

/* Where an argument sits in the request (req) or the reply (!req). */
bool in_msg(const struct arg *a, bool req);
bool has_desc(const struct arg *a, bool req);
bool has_count(const struct arg *a, bool req);
enum shape arg_shape(const struct arg *a, bool req);
/* Elements of the variable inline part as declared (its maximum). */
uint64_t var_decl_count(const struct arg *a);
/* Bytes the variable inline part takes at its maximum (a multiple of 4). */
uint64_t var_decl_bytes(const struct arg *a);
/* Elements that may be sent inline (the bound, or the dialect's limit). */
uint64_t var_max_count(const struct arg *a);
const char *var_field(const struct arg *a);      /* name of the inline data field */
const char *count_name(const struct arg *a);     /* the count variable/field name */
bool any_var(const struct routine *r, bool req);
/* A reply whose only descriptors are indefinite arrays that may go inline
 * (the server's stub buffer): it goes as a simple message when they all
 * did, the descriptors then plain bytes that say "inline" (size 0). */
bool rep_simple_when_inline(const struct routine *r);
/* Whether the message has an NDR record: only when inline data follows the
 * header and descriptors (as Apple's MIG lays messages out). */
bool msg_has_ndr(const struct routine *r, bool req);
int nsegs(const struct routine *r, bool req);
uint64_t var_sum(const struct routine *r, bool req);

/* The C types on each side. */
const char *msg_field_ctype(const struct type *t);
const char *desc_ctype(const struct type *t);

const char *req_type(const struct routine *r);   /* __Request__<sub>_<name>_t */
const char *rep_type(const struct routine *r);

void emit_banner(FILE *f, const char *what);
void emit_includes(FILE *f, bool user, bool header);
void emit_msg_typedefs(FILE *f);
void emit_size_asserts(FILE *f);
void emit_user_proto(FILE *f, const struct routine *r, const char *term);
void emit_server_proto(FILE *f, const struct routine *r, const char *term);
void emit_server_decls(FILE *f);
void emit_helpers(FILE *f);
void emit_iimports(FILE *f);
const char *indent(const char *text);

/*
 * Which side names a port's disposition at run time (an xPoly argument),
 * as in GNU MIG (routine.c, rtAddPolyArg): the sender when the type is
 * polymorphic when sent (polymorphic, polymorphic|B, MACH_MSG_TYPE_PORT_*),
 * the receiver, told what arrived, when it is polymorphic when received
 * (polymorphic, A|polymorphic).  An inout argument has one xPoly for both.
 */
static inline bool type_in_poly(const struct type *t)
{
	return t->poly || t->sender_poly;
}

static inline bool type_out_poly(const struct type *t)
{
	return t->out_name == -1;
}

static inline bool poly_send_user(const struct arg *a)
{
	return type_in_poly(a->type) || (a->kind == AK_INOUT && type_out_poly(a->type));
}

static inline bool poly_recv_user(const struct arg *a)
{
	return type_out_poly(a->type) || (a->kind == AK_INOUT && type_in_poly(a->type));
}

static inline bool poly_send_server(const struct arg *a)
{
	return type_in_poly(a->type) || (a->kind == AK_INOUT && type_out_poly(a->type));
}

static inline bool poly_recv_server(const struct arg *a)
{
	return type_out_poly(a->type) || (a->kind == AK_INOUT && type_in_poly(a->type));
}

/* The header's ports: the user names the request port's and its reply
 * port's dispositions, the server is told the rights that arrived. */
static inline bool header_poly_user(const struct arg *a)
{
	return a->user_arg && type_in_poly(a->type);
}

static inline bool header_poly_server(const struct arg *a)
{
	return a->server_arg && type_out_poly(a->type);
}

#endif
