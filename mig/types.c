/* SPDX-License-Identifier: BSD-2-Clause */
/* MIG types: the built-in MACH_MSG_TYPE_* types, the constructors of the
 * type language (arrays, ^, struct, c_string, pairs, polymorphic), the type
 * table, and the questions the emitters ask of a type. */
#include <stdlib.h>
#include <string.h>
#include "mig.h"

struct tentry {
	struct tentry *next;
	struct type *t;
};

#define TYPE_BUCKETS 256
static struct tentry *table[TYPE_BUCKETS];

static unsigned hash(const char *s)
{
	unsigned h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % TYPE_BUCKETS;
}

void types_init(void)
{
	memset(table, 0, sizeof(table));
}

struct type *type_lookup(const char *name)
{
	for (struct tentry *e = table[hash(name)]; e; e = e->next)
		if (strcmp(e->t->name, name) == 0)
			return e->t;
	return NULL;
}

/*
 * A name defined again names the new type from here on, as in GNU MIG and
 * Apple's MIG (their type lists put the newest first): GNU Mach's
 * std_types.defs redefines nothing, but older ones and XNU's define `int'
 * and friends that GNU MIG now predefines.  Redefining a type of the input
 * is most likely a mistake, so it gets a warning.
 */
void type_define(const char *name, struct type *t, struct pos pos)
{
	struct type *old = type_lookup(name);
	if (old && !old->builtin)
		warn_at(pos, "type '%s' is defined again (the first is at %s); the new one counts from here",
		        name, pos_ref(old->pos, pos));
	t->name = name;
	t->pos = pos;
	struct tentry *e = xalloc(sizeof(*e));
	e->t = t;
	e->next = table[hash(name)];
	table[hash(name)] = e;
}

/*
 * GNU MIG's built-in types (type.c, init_type, since its 64-bit work):
 * the C integer types, named as in C, sized for the target.  MachRV's
 * targets are 64-bit, as GNU MIG built for x86_64: char 1, short 2, int 4,
 * int64 8, uintptr_t and intptr_t 8 bytes, each carried as the
 * MACH_MSG_TYPE_CHAR/INTEGER_16/INTEGER_32/INTEGER_64 of its size.
 * Apple's MIG has none (XNU's std_types.defs defines every type it uses).
 */
void types_builtin_gnu(void)
{
	static const struct { const char *name; int msgtype; } builtins[] = {
		{ "char", 8 }, { "short", 1 }, { "int", 2 }, { "int64", 11 },
		{ "uintptr_t", 11 }, { "intptr_t", 11 },
	};
	struct pos p = { "<built-in>", 0, 0 };
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		struct type *t = type_builtin(builtins[i].msgtype, p);
		t->builtin = true;
		type_define(builtins[i].name, t, p);
	}
}

struct type *type_new(struct pos pos)
{
	struct type *t = xalloc(sizeof(*t));
	t->pos = pos;
	t->number = 1;
	t->align = 1;
	t->in_name = t->out_name = 0;
	return t;
}

/* A copy for `type new = old': the new type keeps old's shape but not its
 * C names and translations, as in MIG. */
struct type *type_copy(struct type *old)
{
	struct type *t = xalloc(sizeof(*t));
	*t = *old;
	t->name = NULL;
	t->builtin = false;
	if (old->name) {
		t->ctype = t->cusertype = t->cservertype = NULL;
		t->intran = t->intran_type = t->outtran = t->outtran_type = NULL;
		t->intranpayload = t->intranpayload_type = NULL;
		t->destructor = t->destructor_type = NULL;
		/* Without a ctype of its own the new type's C name is its MIG
		 * name; remember old's for built-ins used directly. */
	}
	return t;
}

/* The right a receiver finds for each disposition. */
static int received_right(int disp)
{
	switch (disp) {
	case 16: case 22: return 16;                /* receive */
	case 17: case 19: case 20: return 17;       /* send */
	case 18: case 21: return 18;                /* send-once */
	default: return disp;
	}
}

const char *msgtype_name(int n)
{
	switch (n) {
	case 16: return "MACH_MSG_TYPE_MOVE_RECEIVE";
	case 17: return "MACH_MSG_TYPE_MOVE_SEND";
	case 18: return "MACH_MSG_TYPE_MOVE_SEND_ONCE";
	case 19: return "MACH_MSG_TYPE_COPY_SEND";
	case 20: return "MACH_MSG_TYPE_MAKE_SEND";
	case 21: return "MACH_MSG_TYPE_MAKE_SEND_ONCE";
	case 22: return "MACH_MSG_TYPE_COPY_RECEIVE";
	case -1: return "MACH_MSG_TYPE_POLYMORPHIC";
	default: return "0";
	}
}

