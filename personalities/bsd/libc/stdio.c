// SPDX-License-Identifier: BSD-2-Clause
// picolibc's stdin, stdout and stderr on descriptors 0, 1 and 2.
// stdout is line-buffered (written at each '\n', when full, at exit, and
// before stdin reads), stderr is written at once, stdin reads what one
// read(0, ...) gives (a line from a canonical terminal).
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "libc_private.h"

struct fd_stream {
	FILE	file;		/* first: picolibc hands us the FILE pointer */
	int	fd;
	size_t	len, pos;	/* output: bytes held; input: bytes left from pos */
	char	buf[512];
};

static void stream_drain(struct fd_stream *s)
{
	size_t done = 0;

	while (done < s->len) {
		ssize_t n = write(s->fd, s->buf + done, s->len - done);
		if (n <= 0)
			break;		/* an error: the bytes are lost, as with a full disk */
		done += (size_t)n;
	}
	s->len = 0;
}

static int stream_put(char c, FILE *file)
{
	struct fd_stream *s = (struct fd_stream *)file;

	s->buf[s->len++] = c;
	if (c == '\n' || s->len == sizeof(s->buf) || s->fd == 2)
		stream_drain(s);
	return (unsigned char)c;
}

static int stream_flush(FILE *file)
{
	stream_drain((struct fd_stream *)file);
	return 0;
}

static struct fd_stream out_stream = {
	FDEV_SETUP_STREAM(stream_put, NULL, stream_flush, _FDEV_SETUP_WRITE), 1, 0, 0, {0} };
static struct fd_stream err_stream = {
	FDEV_SETUP_STREAM(stream_put, NULL, stream_flush, _FDEV_SETUP_WRITE), 2, 0, 0, {0} };

static int stream_get(FILE *file)
{
	struct fd_stream *s = (struct fd_stream *)file;

	if (s->pos == s->len) {
		stream_drain(&out_stream);	/* a prompt without '\n' must show */
		ssize_t n = read(s->fd, s->buf, sizeof(s->buf));
		s->pos = s->len = 0;
		if (n <= 0)
			return n == 0 ? _FDEV_EOF : _FDEV_ERR;
		s->len = (size_t)n;
	}
	return (unsigned char)s->buf[s->pos++];
}

static struct fd_stream in_stream = {
	FDEV_SETUP_STREAM(NULL, stream_get, NULL, _FDEV_SETUP_READ), 0, 0, 0, {0} };

FILE *const stdin = &in_stream.file;
FILE *const stdout = &out_stream.file;
FILE *const stderr = &err_stream.file;

void __bsd_stdio_flush_all(void)
{
	stream_drain(&out_stream);
	stream_drain(&err_stream);
}
