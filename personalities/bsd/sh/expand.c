// SPDX-License-Identifier: BSD-2-Clause
// Word expansion (POSIX XCU 2.6): tilde, parameters, $(...) and `...`,
// $((...)), field splitting on IFS, pathname expansion, quote removal.
// A word is walked once; every character that lands in a field carries a
// flag saying whether it was quoted, which is what splitting and globbing
// need to know.  Arithmetic is in arith.c.
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sh.h"

/* One field being built: its bytes and, per byte, 1 if it was quoted. */
struct field {
	char		*s;
	unsigned char	*q;
	size_t		len, cap;
	int		has;	/* it exists even if empty ("" or '') */
};

struct fields {
	struct field	*f;
	int		n, cap;
};

struct xstate {
	struct fields	*out;	/* NULL: no field splitting (one field) */
	struct field	cur;
	int		error;
	int		pattern;	/* keep quoting visible for fnmatch */
};

static void fadd(struct field *f, char c, int quoted)
{
	if (f->len + 1 >= f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->s = xrealloc(f->s, f->cap);
		f->q = xrealloc(f->q, f->cap);
	}
	f->s[f->len] = c;
	f->q[f->len++] = (unsigned char)quoted;
	f->s[f->len] = '\0';
}

static void flush(struct xstate *x)
{
	if (x->out == NULL)
		return;
	struct fields *o = x->out;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->f = xrealloc(o->f, (size_t)o->cap * sizeof(*o->f));
	}
	if (x->cur.s == NULL) {
		x->cur.s = xmalloc(1);
		x->cur.q = xmalloc(1);
		x->cur.s[0] = '\0';
	}
	o->f[o->n++] = x->cur;
	memset(&x->cur, 0, sizeof(x->cur));
}

/* Append text from an expansion: quoted, or subject to field splitting. */
static void add_value(struct xstate *x, const char *v, int quoted)
{
	const char *ifs = var_get("IFS");

	if (ifs == NULL)
		ifs = " \t\n";
	for (; *v; v++) {
		if (!quoted && x->out != NULL && *v && strchr(ifs, *v)) {
			int white = *v == ' ' || *v == '\t' || *v == '\n';
			if (!white || x->cur.len > 0 || x->cur.has)
				flush(x);
			continue;
		}
		fadd(&x->cur, *v, quoted);
	}
}

static const char *param_special(const char *name, char *buf, size_t n)
{
	switch (name[0]) {
	case '?': snprintf(buf, n, "%d", sh.status); return buf;
	case '$': snprintf(buf, n, "%ld", (long)sh.pid); return buf;
	case '!':
		if (sh.lastbg == 0)
			return NULL;
		snprintf(buf, n, "%ld", (long)sh.lastbg);
		return buf;
	case '#': snprintf(buf, n, "%d", sh.argc); return buf;
	case '-':
		snprintf(buf, n, "%s%s%s%s%s", sh.opt_e ? "e" : "", sh.opt_f ? "f" : "",
			 sh.interactive ? "i" : "", sh.opt_u ? "u" : "", sh.opt_x ? "x" : "");
		return buf;
	case '0': return sh.arg0;
	}
	if (name[0] >= '1' && name[0] <= '9') {
		int i = atoi(name);
		return i <= sh.argc ? sh.argv[i - 1] : NULL;
	}
	return var_get(name);
}

/* $@ and $*: the positional parameters. */
static void add_params(struct xstate *x, int at, int quoted)
{
	const char *ifs = var_get("IFS");
	char sep[2] = { ifs == NULL ? ' ' : ifs[0], '\0' };

	for (int i = 0; i < sh.argc; i++) {
		if (i > 0) {
			if (quoted && at && x->out != NULL) {
				flush(x);
				x->cur.has = 1;
			} else if (quoted) {
				add_value(x, sep, 1);
			} else {
				add_value(x, " ", 0);
			}
		}
		add_value(x, sh.argv[i], quoted);
	}
}