static bool is_port_name(int n)
{
	return n == -1 || (n >= 16 && n <= 22);
}

static struct type *data_type(unsigned size, const char *cname, struct pos pos)
{
	struct type *t = type_new(pos);
	t->tclass = TC_DATA;
	t->elem_size = size;
	t->align = size > 8 ? 8 : size;
	t->base_cname = cname;
	return t;
}

struct type *type_builtin(int msgtype, struct pos pos)
{
	switch (msgtype) {
	case 0: return data_type(4, "boolean_t", pos);
	case 1: return data_type(2, "short", pos);
	case 2: return data_type(4, "int", pos);
	case 8: return data_type(1, "char", pos);
	case 9: return data_type(1, "unsigned char", pos);
	case 10: return data_type(4, "float", pos);
	case 100: return data_type(4, "float", pos);
	case 101: return data_type(8, "double", pos);
	case 11: return data_type(8, "int64_t", pos);
	case 15: return data_type(4, "mach_port_name_t", pos);
	case 12:
		error_at(pos, "MACH_MSG_TYPE_STRING needs a size: use c_string[N]");
		return NULL;
	case MSGT_PORT_RECEIVED + 16:
	case MSGT_PORT_RECEIVED + 17:
	case MSGT_PORT_RECEIVED + 18:
		/* A right as received: the sender says how it makes it (xPoly). */
		return type_pair(msgtype, msgtype, pos);
	default:
		if (is_port_name(msgtype))
			return type_pair(msgtype, msgtype, pos);
		error_at(pos, "unknown IPC type %d", msgtype);
		return NULL;
	}
}

/* GNU's (MACH_MSG_TYPE_X, bits[, flags]): the size is given in bits. */
struct type *type_longform(int msgtype, uint64_t bits, unsigned flags, struct pos pos)
{
	if (msgtype == 12) {
		if (bits == 0 || bits % 8) {
			error_at(pos, "string size %llu is not a whole number of bytes", (unsigned long long)bits);
			return NULL;
		}
		return type_cstring(bits / 8, false, pos);
	}
	struct type *t = type_builtin(msgtype, pos);
	if (!t)
		return NULL;
	if (t->tclass == TC_PORT) {
		if (bits != 32 && bits != 64)
			error_at(pos, "a port is 32 bits, not %llu", (unsigned long long)bits);
	} else if (bits == 8 || bits == 16 || bits == 32 || bits == 64) {
		unsigned bytes = (unsigned)(bits / 8);
		if (bytes != t->elem_size) {
			static const char *ints[] = { NULL, "char", "short", NULL, "int", NULL, NULL, NULL, "int64_t" };
			t->elem_size = bytes;
			t->align = bytes;
			if (msgtype == 10 || msgtype == 100 || msgtype == 101)
				t->base_cname = bytes == 8 ? "double" : "float";
			else
				t->base_cname = ints[bytes] ? ints[bytes] : "int";
		}
	} else if (bits % 8 == 0 && bits > 0 && bits <= 8 * 4096) {
		/* An odd size: an array of bytes. */
		t->elem_size = 1;
		t->align = 1;
		t->number = bits / 8;
		t->is_array = true;
		t->base_cname = "char";
	} else {
		error_at(pos, "unsupported size of %llu bits", (unsigned long long)bits);
		return NULL;
	}
	if (flags & AF_DEALLOC)
		t->dealloc_default = true;
	return t;
}

/*
 * A|B, as both MIGs read it: sent as A's disposition, received as B's
 * right.  polymorphic on either side means that side names it at run time
 * (an xPoly argument): `polymorphic|MACH_MSG_TYPE_PORT_SEND_ONCE' (GNU
 * Mach's reply ports) is sent as the sender says and arrives as a
 * send-once right; `MACH_MSG_TYPE_MAKE_SEND_ONCE|polymorphic' (the
 * Hurd's reply ports) is sent as a made send-once right and the receiver
 * is told what arrived.  MACH_MSG_TYPE_PORT_X names a right as received:
 * on the sending side it means the sender chooses (MIG's lexer makes it
 * POLYMORPHIC there).
 */
