/* SPDX-License-Identifier: BSD-2-Clause */
/* mig's grammar: the MIG language of GNU MIG and Apple's MIG.  Actions build
 * types (types.c) and routines (routine.c); errors recover at the next `;'
 * so that each mistake gets one message. */
%define api.pure full
%locations
%define parse.error custom
%expect 0

%code requires {
#include <stdint.h>
#include "mig.h"
typedef struct YYLTYPE {
	int first_line, first_column, last_line, last_column;
	const char *file;
} YYLTYPE;
#define YYLTYPE_IS_DECLARED 1
/* Not "trivial": bison then leaves the initial location to the lexer. */
#define YYLTYPE_IS_TRIVIAL 0
}

%code provides {
int mig_yylex(YYSTYPE *lval, YYLTYPE *lloc);
void *lexer_begin(const char *buf, size_t len);
void lexer_end(void *b);
void lexer_reset(void);
void lexer_set_file(const char *f);
extern const char *mig_last_text;
}

%code {
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#define yylex mig_yylex
#define YYLLOC_DEFAULT(Cur, Rhs, N) \
	do { (Cur) = (N) ? YYRHSLOC(Rhs, 1) : YYRHSLOC(Rhs, 0); } while (0)

static struct pos P(YYLTYPE l)
{
	struct pos p = { l.file ? l.file : "<input>", l.first_line, l.first_column };
	return p;
}

/* Set when an argument list had a syntax error: the routine is dropped
 * rather than checked, so the one mistake gets one message. */
static bool args_error;

static void yyerror(YYLTYPE *loc, const char *msg)
{
	error_at(P(*loc), "%s", msg);
}

/* An integer of the grammar, checked for the overflow the lexer flagged. */
static uint64_t num(uint64_t v, YYLTYPE l)
{
	if (v > 0xffffffffULL) {
		error_at(P(l), "number too large");
		return 1;
	}
	return v;
}

/* Bison quotes token aliases; messages read better without. */
static const char *tok(const char *name)
{
	static char buf[64];
	size_t n = strlen(name);
	if (n >= 2 && name[0] == '"' && name[n - 1] == '"' && n - 2 < sizeof(buf)) {
		memcpy(buf, name + 1, n - 2);
		buf[n - 2] = 0;
		return buf;
	}
	return name;
}

static struct arg *arg_new(enum argkind kind, const char *name, struct type *t,
                           unsigned flags, YYLTYPE l)
{
	struct arg *a = xalloc(sizeof(*a));
	a->kind = kind;
	a->name = name;
	a->type = t;
	a->flags = flags;
	a->pos = P(l);
	a->req_desc = a->rep_desc = -1;
	return a;
}

static struct arg *arg_append(struct arg *list, struct arg *a)
{
	if (!list)
		return a;
	if (!a)
		return list;
	struct arg *l = list;
	while (l->next)
		l = l->next;
	l->next = a;
	return list;
}

static struct type *named_type(const char *name, YYLTYPE l)
{
	struct type *t = type_lookup(name);
	if (!t) {
		error_at(P(l), "unknown type '%s'", name);
		return NULL;
	}
	return t;
}
}

%union {
	uint64_t num;
	char *str;
	struct type *type;
	struct arg *arg;
	int kind;
	unsigned flags;
	struct { int in, out; } pair;
}

