// SPDX-License-Identifier: BSD-2-Clause
// The shell's built-in commands: those that must change the shell itself
// (cd, exit, export, set, shift, ., eval, read, wait, ...) and the cheap
// ones a loop calls often (true, false, :).  Everything else is a program
// in /bin.  `exec' is in exec.c: it needs the redirections.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sh.h"

static int number_arg(const char *name, const char *s, long *out)
{
	char *end;

	errno = 0;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0) {
		sh_error("%s: %s: numeric argument required", name, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int bi_colon(int argc, char **argv)
{
	(void)argc, (void)argv;
	return 0;
}

static int bi_false(int argc, char **argv)
{
	(void)argc, (void)argv;
	return 1;
}

static int bi_exit(int argc, char **argv)
{
	long v = sh.status;

	if (argc > 1 && number_arg("exit", argv[1], &v) < 0)
		v = 2;
	sh_exit((int)(v & 0xff));
}

static int bi_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	int print = 0;

	if (argc > 2) {
		sh_error("cd: too many arguments");
		return 2;
	}
	if (dir == NULL) {
		sh_error("cd: HOME not set");
		return 1;
	}
	if (strcmp(dir, "-") == 0) {
		dir = var_get("OLDPWD");
		if (dir == NULL) {
			sh_error("cd: OLDPWD not set");
			return 1;
		}
		print = 1;
	}
	if (chdir(dir) < 0) {
		sh_error("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	char buf[PATH_MAX];
	const char *old = var_get("PWD");
	if (old)
		var_set("OLDPWD", old, 0);
	if (getcwd(buf, sizeof(buf)) != NULL) {
		var_set("PWD", buf, 0);
		if (print)
			printf("%s\n", buf);
	}
	return 0;
}

static int bi_pwd(int argc, char **argv)
{
	char buf[PATH_MAX];

	(void)argc, (void)argv;
	if (getcwd(buf, sizeof(buf)) == NULL) {
		sh_error("pwd: %s", strerror(errno));
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}

static int bi_export(int argc, char **argv)
{
	int readonly = strcmp(argv[0], "readonly") == 0;
	int st = 0;

	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
		var_print(1);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		if (!var_valid_name(argv[i], n)) {
			sh_error("%s: %s: bad variable name", argv[0], argv[i]);
			st = 1;
			continue;
		}
		char *name = xstrndup(argv[i], n);
		if (eq && var_set(name, eq + 1, !readonly) < 0)
			st = 1;
		else if (readonly)
			var_readonly(name);
		else
			var_export(name);
		free(name);
	}
	return st;
}

static int bi_unset(int argc, char **argv)
{
	int i = 1;

	if (i < argc && (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "-f") == 0))
		i++;
	for (; i < argc; i++)
		var_unset(argv[i]);
	return 0;
}

static int bi_set(int argc, char **argv)
{
	int i = 1;

	if (argc == 1) {
		var_print(0);
		return 0;
	}
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || a[1] == '\0')
			break;
		int on = a[0] == '-';
		if (strcmp(a + 1, "o") == 0) {
			sh_error("set: -o is not supported; use the letters");
			return 2;
		}
		for (const char *c = a + 1; *c; c++) {
			switch (*c) {
			case 'e': sh.opt_e = on; break;
			case 'f': sh.opt_f = on; break;
			case 'n': sh.opt_n = on && !sh.interactive; break;
			case 'u': sh.opt_u = on; break;
			case 'v': sh.opt_v = on; break;
			case 'x': sh.opt_x = on; break;
			default:
				sh_error("set: -%c: bad option", *c);
				return 2;
			}
		}
	}
	if (i < argc || (i > 1 && strcmp(argv[i - 1], "--") == 0)) {
		/* New positional parameters (kept for the life of the shell). */
		int n = argc - i;
		char **v = xmalloc((size_t)(n + 1) * sizeof(*v));
		for (int k = 0; k < n; k++)
			v[k] = xstrdup(argv[i + k]);
		v[n] = NULL;
		sh.argv = v;
		sh.argc = n;
	}
	return 0;
}

