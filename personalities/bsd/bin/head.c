// SPDX-License-Identifier: BSD-2-Clause
// head [-n COUNT | -c BYTES | -COUNT] [FILE...]: the first lines (10 by
// default) or bytes of each file; "==> name <==" before each of several.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "util.h"

static int head_lines(int fd, const char *name, long long n)
{
	struct ul_in in;
	char *line = NULL;
	size_t cap = 0, len;
	int nl, r = 0;

	ul_in_init(&in, fd);
	for (long long i = 0; i < n && (r = ul_getline(&in, &line, &cap, &len, &nl)) > 0; i++) {
		fwrite(line, 1, len, stdout);
		if (nl)
			putchar('\n');
	}
	free(line);
	if (r < 0) {
		ul_warn("%s", name);
		return 1;
	}
	return 0;
}

static int head_bytes(int fd, const char *name, long long n)
{
	char buf[4096];

	while (n > 0) {
		ssize_t r = read(fd, buf, n < (long long)sizeof(buf) ? (size_t)n : sizeof(buf));
		if (r < 0) {
			ul_warn("%s", name);
			return 1;
		}
		if (r == 0)
			break;
		fwrite(buf, 1, (size_t)r, stdout);
		n -= r;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, bytes = 0, st = 0;
	long long n = 10;
	const char *usage = "[-n lines | -c bytes] [file ...]";

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "#n:c:")) != -1) {
		if (c == 'n' || c == 'c' || c == '#') {
			if (ul_number(ul_optarg, 0, 1LL << 62, &n) < 0)
				ul_errx(1, "illegal %s count -- %s", c == 'c' ? "byte" : "line", ul_optarg);
			bytes = c == 'c';
		} else {
			ul_usage(1, usage);
		}
	}
	int nfiles = argc - ul_optind;
	char *stdin_only[] = { "-", NULL };
	char **files = nfiles > 0 ? argv + ul_optind : stdin_only;
	for (int i = 0; files[i]; i++) {
		int fd = ul_open_in(files[i]);
		if (fd < 0) {
			st = 1;
			continue;
		}
		if (nfiles > 1)
			printf("%s==> %s <==\n", i > 0 ? "\n" : "", files[i]);
		fflush(stdout);
		st |= bytes ? head_bytes(fd, files[i], n) : head_lines(fd, files[i], n);
		if (fd != 0)
			close(fd);
	}
	return ul_finish(st);
}