%token <num> sy_NUMBER "number"
%token <num> sy_SYMTYPE "MACH_MSG_TYPE name"
%token <str> sy_IDENT "identifier"
%token <str> sy_QSTRING "string"
%token <str> sy_FILENAME "file name"
%token <num> sy_FLAG "argument flag"
%token <num> sy_IMPORT "import"
%token <num> sy_SECTOKEN "security token"
%token <num> sy_BADCHAR "invalid character"
%token sy_BADCOMMENT "unterminated comment"
%token sy_BADIMPORT "import without <file> or \"file\""
%token sy_ROUTINE "routine" sy_SIMPLEROUTINE "simpleroutine" sy_SKIP "skip"
%token sy_SUBSYSTEM "subsystem" sy_KERNELUSER "KernelUser" sy_KERNELSERVER "KernelServer"
%token sy_TYPE "type" sy_ARRAY "array" sy_STRUCT "struct" sy_OF "of" sy_CSTRING "c_string"
%token sy_SERVERPREFIX "serverprefix" sy_USERPREFIX "userprefix" sy_SERVERDEMUX "serverdemux"
%token sy_RCSID "rcsid" sy_WAITTIME "waittime" sy_NOWAITTIME "nowaittime"
%token sy_SENDTIME "sendtime" sy_NOSENDTIME "nosendtime"
%token sy_MSGOPTION "msgoption" sy_MSGSEQNO "msgseqno" sy_ERROR "error"
%token sy_USESPECIALREPLYPORT "UseSpecialReplyPort" sy_CONSUMEONSENDERROR "ConsumeOnSendError"
%token sy_IN "in" sy_OUT "out" sy_INOUT "inout"
%token sy_REQUESTPORT "requestport" sy_REPLYPORT "replyport"
%token sy_UREPLYPORT "ureplyport" sy_SREPLYPORT "sreplyport"
%token sy_USERIMPL "userimpl" sy_SERVERIMPL "serverimpl"
%token sy_INTRAN "intran" sy_INTRANPAYLOAD "intranpayload" sy_OUTTRAN "outtran"
%token sy_DESTRUCTOR "destructor" sy_CTYPE "ctype" sy_CUSERTYPE "cusertype"
%token sy_CSERVERTYPE "cservertype" sy_LIMIT "UserTypeLimit/OnStackLimit"
%token sy_NATIVE "native type"

%type <num> IntExp
%type <type> TypeSpec TransTypeSpec BasicTypeSpec ArgType StructBody
%type <str> TypePhrase StringOrIdent
%type <arg> Argument ArgumentList Arguments
%type <kind> Direction
%type <flags> IPCFlags
%type <pair> IPCType
%type <num> PrimIPCType

%left '+' '-'
%left '*' '/'

%%

Statements
	: %empty
	| Statements Statement
	;

Statement
	: Subsystem ';'
	| WaitTime ';'
	| MsgOption ';'
	| Error ';'
	| ServerPrefix ';'
	| UserPrefix ';'
	| ServerDemux ';'
	| TypeDecl ';'
	| RoutineDecl ';'
	| Skip ';'
	| Import ';'
	| RCSDecl ';'
	| SpecialReply ';'
	| ';'
	| error ';'		{ yyerrok; }
	;

Subsystem
	: sy_SUBSYSTEM SubsystemMods sy_IDENT IntExp
		{
			if (mig_sub->name)
				error_at(P(@1), "second subsystem statement (the first is at %s)",
				         pos_ref(mig_sub->pos, P(@1)));
			else {
				mig_sub->name = $3;
				mig_sub->pos = P(@3);
				mig_sub->base = (long)$4;
			}
		}
	;

SubsystemMods
	: %empty
	| SubsystemMods sy_KERNELUSER	{ mig_sub->kernel_user = true; }
	| SubsystemMods sy_KERNELSERVER	{ mig_sub->kernel_server = true; }
	;

StringOrIdent
	: sy_IDENT	{ $$ = $1; }
	| sy_NUMBER	{ $$ = xprintf("%llu", (unsigned long long)num($1, @1)); }
	| StringOrIdent '|' sy_IDENT	{ $$ = xprintf("%s|%s", $1, $3); }
	;

WaitTime
	: sy_WAITTIME StringOrIdent	{ mig_sub->waittime = $2; }
	| sy_NOWAITTIME			{ mig_sub->waittime = NULL; }
	| sy_NOSENDTIME			{ }
	;

MsgOption
	: sy_MSGOPTION StringOrIdent	{ mig_sub->msgoption = $2; }
	;

SpecialReply
	: sy_USESPECIALREPLYPORT IntExp		{ mig_sub->use_special_reply_port = $2 != 0; }
	| sy_CONSUMEONSENDERROR sy_IDENT
		{
			if (strcasecmp($2, "None") && strcasecmp($2, "Timeout") && strcasecmp($2, "Any"))
				error_at(P(@2), "ConsumeOnSendError takes None, Timeout or Any, not '%s'", $2);
			else
				mig_sub->consume_on_send_error = $2;
		}
	;

Error
	: sy_ERROR sy_IDENT	{ mig_sub->error_proc = $2; }
	;

ServerPrefix
	: sy_SERVERPREFIX sy_IDENT	{ mig_sub->server_prefix = $2; }
	;

UserPrefix
	: sy_USERPREFIX sy_IDENT	{ mig_sub->user_prefix = $2; }
	;

