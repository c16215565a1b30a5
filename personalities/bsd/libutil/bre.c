// SPDX-License-Identifier: BSD-2-Clause
// The regular-expression matcher of bre.h.  A pattern compiles to nodes in
// an array; a sequence is nodes linked by `next' (-1 ends it).  Matching is
// a backtracking walk with explicit continuations: what to do once a group,
// an alternative or one iteration of a repeat has matched.  A repeat of a
// single character (c*, .*, [a-z]*) counts greedily in a loop, so a long
// line does not recurse once per character.
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "bre.h"

enum { N_CHAR, N_ANY, N_SET, N_BOL, N_EOL, N_GROUP, N_BACKREF, N_REPEAT, N_ALT };

struct node {
	int	type;
	int	next;		/* the next node of this sequence, -1 at its end */
	int	arg;		/* CHAR: the byte; SET: index; GROUP/BACKREF: number */
	int	child;		/* GROUP, REPEAT: sequence; ALT: left alternative */
	int	alt;		/* ALT: right alternative */
	int	min, max;	/* REPEAT: counts, max -1 for no bound */
};

struct bre {
	struct node	*nodes;
	int		nnodes, cap;
	unsigned char	(*sets)[32];
	int		nsets;
	int		ngroups;
	int		flags;
	int		start;	/* the first node of the whole pattern */
};

/* ---- compiling ---- */

struct comp {
	struct bre	*re;
	const char	*p;
	const char	*err;
	int		ext;
	int		depth;	/* open groups */
	int		closed[10];	/* groups closed so far (for \N) */
};

static int new_node(struct comp *c, int type)
{
	struct bre *re = c->re;

	if (re->nnodes == re->cap) {
		int cap = re->cap ? re->cap * 2 : 16;
		struct node *n = realloc(re->nodes, (size_t)cap * sizeof(*n));
		if (n == NULL) {
			c->err = "out of memory";
			return -1;
		}
		re->nodes = n;
		re->cap = cap;
	}
	struct node *n = &re->nodes[re->nnodes];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->next = -1;
	return re->nnodes++;
}

static void set_add(struct comp *c, unsigned char *set, int ch)
{
	set[ch >> 3] |= (unsigned char)(1u << (ch & 7));
	if (c->re->flags & BRE_ICASE) {
		int o = isupper(ch) ? tolower(ch) : toupper(ch);
		set[o >> 3] |= (unsigned char)(1u << (o & 7));
	}
}

static const struct { const char *name; int (*fn)(int); } classes[] = {
	{ "alpha", isalpha }, { "digit", isdigit }, { "alnum", isalnum },
	{ "upper", isupper }, { "lower", islower }, { "space", isspace },
	{ "blank", isblank }, { "punct", ispunct }, { "print", isprint },
	{ "graph", isgraph }, { "cntrl", iscntrl }, { "xdigit", isxdigit },
};

/* A bracket expression; c->p is just past '['. */
static int parse_bracket(struct comp *c)
{
	struct bre *re = c->re;
	unsigned char (*sets)[32] = realloc(re->sets, (size_t)(re->nsets + 1) * 32);
	if (sets == NULL) {
		c->err = "out of memory";
		return -1;
	}
	re->sets = sets;
	unsigned char *set = sets[re->nsets];
	memset(set, 0, 32);
	int negate = 0, first = 1;

	if (*c->p == '^') {
		negate = 1;
		c->p++;
	}
	for (;;) {
		int lo;
		if (*c->p == '\0') {
			c->err = "brackets ([ ]) not balanced";
			return -1;
		}
		if (*c->p == ']' && !first) {
			c->p++;
			break;
		}
		first = 0;
		if (c->p[0] == '[' && (c->p[1] == ':' || c->p[1] == '=' || c->p[1] == '.')) {
			char kind = c->p[1];
			const char *end = c->p + 2;
			while (*end && !(end[0] == kind && end[1] == ']'))
				end++;
			if (*end == '\0') {
				c->err = "brackets ([ ]) not balanced";
				return -1;
			}
			size_t len = (size_t)(end - (c->p + 2));
			if (kind == ':') {
				size_t i;
				for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
					if (strlen(classes[i].name) == len &&
					    memcmp(classes[i].name, c->p + 2, len) == 0)
						break;
				if (i == sizeof(classes) / sizeof(classes[0])) {
					c->err = "invalid character class";
					return -1;
				}
				for (int ch = 1; ch < 256; ch++)
					if (classes[i].fn(ch))
						set_add(c, set, ch);
				c->p = end + 2;
				continue;
			}
			if (len != 1) {	/* only single-character elements */
				c->err = "invalid collating element";
				return -1;
			}
			lo = (unsigned char)c->p[2];
			c->p = end + 2;
		} else {
			lo = (unsigned char)*c->p++;
		}
		int hi = lo;
		if (c->p[0] == '-' && c->p[1] != ']' && c->p[1] != '\0') {
			c->p++;
			if (c->p[0] == '[' && c->p[1] == '.' && c->p[2] && c->p[3] == '.' && c->p[4] == ']') {
				hi = (unsigned char)c->p[2];
				c->p += 5;
			} else {
				hi = (unsigned char)*c->p++;
			}
			if (hi < lo) {
				c->err = "invalid range end";
				return -1;
			}
		}
		for (int ch = lo; ch <= hi; ch++)
			set_add(c, set, ch);
	}
	if (negate) {
		for (int i = 0; i < 32; i++)
			set[i] = (unsigned char)~set[i];
		set[0] &= (unsigned char)~1u;		/* never NUL */
		set['\n' >> 3] &= (unsigned char)~(1u << ('\n' & 7));
	}
	int n = new_node(c, N_SET);
	if (n >= 0)
		re->nodes[n].arg = re->nsets++;
	return n;
}

