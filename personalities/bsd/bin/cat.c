// SPDX-License-Identifier: BSD-2-Clause
// cat [-nu] [FILE...]: the files (or stdin; "-" is stdin) one after
// another on stdout.  -n numbers the lines; -u is accepted (we never buffer).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "util.h"

static int number_lines(int fd, const char *name, long *lineno)
{
	struct ul_in in;
	char *line = NULL;
	size_t cap = 0, len;
	int nl, r;

	ul_in_init(&in, fd);
	while ((r = ul_getline(&in, &line, &cap, &len, &nl)) > 0) {
		printf("%6ld\t", ++*lineno);
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

int main(int argc, char **argv)
{
	int c, number = 0, st = 0;
	long lineno = 0;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "nu")) != -1) {
		if (c == 'n')
			number = 1;
		else if (c != 'u')
			ul_usage(1, "[-nu] [file ...]");
	}
	char *stdin_only[] = { "-", NULL };
	char **files = ul_optind < argc ? argv + ul_optind : stdin_only;
	for (; *files; files++) {
		int fd = ul_open_in(*files);
		if (fd < 0) {
			st = 1;
			continue;
		}
		if (number) {
			st |= number_lines(fd, *files, &lineno);
		} else {
			int which;
			fflush(stdout);
			if (ul_copy_fd(fd, 1, &which) < 0) {
				ul_warn("%s", which ? "stdout" : *files);
				st = 1;
			}
		}
		if (fd != 0)
			close(fd);
	}
	return ul_finish(st);
}
