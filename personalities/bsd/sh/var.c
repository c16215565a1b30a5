// SPDX-License-Identifier: BSD-2-Clause
// Shell variables (name, value, exported or not, read-only or not) and
// functions.  The environment a program gets is built from the exported
// variables at each exec; the shell never edits environ itself.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

struct var {
	struct var	*next;
	char		*name;
	char		*value;		/* NULL: declared (export x) but unset */
	int		exported, readonly;
};

struct func {
	struct func	*next;
	char		*name;
	struct node	*body;
};

static struct var *vars;
static struct func *funcs;

int var_valid_name(const char *s, size_t n)
{
	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

int var_is_assignment(const char *w)
{
	const char *eq = strchr(w, '=');

	return eq != NULL && var_valid_name(w, (size_t)(eq - w));
}

static struct var *find(const char *name, size_t n)
{
	for (struct var *v = vars; v; v = v->next)
		if (strlen(v->name) == n && memcmp(v->name, name, n) == 0)
			return v;
	return NULL;
}

void var_init(char **envp)
{
	for (; envp && *envp; envp++) {
		const char *eq = strchr(*envp, '=');
		if (eq == NULL || !var_valid_name(*envp, (size_t)(eq - *envp)))
			continue;
		char *name = xstrndup(*envp, (size_t)(eq - *envp));
		var_set(name, eq + 1, 1);
		free(name);
	}
	if (var_get("IFS") == NULL)
		var_set("IFS", " \t\n", 0);
	if (var_get("PATH") == NULL)
		var_set("PATH", "/bin:/usr/bin", 1);
	if (var_get("PS1") == NULL)
		var_set("PS1", geteuid() == 0 ? "# " : "$ ", 0);
	if (var_get("PS2") == NULL)
		var_set("PS2", "> ", 0);
}

const char *var_get(const char *name)
{
	struct var *v = find(name, strlen(name));

	return v ? v->value : NULL;
}

int var_set(const char *name, const char *value, int export)
{
	struct var *v = find(name, strlen(name));

	if (v == NULL) {
		v = xmalloc(sizeof(*v));
		v->name = xstrdup(name);
		v->value = NULL;
		v->exported = v->readonly = 0;
		v->next = vars;
		vars = v;
	} else if (v->readonly) {
		sh_error("%s: is read only", name);
		return -1;
	}
	if (value != NULL) {
		char *nv = xstrdup(value);
		free(v->value);
		v->value = nv;
	}
	if (export)
		v->exported = 1;
	return 0;
}

void var_unset(const char *name)
{
	for (struct var **pp = &vars; *pp; pp = &(*pp)->next) {
		struct var *v = *pp;
		if (strcmp(v->name, name) == 0) {
			if (v->readonly) {
				sh_error("%s: is read only", name);
				return;
			}
			*pp = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return;
		}
	}
}

void var_export(const char *name)
{
	var_set(name, NULL, 1);
}

char **var_environ(void)
{
	size_t n = 0;

	for (struct var *v = vars; v; v = v->next)
		n += v->exported && v->value != NULL;
	char **env = xmalloc((n + 1) * sizeof(*env));
	n = 0;
	for (struct var *v = vars; v; v = v->next) {
		if (!v->exported || v->value == NULL)
			continue;
		size_t nl = strlen(v->name), vl = strlen(v->value);
		char *e = xmalloc(nl + vl + 2);
		memcpy(e, v->name, nl);
		e[nl] = '=';
		memcpy(e + nl + 1, v->value, vl + 1);
		env[n++] = e;
	}
	env[n] = NULL;
	return env;
}

void var_free_environ(char **env)
{
	for (char **e = env; *e; e++)
		free(*e);
	free(env);
}

static int cmp_var(const void *a, const void *b)
{
	return strcmp((*(struct var *const *)a)->name, (*(struct var *const *)b)->name);
}

/* A value in single quotes, so that the output can be read back. */
static void print_quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

void var_print(int exported_only)
{
	size_t n = 0, k = 0;

	for (struct var *v = vars; v; v = v->next)
		n++;
	struct var **all = xmalloc((n ? n : 1) * sizeof(*all));
	for (struct var *v = vars; v; v = v->next)
		all[k++] = v;
	qsort(all, n, sizeof(*all), cmp_var);
	for (size_t i = 0; i < n; i++) {
		struct var *v = all[i];
		if (exported_only && !v->exported)
			continue;
		if (exported_only)
			printf("export %s", v->name);
		else if (v->value == NULL)
			continue;
		else
			printf("%s", v->name);
		if (v->value != NULL) {
			putchar('=');
			print_quoted(v->value);
		}
		putchar('\n');
	}
	free(all);
}

void func_define(const char *name, struct node *body)
{
	for (struct func *f = funcs; f; f = f->next) {
		if (strcmp(f->name, name) == 0) {
			f->body = body;
			return;
		}
	}
	struct func *f = xmalloc(sizeof(*f));
	f->name = xstrdup(name);
	f->body = body;
	f->next = funcs;
	funcs = f;
}

struct node *func_find(const char *name)
{
	for (struct func *f = funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f->body;
	return NULL;
}

void var_readonly(const char *name)
{
	var_set(name, NULL, 0);
	find(name, strlen(name))->readonly = 1;
}
