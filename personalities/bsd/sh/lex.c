// SPDX-License-Identifier: BSD-2-Clause
// The shell's lexer (POSIX XCU 2.3, token recognition): operators, words
// and IO numbers.  A word keeps its raw text (quotes, backslashes, $...)
// because expansion (expand.c) needs to know what was quoted; the lexer
// only finds where each word ends.
#include <string.h>
#include "sh.h"

void lex_init(struct lexer *lx, const char *src, size_t len)
{
	lx->src = src;
	lx->pos = 0;
	lx->len = len;
	lx->line = 1;
	lx->err = NULL;
}

const char *tok_name(enum tok k)
{
	static const char *names[] = {
		[T_EOF] = "end of file", [T_NEWLINE] = "newline", [T_WORD] = "word",
		[T_IO_NUMBER] = "number", [T_SEMI] = ";", [T_DSEMI] = ";;",
		[T_AMP] = "&", [T_PIPE] = "|", [T_AND_IF] = "&&", [T_OR_IF] = "||",
		[T_LPAREN] = "(", [T_RPAREN] = ")", [T_LESS] = "<", [T_GREAT] = ">",
		[T_DGREAT] = ">>", [T_LESSAND] = "<&", [T_GREATAND] = ">&",
		[T_LESSGREAT] = "<>", [T_CLOBBER] = ">|", [T_DLESS] = "<<",
		[T_ERROR] = "error", [T_INCOMPLETE] = "end of file",
	};
	return names[k];
}

static size_t skip_dquote(const char *s, size_t i, size_t len);

/* s[i] is a single quote: the index past the closing one. */
static size_t skip_squote(const char *s, size_t i, size_t len)
{
	for (i++; i < len; i++)
		if (s[i] == '\'')
			return i + 1;
	return (size_t)-1;
}

size_t lex_skip_subst(const char *s, size_t i, size_t len)
{
	if (s[i] == '`') {
		for (i++; i < len; i++) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '`')
				return i + 1;
		}
		return (size_t)-1;
	}
	/* s[i] == '$', s[i+1] is '(' or '{' */
	char open = s[i + 1], close = open == '(' ? ')' : '}';
	int depth = 1;
	for (i += 2; i < len; i++) {
		char c = s[i];
		size_t j;
		if (c == '\\') {
			i++;
		} else if (c == '\'' && open == '(') {
			if ((j = skip_squote(s, i, len)) == (size_t)-1)
				return j;
			i = j - 1;
		} else if (c == '"') {
			if ((j = skip_dquote(s, i, len)) == (size_t)-1)
				return j;
			i = j - 1;
		} else if (c == '`' || (c == '$' && i + 1 < len && (s[i + 1] == '(' || s[i + 1] == '{'))) {
			if ((j = lex_skip_subst(s, i, len)) == (size_t)-1)
				return j;
			i = j - 1;
		} else if (c == open) {
			depth++;
		} else if (c == close && --depth == 0) {
			return i + 1;
		}
	}
	return (size_t)-1;
}

/* s[i] is a double quote: the index past the closing one. */
static size_t skip_dquote(const char *s, size_t i, size_t len)
{
	for (i++; i < len; i++) {
		char c = s[i];
		if (c == '\\') {
			i++;
		} else if (c == '"') {
			return i + 1;
		} else if (c == '`' || (c == '$' && i + 1 < len && (s[i + 1] == '(' || s[i + 1] == '{'))) {
			size_t j = lex_skip_subst(s, i, len);
			if (j == (size_t)-1)
				return j;
			i = j - 1;
		}
	}
	return (size_t)-1;
}

static int is_meta(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	       c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

struct token lex_next(struct lexer *lx)
{
	const char *s = lx->src;
	struct token t = { T_EOF, NULL, 0, 0 };

	for (;;) {
		while (lx->pos < lx->len && (s[lx->pos] == ' ' || s[lx->pos] == '\t'))
			lx->pos++;
		if (lx->pos + 1 < lx->len && s[lx->pos] == '\\' && s[lx->pos + 1] == '\n') {
			lx->pos += 2;
			lx->line++;
			continue;
		}
		if (lx->pos < lx->len && s[lx->pos] == '#') {
			while (lx->pos < lx->len && s[lx->pos] != '\n')
				lx->pos++;
		}
		break;
	}
	t.line = lx->line;
	if (lx->pos >= lx->len)
		return t;
	size_t start = lx->pos;
	char c = s[start], d = start + 1 < lx->len ? s[start + 1] : '\0';
	static const struct { const char *op; enum tok kind; } ops[] = {
		{ "&&", T_AND_IF }, { "||", T_OR_IF }, { ";;", T_DSEMI },
		{ "<<", T_DLESS }, { ">>", T_DGREAT }, { "<&", T_LESSAND },
		{ ">&", T_GREATAND }, { "<>", T_LESSGREAT }, { ">|", T_CLOBBER },
		{ "\n", T_NEWLINE }, { ";", T_SEMI }, { "&", T_AMP }, { "|", T_PIPE },
		{ "(", T_LPAREN }, { ")", T_RPAREN }, { "<", T_LESS }, { ">", T_GREAT },
	};
	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		const char *op = ops[k].op;
		if (c == op[0] && (op[1] == '\0' || d == op[1])) {
			lx->pos += strlen(op);
			t.kind = ops[k].kind;
			if (t.kind == T_NEWLINE)
				lx->line++;
			return t;
		}
	}
	/* A word: up to the first unquoted blank or operator character. */
	size_t i = start;
	while (i < lx->len && !is_meta(s[i])) {
		size_t j;
		switch (s[i]) {
		case '\\':
			if (i + 1 >= lx->len)
				return lx->pos = lx->len, (struct token){ T_INCOMPLETE, NULL, 0, t.line };
			if (s[i + 1] == '\n')
				lx->line++;
			i += 2;
			continue;
		case '\'':
			j = skip_squote(s, i, lx->len);
			break;
		case '"':
			j = skip_dquote(s, i, lx->len);
			break;
		case '`':
			j = lex_skip_subst(s, i, lx->len);
			break;
		case '$':
			if (i + 1 < lx->len && (s[i + 1] == '(' || s[i + 1] == '{'))
				j = lex_skip_subst(s, i, lx->len);
			else
				j = i + 1;
			break;
		default:
			j = i + 1;
		}
		if (j == (size_t)-1) {
			lx->pos = lx->len;
			t.kind = T_INCOMPLETE;
			return t;
		}
		for (size_t k = i; k < j; k++)
			if (s[k] == '\n')
				lx->line++;
		i = j;
	}
	lx->pos = i;
	t.kind = T_WORD;
	t.text = s + start;
	t.len = i - start;
	/* Digits right before '<' or '>' name a descriptor. */
	if (i < lx->len && (s[i] == '<' || s[i] == '>') && t.len <= 2) {
		size_t k;
		for (k = 0; k < t.len && s[start + k] >= '0' && s[start + k] <= '9'; k++)
			;
		if (k == t.len)
			t.kind = T_IO_NUMBER;
	}
	return t;
}