ServerDemux
	: sy_SERVERDEMUX sy_IDENT	{ mig_sub->server_demux = $2; }
	;

RCSDecl
	: sy_RCSID sy_QSTRING	{ mig_sub->rcsid = $2; }
	;

Import
	: sy_IMPORT sy_FILENAME
		{
			struct import *im = xalloc(sizeof(*im));
			im->kind = (char)$1;
			im->file = $2;
			*mig_sub->imports_tail = im;
			mig_sub->imports_tail = &im->next;
		}
	| sy_IMPORT sy_BADIMPORT	{ error_at(P(@2), "import needs a file name in <...> or \"...\""); }
	;

Skip
	: sy_SKIP		{ routine_skip(1, P(@1)); }
	| sy_SKIP IntExp	{ routine_skip((long)$2, P(@1)); }
	;

TypeDecl
	: sy_TYPE sy_IDENT '=' TransTypeSpec
		{
			if ($4)
				type_define($2, $4, P(@2));
		}
	| sy_TYPE sy_IDENT
		{ error_at(P(@2), "type '%s' needs a definition: type %s = ...", $2, $2); }
	;

TransTypeSpec
	: TypeSpec		{ $$ = $1 ? type_copy($1) : NULL; }
	| TransTypeSpec sy_INTRAN ':' sy_IDENT sy_IDENT '(' sy_IDENT ')'
		{ $$ = $1; if ($$) { $$->cservertype = $4; $$->intran = $5; $$->intran_type = $7; } }
	| TransTypeSpec sy_INTRANPAYLOAD ':' sy_IDENT sy_IDENT
		/* GNU MIG's only form: the type, then the function of the payload. */
		{ $$ = $1; if ($$) { $$->intranpayload = $5; $$->intranpayload_type = $4; } }
	| TransTypeSpec sy_OUTTRAN ':' sy_IDENT sy_IDENT '(' sy_IDENT ')'
		{ $$ = $1; if ($$) { $$->outtran = $5; $$->outtran_type = $7; if (!$$->cservertype) $$->cservertype = $7; } }
	| TransTypeSpec sy_DESTRUCTOR ':' sy_IDENT '(' sy_IDENT ')'
		{ $$ = $1; if ($$) { $$->destructor = $4; $$->destructor_type = $6; } }
	| TransTypeSpec sy_CTYPE ':' TypePhrase
		{ $$ = $1; if ($$) $$->ctype = $4; }
	| TransTypeSpec sy_CUSERTYPE ':' TypePhrase
		{ $$ = $1; if ($$) $$->cusertype = $4; }
	| TransTypeSpec sy_CSERVERTYPE ':' TypePhrase
		{ $$ = $1; if ($$) $$->cservertype = $4; }
	| TransTypeSpec sy_LIMIT ':' IntExp
		{ $$ = $1; }
	;

TypePhrase
	: sy_IDENT		{ $$ = $1; }
	| TypePhrase sy_IDENT	{ $$ = xprintf("%s %s", $1, $2); }
	| TypePhrase '*'	{ $$ = xprintf("%s *", $1); }
	| TypePhrase sy_FLAG	{ $$ = xprintf("%s const", $1); }
	;

