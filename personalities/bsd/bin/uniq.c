// SPDX-License-Identifier: BSD-2-Clause
// uniq [-c|-d|-u] [-i] [INPUT [OUTPUT]]: adjacent equal lines once.
// -c prefixes each with its count ("%4d "), -d prints only repeated
// lines, -u only unrepeated ones, -i compares ignoring case.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <unistd.h>
#include "util.h"

static int cflag, dflag, uflag, iflag;

static void emit(const char *line, size_t len, long count)
{
	if ((dflag && count < 2) || (uflag && count > 1))
		return;
	if (cflag)
		printf("%4ld ", count);
	fwrite(line, 1, len, stdout);
	putchar('\n');
}

static int same(const char *a, size_t al, const char *b, size_t bl)
{
	if (al != bl)
		return 0;
	if (iflag) {
		for (size_t i = 0; i < al; i++)
			if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
				return 0;
		return 1;
	}
	return memcmp(a, b, al) == 0;
}

int main(int argc, char **argv)
{
	int c;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "cdui")) != -1) {
		if (c == 'c') cflag = 1;
		else if (c == 'd') dflag = 1;
		else if (c == 'u') uflag = 1;
		else if (c == 'i') iflag = 1;
		else ul_usage(1, "[-c | -d | -u] [-i] [input [output]]");
	}
	if (argc - ul_optind > 2 || (cflag && (dflag || uflag)))
		ul_usage(1, "[-c | -d | -u] [-i] [input [output]]");
	int fd = 0;
	if (ul_optind < argc && (fd = ul_open_in(argv[ul_optind])) < 0)
		return 1;
	if (ul_optind + 1 < argc) {
		int out = open(argv[ul_optind + 1], O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (out < 0)
			ul_err(1, "%s", argv[ul_optind + 1]);
		fflush(stdout);
		dup2(out, 1);
		close(out);
	}
	struct ul_in in;
	char *line = NULL, *prev = NULL;
	size_t cap = 0, pcap = 0, len, plen = 0;
	int nl, r, have = 0;
	long count = 0;
	ul_in_init(&in, fd);
	while ((r = ul_getline(&in, &line, &cap, &len, &nl)) > 0) {
		if (have && same(line, len, prev, plen)) {
			count++;
			continue;
		}
		if (have)
			emit(prev, plen, count);
		if (len + 1 > pcap) {
			pcap = len + 1;
			prev = ul_realloc(prev, pcap);
		}
		memcpy(prev, line, len + 1);
		plen = len;
		count = 1;
		have = 1;
	}
	if (have)
		emit(prev, plen, count);
	if (r < 0)
		ul_err(1, "%s", ul_optind < argc ? argv[ul_optind] : "stdin");
	free(line);
	free(prev);
	return ul_finish(0);
}
