// SPDX-License-Identifier: BSD-2-Clause
// The shell's parser: recursive descent over POSIX's grammar (XCU 2.10),
// one complete command at a time, into a tree of struct node in an arena.
// Reserved words (if, then, ..., {, }, !) count only where a command can
// start.  Errors leave through longjmp to parse_command, which reports
// P_ERROR, or P_INCOMPLETE when the text simply ended too early.
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "sh.h"

struct heredoc {
	struct heredoc	*next;
	struct redir	*redir;
	char		*delim;
};

static jmp_buf *parse_jmp;	/* where a syntax error goes */
static int parse_fail;

static void fail(struct parser *p, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	parse_fail = status;
	longjmp(*parse_jmp, 1);
}

static struct token *peek(struct parser *p)
{
	if (!p->have) {
		p->tok = lex_next(&p->lx);
		p->have = 1;
		if (p->tok.kind == T_INCOMPLETE)
			fail(p, P_INCOMPLETE, "unexpected end of file (a quote or $( is not closed)");
	}
	return &p->tok;
}

static void consume(struct parser *p)
{
	p->have = 0;
}

static int is_word(struct parser *p, const char *w)
{
	struct token *t = peek(p);

	return t->kind == T_WORD && t->len == strlen(w) && memcmp(t->text, w, t->len) == 0;
}

static void unexpected(struct parser *p)
{
	struct token *t = peek(p);

	if (t->kind == T_EOF)
		fail(p, P_INCOMPLETE, "line %d: unexpected end of file", t->line);
	if (t->kind == T_WORD)
		fail(p, P_ERROR, "line %d: syntax error: unexpected `%.*s'", t->line, (int)t->len, t->text);
	fail(p, P_ERROR, "line %d: syntax error: unexpected `%s'", t->line, tok_name(t->kind));
}

static void expect_word(struct parser *p, const char *w)
{
	if (!is_word(p, w))
		unexpected(p);
	consume(p);
}

static struct node *new_node(struct parser *p, enum node_type type)
{
	struct node *n = arena_alloc(p->arena, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = p->lx.line;
	return n;
}

static char *tok_text(struct parser *p, const struct token *t)
{
	return arena_strndup(p->arena, t->text, t->len);
}

/* (1) the delimiter: quote removal only, and whether anything was quoted. */
static char *heredoc_delim(struct parser *p, const char *w, int *quoted)
{
	size_t n = strlen(w), k = 0;
	char *d = arena_alloc(p->arena, n + 1);

	*quoted = 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '\'' || w[i] == '"') {
			*quoted = 1;
			continue;
		}
		if (w[i] == '\\' && i + 1 < n) {
			*quoted = 1;
			i++;
		}
		d[k++] = w[i];
	}
	d[k] = '\0';
	return d;
}

/* (2) after a newline: the bodies of the here-documents on that line. */
static void read_heredocs(struct parser *p)
{
	struct lexer *lx = &p->lx;

	for (struct heredoc *h = p->pending; h != NULL; h = h->next) {
		size_t start = lx->pos, dl = strlen(h->delim);
		for (;;) {
			if (lx->pos >= lx->len)
				fail(p, P_INCOMPLETE, "here-document delimited by end of file (wanted `%s')", h->delim);
			size_t ls = lx->pos, le = ls;
			while (le < lx->len && lx->src[le] != '\n')
				le++;
			lx->pos = le < lx->len ? le + 1 : le;
			lx->line++;
			if (le - ls == dl && memcmp(lx->src + ls, h->delim, dl) == 0) {
				h->redir->word = arena_strndup(p->arena, lx->src + start, ls - start);
				break;
			}
		}
	}
	p->pending = NULL;
}

static void newline(struct parser *p)
{
	consume(p);
	read_heredocs(p);
}

static void linebreak(struct parser *p)
{
	while (peek(p)->kind == T_NEWLINE)
		newline(p);
}

static int is_redir_op(enum tok k)
{
	return k == T_LESS || k == T_GREAT || k == T_DGREAT || k == T_LESSAND ||
	       k == T_GREATAND || k == T_LESSGREAT || k == T_CLOBBER || k == T_DLESS;
}

/* A redirection at the current token (an IO number may come first). */
static struct redir *redirect(struct parser *p)
{
	struct redir *r = arena_alloc(p->arena, sizeof(*r));
	int fd = -1;

