// SPDX-License-Identifier: BSD-2-Clause
// test EXPRESSION, [ EXPRESSION ]: POSIX test.  Files: -b -c -d -e -f -g
// -h -L -p -r -s -S -u -w -x, -nt -ot -ef; strings: -n -z = != < >;
// integers: -eq -ne -lt -le -gt -ge; ! ( ) -a -o.  With one to four
// arguments POSIX's rules by count decide; longer expressions parse with
// -a binding tighter than -o.  Status: 0 true, 1 false, 2 an error.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

static char **av;
static int ac, pos;

static void syntax(const char *what, const char *arg) __attribute__((noreturn));
static void syntax(const char *what, const char *arg)
{
	if (arg)
		ul_errx(2, "%s: %s", arg, what);
	ul_errx(2, "%s", what);
}

static long long integer(const char *s)
{
	char *end;
	const char *p = s;

	while (*p == ' ' || *p == '\t')
		p++;
	errno = 0;
	long long v = strtoll(p, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*p == '\0' || *end != '\0' || errno)
		syntax("integer expression expected", s);
	return v;
}

static int unary_op(const char *op)
{
	return op[0] == '-' && op[1] && !op[2] && strchr("bcdefghLnprsSuwxz", op[1]);
}

static int binary_op(const char *op)
{
	static const char *ops[] = { "=", "!=", "<", ">", "-eq", "-ne", "-lt", "-le",
				     "-gt", "-ge", "-nt", "-ot", "-ef", NULL };
	for (int i = 0; ops[i]; i++)
		if (strcmp(op, ops[i]) == 0)
			return 1;
	return 0;
}

static int unary(const char *op, const char *a)
{
	struct stat sb;
	char c = op[1];

	if (c == 'n')
		return a[0] != '\0';
	if (c == 'z')
		return a[0] == '\0';
	if (c == 'h' || c == 'L')
		return lstat(a, &sb) == 0 && S_ISLNK(sb.st_mode);
	if (c == 'r' || c == 'w' || c == 'x')
		return access(a, c == 'r' ? R_OK : c == 'w' ? W_OK : X_OK) == 0;
	if (stat(a, &sb) < 0)
		return 0;
	switch (c) {
	case 'b': return S_ISBLK(sb.st_mode);
	case 'c': return S_ISCHR(sb.st_mode);
	case 'd': return S_ISDIR(sb.st_mode);
	case 'e': return 1;
	case 'f': return S_ISREG(sb.st_mode);
	case 'g': return (sb.st_mode & S_ISGID) != 0;
	case 'p': return S_ISFIFO(sb.st_mode);
	case 's': return sb.st_size > 0;
	case 'S': return S_ISSOCK(sb.st_mode);
	case 'u': return (sb.st_mode & S_ISUID) != 0;
	}
	return 0;
}

static int newer(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return a->st_mtim.tv_sec > b->st_mtim.tv_sec;
	return a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

static int binary(const char *a, const char *op, const char *b)
{
	if (!strcmp(op, "=")) return strcmp(a, b) == 0;
	if (!strcmp(op, "!=")) return strcmp(a, b) != 0;
	if (!strcmp(op, "<")) return strcmp(a, b) < 0;
	if (!strcmp(op, ">")) return strcmp(a, b) > 0;
	if (op[1] == 'n' || op[1] == 'o' || (op[1] == 'e' && op[2] == 'f')) {
		struct stat sa, sb;
		int ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;
		if (!strcmp(op, "-ef"))
			return ha && hb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
		if (!strcmp(op, "-nt"))
			return ha && (!hb || newer(&sa, &sb));
		if (!strcmp(op, "-ot"))
			return hb && (!ha || newer(&sb, &sa));
	}
	long long x = integer(a), y = integer(b);
	if (!strcmp(op, "-eq")) return x == y;
	if (!strcmp(op, "-ne")) return x != y;
	if (!strcmp(op, "-lt")) return x < y;
	if (!strcmp(op, "-le")) return x <= y;
	if (!strcmp(op, "-gt")) return x > y;
	return x >= y;	/* -ge */
}

static int expr(void);

static int primary(void)
{
	if (pos >= ac)
		syntax("argument expected", NULL);
	const char *a = av[pos];
	if (pos + 2 < ac && binary_op(av[pos + 1])) {
		pos += 3;
		return binary(a, av[pos - 2], av[pos - 1]);
	}
	if (!strcmp(a, "!")) {
		pos++;
		return !primary();
	}
	if (!strcmp(a, "(") && pos + 1 < ac) {
		pos++;
		int v = expr();
		if (pos >= ac || strcmp(av[pos], ")") != 0)
			syntax("closing paren expected", NULL);
		pos++;
		return v;
	}
	if (unary_op(a) && pos + 1 < ac) {
		pos += 2;
		return unary(a, av[pos - 1]);
	}
	pos++;
	return a[0] != '\0';
}

static int and_expr(void)
{
	int v = primary();

	while (pos < ac && !strcmp(av[pos], "-a")) {
		pos++;
		int w = primary();
		v = v && w;
	}
	return v;
}

static int expr(void)
{
	int v = and_expr();

	while (pos < ac && !strcmp(av[pos], "-o")) {
		pos++;
		int w = and_expr();
		v = v || w;
	}
	return v;
}

/* POSIX's rules for up to four arguments. */
static int by_count(int n, char **a)
{
	switch (n) {
	case 0:
		return 0;
	case 1:
		return a[0][0] != '\0';
	case 2:
		if (!strcmp(a[0], "!"))
			return a[1][0] == '\0';
		if (unary_op(a[0]))
			return unary(a[0], a[1]);
		syntax("unary operator expected", a[0]);
	case 3:
		if (binary_op(a[1]))
			return binary(a[0], a[1], a[2]);
		if (!strcmp(a[0], "!"))
			return !by_count(2, a + 1);
		if (!strcmp(a[0], "(") && !strcmp(a[2], ")"))
			return a[1][0] != '\0';
		break;
	case 4:
		if (!strcmp(a[0], "!"))
			return !by_count(3, a + 1);
		if (!strcmp(a[0], "(") && !strcmp(a[3], ")"))
			return by_count(2, a + 1);
		break;
	}
	av = a;
	ac = n;
	pos = 0;
	int v = expr();
	if (pos < ac)
		syntax("unexpected operator", av[pos]);
	return v;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (strcmp(ul_progname, "[") == 0) {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0)
			ul_errx(2, "missing ]");
		argc--;
	}
	return !by_count(argc - 1, argv + 1);
}
