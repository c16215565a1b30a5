// SPDX-License-Identifier: BSD-2-Clause
// $(( expression )): POSIX arithmetic (XCU 2.6.4) on signed longs, with
// C's operators and precedence: unary + - ! ~, * / %, + -, << >>,
// < <= > >=, == !=, &, ^, |, &&, ||, ?:, and = += -= *= /= %= on
// variables.  A bare name is a variable's value (0 when unset or empty).
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct ar {
	const char	*p;
	int		err;
	int		skip;	/* evaluating a branch whose value is not used */
};

static long ternary(struct ar *a);

static void blanks(struct ar *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

static void error(struct ar *a, const char *msg)
{
	if (!a->err)
		sh_error("arithmetic: %s", msg);
	a->err = 1;
}

static long var_value(struct ar *a, const char *name)
{
	const char *v = var_get(name);
	char *end;

	if (v == NULL || *v == '\0')
		return 0;
	long r = strtol(v, &end, 0);
	if (*end != '\0') {
		error(a, "a variable does not hold a number");
		return 0;
	}
	return r;
}

static long primary(struct ar *a)
{
	blanks(a);
	const char *p = a->p;
	if (*p == '(') {
		a->p++;
		long v = ternary(a);
		blanks(a);
		if (*a->p != ')')
			error(a, "missing `)'");
		else
			a->p++;
		return v;
	}
	if (isdigit((unsigned char)*p)) {
		char *end;
		long v = strtol(p, &end, 0);
		if (isalnum((unsigned char)*end) || *end == '_')
			error(a, "bad number");
		a->p = end;
		return v;
	}
	if (isalpha((unsigned char)*p) || *p == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)p[n]) || p[n] == '_')
			n++;
		char *name = xstrndup(p, n);
		a->p += n;
		blanks(a);
		/* An assignment operator after the name? */
		static const char *ops[] = { "+=", "-=", "*=", "/=", "%=", "=" };
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			size_t ol = strlen(ops[i]);
			if (strncmp(a->p, ops[i], ol) == 0 && !(ol == 1 && a->p[1] == '=')) {
				a->p += ol;
				long r = ternary(a), old = ol == 2 ? var_value(a, name) : 0;
				switch (ops[i][0]) {
				case '+': r = old + r; break;
				case '-': r = old - r; break;
				case '*': r = old * r; break;
				case '/':
				case '%':
					if (r == 0) {
						error(a, "division by zero");
						r = 0;
						break;
					}
					r = ops[i][0] == '/' ? old / r : old % r;
					break;
				}
				if (!a->err && !a->skip) {
					char buf[32];
					snprintf(buf, sizeof(buf), "%ld", r);
					var_set(name, buf, 0);
				}
				free(name);
				return r;
			}
		}
		long v = var_value(a, name);
		free(name);
		return v;
	}
	error(a, *p ? "syntax error" : "missing operand");
	return 0;
}

static long unary(struct ar *a)
{
	blanks(a);
	char c = *a->p;
	if ((c == '-' || c == '+') && a->p[1] != c) {
		a->p++;
		long v = unary(a);
		return c == '-' ? -v : v;
	}
	if (c == '!' && a->p[1] != '=') {
		a->p++;
		return !unary(a);
	}
	if (c == '~') {
		a->p++;
		return ~unary(a);
	}
	return primary(a);
}

/* Binary operators by precedence level, tighter first. */
static const struct { const char *op; int level; } binops[] = {
	{ "*", 9 }, { "/", 9 }, { "%", 9 }, { "+", 8 }, { "-", 8 },
	{ "<<", 7 }, { ">>", 7 }, { "<=", 6 }, { ">=", 6 }, { "<", 6 }, { ">", 6 },
	{ "==", 5 }, { "!=", 5 }, { "&&", 1 }, { "||", 0 }, { "&", 4 }, { "^", 3 }, { "|", 2 },
};

static int binop(struct ar *a, int *level)
{
	blanks(a);
	for (size_t i = 0; i < sizeof(binops) / sizeof(binops[0]); i++) {
		size_t n = strlen(binops[i].op);
		if (strncmp(a->p, binops[i].op, n) == 0) {
			*level = binops[i].level;
			return (int)i;
		}
	}
	return -1;
}

static long binary(struct ar *a, int min)
{
	long left = unary(a);

	for (;;) {
		int level, i = binop(a, &level);
		if (i < 0 || level < min || a->err)
			return left;
		const char *op = binops[i].op;
		a->p += strlen(op);
		int skip = a->skip;
		if ((op[0] == '&' && op[1] == '&' && !left) || (op[0] == '|' && op[1] == '|' && left))
			a->skip = 1;
		long right = binary(a, level + 1);
		a->skip = skip;
		if (!strcmp(op, "*")) left *= right;
		else if (!strcmp(op, "/") || !strcmp(op, "%")) {
			if (right == 0) {
				if (!a->skip)
					error(a, "division by zero");
				return 0;
			}
			left = op[0] == '/' ? left / right : left % right;
		}
		else if (!strcmp(op, "+")) left += right;
		else if (!strcmp(op, "-")) left -= right;
		else if (!strcmp(op, "<<")) left = (long)((unsigned long)left << (right & 63));
		else if (!strcmp(op, ">>")) left >>= right & 63;
		else if (!strcmp(op, "<=")) left = left <= right;
		else if (!strcmp(op, ">=")) left = left >= right;
		else if (!strcmp(op, "<")) left = left < right;
		else if (!strcmp(op, ">")) left = left > right;
		else if (!strcmp(op, "==")) left = left == right;
		else if (!strcmp(op, "!=")) left = left != right;
		else if (!strcmp(op, "&&")) left = left && right;
		else if (!strcmp(op, "||")) left = left || right;
		else if (!strcmp(op, "&")) left &= right;
		else if (!strcmp(op, "^")) left ^= right;
		else if (!strcmp(op, "|")) left |= right;
	}
}

static long ternary(struct ar *a)
{
	long c = binary(a, 0);

	blanks(a);
	if (*a->p != '?')
		return c;
	a->p++;
	int skip = a->skip;
	a->skip = skip || !c;
	long t = ternary(a);
	blanks(a);
	if (*a->p != ':') {
		error(a, "missing `:'");
		return 0;
	}
	a->p++;
	a->skip = skip || c;
	long f = ternary(a);
	a->skip = skip;
	return c ? t : f;
}

int arith_eval(const char *expr, long *out)
{
	struct ar a = { expr, 0, 0 };

	blanks(&a);
	if (*a.p == '\0') {
		*out = 0;
		return 0;
	}
	long v = ternary(&a);
	blanks(&a);
	if (!a.err && *a.p != '\0')
		error(&a, "syntax error");
	if (a.err)
		return -1;
	*out = v;
	return 0;
}
