// SPDX-License-Identifier: BSD-2-Clause
// The syntax tree's memory (an arena: a parse allocates, the shell frees
// it all when the command has run) and a printer that writes a tree as one
// line, for the parser's tests and for `sh -n -v'.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct arena_block {
	struct arena_block *next;
	size_t	used, size;
	char	data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->blocks;

	n = (n + 15) & ~(size_t)15;
	if (b == NULL || b->used + n > b->size) {
		size_t size = n > 4000 ? n : 4000;
		b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = a->blocks;
		a->blocks = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void arena_free(struct arena *a)
{
	while (a->blocks) {
		struct arena_block *b = a->blocks;
		a->blocks = b->next;
		free(b);
	}
}

struct out {
	char	*buf;
	size_t	size, len;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->len, o->len < o->size ? o->size - o->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void print_node(struct out *o, const struct node *n);

static void print_redirs(struct out *o, const struct redir *r)
{
	static const char *ops[] = {
		[R_IN] = "<", [R_OUT] = ">", [R_APPEND] = ">>", [R_DUPIN] = "<&",
		[R_DUPOUT] = ">&", [R_RDWR] = "<>", [R_CLOBBER] = ">|", [R_HEREDOC] = "<<",
	};
	for (; r; r = r->next) {
		int input = r->op == R_IN || r->op == R_DUPIN || r->op == R_RDWR || r->op == R_HEREDOC;
		put(o, " ");
		if (r->fd != (input ? 0 : 1))
			put(o, "%d", r->fd);
		if (r->op == R_HEREDOC)
			put(o, "<<%s\"%s\"", r->quoted ? "'" : "", r->word ? r->word : "");
		else
			put(o, "%s%s", ops[r->op], r->word);
	}
}

static void print_words(struct out *o, const struct wordlist *w)
{
	for (; w; w = w->next)
		put(o, " %s", w->word);
}

static void print_node(struct out *o, const struct node *n)
{
	if (n == NULL) {
		put(o, "-");
		return;
	}
	switch (n->type) {
	case N_SIMPLE:
		put(o, "(cmd");
		print_words(o, n->assigns);
		print_words(o, n->words);
		print_redirs(o, n->redirs);
		put(o, ")");
		return;
	case N_PIPE:
	case N_LIST:
		put(o, n->type == N_PIPE ? "(pipe" : "(list");
		for (int i = 0; i < n->nkids; i++) {
			put(o, " ");
			print_node(o, n->kids[i]);
			if (n->type == N_LIST && n->bg[i])
				put(o, "&");
		}
		put(o, ")");
		return;
	case N_AND:
	case N_OR:
		put(o, n->type == N_AND ? "(and " : "(or ");
		print_node(o, n->left);
		put(o, " ");
		print_node(o, n->right);
		put(o, ")");
		return;
	case N_NOT:
		put(o, "(not ");
		print_node(o, n->body);
		put(o, ")");
		return;
	case N_SUBSHELL:
	case N_BRACE:
		put(o, n->type == N_SUBSHELL ? "(subshell " : "(brace ");
		print_node(o, n->body);
		break;
	case N_IF:
		put(o, "(if ");
		print_node(o, n->cond);
		put(o, " ");
		print_node(o, n->body);
		if (n->orelse) {
			put(o, " ");
			print_node(o, n->orelse);
		}
		break;
	case N_WHILE:
	case N_UNTIL:
		put(o, n->type == N_WHILE ? "(while " : "(until ");
		print_node(o, n->cond);
		put(o, " ");
		print_node(o, n->body);
		break;
	case N_FOR:
		put(o, "(for %s", n->name);
		if (n->has_words) {
			put(o, " (in");
			print_words(o, n->words);
			put(o, ")");
		}
		put(o, " ");
		print_node(o, n->body);
		break;
	case N_CASE:
		put(o, "(case %s", n->word);
		for (const struct case_item *it = n->items; it; it = it->next) {
			put(o, " (");
			for (const struct wordlist *w = it->patterns; w; w = w->next)
				put(o, "%s%s", w->word, w->next ? "|" : "");
			put(o, " ");
			print_node(o, it->body);
			put(o, ")");
		}
		break;
	case N_FUNC:
		put(o, "(func %s ", n->name);
		print_node(o, n->body);
		break;
	}
	print_redirs(o, n->redirs);
	put(o, ")");
}

void tree_print(const struct node *n, char *buf, size_t size)
{
	struct out o = { buf, size, 0 };

	if (size > 0)
		buf[0] = '\0';
	print_node(&o, n);
}