/* ${name%pat} and friends: remove the shortest or longest prefix or suffix. */
static char *remove_pattern(const char *v, const char *pat, int suffix, int longest)
{
	size_t n = strlen(v);
	char *tmp = xstrdup(v);

	for (size_t k = 0; k <= n; k++) {
		size_t len = longest ? n - k : k;	/* how much to try removing */
		int ok;
		if (suffix) {
			ok = fnmatch(pat, v + n - len, 0) == 0;
		} else {
			char c = tmp[len];
			tmp[len] = '\0';
			ok = fnmatch(pat, tmp, 0) == 0;
			tmp[len] = c;
		}
		if (ok) {
			free(tmp);
			return suffix ? xstrndup(v, n - len) : xstrdup(v + len);
		}
	}
	free(tmp);
	return xstrdup(v);
}

/* ${...}: s points past "${", len is up to (not including) the '}'. */
static void brace_param(struct xstate *x, const char *s, size_t len, int quoted)
{
	char buf[32], name[256];
	size_t i = 0;
	int length = 0;

	if (len > 1 && s[0] == '#') {
		length = 1;
		s++, len--;
	}
	if (len > 0 && strchr("?$!#-@*0123456789", s[0]) != NULL &&
	    !(s[0] >= '0' && s[0] <= '9')) {
		i = 1;
	} else {
		while (i < len && (s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
				   (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
	}
	if (i == 0 || i >= sizeof(name)) {
		sh_error("${%.*s}: bad substitution", (int)len, s);
		x->error = 1;
		return;
	}
	memcpy(name, s, i);
	name[i] = '\0';
	int at = name[0] == '@' || name[0] == '*';
	const char *v = at ? NULL : param_special(name, buf, sizeof(buf));
	int set = at ? sh.argc > 0 : v != NULL;
	if (length) {
		if (i != len) {
			sh_error("${#%.*s}: bad substitution", (int)len, s);
			x->error = 1;
			return;
		}
		snprintf(buf, sizeof(buf), "%zu", at ? (size_t)sh.argc : v ? strlen(v) : 0);
		add_value(x, buf, quoted);
		return;
	}
	if (i == len) {
		if (!set && sh.opt_u) {
			sh_error("%s: parameter not set", name);
			x->error = 1;
		} else if (at)
			add_params(x, name[0] == '@', quoted);
		else if (v)
			add_value(x, v, quoted);
		return;
	}
	int colon = s[i] == ':';
	char op = s[i + colon];
	if (colon && !strchr("-=?+", op)) {
		sh_error("${%.*s}: bad substitution", (int)len, s);
		x->error = 1;
		return;
	}
	const char *wstart = s + i + colon + 1;
	size_t wlen = len - (i + colon + 1);
	int twice = (op == '%' || op == '#') && wlen > 0 && *wstart == op;
	if (twice)
		wstart++, wlen--;
	char *wtext = xstrndup(wstart, wlen);
	int empty = !set || (v != NULL && v[0] == '\0') || (at && sh.argc == 0);
	int use_word = colon ? empty : !set;
	switch (op) {
	case '-':
	case '=':
	case '?':
		if (use_word) {
			char *w = expand_word(wtext);
			if (w == NULL) {
				x->error = 1;
			} else if (op == '-') {
				add_value(x, w, quoted);
			} else if (op == '=') {
				if (at || !var_valid_name(name, strlen(name))) {
					sh_error("%s: cannot assign in this way", name);
					x->error = 1;
				} else if (var_set(name, w, 0) == 0) {
					add_value(x, w, quoted);
				}
			} else {
				sh_error("%s: %s", name, w[0] ? w : "parameter null or not set");
				x->error = 1;
			}
			free(w);
		} else if (at) {
			add_params(x, name[0] == '@', quoted);
		} else if (v) {
			add_value(x, v, quoted);
		}
		break;
	case '+':
		if (!use_word) {
			char *w = expand_word(wtext);
			if (w == NULL)
				x->error = 1;
			else
				add_value(x, w, quoted);
			free(w);
		}
		break;
	case '%':
	case '#': {
		char *pat = expand_pattern(wtext);
		if (pat == NULL) {
			x->error = 1;
			break;
		}
		char *r = remove_pattern(v ? v : "", pat, op == '%', twice);
		add_value(x, r, quoted);
		free(r);
		free(pat);
		break;
	}
	default:
		sh_error("${%.*s}: bad substitution", (int)len, s);
		x->error = 1;
	}
	free(wtext);
}

/* Command substitution's output without its trailing newlines. */
static void add_command(struct xstate *x, const char *text, size_t len, int quoted)
{
	char *out = exec_capture(text, len);
	size_t n = strlen(out);

	while (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	add_value(x, out, quoted);
	free(out);
}

/* `...`: the text with \$, \` and \\ unescaped, then as $(...). */
static void add_backquote(struct xstate *x, const char *s, size_t len, int quoted)
{
	char *t = xmalloc(len + 1);
	size_t k = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && strchr("$`\\", s[i + 1]))
			i++;
		t[k++] = s[i];
	}
	add_command(x, t, k, quoted);
	free(t);
}

/* A $ at w[*ip]: expand it and move *ip past it. */
static void dollar(struct xstate *x, const char *w, size_t *ip, int quoted)
{
	size_t i = *ip, n = strlen(w);
	char buf[32];

	if (w[i + 1] == '(' && w[i + 2] == '(') {
		size_t end = lex_skip_subst(w, i, n);
		/* $(( expr )) unless it is really $( (subshell) ) */
		if (end != (size_t)-1 && end >= i + 5 && w[end - 2] == ')') {
			char *inner = xstrndup(w + i + 3, end - i - 5);
			char *e = expand_word(inner);
			long v;
			free(inner);
			if (e == NULL || arith_eval(e, &v) < 0) {
				x->error = 1;
			} else {
				snprintf(buf, sizeof(buf), "%ld", v);
				add_value(x, buf, quoted);
			}
			free(e);
			*ip = end;
			return;
		}
	}
	if (w[i + 1] == '(' || w[i + 1] == '{') {
		if (lex_skip_subst(w, i, n) == (size_t)-1) {
			sh_error("%s: bad substitution", w + i);
			x->error = 1;
			*ip = n;
			return;
		}
	}
	if (w[i + 1] == '(') {
		size_t end = lex_skip_subst(w, i, n);
		add_command(x, w + i + 2, end - i - 3, quoted);
		*ip = end;
		return;
	}
	if (w[i + 1] == '{') {
		size_t end = lex_skip_subst(w, i, n);
		brace_param(x, w + i + 2, end - i - 3, quoted);
		*ip = end;
		return;
	}
	char c = w[i + 1];
	if (c != '\0' && strchr("?$!#-0123456789", c)) {
		char name[2] = { c, '\0' };
		const char *v = param_special(name, buf, sizeof(buf));
		if (v == NULL && sh.opt_u && c != '!') {
			sh_error("$%c: parameter not set", c);
			x->error = 1;
		} else if (v) {
			add_value(x, v, quoted);
		}
		*ip = i + 2;
		return;
	}
	if (c == '@' || c == '*') {
		add_params(x, c == '@', quoted);
		*ip = i + 2;
		return;
	}
	size_t k = i + 1;
	while (w[k] == '_' || (w[k] >= 'a' && w[k] <= 'z') || (w[k] >= 'A' && w[k] <= 'Z') ||
	       (k > i + 1 && w[k] >= '0' && w[k] <= '9'))
		k++;
	if (k == i + 1) {		/* a lone '$' is itself */
		fadd(&x->cur, '$', quoted);
		*ip = i + 1;
		return;
	}
	char *name = xstrndup(w + i + 1, k - i - 1);
	const char *v = var_get(name);
	if (v == NULL && sh.opt_u) {
		sh_error("%s: parameter not set", name);
		x->error = 1;
	} else if (v) {
		add_value(x, v, quoted);
	}
	free(name);
	*ip = k;
}

/* The walk over one word. */
static void expand_into(struct xstate *x, const char *w)
{
	size_t n = strlen(w);

	if (w[0] == '~' && !x->pattern) {
		size_t k = 1;
		while (w[k] && w[k] != '/')
			k++;
		const char *home = var_get("HOME");
		if (k == 1 && home != NULL) {
			add_value(x, home, 1);
			w += 1;
			n -= 1;
		}
	}
	for (size_t i = 0; i < n && !x->error;) {
		char c = w[i];
		if (c == '\'') {
			x->cur.has = 1;
			for (i++; i < n && w[i] != '\''; i++)
				fadd(&x->cur, w[i], 1);
			i++;
		} else if (c == '"') {
			/* "$@" with no parameters makes no field at all. */
			if (!(strncmp(w + i, "\"$@\"", 4) == 0 && sh.argc == 0))
				x->cur.has = 1;
			for (i++; i < n && w[i] != '"' && !x->error;) {
				if (w[i] == '\\' && i + 1 < n && strchr("$`\"\\\n", w[i + 1])) {
					if (w[i + 1] != '\n')
						fadd(&x->cur, w[i + 1], 1);
					i += 2;
				} else if (w[i] == '$') {
					dollar(x, w, &i, 1);
				} else if (w[i] == '`') {
					size_t end = lex_skip_subst(w, i, n);
					add_backquote(x, w + i + 1, end - i - 2, 1);
					i = end;
				} else {
					fadd(&x->cur, w[i++], 1);
				}
			}
			i++;
		} else if (c == '\\') {
			if (i + 1 < n && w[i + 1] != '\n')
				fadd(&x->cur, w[i + 1], 1);
			i += 2;
		} else if (c == '$') {
			dollar(x, w, &i, 0);
		} else if (c == '`') {
			size_t end = lex_skip_subst(w, i, n);
			add_backquote(x, w + i + 1, end - i - 2, 0);
			i = end;
		} else {
			fadd(&x->cur, c, 0);
			i++;
		}
	}
}

/* A field as an fnmatch pattern: quoted special characters escaped. */
static char *as_pattern(const struct field *f)
{
	char *p = xmalloc(f->len * 2 + 1);
	size_t k = 0;

	for (size_t i = 0; i < f->len; i++) {
		if (f->q[i] && strchr("*?[]\\", f->s[i]))
			p[k++] = '\\';
		p[k++] = f->s[i];
	}
	p[k] = '\0';
	return p;
}

static int has_glob(const struct field *f)
{
	for (size_t i = 0; i < f->len; i++)
		if (!f->q[i] && (f->s[i] == '*' || f->s[i] == '?' || f->s[i] == '['))
			return 1;
	return 0;
}

struct matches {
	char	**v;
	int	n, cap;
};

static void glob_add(struct matches *m, char *s)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xrealloc(m->v, (size_t)m->cap * sizeof(*m->v));
	}
	m->v[m->n++] = s;
}