TypeSpec
	: BasicTypeSpec		{ $$ = $1; }
	| sy_IDENT		{ $$ = named_type($1, @1); }
	| sy_ARRAY '[' ']' sy_OF TypeSpec
		{ $$ = $5 ? type_vararray($5, 0, true, P(@1)) : NULL; }
	| sy_ARRAY '[' '*' ']' sy_OF TypeSpec
		{ $$ = $6 ? type_vararray($6, 0, true, P(@1)) : NULL; }
	| sy_ARRAY '[' '*' ':' IntExp ']' sy_OF TypeSpec
		{ $$ = $8 ? type_vararray($8, $5, false, P(@1)) : NULL; }
	| sy_ARRAY '[' IntExp ']' sy_OF TypeSpec
		{ $$ = $6 ? type_array($6, $3, P(@1)) : NULL; }
	| sy_ARRAY sy_OF TypeSpec
		{ error_at(P(@1), "array without a size: write array[N], array[*:N] or array[]"); $$ = NULL; }
	| sy_STRUCT '[' IntExp ']' sy_OF TypeSpec
		{ $$ = $6 ? type_struct_array($6, $3, P(@1)) : NULL; }
	| sy_STRUCT sy_OF TypeSpec
		{ error_at(P(@1), "struct without a size: write struct[N] of ..."); $$ = NULL; }
	| sy_STRUCT '{' { type_struct_begin(); } StructBody '}'
		{ note_evidence(DIALECT_GNU, P(@1), "struct { ... }"); $$ = $4 ? type_struct_end(P(@1)) : NULL; }
	| '^' TypeSpec
		{ $$ = $2 ? type_pointer($2, P(@1)) : NULL; }
	| sy_CSTRING '[' IntExp ']'
		{ $$ = type_cstring($3, false, P(@1)); }
	| sy_CSTRING '[' '*' ':' IntExp ']'
		{ $$ = type_cstring($5, true, P(@1)); }
	| sy_CSTRING
		{ error_at(P(@1), "c_string without a size: write c_string[N] or c_string[*:N]"); $$ = NULL; }
	| sy_NATIVE '(' TypePhrase ')'
		{ error_at(P(@1), "native types (PointerTo, PointerToIfNot, ValueOf) are not supported"); $$ = NULL; }
	| sy_NATIVE '(' TypePhrase ',' TypePhrase ')'
		{ error_at(P(@1), "native types (PointerTo, PointerToIfNot, ValueOf) are not supported"); $$ = NULL; }
	;

StructBody
	: %empty				{ $$ = type_new(P(@$)); }
	| StructBody sy_IDENT sy_IDENT ';'
		{ struct type *t = named_type($2, @2); if (t) type_struct_field(t, 1, P(@3)); $$ = t ? $1 : NULL; }
	| StructBody sy_IDENT sy_IDENT '[' IntExp ']' ';'
		{ struct type *t = named_type($2, @2); if (t) type_struct_field(t, $5, P(@3)); $$ = t ? $1 : NULL; }
	;

BasicTypeSpec
	: IPCType
		{
			if ($1.in == $1.out)
				$$ = type_builtin($1.in, P(@1));
			else
				$$ = type_pair($1.in, $1.out, P(@1));
		}
	| '(' IPCType ',' IntExp IPCFlags ')'
		{
			note_evidence(DIALECT_GNU, P(@1), "(type, size) long form");
			if ($2.in != $2.out)
				$$ = type_pair($2.in, $2.out, P(@1));
			else
				$$ = type_longform($2.in, $4, $5, P(@1));
		}
	;

IPCType
	: PrimIPCType			{ $$.in = (int)$1; $$.out = (int)$1; }
	| PrimIPCType '|' PrimIPCType	{ $$.in = (int)$1; $$.out = (int)$3; }
	;

PrimIPCType
	: sy_NUMBER	{ $$ = num($1, @1); }
	| sy_SYMTYPE	{ $$ = $1; }
	;

RoutineDecl
	: sy_ROUTINE sy_IDENT Arguments
		{ if (!args_error) routine_add(routine_new($2, false, $3, P(@2))); args_error = false; }
	| sy_SIMPLEROUTINE sy_IDENT Arguments
		{ if (!args_error) routine_add(routine_new($2, true, $3, P(@2))); args_error = false; }
	;

Arguments
	: '(' ')'			{ $$ = NULL; }
	| '(' error ')'			{ $$ = NULL; args_error = true; }
	| '(' ArgumentList ')'		{ $$ = $2; }
	| '(' ArgumentList ';' ')'	{ $$ = $2; }
	;

ArgumentList
	: Argument			{ $$ = $1; }
	| ArgumentList ';' Argument	{ $$ = arg_append($1, $3); }
	;

Argument
	: sy_IDENT ArgType IPCFlags
		{ $$ = $2 ? arg_new(AK_DEFAULT, $1, $2, $3, @1) : NULL; }
	| Direction sy_IDENT ArgType IPCFlags
		{ $$ = $3 ? arg_new((enum argkind)$1, $2, $3, $4, @2) : NULL; }
	| sy_IDENT sy_IDENT ArgType IPCFlags
		{
			error_at(P(@1), "unknown argument direction '%s' (in, out, inout, requestport, "
			         "replyport, ureplyport, sreplyport, waittime, msgoption, msgseqno, ...)", $1);
			$$ = NULL;
		}
	;

