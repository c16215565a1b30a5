// SPDX-License-Identifier: BSD-2-Clause
// Input over read(2): a buffered line reader (picolibc has no getline)
// and whole-descriptor copies for cat, tee and cp.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

void ul_in_init(struct ul_in *in, int fd)
{
	in->fd = fd;
	in->pos = in->len = 0;
	in->eof = in->error = 0;
}

int ul_open_in(const char *path)
{
	if (strcmp(path, "-") == 0)
		return 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		ul_warn("%s", path);
	return fd;
}

static int fill(struct ul_in *in)
{
	ssize_t n;

	do
		n = read(in->fd, in->buf, sizeof(in->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		in->error = 1;
		return -1;
	}
	if (n == 0) {
		in->eof = 1;
		return 0;
	}
	in->pos = 0;
	in->len = (size_t)n;
	return 1;
}

int ul_getline(struct ul_in *in, char **line, size_t *cap, size_t *lenp, int *had_nl)
{
	size_t len = 0;

	*had_nl = 0;
	for (;;) {
		if (in->pos == in->len) {
			if (in->eof)
				break;
			int r = fill(in);
			if (r < 0)
				return -1;
			if (r == 0)
				break;
		}
		char *start = in->buf + in->pos;
		char *nl = memchr(start, '\n', in->len - in->pos);
		size_t take = nl != NULL ? (size_t)(nl - start) : in->len - in->pos;
		if (*line == NULL || len + take + 1 > *cap) {
			*cap = (len + take + 1) * 2;
			*line = ul_realloc(*line, *cap);
		}
		memcpy(*line + len, start, take);
		len += take;
		in->pos += take;
		if (nl != NULL) {
			in->pos++;
			*had_nl = 1;
			break;
		}
	}
	if (len == 0 && !*had_nl)
		return 0;
	(*line)[len] = '\0';
	*lenp = len;
	return 1;
}

int ul_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int ul_copy_fd(int from, int to, int *which)
{
	char buf[8192];

	for (;;) {
		ssize_t n = read(from, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*which = 0;
			return -1;
		}
		if (n == 0)
			return 0;
		if (ul_write_all(to, buf, (size_t)n) < 0) {
			*which = 1;
			return -1;
		}
	}
}
