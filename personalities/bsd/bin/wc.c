// SPDX-License-Identifier: BSD-2-Clause
// wc [-clmw] [FILE...]: lines, words and bytes of each file and, for
// several, a total.  BSD's layout: each count right-aligned in 8 columns
// (" %7ju"), then the name.  -m counts bytes too (no multibyte locale).
#include <ctype.h>
#include <stdio.h>
#include <unistd.h>
#include "util.h"

struct counts {
	unsigned long long lines, words, bytes;
};

static int count_fd(int fd, const char *name, struct counts *c)
{
	char buf[8192];
	int inword = 0;

	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0) {
			ul_warn("%s", name);
			return 1;
		}
		if (r == 0)
			return 0;
		c->bytes += (unsigned long long)r;
		for (ssize_t i = 0; i < r; i++) {
			unsigned char ch = (unsigned char)buf[i];
			if (ch == '\n')
				c->lines++;
			if (isspace(ch)) {
				inword = 0;
			} else if (!inword) {
				inword = 1;
				c->words++;
			}
		}
	}
}

static int show_l, show_w, show_c;

static void print(const struct counts *c, const char *name)
{
	if (show_l)
		printf(" %7llu", c->lines);
	if (show_w)
		printf(" %7llu", c->words);
	if (show_c)
		printf(" %7llu", c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

int main(int argc, char **argv)
{
	int ch, st = 0;
	struct counts total = { 0 };

	ul_init(argc, argv);
	while ((ch = ul_getopt(argc, argv, "clmw")) != -1) {
		if (ch == 'l') show_l = 1;
		else if (ch == 'w') show_w = 1;
		else if (ch == 'c' || ch == 'm') show_c = 1;
		else ul_usage(1, "[-clmw] [file ...]");
	}
	if (!show_l && !show_w && !show_c)
		show_l = show_w = show_c = 1;
	int nfiles = argc - ul_optind;
	if (nfiles == 0) {
		struct counts c = { 0 };
		st = count_fd(0, "stdin", &c);
		print(&c, NULL);
		return ul_finish(st);
	}
	for (int i = ul_optind; i < argc; i++) {
		struct counts c = { 0 };
		int fd = ul_open_in(argv[i]);
		if (fd < 0) {
			st = 1;
			continue;
		}
		st |= count_fd(fd, argv[i], &c);
		if (fd != 0)
			close(fd);
		print(&c, argv[i]);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (nfiles > 1)
		print(&total, "total");
	return ul_finish(st);
}
