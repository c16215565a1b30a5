// SPDX-License-Identifier: BSD-2-Clause
// tail [-f] [-n [+]COUNT | -c [+]BYTES | -COUNT] [FILE...]: the last
// lines (10 by default) or bytes of each file, or from line/byte COUNT on
// with "+COUNT".  -f keeps reading the end of a file as it grows.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

struct buf {
	char	*data;
	size_t	len, cap;
};

static int slurp(int fd, struct buf *b)
{
	for (;;) {
		if (b->len + 4096 > b->cap) {
			b->cap = (b->cap + 4096) * 2;
			b->data = ul_realloc(b->data, b->cap);
		}
		ssize_t r = read(fd, b->data + b->len, b->cap - b->len);
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		b->len += (size_t)r;
	}
}

static int tail_fd(int fd, const char *name, long long n, int bytes, int from_start)
{
	struct buf b = { 0 };
	size_t start;

	if (slurp(fd, &b) < 0) {
		ul_warn("%s", name);
		free(b.data);
		return 1;
	}
	if (bytes) {
		if (from_start)
			start = n > 0 && (size_t)(n - 1) < b.len ? (size_t)(n - 1) : n > 0 ? b.len : 0;
		else
			start = (size_t)n < b.len ? b.len - (size_t)n : 0;
	} else if (from_start) {
		long long line = 1;
		for (start = 0; start < b.len && line < n; start++)
			if (b.data[start] == '\n')
				line++;
	} else {
		/* Back from the end over n newlines (a last line without one counts). */
		start = b.len;
		long long seen = 0;
		if (start > 0 && b.data[start - 1] == '\n')
			start--;
		while (start > 0) {
			if (b.data[start - 1] == '\n' && ++seen == n)
				break;
			start--;
		}
		if (n == 0)
			start = b.len;
	}
	fwrite(b.data + start, 1, b.len - start, stdout);
	free(b.data);
	return 0;
}

static void follow(int fd)
{
	char buf[4096];

	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r > 0) {
			fwrite(buf, 1, (size_t)r, stdout);
			fflush(stdout);
		} else if (r == 0) {
			sleep(1);
		} else {
			ul_err(1, "read");
		}
	}
}

int main(int argc, char **argv)
{
	int c, bytes = 0, from_start = 0, st = 0, f = 0;
	long long n = 10;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "#fn:c:")) != -1) {
		if (c == 'f') {
			f = 1;
		} else if (c == 'n' || c == 'c' || c == '#') {
			const char *s = ul_optarg;
			from_start = s[0] == '+';
			if (s[0] == '+' || s[0] == '-')
				s++;
			if (ul_number(s, 0, 1LL << 62, &n) < 0)
				ul_errx(1, "illegal offset -- %s", ul_optarg);
			bytes = c == 'c';
		} else {
			ul_usage(1, "[-f] [-n [+]lines | -c [+]bytes] [file ...]");
		}
	}
	int nfiles = argc - ul_optind;
	char *stdin_only[] = { "-", NULL };
	char **files = nfiles > 0 ? argv + ul_optind : stdin_only;
	int last_fd = -1;
	for (int i = 0; files[i]; i++) {
		int fd = ul_open_in(files[i]);
		if (fd < 0) {
			st = 1;
			continue;
		}
		if (nfiles > 1)
			printf("%s==> %s <==\n", i > 0 ? "\n" : "", files[i]);
		st |= tail_fd(fd, files[i], n, bytes, from_start);
		if (f && files[i + 1] == NULL) {
			last_fd = fd;
			break;
		}
		if (fd != 0)
			close(fd);
	}
	if (f && last_fd >= 0 && last_fd != 0) {
		fflush(stdout);
		follow(last_fd);
	}
	return ul_finish(st);
}
