// SPDX-License-Identifier: BSD-2-Clause
// od [-bcdovx] [-A d|o|x|n] [-t TYPE]... [-j SKIP] [-N COUNT] [FILE...]:
// POSIX od.  Types: a (named characters), c (characters and escapes),
// d, o, u, x with a size of 1, 2, 4 or 8 (d4, x1, ...; C, S, I, L name
// sizes too).  -b is -t o1, -c -t c, -d -t u2, -o -t o2, -x -t x2; the
// default is -t o2.  Offsets are octal unless -A says otherwise; a line
// equal to the one before prints as '*' unless -v.  Multi-byte values
// are read in the machine's byte order (little-endian here and on RISC-V).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

struct type {
	char	kind;	/* a c d o u x */
	int	size;
};

static struct type types[16];
static int ntypes;
static char abase = 'o';

static int add_type(const char *s)
{
	while (*s) {
		if (ntypes == 16)
			return -1;
		struct type t = { *s++, 1 };
		if (!strchr("acdoux", t.kind))
			return -1;
		if (t.kind != 'a' && t.kind != 'c') {
			t.size = 4;
			if (*s >= '0' && *s <= '9') {
				t.size = (int)strtol(s, (char **)&s, 10);
			} else if (*s == 'C') {
				t.size = 1, s++;
			} else if (*s == 'S') {
				t.size = 2, s++;
			} else if (*s == 'I' || *s == 'L') {
				t.size = *s == 'I' ? 4 : 8, s++;
			}
			if (t.size != 1 && t.size != 2 && t.size != 4 && t.size != 8)
				return -1;
		}
		types[ntypes++] = t;
	}
	return 0;
}

static void offset(unsigned long long off)
{
	switch (abase) {
	case 'd': printf("%07llu", off); break;
	case 'x': printf("%06llx", off); break;
	case 'n': break;
	default: printf("%07llo", off); break;
	}
}

static const char *names[] = {
	"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl", "vt",
	"ff", "cr", "so", "si", "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb",
	"can", "em", "sub", "esc", "fs", "gs", "rs", "us", "sp",
};

static void line(const unsigned char *b, size_t n, const struct type *t)
{
	int width = t->kind == 'a' || t->kind == 'c' ? 4 :
		    t->kind == 'x' ? t->size * 2 + 1 :
		    t->kind == 'o' ? (t->size * 8 + 2) / 3 + 1 :
		    (t->size == 1 ? 4 : t->size == 2 ? 6 : t->size == 4 ? 11 : 20) + 1;
	for (size_t i = 0; i < n; i += (size_t)t->size) {
		unsigned long long v = 0;
		for (int k = t->size - 1; k >= 0; k--)
			v = v << 8 | (i + (size_t)k < n ? b[i + (size_t)k] : 0);
		switch (t->kind) {
		case 'a': {
			int c = b[i] & 0x7f;
			if (c <= 32)
				printf("%*s", width, names[c]);
			else if (c == 127)
				printf("%*s", width, "del");
			else
				printf("%*c", width, c);
			break;
		}
		case 'c': {
			static const char esc[] = "\a\b\f\n\r\t\v";
			static const char *lit[] = { "\\a", "\\b", "\\f", "\\n", "\\r", "\\t", "\\v" };
			const char *e = b[i] ? strchr(esc, b[i]) : NULL;
			if (b[i] == 0)
				printf("%*s", width, "\\0");
			else if (e)
				printf("%*s", width, lit[e - esc]);
			else if (b[i] >= 32 && b[i] < 127)
				printf("%*c", width, b[i]);
			else
				printf(" %03o", b[i]);
			break;
		}
		case 'o': printf(" %0*llo", width - 1, v); break;
		case 'x': printf(" %0*llx", width - 1, v); break;
		case 'u': printf("%*llu", width, v); break;
		case 'd': {
			long long s = (long long)v;
			if (t->size < 8 && (v >> (t->size * 8 - 1)) & 1)
				s = (long long)(v | ~0ULL << (t->size * 8));
			printf("%*lld", width, s);
			break;
		}
		}
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	int c, vflag = 0, st = 0;
	long long skip = 0, count = -1;
	const char *usage = "[-bcdovx] [-A base] [-j skip] [-N count] [-t type] ... [file ...]";

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "A:bcdj:N:ot:vx")) != -1) {
		switch (c) {
		case 'A':
			if (strlen(ul_optarg) != 1 || !strchr("doxn", ul_optarg[0]))
				ul_errx(1, "invalid address base: %s", ul_optarg);
			abase = ul_optarg[0];
			break;
		case 'b': add_type("o1"); break;
		case 'c': add_type("c"); break;
		case 'd': add_type("u2"); break;
		case 'o': add_type("o2"); break;
		case 'x': add_type("x2"); break;
		case 'v': vflag = 1; break;
		case 'j':
			if (ul_number(ul_optarg, 0, 1LL << 62, &skip) < 0)
				ul_errx(1, "invalid skip: %s", ul_optarg);
			break;
		case 'N':
			if (ul_number(ul_optarg, 0, 1LL << 62, &count) < 0)
				ul_errx(1, "invalid count: %s", ul_optarg);
			break;
		case 't':
			if (add_type(ul_optarg) < 0)
				ul_errx(1, "invalid type string: %s", ul_optarg);
			break;
		default: ul_usage(1, usage);
		}
	}
	if (ntypes == 0)
		add_type("o2");
	/* All the files are one stream. */
	char *stdin_only[] = { "-", NULL };
	char **files = ul_optind < argc ? argv + ul_optind : stdin_only;
	unsigned char cur[16], prev[16];
	size_t have = 0;
	unsigned long long off = 0;
	int starred = 0, first = 1, fd = -1;
	char bbuf[4096];
	size_t bpos = 0, blen = 0;
	for (;;) {
		/* Fill one 16-byte line from the stream. */
		while (have < 16 && count != 0) {
			if (fd < 0) {
				if (*files == NULL)
					break;
				fd = ul_open_in(*files++);
				if (fd < 0) {
					st = 1;
					continue;
				}
			}
			ssize_t r = 1;
			if (bpos == blen) {
				r = read(fd, bbuf, sizeof(bbuf));
				bpos = 0;
				blen = r > 0 ? (size_t)r : 0;
			}
			if (r <= 0) {
				if (r < 0) {
					ul_warn("read");
					st = 1;
				}
				if (fd != 0)
					close(fd);
				fd = -1;
				continue;
			}
			unsigned char byte = (unsigned char)bbuf[bpos++];
			if (skip > 0) {
				skip--;
				off++;
				continue;
			}
			cur[have++] = byte;
			if (count > 0)
				count--;
		}
		if (have == 0)
			break;
		if (!vflag && !first && have == 16 && memcmp(cur, prev, 16) == 0) {
			if (!starred)
				printf("*\n");
			starred = 1;
		} else {
			starred = 0;
			for (int i = 0; i < ntypes; i++) {
				if (i == 0)
					offset(off);
				else if (abase != 'n')
					printf("%*s", abase == 'x' ? 6 : 7, "");
				line(cur, have, &types[i]);
			}
		}
		memcpy(prev, cur, 16);
		first = 0;
		off += have;
		if (have < 16) {
			have = 0;
			break;
		}
		have = 0;
	}
	if (abase != 'n') {
		offset(off);
		putchar('\n');
	}
	return ul_finish(st);
}