/* Match the components of pat from position `rest' under directory dir
 * (prefix is how dir is spelled in the results). */
static void glob_dir(struct matches *m, const char *prefix, const char *rest)
{
	const char *slash = strchr(rest, '/');
	size_t clen = slash ? (size_t)(slash - rest) : strlen(rest);
	char *comp = xstrndup(rest, clen);
	int magic = strpbrk(comp, "*?[") != NULL;

	if (!magic) {
		/* A literal component: unescape it and go on. */
		char *lit = xmalloc(clen + 1), *path;
		size_t k = 0;
		for (size_t i = 0; i < clen; i++) {
			if (comp[i] == '\\' && i + 1 < clen)
				i++;
			lit[k++] = comp[i];
		}
		lit[k] = '\0';
		size_t pl = strlen(prefix);
		path = xmalloc(pl + k + 2);
		snprintf(path, pl + k + 2, "%s%s", prefix, lit);
		struct stat st;
		if (slash == NULL) {
			if (lstat(path, &st) == 0)
				glob_add(m, xstrdup(path));
		} else {
			char *np = xmalloc(strlen(path) + 2);
			sprintf(np, "%s/", path);
			glob_dir(m, np, slash + 1);
			free(np);
		}
		free(lit);
		free(path);
		free(comp);
		return;
	}
	DIR *d = opendir(prefix[0] ? prefix : ".");
	if (d != NULL) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.' && comp[0] != '.')
				continue;
			if (fnmatch(comp, e->d_name, FNM_PERIOD) != 0)
				continue;
			size_t len = strlen(prefix) + strlen(e->d_name) + 2;
			char *path = xmalloc(len);
			snprintf(path, len, "%s%s", prefix, e->d_name);
			if (slash == NULL) {
				glob_add(m, path);
				continue;
			}
			struct stat st;
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
				strcat(path, "/");
				glob_dir(m, path, slash + 1);
			}
			free(path);
		}
		closedir(d);
	}
	free(comp);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **expand_words(struct wordlist *w, int *count)
{
	struct fields out = { 0 };
	struct xstate x = { .out = &out };
	char **argv;
	int n = 0, cap = 8;

	for (; w; w = w->next) {
		expand_into(&x, w->word);
		if (x.cur.len > 0 || x.cur.has)
			flush(&x);
		free(x.cur.s);
		free(x.cur.q);
		memset(&x.cur, 0, sizeof(x.cur));
		if (x.error)
			break;
	}
	argv = xmalloc((size_t)cap * sizeof(*argv));
	for (int i = 0; i < out.n; i++) {
		struct field *f = &out.f[i];
		struct matches m = { 0 };
		if (!x.error && !sh.opt_f && has_glob(f)) {
			char *pat = as_pattern(f);
			if (pat[0] == '/')
				glob_dir(&m, "/", pat + 1);
			else
				glob_dir(&m, "", pat);
			free(pat);
			if (m.n > 1)
				qsort(m.v, (size_t)m.n, sizeof(*m.v), cmp_str);
		}
		if (m.n == 0)
			glob_add(&m, xstrdup(f->s));
		for (int j = 0; j < m.n; j++) {
			if (n + 1 >= cap) {
				cap *= 2;
				argv = xrealloc(argv, (size_t)cap * sizeof(*argv));
			}
			argv[n++] = m.v[j];
		}
		free(m.v);
		free(f->s);
		free(f->q);
	}
	free(out.f);
	argv[n] = NULL;
	if (x.error) {
		free_fields(argv);
		return NULL;
	}
	*count = n;
	return argv;
}