static int bi_shift(int argc, char **argv)
{
	long n = 1;

	if (argc > 1 && number_arg("shift", argv[1], &n) < 0)
		return 2;
	if (n < 0 || n > sh.argc) {
		sh_error("shift: can't shift that many");
		return 1;
	}
	sh.argv += n;
	sh.argc -= (int)n;
	return 0;
}

static int bi_dot(int argc, char **argv)
{
	if (argc < 2) {
		sh_error(".: filename argument required");
		return 2;
	}
	char *path = strchr(argv[1], '/') ? xstrdup(argv[1]) : path_search(argv[1]);
	if (path == NULL) {
		sh_error(".: %s: not found", argv[1]);
		if (!sh.interactive)
			sh_exit(127);
		return 127;
	}
	sh.dot_depth++;
	int st = exec_file(path, 1);
	sh.dot_depth--;
	if (sh.returning) {
		sh.returning = 0;
		st = sh.status;
	}
	free(path);
	return st;
}

static int bi_eval(int argc, char **argv)
{
	size_t len = 0;

	for (int i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *text = xmalloc(len + 1);
	text[0] = '\0';
	for (int i = 1; i < argc; i++) {
		strcat(text, argv[i]);
		if (i + 1 < argc)
			strcat(text, " ");
	}
	int st = exec_text(text, strlen(text), NULL);
	free(text);
	return st;
}

static int loop_control(int argc, char **argv, int *counter)
{
	long n = 1;

	if (argc > 1 && (number_arg(argv[0], argv[1], &n) < 0 || n < 1)) {
		if (n < 1)
			sh_error("%s: %s: loop count out of range", argv[0], argv[1]);
		return 1;
	}
	if (sh.loop_depth == 0)
		return 0;	/* outside a loop: nothing to leave (as dash) */
	*counter = n > sh.loop_depth ? sh.loop_depth : (int)n;
	return 0;
}

static int bi_break(int argc, char **argv)
{
	return loop_control(argc, argv, &sh.breaks);
}

static int bi_continue(int argc, char **argv)
{
	return loop_control(argc, argv, &sh.continues);
}

static int bi_return(int argc, char **argv)
{
	long v = sh.status;

	if (argc > 1 && number_arg("return", argv[1], &v) < 0)
		v = 2;
	if (sh.func_depth == 0 && sh.dot_depth == 0) {
		sh_error("return: not in a function or a . script");
		return 1;
	}
	sh.returning = 1;
	sh.status = (int)(v & 0xff);
	return sh.status;
}

static int bi_wait(int argc, char **argv)
{
	int st = 0;

	if (argc == 1)
		return jobs_wait_bg(0);
	for (int i = 1; i < argc; i++) {
		long pid;
		if (number_arg("wait", argv[i], &pid) < 0 || pid <= 0)
			return 2;
		st = jobs_wait_bg((pid_t)pid);
	}
	return st;
}

static int bi_jobs(int argc, char **argv)
{
	(void)argc, (void)argv;
	jobs_list();
	return 0;
}

/* read [-r] name...: one line from stdin, a byte at a time so that what
 * follows the line stays for the next reader. */
static int bi_read(int argc, char **argv)
{
	int raw = 0, i = 1;
	size_t n = 0, cap = 128;
	char *line = xmalloc(cap);
	unsigned char *quoted = xmalloc(cap);
	int got_nl = 0;

	if (i < argc && strcmp(argv[i], "-r") == 0)
		raw = 1, i++;
	if (i >= argc) {
		sh_error("read: variable name required");
		free(line);
		free(quoted);
		return 2;
	}
	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);
		if (r < 0 && errno == EINTR && !sh_got_sigint)
			continue;
		if (r <= 0)
			break;
		if (!raw && c == '\\') {
			r = read(0, &c, 1);
			if (r <= 0)
				break;
			if (c == '\n')
				continue;
			if (n + 2 >= cap) {
				cap *= 2;
				line = xrealloc(line, cap);
				quoted = xrealloc(quoted, cap);
			}
			quoted[n] = 1;
			line[n++] = c;
			continue;
		}
		if (c == '\n') {
			got_nl = 1;
			break;
		}
		if (n + 2 >= cap) {
			cap *= 2;
			line = xrealloc(line, cap);
			quoted = xrealloc(quoted, cap);
		}
		quoted[n] = 0;
		line[n++] = c;
	}
	line[n] = '\0';
	/* Split on IFS: each name but the last takes one field. */
	const char *ifs = var_get("IFS");
	if (ifs == NULL)
		ifs = " \t\n";
	size_t p = 0;
	for (; i < argc; i++) {
		while (p < n && !quoted[p] && strchr(ifs, line[p]) && strchr(" \t\n", line[p]))
			p++;
		size_t start = p;
		if (i == argc - 1) {
			size_t end = n;
			while (end > start && !quoted[end - 1] && strchr(ifs, line[end - 1]) &&
			       strchr(" \t\n", line[end - 1]))
				end--;
			char *v = xstrndup(line + start, end - start);
			var_set(argv[i], v, 0);
			free(v);
			break;
		}
		while (p < n && (quoted[p] || !strchr(ifs, line[p])))
			p++;
		char *v = xstrndup(line + start, p - start);
		var_set(argv[i], v, 0);
		free(v);
		if (p < n && !strchr(" \t\n", line[p]))
			p++;	/* one non-blank separator */
	}
	for (i++; i < argc; i++)
		var_set(argv[i], "", 0);
	free(line);
	free(quoted);
	return got_nl || n > 0 ? 0 : 1;
}