static int parse_alt(struct comp *c);

/* A decimal count of an interval; -1 if there is none. */
static int count(struct comp *c)
{
	int v = -1;

	while (isdigit((unsigned char)*c->p)) {
		v = (v < 0 ? 0 : v) * 10 + (*c->p++ - '0');
		if (v > 255) {
			c->err = "invalid repetition count(s)";
			return -2;
		}
	}
	return v;
}

/* A repeat suffix after an atom, if one follows: wraps atom in a REPEAT. */
static int parse_suffix(struct comp *c, int atom)
{
	for (;;) {
		int min, max;
		const char *p = c->p;
		if (*p == '*') {
			min = 0, max = -1, c->p++;
		} else if (c->ext && *p == '+') {
			min = 1, max = -1, c->p++;
		} else if (c->ext && *p == '?') {
			min = 0, max = 1, c->p++;
		} else if ((c->ext && *p == '{') || (!c->ext && p[0] == '\\' && p[1] == '{')) {
			c->p += c->ext ? 1 : 2;
			min = count(c);
			if (min == -2)
				return -1;
			max = min;
			if (*c->p == ',') {
				c->p++;
				max = count(c);
				if (max == -2)
					return -1;
			}
			int ok = c->ext ? *c->p == '}' : (c->p[0] == '\\' && c->p[1] == '}');
			if (!ok || min < 0 || (max >= 0 && max < min)) {
				c->err = ok ? "invalid repetition count(s)" : "braces ({ }) not balanced";
				return -1;
			}
			c->p += c->ext ? 1 : 2;
		} else {
			return atom;
		}
		int r = new_node(c, N_REPEAT);
		if (r < 0)
			return -1;
		c->re->nodes[r].child = atom;
		c->re->nodes[r].min = min;
		c->re->nodes[r].max = max;
		atom = r;
	}
}

/* True at the end of a sequence: the pattern's end, a group's close or '|'. */
static int seq_end(struct comp *c)
{
	const char *p = c->p;

	if (*p == '\0')
		return 1;
	if (c->ext)
		return *p == '|' || (*p == ')' && c->depth > 0);
	return p[0] == '\\' && p[1] == ')' && c->depth > 0;
}

