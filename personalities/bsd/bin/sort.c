// SPDX-License-Identifier: BSD-2-Clause
// sort [-bfnru] [-t CHAR] [-k FIELD[,FIELD]] [-o FILE] [FILE...]: sort
// lines.  -n numeric, -f folds case, -b skips leading blanks of keys, -r
// reverses, -u keeps the first of equal lines, -t splits fields at CHAR
// (default: blank-to-nonblank transitions), -k sorts by fields (1-based,
// whole fields).  Lines equal by key are ordered bytewise, as POSIX says
// (without -u); the sort is a stable merge sort.
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

struct line {
	char	*s;
	size_t	len;
};

static int bflag, fflag, nflag, rflag, uflag;
static int tchar = -1;
static long kstart, kend;	/* 0: the whole line */

/* The key of a line: [*b, *e). */
static void key(const struct line *l, const char **b, const char **e)
{
	const char *s = l->s, *end = l->s + l->len;

	if (kstart == 0) {
		*b = s, *e = end;
	} else {
		const char *p = s;
		/* Start of field kstart. */
		for (long f = 1; f < kstart && p < end; f++) {
			if (tchar >= 0) {
				while (p < end && *p != tchar)
					p++;
				if (p < end)
					p++;
			} else {
				while (p < end && isblank((unsigned char)*p))
					p++;
				while (p < end && !isblank((unsigned char)*p))
					p++;
			}
		}
		*b = p;
		if (kend == 0) {
			*e = end;
		} else {
			for (long f = kstart; f <= kend && p < end; f++) {
				if (tchar >= 0) {
					if (f > kstart && p < end)
						p++;
					while (p < end && *p != tchar)
						p++;
				} else {
					while (p < end && isblank((unsigned char)*p))
						p++;
					while (p < end && !isblank((unsigned char)*p))
						p++;
				}
			}
			*e = p;
		}
	}
	if (bflag || nflag)
		while (*b < *e && isblank((unsigned char)**b))
			(*b)++;
}

static double number(const char *b, const char *e)
{
	char buf[64];
	size_t n = (size_t)(e - b) < sizeof(buf) - 1 ? (size_t)(e - b) : sizeof(buf) - 1;

	memcpy(buf, b, n);
	buf[n] = '\0';
	return strtod(buf, NULL);
}

static int compare_keys(const struct line *x, const struct line *y)
{
	const char *xb, *xe, *yb, *ye;

	key(x, &xb, &xe);
	key(y, &yb, &ye);
	if (nflag) {
		double a = number(xb, xe), b = number(yb, ye);
		return a < b ? -1 : a > b;
	}
	while (xb < xe && yb < ye) {
		int a = (unsigned char)*xb++, b = (unsigned char)*yb++;
		if (fflag)
			a = toupper(a), b = toupper(b);
		if (a != b)
			return a - b;
	}
	return (xb < xe) - (yb < ye);
}

static int compare(const struct line *x, const struct line *y)
{
	int r = compare_keys(x, y);

	if (r == 0 && !uflag) {
		size_t n = x->len < y->len ? x->len : y->len;
		r = memcmp(x->s, y->s, n);
		if (r == 0)
			r = (x->len > y->len) - (x->len < y->len);
	}
	return rflag ? -r : r;
}

static void merge_sort(struct line *a, struct line *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	merge_sort(a, tmp, h);
	merge_sort(a + h, tmp, n - h);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = compare(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof(*a));
}

static int read_lines(int fd, const char *name, struct line **v, size_t *n, size_t *cap)
{
	struct ul_in in;
	char *line = NULL;
	size_t lcap = 0, len;
	int nl, r;

	ul_in_init(&in, fd);
	while ((r = ul_getline(&in, &line, &lcap, &len, &nl)) > 0) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*v = ul_realloc(*v, *cap * sizeof(**v));
		}
		(*v)[*n].s = ul_alloc(len + 1);
		memcpy((*v)[*n].s, line, len + 1);
		(*v)[(*n)++].len = len;
	}
	free(line);
	if (r < 0) {
		ul_warn("%s", name);
		return 1;
	}
	return 0;
}

static int parse_key(const char *s)
{
	char *end;

	kstart = strtol(s, &end, 10);
	if (kstart < 1)
		return -1;
	if (*end == '.' || (*end && strchr("bfnr", *end)))
		return -1;	/* character offsets and per-key flags: not supported */
	if (*end == ',') {
		kend = strtol(end + 1, &end, 10);
		if (kend < kstart)
			return -1;
	}
	return *end == '\0' ? 0 : -1;
}

int main(int argc, char **argv)
{
	int c, st = 0;
	const char *out = NULL;
	const char *usage = "[-bfnru] [-t char] [-k field[,field]] [-o output] [file ...]";

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "bfnruk:o:t:")) != -1) {
		switch (c) {
		case 'b': bflag = 1; break;
		case 'f': fflag = 1; break;
		case 'n': nflag = 1; break;
		case 'r': rflag = 1; break;
		case 'u': uflag = 1; break;
		case 'k':
			if (parse_key(ul_optarg) < 0)
				ul_errx(2, "invalid key: %s", ul_optarg);
			break;
		case 'o': out = ul_optarg; break;
		case 't':
			if (strlen(ul_optarg) != 1)
				ul_errx(2, "invalid field separator: %s", ul_optarg);
			tchar = (unsigned char)ul_optarg[0];
			break;
		default: ul_usage(2, usage);
		}
	}
	struct line *v = NULL;
	size_t n = 0, cap = 0;
	if (ul_optind >= argc) {
		st |= read_lines(0, "stdin", &v, &n, &cap);
	} else {
		for (int i = ul_optind; i < argc; i++) {
			int fd = ul_open_in(argv[i]);
			if (fd < 0)
				return 2;
			st |= read_lines(fd, argv[i], &v, &n, &cap);
			if (fd != 0)
				close(fd);
		}
	}
	if (st)
		return 2;
	struct line *tmp = ul_alloc((n ? n : 1) * sizeof(*tmp));
	merge_sort(v, tmp, n);
	free(tmp);
	if (out != NULL) {
		/* Opened only now: "-o FILE" may name an input. */
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd < 0)
			ul_err(2, "%s", out);
		dup2(fd, 1);
		close(fd);
	}
	for (size_t i = 0; i < n; i++) {
		if (uflag && i > 0 && compare_keys(&v[i], &v[i - 1]) == 0)
			continue;
		fwrite(v[i].s, 1, v[i].len, stdout);
		putchar('\n');
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].s);
	free(v);
	return ul_finish(0) ? 2 : 0;
}
