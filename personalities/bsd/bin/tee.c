// SPDX-License-Identifier: BSD-2-Clause
// tee [-ai] [FILE...]: copy stdin to stdout and to each file (-a appends,
// -i ignores SIGINT).  A file that cannot be written is reported and
// dropped; the copy goes on.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include "util.h"

int main(int argc, char **argv)
{
	int c, flags = O_WRONLY | O_CREAT | O_TRUNC, st = 0;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "ai")) != -1) {
		if (c == 'a')
			flags = O_WRONLY | O_CREAT | O_APPEND;
		else if (c == 'i')
			signal(SIGINT, SIG_IGN);
		else
			ul_usage(1, "[-ai] [file ...]");
	}
	int n = argc - ul_optind + 1;
	int *fds = ul_alloc((size_t)n * sizeof(*fds));
	const char **names = ul_alloc((size_t)n * sizeof(*names));
	fds[0] = 1;
	names[0] = "stdout";
	for (int i = 1; i < n; i++) {
		names[i] = argv[ul_optind + i - 1];
		fds[i] = open(names[i], flags, 0666);
		if (fds[i] < 0) {
			ul_warn("%s", names[i]);
			st = 1;
		}
	}
	char buf[8192];
	for (;;) {
		ssize_t r = read(0, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ul_warn("stdin");
			st = 1;
			break;
		}
		if (r == 0)
			break;
		for (int i = 0; i < n; i++) {
			if (fds[i] >= 0 && ul_write_all(fds[i], buf, (size_t)r) < 0) {
				ul_warn("%s", names[i]);
				fds[i] = -1;
				st = 1;
			}
		}
	}
	for (int i = 1; i < n; i++)
		if (fds[i] >= 0 && close(fds[i]) < 0) {
			ul_warn("%s", names[i]);
			st = 1;
		}
	free(fds);
	free(names);
	return st;
}