static int parse_seq(struct comp *c)
{
	int head = -1, tail = -1;
	int at_start = 1;

	while (!seq_end(c)) {
		const char *p = c->p;
		int atom = -1;
		if (*p == '^' && (c->ext || at_start)) {
			c->p++;
			atom = new_node(c, N_BOL);
		} else if (*p == '$' && (c->ext || p[1] == '\0' ||
					 (p[1] == '\\' && p[2] == ')' && c->depth > 0))) {
			c->p++;
			atom = new_node(c, N_EOL);
		} else if (*p == '.') {
			c->p++;
			atom = new_node(c, N_ANY);
		} else if (*p == '[') {
			c->p++;
			atom = parse_bracket(c);
		} else if ((c->ext && *p == '(') || (!c->ext && p[0] == '\\' && p[1] == '(')) {
			c->p += c->ext ? 1 : 2;
			int num = ++c->re->ngroups;
			c->depth++;
			int inner = parse_alt(c);
			if (inner == -2)
				return -2;
			c->depth--;
			int ok = c->ext ? *c->p == ')' : (c->p[0] == '\\' && c->p[1] == ')');
			if (!ok) {
				c->err = "parentheses not balanced";
				return -2;
			}
			c->p += c->ext ? 1 : 2;
			atom = new_node(c, N_GROUP);
			if (atom >= 0) {
				c->re->nodes[atom].child = inner;
				c->re->nodes[atom].arg = num;
			}
			if (num < 10)
				c->closed[num] = 1;
		} else if (p[0] == '\\' && p[1] >= '1' && p[1] <= '9') {
			int num = p[1] - '0';
			if (!c->closed[num]) {
				c->err = "invalid back reference";
				return -2;
			}
			c->p += 2;
			atom = new_node(c, N_BACKREF);
			if (atom >= 0)
				c->re->nodes[atom].arg = num;
		} else if ((*p == '*' && at_start) ||
			   (c->ext && (*p == '*' || *p == '+' || *p == '?') && at_start)) {
			c->p++;		/* a leading '*' is an ordinary character */
			atom = new_node(c, N_CHAR);
			if (atom >= 0)
				c->re->nodes[atom].arg = *p;
		} else {
			int ch;
			if (p[0] == '\\') {
				if (p[1] == '\0') {
					c->err = "trailing backslash (\\)";
					return -2;
				}
				ch = (unsigned char)p[1];
				c->p += 2;
			} else {
				ch = (unsigned char)p[0];
				c->p++;
			}
			atom = new_node(c, N_CHAR);
			if (atom >= 0)
				c->re->nodes[atom].arg = (c->re->flags & BRE_ICASE) ? tolower(ch) : ch;
		}
		if (atom < 0)
			return -2;
		int bol = c->re->nodes[atom].type == N_BOL;
		if (!bol || c->ext) {
			atom = parse_suffix(c, atom);
			if (atom < 0)
				return -2;
		}
		if (head < 0)
			head = atom;
		else
			c->re->nodes[tail].next = atom;
		tail = atom;
		/* In a BRE a '*' right after a leading '^' is literal too. */
		at_start = !c->ext && bol && head == atom;
	}
	return head;	/* -1: an empty sequence */
}

static int parse_alt(struct comp *c)
{
	int left = parse_seq(c);

	while (left != -2 && c->ext && *c->p == '|') {
		c->p++;
		int right = parse_seq(c);
		if (right == -2)
			return -2;
		int a = new_node(c, N_ALT);
		if (a < 0)
			return -2;
		c->re->nodes[a].child = left;
		c->re->nodes[a].alt = right;
		left = a;
	}
	return left;
}

struct bre *bre_compile(const char *pat, int flags, const char **err)
{
	struct bre *re = calloc(1, sizeof(*re));
	struct comp c = { .re = re, .p = pat, .ext = (flags & BRE_EXTENDED) != 0 };

	if (re == NULL) {
		*err = "out of memory";
		return NULL;
	}
	re->flags = flags;
	re->start = parse_alt(&c);
	if (re->start != -2 && *c.p != '\0')
		c.err = "parentheses not balanced";
	if (re->start == -2 || c.err != NULL) {
		*err = c.err ? c.err : "invalid pattern";
		bre_free(re);
		return NULL;
	}
	return re;
}

void bre_free(struct bre *re)
{
	if (re == NULL)
		return;
	free(re->nodes);
	free(re->sets);
	free(re);
}

/* ---- matching ---- */

struct mctx {
	const struct bre *re;
	const char	*s;
	size_t		n;
	size_t		cap[10][2];	/* group start and end; start > end: unset */
	size_t		end;		/* where the match ended */
};

struct kont {
	int		(*fn)(struct mctx *, const struct kont *, size_t pos);
	const struct kont *up;
	int		node;
	int		count;
	size_t		start;
};

static int match_seq(struct mctx *m, int node, size_t pos, const struct kont *k);

/* Does the single-character node nd match at pos? */
static int one(const struct mctx *m, const struct node *nd, size_t pos)
{
	if (pos >= m->n)
		return 0;
	unsigned char ch = (unsigned char)m->s[pos];
	switch (nd->type) {
	case N_CHAR:
		return ((m->re->flags & BRE_ICASE) ? tolower(ch) : ch) == nd->arg;
	case N_ANY:
		return ch != '\n';
	case N_SET:
		return (m->re->sets[nd->arg][ch >> 3] >> (ch & 7)) & 1;
	}
	return 0;
}