static char *expand_single(const char *w, int pattern)
{
	struct xstate x = { .out = NULL, .pattern = pattern };

	expand_into(&x, w);
	if (x.error) {
		free(x.cur.s);
		free(x.cur.q);
		return NULL;
	}
	char *r = pattern ? as_pattern(&x.cur) : xstrdup(x.cur.s ? x.cur.s : "");
	free(x.cur.s);
	free(x.cur.q);
	return r;
}

char *expand_word(const char *w)
{
	return expand_single(w, 0);
}

char *expand_pattern(const char *w)
{
	return expand_single(w, 1);
}

char *expand_heredoc(const char *text)
{
	struct xstate x = { .out = NULL };
	size_t n = strlen(text);

	for (size_t i = 0; i < n && !x.error;) {
		if (text[i] == '\\' && i + 1 < n && strchr("$`\\\n", text[i + 1])) {
			if (text[i + 1] != '\n')
				fadd(&x.cur, text[i + 1], 1);
			i += 2;
		} else if (text[i] == '$') {
			dollar(&x, text, &i, 1);
		} else if (text[i] == '`') {
			size_t end = lex_skip_subst(text, i, n);
			if (end == (size_t)-1)
				end = n;
			add_backquote(&x, text + i + 1, end - i - 2, 1);
			i = end;
		} else {
			fadd(&x.cur, text[i++], 1);
		}
	}
	char *r = xstrdup(x.cur.s ? x.cur.s : "");
	free(x.cur.s);
	free(x.cur.q);
	return x.error ? (free(r), NULL) : r;
}

void free_fields(char **f)
{
	if (f == NULL)
		return;
	for (char **p = f; *p; p++)
		free(*p);
	free(f);
}
