/* SPDX-License-Identifier: BSD-2-Clause */
/* mig's data model: source positions, types, arguments, routines and the
 * subsystem, shared by the parser, the checks and the emitters. */
#ifndef MIG_MIG_H
#define MIG_MIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A place in the original .defs file, after the preprocessor's markers. */
struct pos {
	const char *file;
	int line;
	int col;
};

enum dialect { DIALECT_AUTO, DIALECT_GNU, DIALECT_APPLE };

/* How a type travels in a message. */
enum tclass {
	TC_DATA,     /* inline bytes: scalars, structs, fixed arrays */
	TC_PORT,     /* one port right, in a port descriptor */
	TC_STRING,   /* c_string[N] or c_string[*:N] */
};

struct type {
	const char *name;          /* MIG name; NULL when anonymous */
	struct pos pos;
	enum tclass tclass;
	/* Element: size in bytes of one element on the wire, its alignment. */
	unsigned elem_size;
	unsigned align;
	/* Ports: dispositions when sending and the right found on receipt.
	 * -1 stands for polymorphic. */
	int in_name, out_name;
	bool poly;
	/* MACH_MSG_TYPE_PORT_*: the sender names the disposition (xPoly), the
	 * receiver always gets out_name (MIG's rule for these types). */
	bool sender_poly;
	/* Counting: number of elements (fixed) or the maximum (variable). */
	uint64_t number;
	bool var;                  /* array[*:N], array[], c_string[*:N] */
	bool indefinite;           /* array[] without ^: no bound */
	bool ool;                  /* ^ : out of line */
	bool is_struct;            /* struct[N] or struct {}: passed by reference as out */
	bool is_array;             /* array[...] */
	bool is_port_array;        /* an array whose elements are ports */
	bool dealloc_default;      /* (..., dealloc) in GNU's long form */
	bool builtin;              /* predefined (GNU MIG's C integer types) */
	/* GNU MIG's view of the C parameter, for its const qualifiers: a C
	 * array rather than a scalar (array[N], array[*:N], array[],
	 * c_string: GNU MIG's !itStruct), and array[] or array[*] as written
	 * (itIndefinite), even when its ports go out of line. */
	bool c_array;
	bool gnu_indefinite;
	struct type *elem;         /* element type of an array, or NULL */
	/* C side. */
	const char *ctype;         /* C name given by ctype: (the transport type) */
	const char *base_cname;    /* C name of a built-in, when the type has no name */
	const char *cusertype;
	const char *cservertype;
	const char *intran, *intran_type;     /* server type = intran(transport) */
	const char *intranpayload, *intranpayload_type;
	const char *outtran, *outtran_type;   /* transport = outtran(server type) */
	const char *destructor, *destructor_type;
};

enum argkind {
	AK_IN, AK_OUT, AK_INOUT,
	AK_REQUESTPORT, AK_REPLYPORT, AK_UREPLYPORT, AK_SREPLYPORT,
	AK_WAITTIME, AK_SENDTIME, AK_MSGOPTION, AK_MSGSEQNO,
	AK_SECTOKEN, AK_SERVERSECTOKEN, AK_USERSECTOKEN,
	AK_AUDITTOKEN, AK_SERVERAUDITTOKEN, AK_USERAUDITTOKEN,
	AK_USERIMPL, AK_SERVERIMPL,
	AK_DEFAULT,                /* no direction given: in, or the request port */
};

enum argflag {
	AF_DEALLOC = 1 << 0,
	AF_NOTDEALLOC = 1 << 1,
	AF_DEALLOC_VAR = 1 << 2,    /* dealloc[]: chosen by the caller */
	AF_SERVERCOPY = 1 << 3,
	AF_COUNTINOUT = 1 << 4,
	AF_SAMECOUNT = 1 << 5,
	AF_PHYSICALCOPY = 1 << 6,
	AF_RETCODE = 1 << 7,
	AF_AUTO = 1 << 8,
	AF_CONST = 1 << 9,
	AF_OVERWRITE = 1 << 10,
};

struct arg {
	struct arg *next;
	const char *name;
	struct pos pos;
	enum argkind kind;
	struct type *type;
	unsigned flags;
	/* Filled in by routine_check(). */
	bool in_request, in_reply;         /* carried by the request / reply */
	bool user_arg, server_arg;         /* appears in the user / server C signature */
	struct arg *samecount_of;          /* samecount: shares this arg's count */
	int req_desc, rep_desc;            /* descriptor index, or -1 */
};

struct routine {
	struct routine *next;
	struct routine *name_next;         /* in routine.c's table of names */
	const char *name;
	struct pos pos;
	bool simple;
	bool skip;                         /* a `skip' placeholder */
	int index;                         /* routine number in the subsystem */
	int id;                            /* request msgh_id */
	struct arg *args;
	/* Filled in by routine_check(). */
	struct arg *reqport, *replyport, *waittime, *sendtime, *msgoption;
	int nreq_desc, nrep_desc;
	bool req_complex, rep_complex;
	bool rep_needs_trailer;            /* UserSecToken, UserAuditToken */
	int trailer_elems;                 /* server side: MACH_RCV_TRAILER_* needed */
	int user_argc, server_argc;
	/* waittime and msgoption statements in force where it was declared. */
	const char *stmt_waittime, *stmt_msgoption;
};