Direction
	: sy_IN			{ $$ = AK_IN; }
	| sy_OUT		{ $$ = AK_OUT; }
	| sy_INOUT		{ $$ = AK_INOUT; }
	| sy_REQUESTPORT	{ $$ = AK_REQUESTPORT; }
	| sy_REPLYPORT		{ $$ = AK_REPLYPORT; }
	| sy_UREPLYPORT		{ $$ = AK_UREPLYPORT; }
	| sy_SREPLYPORT		{ $$ = AK_SREPLYPORT; }
	| sy_WAITTIME		{ $$ = AK_WAITTIME; }
	| sy_SENDTIME		{ $$ = AK_SENDTIME; }
	| sy_MSGOPTION		{ $$ = AK_MSGOPTION; }
	| sy_MSGSEQNO		{ $$ = AK_MSGSEQNO; }
	| sy_SECTOKEN		{ $$ = (int)$1; }
	| sy_USERIMPL		{ $$ = AK_USERIMPL; }
	| sy_SERVERIMPL		{ $$ = AK_SERVERIMPL; }
	;

ArgType
	: ':' TypeSpec		{ $$ = $2; }
	| ':' sy_IDENT '=' TransTypeSpec
		{
			/* A type for this argument only (memory_object.defs does this
			 * for every routine): named for C, not entered in the table. */
			$$ = $4;
			if ($$) {
				$$->name = $2;
				$$->pos = P(@2);
			}
		}
	;

IPCFlags
	: %empty			{ $$ = 0; }
	| IPCFlags ',' sy_FLAG		{ $$ = $1 | (unsigned)$3; }
	| IPCFlags ',' sy_FLAG '[' ']'
		{
			if ($3 != AF_DEALLOC)
				error_at(P(@3), "only dealloc takes []");
			$$ = $1 | AF_DEALLOC_VAR;
		}
	;

IntExp
	: sy_NUMBER		{ $$ = num($1, @1); }
	| IntExp '+' IntExp	{ $$ = $1 + $3; if ($$ > 0xffffffffULL) { error_at(P(@2), "number too large"); $$ = 1; } }
	| IntExp '-' IntExp
		{
			if ($3 > $1) { error_at(P(@2), "negative number"); $$ = 1; }
			else $$ = $1 - $3;
		}
	| IntExp '*' IntExp	{ $$ = $1 * $3; if ($$ > 0xffffffffULL) { error_at(P(@2), "number too large"); $$ = 1; } }
	| IntExp '/' IntExp
		{
			if ($3 == 0) { error_at(P(@3), "division by zero"); $$ = 1; }
			else $$ = $1 / $3;
		}
	| '(' IntExp ')'	{ $$ = $2; }
	;

%%

/* One message per syntax error: where, what was found, what would do. */
static int yyreport_syntax_error(const yypcontext_t *ctx)
{
	YYLTYPE *loc = yypcontext_location(ctx);
	yysymbol_kind_t found = yypcontext_token(ctx);
	yysymbol_kind_t expected[5];
	int n = yypcontext_expected_tokens(ctx, expected, 5);
	char buf[512];
	size_t len = 0;

	if (found == YYSYMBOL_sy_BADCOMMENT) {
		error_at(P(*loc), "unterminated comment");
		return 0;
	}
	if (found == YYSYMBOL_YYEOF)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "unexpected end of input");
	else if (found == YYSYMBOL_sy_BADCHAR)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "invalid character '%.1s'",
		                        mig_last_text);
	else if (strcasecmp(tok(yysymbol_name(found)), mig_last_text) == 0 ||
	         strlen(tok(yysymbol_name(found))) == 3)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "unexpected '%.40s'", mig_last_text);
	else
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "unexpected %s '%.40s'",
		                        tok(yysymbol_name(found)), mig_last_text);
	if (n > 0 && n < 5) {
		for (int i = 0; i < n && len < sizeof(buf); i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s %s",
			                        i == 0 ? ", expecting" : " or", tok(yysymbol_name(expected[i])));
	}
	error_at(P(*loc), "syntax error: %s", buf);
	return 0;
}

int parse_buffer(const char *buf, size_t len, const char *filename)
{
	args_error = false;
	lexer_reset();
	lexer_set_file(filename);
	void *b = lexer_begin(buf, len);
	int r = yyparse();
	lexer_end(b);
	mig_last_text = "";
	return r;
}