static int bi_umask(int argc, char **argv)
{
	if (argc == 1) {
		mode_t m = umask(0);
		umask(m);
		printf("%04o\n", (unsigned)m);
		return 0;
	}
	char *end;
	long v = strtol(argv[1], &end, 8);
	if (*end != '\0' || v < 0 || v > 0777) {
		sh_error("umask: %s: bad mask (an octal number is needed)", argv[1]);
		return 1;
	}
	umask((mode_t)v);
	return 0;
}

/* command -v name: how a name would be run. */
static int bi_command(int argc, char **argv)
{
	int special;

	if (argc != 3 || strcmp(argv[1], "-v") != 0) {
		sh_error("command: only `command -v NAME' is supported");
		return 2;
	}
	if (func_find(argv[2]) || builtin_find(argv[2], &special)) {
		printf("%s\n", argv[2]);
		return 0;
	}
	char *p = strchr(argv[2], '/') ? (access(argv[2], X_OK) == 0 ? xstrdup(argv[2]) : NULL)
				       : path_search(argv[2]);
	if (p == NULL)
		return 1;
	printf("%s\n", p);
	free(p);
	return 0;
}

static const struct {
	const char	*name;
	builtin_fn	fn;
	int		special;
} builtins[] = {
	{ ":", bi_colon, 1 }, { ".", bi_dot, 1 }, { "break", bi_break, 1 },
	{ "continue", bi_continue, 1 }, { "eval", bi_eval, 1 }, { "exit", bi_exit, 1 },
	{ "export", bi_export, 1 }, { "readonly", bi_export, 1 }, { "return", bi_return, 1 },
	{ "set", bi_set, 1 }, { "shift", bi_shift, 1 }, { "unset", bi_unset, 1 },
	{ "cd", bi_cd, 0 }, { "pwd", bi_pwd, 0 }, { "wait", bi_wait, 0 },
	{ "read", bi_read, 0 }, { "umask", bi_umask, 0 }, { "jobs", bi_jobs, 0 },
	{ "true", bi_colon, 0 }, { "false", bi_false, 0 }, { "command", bi_command, 0 },
};

builtin_fn builtin_find(const char *name, int *special)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (strcmp(builtins[i].name, name) == 0) {
			*special = builtins[i].special;
			return builtins[i].fn;
		}
	}
	return NULL;
}