/* What one compilation holds. */
struct subsystem {
	const char *name;
	struct pos pos;
	bool kernel_user, kernel_server;
	long base;
	const char *user_prefix, *server_prefix, *server_demux, *rcsid;
	const char *waittime;              /* default timeout expression */
	const char *msgoption;             /* extra mach_msg options */
	const char *error_proc;
	int use_special_reply_port;
	const char *consume_on_send_error;
	struct routine *routines, **routines_tail;
	int nroutines;                     /* entries, skips included */
	/* Imports in order: kind is 'i' (both), 'u', 's', 'd' (Apple's
	 * dimport, into headers) or 'I' (iimport). */
	struct import { struct import *next; char kind; const char *file; } *imports, **imports_tail;
	enum dialect dialect;
	unsigned inline_limit;             /* bytes of array[] sent inline */
	struct pos gnu_evidence, apple_evidence;
	const char *gnu_what, *apple_what;
};

/* Options of one run. */
struct options {
	enum dialect dialect;
	const char *user_file, *server_file, *header_file, *sheader_file;
	const char *list_file, *dep_file;
	const char *prefix, *subrprefix;
	bool quiet, verbose;
	int inline_limit;                  /* bytes of array[] sent inline; -1: the dialect's */
	const char *cpp;                   /* preprocessor command; "none" for none */
};

extern struct subsystem *mig_sub;      /* the subsystem being compiled */
extern struct options *mig_opts;

/* Diagnostics: error() counts and prints file:line:col. */
extern int mig_errors;
extern bool mig_silent;             /* the fuzzer wants no output */
void error_at(struct pos pos, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void warn_at(struct pos pos, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void note_evidence(enum dialect d, struct pos pos, const char *what);
const char *pos_ref(struct pos there, struct pos here);

/* Memory that lives until mig_reset(): every allocation of a compilation. */
void *xalloc(size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mig_reset(void);

/* The front end: parse a preprocessed buffer into mig_sub. */
int parse_buffer(const char *buf, size_t len, const char *filename);
/* Files seen in line markers, for -MD. */
extern const char **mig_deps;
extern int mig_ndeps;

/* types.c */
void types_init(void);
void types_builtin_gnu(void);                      /* char, short, int, int64, uintptr_t, intptr_t */
struct type *type_lookup(const char *name);
void type_define(const char *name, struct type *t, struct pos pos);
struct type *type_builtin(int msgtype, struct pos pos);      /* MACH_MSG_TYPE_* */
struct type *type_longform(int msgtype, uint64_t bits, unsigned flags, struct pos pos);
struct type *type_pair(int in_name, int out_name, struct pos pos);
struct type *type_poly(struct pos pos);
/* The lexer's value for MACH_MSG_TYPE_PORT_RECEIVE/SEND/SEND_ONCE: this plus 16..18. */
#define MSGT_PORT_RECEIVED	1000
struct type *type_array(struct type *elem, uint64_t n, struct pos pos);
struct type *type_vararray(struct type *elem, uint64_t max, bool unbounded, struct pos pos);
struct type *type_struct_array(struct type *elem, uint64_t n, struct pos pos);
struct type *type_pointer(struct type *t, struct pos pos);
struct type *type_cstring(uint64_t n, bool var, struct pos pos);
struct type *type_copy(struct type *t);
struct type *type_new(struct pos pos);
void type_struct_begin(void);
void type_struct_field(struct type *t, uint64_t count, struct pos pos);
struct type *type_struct_end(struct pos pos);
uint64_t type_bytes(const struct type *t);      /* inline bytes of a fixed type */
uint64_t type_max_bytes(const struct type *t);  /* of a variable one, at its bound */
const char *type_cname(const struct type *t);
const char *type_user_cname(const struct type *t);
const char *type_server_cname(const struct type *t);
const char *type_elem_cname(const struct type *t);
bool type_is_port(const struct type *t);
bool type_is_ool(const struct type *t);         /* OOL memory or OOL ports on the wire */
bool type_is_variable(const struct type *t);    /* count travels with it */
bool type_by_ref_out(const struct type *t);     /* out arg is T * rather than T */
const char *msgtype_name(int n);

/* routine.c */
struct routine *routine_new(const char *name, bool simple, struct arg *args, struct pos pos);
void routine_add(struct routine *r);
void routine_reset(void);
void routine_skip(long n, struct pos pos);
void routine_check_all(void);
const char *argkind_name(enum argkind k);
bool arg_is_out(const struct arg *a);
bool arg_is_in(const struct arg *a);
bool arg_own_count(const struct arg *a);

/* Emitters. */
int emit_user_header(FILE *f);
int emit_server_header(FILE *f);
int emit_user(FILE *f, const char *header_name);
int emit_server(FILE *f, const char *header_name);
int emit_list(FILE *f);
const char *user_routine_name(const struct routine *r);
const char *server_routine_name(const struct routine *r);
const char *demux_name(void);

/* The whole back end in memory, for the fuzzer: parse, check, emit. */
int mig_parse_and_check(const char *buf, size_t len, const char *filename, struct options *opts);
int mig_compile_buffer(const char *buf, size_t len, const char *filename,
                       struct options *opts, FILE *sink);

#endif /* MIG_MIG_H */