static int k_seq(struct mctx *m, const struct kont *k, size_t pos)
{
	return match_seq(m, k->node, pos, k->up);
}

static int k_group(struct mctx *m, const struct kont *k, size_t pos)
{
	const struct node *nd = &m->re->nodes[k->node];
	int g = nd->arg < 10 ? nd->arg : 0;
	size_t old_s = m->cap[g][0], old_e = m->cap[g][1];

	m->cap[g][0] = k->start;
	m->cap[g][1] = pos;
	if (match_seq(m, nd->next, pos, k->up))
		return 1;
	m->cap[g][0] = old_s;
	m->cap[g][1] = old_e;
	return 0;
}

static int repeat(struct mctx *m, int node, size_t pos, int count, const struct kont *k);

static int k_repeat(struct mctx *m, const struct kont *k, size_t pos)
{
	const struct node *nd = &m->re->nodes[k->node];

	/* An iteration that matched nothing would loop for ever. */
	if (pos == k->start && k->count >= nd->min)
		return match_seq(m, nd->next, pos, k->up);
	return repeat(m, k->node, pos, k->count, k->up);
}

static int repeat(struct mctx *m, int node, size_t pos, int count, const struct kont *k)
{
	const struct node *nd = &m->re->nodes[node];
	const struct node *ch = &m->re->nodes[nd->child];

	if (ch->next == -1 && (ch->type == N_CHAR || ch->type == N_ANY || ch->type == N_SET)) {
		/* (a) one character: take as many as allowed, then give back. */
		size_t most = 0;
		while ((nd->max < 0 || (int)most < nd->max) && one(m, ch, pos + most))
			most++;
		for (size_t i = most + 1; i-- > 0;) {
			if ((int)i < nd->min)
				return 0;
			if (match_seq(m, nd->next, pos + i, k))
				return 1;
		}
		return 0;
	}
	/* (b) anything else: one more iteration first (greedy), then stop. */
	if (nd->max < 0 || count < nd->max) {
		struct kont k2 = { k_repeat, k, node, count + 1, pos };
		if (match_seq(m, nd->child, pos, &k2))
			return 1;
	}
	if (count >= nd->min)
		return match_seq(m, nd->next, pos, k);
	return 0;
}

static int match_seq(struct mctx *m, int node, size_t pos, const struct kont *k)
{
	for (;;) {
		if (node < 0) {
			if (k != NULL)
				return k->fn(m, k, pos);
			m->end = pos;
			return 1;
		}
		const struct node *nd = &m->re->nodes[node];
		switch (nd->type) {
		case N_CHAR:
		case N_ANY:
		case N_SET:
			if (!one(m, nd, pos))
				return 0;
			pos++;
			break;
		case N_BOL:
			if (pos != 0)
				return 0;
			break;
		case N_EOL:
			if (pos != m->n)
				return 0;
			break;
		case N_BACKREF: {
			size_t s = m->cap[nd->arg][0], e = m->cap[nd->arg][1];
			if (s > e)
				return 0;
			size_t len = e - s;
			if (pos + len > m->n)
				return 0;
			for (size_t i = 0; i < len; i++) {
				int a = (unsigned char)m->s[s + i], b = (unsigned char)m->s[pos + i];
				if (m->re->flags & BRE_ICASE)
					a = tolower(a), b = tolower(b);
				if (a != b)
					return 0;
			}
			pos += len;
			break;
		}
		case N_GROUP: {
			struct kont k2 = { k_group, k, node, 0, pos };
			return match_seq(m, nd->child, pos, &k2);
		}
		case N_REPEAT:
			return repeat(m, node, pos, 0, k);
		case N_ALT: {
			struct kont k2 = { k_seq, k, nd->next, 0, pos };
			if (match_seq(m, nd->child, pos, &k2))
				return 1;
			return match_seq(m, nd->alt, pos, &k2);
		}
		}
		node = nd->next;
	}
}

int bre_match(const struct bre *re, const char *s, size_t n, size_t *so, size_t *eo)
{
	struct mctx m = { .re = re, .s = s, .n = n };
	int anchored = re->start >= 0 && re->nodes[re->start].type == N_BOL;

	for (size_t start = 0; start <= n; start++) {
		for (int g = 0; g < 10; g++) {
			m.cap[g][0] = 1;
			m.cap[g][1] = 0;
		}
		if (match_seq(&m, re->start, start, NULL)) {
			*so = start;
			*eo = m.end;
			return 1;
		}
		if (anchored)
			break;
	}
	return 0;
}
