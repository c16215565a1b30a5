// SPDX-License-Identifier: BSD-2-Clause
// grep [-EFchilnqsvx] [-e PATTERN]... [PATTERN] [FILE...]: lines that
// match.  Basic regular expressions by default, extended with -E, fixed
// strings with -F (libutil/bre.c).  -c counts, -l names matching files,
// -n numbers lines, -h/-H leave out or force names, -i ignores case, -v
// inverts, -x matches whole lines, -q is quiet, -s hides file errors.
// Status: 0 a line matched, 1 none, 2 an error (even if a line matched,
// unless -q saw a match).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bre.h"
#include "util.h"

static int cflag, hflag, Hflag, iflag, lflag, nflag, qflag, sflag, vflag, xflag, Fflag, Eflag;
static struct bre **res;
static char **pats;
static int npats;

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int fixed_match(const char *pat, const char *s, size_t n)
{
	size_t pl = strlen(pat);

	if (xflag && pl != n)
		return 0;
	for (size_t i = 0; i + pl <= n; i++) {
		size_t k = 0;
		while (k < pl && (iflag ? lower((unsigned char)s[i + k]) == lower((unsigned char)pat[k])
					: s[i + k] == pat[k]))
			k++;
		if (k == pl)
			return 1;
		if (xflag)
			break;
	}
	return 0;
}

static int matches(const char *s, size_t n)
{
	for (int i = 0; i < npats; i++) {
		if (Fflag) {
			if (fixed_match(pats[i], s, n))
				return 1;
			continue;
		}
		size_t so, eo;
		if (bre_match(res[i], s, n, &so, &eo))
			return 1;
	}
	return 0;
}

/* Returns 0 if a line was selected, 1 if none, 2 on a read error. */
static int grep_fd(int fd, const char *name, int show_name)
{
	struct ul_in in;
	char *line = NULL;
	size_t cap = 0, len;
	int nl, r;
	long lineno = 0, count = 0;

	ul_in_init(&in, fd);
	while ((r = ul_getline(&in, &line, &cap, &len, &nl)) > 0) {
		lineno++;
		if (matches(line, len) == vflag)
			continue;
		count++;
		if (qflag) {
			free(line);
			return 0;
		}
		if (lflag)
			break;
		if (cflag)
			continue;
		if (show_name)
			printf("%s:", name);
		if (nflag)
			printf("%ld:", lineno);
		fwrite(line, 1, len, stdout);
		putchar('\n');
	}
	free(line);
	if (r < 0) {
		if (!sflag)
			ul_warn("%s", name);
		return 2;
	}
	if (cflag) {
		if (show_name)
			printf("%s:", name);
		printf("%ld\n", count);
	}
	if (lflag && count > 0)
		printf("%s\n", name);
	return count > 0 ? 0 : 1;
}

static void add_pattern(const char *p)
{
	/* A pattern with newlines is several patterns. */
	const char *start = p;
	for (;;) {
		const char *nl = strchr(start, '\n');
		size_t n = nl ? (size_t)(nl - start) : strlen(start);
		pats = ul_realloc(pats, (size_t)(npats + 1) * sizeof(*pats));
		pats[npats] = ul_alloc(n + 1);
		memcpy(pats[npats], start, n);
		pats[npats][n] = '\0';
		npats++;
		if (nl == NULL)
			break;
		start = nl + 1;
	}
}

int main(int argc, char **argv)
{
	int c, st = 1, err = 0;
	const char *usage = "[-EFchilnqsvx] [-e pattern] ... [pattern] [file ...]";

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "EFGce:hHilnqsvx")) != -1) {
		switch (c) {
		case 'E': Eflag = 1; Fflag = 0; break;
		case 'F': Fflag = 1; Eflag = 0; break;
		case 'G': Eflag = Fflag = 0; break;
		case 'c': cflag = 1; break;
		case 'e': add_pattern(ul_optarg); break;
		case 'h': hflag = 1; Hflag = 0; break;
		case 'H': Hflag = 1; hflag = 0; break;
		case 'i': iflag = 1; break;
		case 'l': lflag = 1; break;
		case 'n': nflag = 1; break;
		case 'q': qflag = 1; break;
		case 's': sflag = 1; break;
		case 'v': vflag = 1; break;
		case 'x': xflag = 1; break;
		default: ul_usage(2, usage);
		}
	}
	if (npats == 0) {
		if (ul_optind >= argc)
			ul_usage(2, usage);
		add_pattern(argv[ul_optind++]);
	}
	if (!Fflag) {
		res = ul_alloc((size_t)npats * sizeof(*res));
		for (int i = 0; i < npats; i++) {
			const char *e;
			const char *p = pats[i];
			char *whole = NULL;
			if (xflag) {
				/* -x: the pattern anchored at both ends. */
				size_t n = strlen(p);
				whole = ul_alloc(n + 8);
				snprintf(whole, n + 8, Eflag ? "^(%s)$" : "^\\(%s\\)$", p);
				p = whole;
			}
			res[i] = bre_compile(p, (iflag ? BRE_ICASE : 0) | (Eflag ? BRE_EXTENDED : 0), &e);
			free(whole);
			if (res[i] == NULL)
				ul_errx(2, "%s: %s", pats[i], e);
		}
	}
	int nfiles = argc - ul_optind;
	int show = (nfiles > 1 || Hflag) && !hflag;
	if (nfiles == 0) {
		st = grep_fd(0, "(standard input)", Hflag);
	} else {
		for (int i = ul_optind; i < argc; i++) {
			int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
			if (fd < 0) {
				if (!sflag)
					ul_warn("%s", argv[i]);
				err = 1;
				continue;
			}
			int r = grep_fd(fd, argv[i], show);
			if (fd != 0)
				close(fd);
			if (r == 0)
				st = 0;
			else if (r == 2)
				err = 1;
			if (r == 0 && qflag)
				break;
		}
	}
	if (err && !(qflag && st == 0))
		st = 2;
	return ul_finish(st);
}