	memset(r, 0, sizeof(*r));
	if (peek(p)->kind == T_IO_NUMBER) {
		fd = 0;
		for (size_t i = 0; i < p->tok.len; i++)
			fd = fd * 10 + (p->tok.text[i] - '0');
		consume(p);
	}
	enum tok k = peek(p)->kind;
	consume(p);
	switch (k) {
	case T_LESS: r->op = R_IN; break;
	case T_GREAT: r->op = R_OUT; break;
	case T_DGREAT: r->op = R_APPEND; break;
	case T_LESSAND: r->op = R_DUPIN; break;
	case T_GREATAND: r->op = R_DUPOUT; break;
	case T_LESSGREAT: r->op = R_RDWR; break;
	case T_CLOBBER: r->op = R_CLOBBER; break;
	default: r->op = R_HEREDOC; break;
	}
	int input = r->op == R_IN || r->op == R_DUPIN || r->op == R_RDWR || r->op == R_HEREDOC;
	r->fd = fd >= 0 ? fd : input ? 0 : 1;
	if (peek(p)->kind != T_WORD)
		unexpected(p);
	r->word = tok_text(p, &p->tok);
	consume(p);
	if (r->op == R_HEREDOC) {
		struct heredoc *h = arena_alloc(p->arena, sizeof(*h));
		h->redir = r;
		h->delim = heredoc_delim(p, r->word, &r->quoted);
		h->next = NULL;
		r->word = NULL;
		struct heredoc **pp = &p->pending;
		while (*pp)
			pp = &(*pp)->next;
		*pp = h;
	}
	return r;
}

/* Redirections after a compound command. */
static void redirect_list(struct parser *p, struct node *n)
{
	struct redir **tail = &n->redirs;

	while (is_redir_op(peek(p)->kind) || p->tok.kind == T_IO_NUMBER) {
		*tail = redirect(p);
		tail = &(*tail)->next;
	}
}

static const char *const list_enders[] = {
	"then", "else", "elif", "fi", "do", "done", "esac", "}", NULL
};

static int at_list_end(struct parser *p, int toplevel)
{
	struct token *t = peek(p);

	if (t->kind == T_EOF || t->kind == T_RPAREN || t->kind == T_DSEMI)
		return 1;
	if (t->kind == T_NEWLINE)
		return toplevel;
	for (int i = 0; list_enders[i]; i++)
		if (is_word(p, list_enders[i]))
			return 1;
	return 0;
}

static struct node *and_or(struct parser *p);

/* A list: and-or lists separated by ';', '&' and (inside compound
 * commands) newlines.  toplevel: it ends at a newline. */
static struct node *list(struct parser *p, int toplevel, int allow_empty)
{
	struct node *n = new_node(p, N_LIST);
	int cap = 0;

	if (!toplevel)
		linebreak(p);
	while (!at_list_end(p, toplevel)) {
		struct node *item = and_or(p);
		int bg = 0;
		enum tok k = peek(p)->kind;
		if (k == T_SEMI || k == T_AMP) {
			bg = k == T_AMP;
			consume(p);
			if (!toplevel)
				linebreak(p);
		} else if (k == T_NEWLINE && !toplevel) {
			linebreak(p);
		}
		if (n->nkids == cap) {
			cap = cap ? cap * 2 : 4;
			struct node **kids = arena_alloc(p->arena, (size_t)cap * sizeof(*kids));
			int *bgs = arena_alloc(p->arena, (size_t)cap * sizeof(*bgs));
			if (n->nkids) {
				memcpy(kids, n->kids, (size_t)n->nkids * sizeof(*kids));
				memcpy(bgs, n->bg, (size_t)n->nkids * sizeof(*bgs));
			}
			n->kids = kids;
			n->bg = bgs;
		}
		n->kids[n->nkids] = item;
		n->bg[n->nkids++] = bg;
		if (k != T_SEMI && k != T_AMP && k != T_NEWLINE)
			break;
		if (toplevel && k == T_NEWLINE)
			break;
	}
	if (n->nkids == 0) {
		if (allow_empty)
			return NULL;
		unexpected(p);
	}
	if (n->nkids == 1 && !n->bg[0])
		return n->kids[0];
	return n;
}

static struct node *compound_list(struct parser *p)
{
	return list(p, 0, 0);
}

static struct node *command(struct parser *p);

static struct node *if_clause(struct parser *p)
{
	struct node *n = new_node(p, N_IF);

