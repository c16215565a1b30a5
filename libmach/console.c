// SPDX-License-Identifier: BSD-2-Clause
// picolibc's stdin, stdout and stderr for tasks without a console server:
// output is line-buffered in one buffer per thread (so stdout and stderr
// keep their order, and threads' lines do not mix) and written with the
// machrv_debug_write trap; input is empty.
#include <stdio.h>
#include <string.h>
#include <mach/mach_traps.h>
#include "libmach_private.h"

static __thread char console_buf[256];
static __thread size_t console_len;

/* Write out the calling thread's partial line. */
void libmach_console_flush(void)
{
	if (console_len > 0)
		(void)machrv_debug_write(console_buf, console_len);
	console_len = 0;
}

static int console_put(char c, FILE *file)
{
	(void)file;
	console_buf[console_len++] = c;
	if (c == '\n' || console_len == sizeof(console_buf))
		libmach_console_flush();
	return (unsigned char)c;
}

static int console_get(FILE *file)
{
	(void)file;
	return EOF;
}

static int console_sync(FILE *file)
{
	(void)file;
	libmach_console_flush();
	return 0;
}

static FILE console_out = FDEV_SETUP_STREAM(console_put, NULL, console_sync, _FDEV_SETUP_WRITE);
static FILE console_err = FDEV_SETUP_STREAM(console_put, NULL, console_sync, _FDEV_SETUP_WRITE);
static FILE console_in = FDEV_SETUP_STREAM(NULL, console_get, NULL, _FDEV_SETUP_READ);

FILE *const stdin = &console_in;
FILE *const stdout = &console_out;
FILE *const stderr = &console_err;