struct type *type_pair(int in_name, int out_name, struct pos pos)
{
	bool sender_chooses = in_name > MSGT_PORT_RECEIVED;
	if (sender_chooses)
		in_name -= MSGT_PORT_RECEIVED;
	if (out_name > MSGT_PORT_RECEIVED)
		out_name -= MSGT_PORT_RECEIVED;
	else
		out_name = received_right(out_name);
	if (!is_port_name(in_name) || !is_port_name(out_name)) {
		error_at(pos, "a type pair A|B must name port rights");
		return NULL;
	}
	struct type *t = type_new(pos);
	t->tclass = TC_PORT;
	t->elem_size = 4;
	t->align = 4;
	t->in_name = in_name;
	t->out_name = out_name;
	t->poly = in_name == -1;
	t->sender_poly = sender_chooses;
	t->base_cname = "mach_port_t";
	return t;
}

struct type *type_poly(struct pos pos)
{
	return type_pair(-1, -1, pos);
}

static bool check_elem(struct type *elem, struct pos pos, const char *what)
{
	if (elem->var || elem->ool || elem->tclass == TC_STRING || elem->is_port_array) {
		error_at(pos, "%s of '%s': elements must be of fixed size and inline", what,
		         elem->name ? elem->name : "a variable or out-of-line type");
		return false;
	}
	return true;
}

static bool check_count(uint64_t n, uint64_t elem_size, struct pos pos)
{
	if (n * (elem_size ? elem_size : 1) > 0x10000000ULL) {
		error_at(pos, "array too large (%llu elements)", (unsigned long long)n);
		return false;
	}
	return true;
}

static struct type *array_of(struct type *elem, struct pos pos)
{
	struct type *t = type_new(pos);
	t->tclass = TC_DATA;
	t->is_array = true;
	/* array[4] of array[3] of int is array[12] of int. */
	if (elem->is_array && !elem->name && !elem->is_struct) {
		t->number = elem->number;
		elem = elem->elem ? elem->elem : elem;
	} else {
		t->number = 1;
	}
	t->elem = elem;
	t->elem_size = (unsigned)(elem->elem_size * (elem->is_array || elem->is_struct ? elem->number : 1));
	t->align = elem->align;
	if (elem->tclass == TC_PORT) {
		t->is_port_array = true;
		t->poly = elem->poly;
		t->sender_poly = elem->sender_poly;
		t->in_name = elem->in_name;
		t->out_name = elem->out_name;
	}
	return t;
}

struct type *type_array(struct type *elem, uint64_t n, struct pos pos)
{
	if (!check_elem(elem, pos, "array") || !check_count(n, elem->elem_size, pos))
		return NULL;
	if (n == 0) {
		error_at(pos, "array of zero elements");
		return NULL;
	}
	struct type *t = array_of(elem, pos);
	t->number *= n;
	t->c_array = true;
	return t;
}

struct type *type_vararray(struct type *elem, uint64_t max, bool unbounded, struct pos pos)
{
	if (!check_elem(elem, pos, "variable array") || !check_count(max, elem->elem_size, pos))
		return NULL;
	if (!unbounded && max == 0) {
		error_at(pos, "variable array with a maximum of zero elements");
		return NULL;
	}
	struct type *t = array_of(elem, pos);
	if (t->number != 1 && !t->is_port_array) {
		/* A variable array of anonymous fixed arrays: count in the
		 * inner arrays' units. */
		t->elem_size *= (unsigned)t->number;
		t->number = 1;
	}
	t->var = true;
	t->indefinite = unbounded;
	t->number = unbounded ? 0 : max;
	t->c_array = true;
	t->gnu_indefinite = unbounded;
	/* Ports always travel in an out-of-line ports descriptor, so GNU's
	 * array[] of ports (the Hurd's portarray_t) is ^array[] of them. */
	if (unbounded && t->is_port_array) {
		t->indefinite = false;
		t->ool = true;
	}
	return t;
}

struct type *type_struct_array(struct type *elem, uint64_t n, struct pos pos)
{
	if (!check_elem(elem, pos, "struct") || !check_count(n, elem->elem_size, pos))
		return NULL;
	if (elem->tclass == TC_PORT) {
		error_at(pos, "struct of ports: use an array of ports");
		return NULL;
	}
	if (n == 0) {
		error_at(pos, "struct of zero elements");
		return NULL;
	}
	struct type *t = array_of(elem, pos);
	t->is_array = false;
	t->is_struct = true;
	t->number *= n;
	return t;
}