	consume(p);		/* if or elif */
	n->cond = compound_list(p);
	expect_word(p, "then");
	n->body = compound_list(p);
	if (is_word(p, "elif")) {
		n->orelse = if_clause(p);
		return n;
	}
	if (is_word(p, "else")) {
		consume(p);
		n->orelse = compound_list(p);
	}
	expect_word(p, "fi");
	return n;
}

static struct node *loop_clause(struct parser *p, enum node_type type)
{
	struct node *n = new_node(p, type);

	consume(p);
	n->cond = compound_list(p);
	expect_word(p, "do");
	n->body = compound_list(p);
	expect_word(p, "done");
	return n;
}

static struct node *for_clause(struct parser *p)
{
	struct node *n = new_node(p, N_FOR);

	consume(p);
	if (peek(p)->kind != T_WORD || !var_valid_name(p->tok.text, p->tok.len))
		unexpected(p);
	n->name = tok_text(p, &p->tok);
	consume(p);
	linebreak(p);
	if (is_word(p, "in")) {
		consume(p);
		n->has_words = 1;
		struct wordlist **tail = &n->words;
		while (peek(p)->kind == T_WORD) {
			struct wordlist *w = arena_alloc(p->arena, sizeof(*w));
			w->word = tok_text(p, &p->tok);
			w->next = NULL;
			*tail = w;
			tail = &w->next;
			consume(p);
		}
		if (peek(p)->kind != T_SEMI && p->tok.kind != T_NEWLINE)
			unexpected(p);
		consume(p);
		if (p->tok.kind == T_NEWLINE)
			read_heredocs(p);
	} else if (peek(p)->kind == T_SEMI) {
		consume(p);
	}
	linebreak(p);
	expect_word(p, "do");
	n->body = compound_list(p);
	expect_word(p, "done");
	return n;
}

static struct node *case_clause(struct parser *p)
{
	struct node *n = new_node(p, N_CASE);

	consume(p);
	if (peek(p)->kind != T_WORD)
		unexpected(p);
	n->word = tok_text(p, &p->tok);
	consume(p);
	linebreak(p);
	expect_word(p, "in");
	linebreak(p);
	struct case_item **tail = &n->items;
	while (!is_word(p, "esac")) {
		struct case_item *it = arena_alloc(p->arena, sizeof(*it));
		memset(it, 0, sizeof(*it));
		if (peek(p)->kind == T_LPAREN)
			consume(p);
		struct wordlist **pt = &it->patterns;
		for (;;) {
			if (peek(p)->kind != T_WORD)
				unexpected(p);
			struct wordlist *w = arena_alloc(p->arena, sizeof(*w));
			w->word = tok_text(p, &p->tok);
			w->next = NULL;
			*pt = w;
			pt = &w->next;
			consume(p);
			if (peek(p)->kind != T_PIPE)
				break;
			consume(p);
		}
		if (peek(p)->kind != T_RPAREN)
			unexpected(p);
		consume(p);
		it->body = list(p, 0, 1);
		*tail = it;
		tail = &it->next;
		if (peek(p)->kind == T_DSEMI) {
			consume(p);
			linebreak(p);
		} else if (!is_word(p, "esac")) {
			unexpected(p);
		}
	}
	consume(p);
	return n;
}

static struct node *simple_command(struct parser *p)
{
	struct node *n = new_node(p, N_SIMPLE);
	struct wordlist **wt = &n->words, **at = &n->assigns;
	struct redir **rt = &n->redirs;

	for (;;) {
		struct token *t = peek(p);
		if (t->kind == T_IO_NUMBER || is_redir_op(t->kind)) {
			*rt = redirect(p);
			rt = &(*rt)->next;
			continue;
		}
		if (t->kind != T_WORD)
			break;
		struct wordlist *w = arena_alloc(p->arena, sizeof(*w));
		w->word = tok_text(p, t);
		w->next = NULL;
		consume(p);
		if (n->words == NULL && var_is_assignment(w->word)) {
			*at = w;
			at = &w->next;
			continue;
		}
		*wt = w;
		wt = &w->next;
		/* name() compound-command: a function definition. */
		if (n->words == w && n->assigns == NULL && n->redirs == NULL &&
		    peek(p)->kind == T_LPAREN) {
			if (!var_valid_name(w->word, strlen(w->word)))
				fail(p, P_ERROR, "line %d: syntax error: bad function name `%s'", p->tok.line, w->word);
			consume(p);
			if (peek(p)->kind != T_RPAREN)
				unexpected(p);
			consume(p);
			linebreak(p);
			struct node *f = new_node(p, N_FUNC);
			f->name = w->word;
			f->body = command(p);
			if (f->body->type == N_SIMPLE || f->body->type == N_PIPE || f->body->type == N_NOT)
				fail(p, P_ERROR, "line %d: syntax error: a function body must be a compound command", f->line);
			return f;
		}
	}
	if (n->words == NULL && n->assigns == NULL && n->redirs == NULL)
		unexpected(p);
	return n;
}

static struct node *command(struct parser *p)
{
	struct node *n;

	if (++p->depth > 200)
		fail(p, P_ERROR, "nested too deeply");
	struct token *t = peek(p);
	if (t->kind == T_LPAREN) {
		consume(p);
		n = new_node(p, N_SUBSHELL);
		n->body = compound_list(p);
		if (peek(p)->kind != T_RPAREN)
			unexpected(p);
		consume(p);
	} else if (is_word(p, "{")) {
		consume(p);
		n = new_node(p, N_BRACE);
		n->body = compound_list(p);
		expect_word(p, "}");
	} else if (is_word(p, "if")) {
		n = if_clause(p);
	} else if (is_word(p, "while")) {
		n = loop_clause(p, N_WHILE);
	} else if (is_word(p, "until")) {
		n = loop_clause(p, N_UNTIL);
	} else if (is_word(p, "for")) {
		n = for_clause(p);
	} else if (is_word(p, "case")) {
		n = case_clause(p);
	} else {
		for (int i = 0; list_enders[i]; i++)
			if (is_word(p, list_enders[i]))
				unexpected(p);
		p->depth--;
		return simple_command(p);
	}
	redirect_list(p, n);
	p->depth--;
	return n;
}

static struct node *pipeline(struct parser *p)
{
	int bang = 0;

	while (is_word(p, "!")) {
		consume(p);
		bang = !bang;
	}
	struct node *first = command(p);
	struct node *n = first;
	if (peek(p)->kind == T_PIPE) {
		n = new_node(p, N_PIPE);
		int cap = 4;
		n->kids = arena_alloc(p->arena, (size_t)cap * sizeof(*n->kids));
		n->kids[n->nkids++] = first;
		while (peek(p)->kind == T_PIPE) {
			consume(p);
			linebreak(p);
			if (n->nkids == cap) {
				struct node **k = arena_alloc(p->arena, (size_t)cap * 2 * sizeof(*k));
				memcpy(k, n->kids, (size_t)cap * sizeof(*k));
				n->kids = k;
				cap *= 2;
			}
			n->kids[n->nkids++] = command(p);
		}
	}
	if (bang) {
		struct node *b = new_node(p, N_NOT);
		b->body = n;
		n = b;
	}
	return n;
}

static struct node *and_or(struct parser *p)
{
	struct node *left = pipeline(p);

	for (;;) {
		enum tok k = peek(p)->kind;
		if (k != T_AND_IF && k != T_OR_IF)
			return left;
		consume(p);
		linebreak(p);
		struct node *n = new_node(p, k == T_AND_IF ? N_AND : N_OR);
		n->left = left;
		n->right = pipeline(p);
		left = n;
	}
}

void parse_init(struct parser *p, const char *src, size_t len, struct arena *a)
{
	memset(p, 0, sizeof(*p));
	lex_init(&p->lx, src, len);
	p->arena = a;
}

enum parse_status parse_command(struct parser *p, struct node **out)
{
	jmp_buf jb, *outer = parse_jmp;

	*out = NULL;
	parse_jmp = &jb;
	if (setjmp(jb)) {
		parse_jmp = outer;
		p->have = 0;
		p->pending = NULL;
		return (enum parse_status)parse_fail;
	}
	p->depth = 0;
	struct token *t = peek(p);
	enum parse_status st = P_OK;
	if (t->kind == T_EOF) {
		st = P_EOF;
	} else if (t->kind == T_NEWLINE) {
		newline(p);
	} else {
		*out = list(p, 1, 0);
		t = peek(p);
		if (t->kind == T_NEWLINE)
			newline(p);
		else if (t->kind != T_EOF)
			unexpected(p);
		else if (p->pending != NULL)
			read_heredocs(p);	/* reports the missing delimiter */
	}
	parse_jmp = outer;
	return st;
}