struct type *type_pointer(struct type *t, struct pos pos)
{
	if (t->ool && t->is_port_array && !t->name) {
		/* array[] of ports is out of line already. */
		struct type *n = type_copy(t);
		n->c_array = n->gnu_indefinite = false;
		return n;
	}
	if (t->ool) {
		error_at(pos, "'^' applied twice");
		return NULL;
	}
	if (t->tclass == TC_STRING) {
		error_at(pos, "a c_string cannot be out of line");
		return NULL;
	}
	if (t->tclass == TC_PORT) {
		error_at(pos, "'^' of a single port: use ^array[] of the port type");
		return NULL;
	}
	struct type *n = type_copy(t);
	n->ool = true;
	n->indefinite = false;
	n->c_array = n->gnu_indefinite = false;   /* passed as a pointer, unqualified */
	if (!n->is_array && !n->is_struct) {
		/* ^T of a scalar: an out-of-line array of one. */
		n->is_array = true;
		n->elem = t;
	}
	return n;
}

struct type *type_cstring(uint64_t n, bool var, struct pos pos)
{
	if (n == 0 || n > 0x100000) {
		error_at(pos, "c_string size %llu out of range (1 to 1048576)", (unsigned long long)n);
		return NULL;
	}
	struct type *t = type_new(pos);
	t->tclass = TC_STRING;
	t->c_array = true;
	t->elem_size = 1;
	t->align = 1;
	t->number = n;
	t->var = var;
	t->base_cname = "char *";
	return t;
}

/* GNU's struct { type name; type name[N]; ... }: laid out as C would. */
static struct { uint64_t size; unsigned align; bool bad; } sbuild;

void type_struct_begin(void)
{
	sbuild.size = 0;
	sbuild.align = 1;
	sbuild.bad = false;
}

void type_struct_field(struct type *t, uint64_t count, struct pos pos)
{
	if (t->tclass != TC_DATA || t->var || t->ool || t->is_port_array) {
		error_at(pos, "struct field of type '%s' is not fixed inline data",
		         t->name ? t->name : "?");
		sbuild.bad = true;
		return;
	}
	unsigned a = t->align ? t->align : 1;
	uint64_t bytes = type_bytes(t) * count;
	sbuild.size = (sbuild.size + a - 1) / a * a + bytes;
	if (a > sbuild.align)
		sbuild.align = a;
	if (sbuild.size > 0x1000000)
		sbuild.bad = true;
}

struct type *type_struct_end(struct pos pos)
{
	if (sbuild.bad)
		return NULL;
	if (sbuild.size == 0) {
		error_at(pos, "empty struct");
		return NULL;
	}
	struct type *t = type_new(pos);
	t->tclass = TC_DATA;
	t->is_struct = true;
	t->align = sbuild.align;
	t->elem_size = (unsigned)((sbuild.size + sbuild.align - 1) / sbuild.align * sbuild.align);
	t->number = 1;
	return t;
}

uint64_t type_bytes(const struct type *t)
{
	return (uint64_t)t->elem_size * (t->number ? t->number : 1);
}

uint64_t type_max_bytes(const struct type *t)
{
	return (uint64_t)t->elem_size * t->number;
}

const char *type_cname(const struct type *t)
{
	if (t->ctype)
		return t->ctype;
	if (t->name)
		return t->name;
	if (t->base_cname)
		return t->base_cname;
	if (t->elem)
		return xprintf("%s *", type_cname(t->elem));
	return "int";
}

const char *type_user_cname(const struct type *t)
{
	return t->cusertype ? t->cusertype : type_cname(t);
}

const char *type_server_cname(const struct type *t)
{
	return t->cservertype ? t->cservertype : type_cname(t);
}

/* The C type of one element as it sits in a message. */
const char *type_elem_cname(const struct type *t)
{
	if (t->tclass == TC_STRING)
		return "char";
	if (t->elem)
		return type_cname(t->elem);
	return type_cname(t);
}

bool type_is_port(const struct type *t)
{
	return t->tclass == TC_PORT;
}

bool type_is_ool(const struct type *t)
{
	return t->ool || t->is_port_array;
}

bool type_is_variable(const struct type *t)
{
	return t->var || (t->ool && t->is_array && t->number == 0);
}

bool type_by_ref_out(const struct type *t)
{
	if (t->tclass == TC_STRING)
		return false;
	if (t->is_array && !t->ool && !t->indefinite)
		return false;
	return true;
}
