// SPDX-License-Identifier: BSD-2-Clause
// picolibc's stdin, stdout and stderr (<machrv/console.h>).  Output is
// line-buffered in one buffer per thread (so stdout and stderr keep their
// order, and threads' lines do not mix) and written with console_write to
// the console server, or with the machrv_debug_write trap when there is
// none; input comes a line at a time from console_read_line.
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <mach/mach_traps.h>
#include <machrv/console.h>
#include <servers/bootstrap.h>
#include <servers/console.h>
#include "libmach_private.h"

// The console's state: not looked up yet, a server, or the kernel trap.
// Moves from UNKNOWN to one of the others once (the first thread to look
// it up publishes its answer), and from SERVER to KERNEL if the server dies.
enum { CONSOLE_UNKNOWN, CONSOLE_SERVER, CONSOLE_KERNEL };
static int console_state = CONSOLE_UNKNOWN;
static mach_port_t console_server = MACH_PORT_NULL;

static __thread char console_buf[256];
static __thread size_t console_len;

void machrv_console_use_kernel(void)
{
	__atomic_store_n(&console_state, CONSOLE_KERNEL, __ATOMIC_RELEASE);
}

mach_port_t machrv_console_port(void)
{
	int state = __atomic_load_n(&console_state, __ATOMIC_ACQUIRE);

	if (state == CONSOLE_UNKNOWN) {
		mach_port_t port = MACH_PORT_NULL;
		mach_port_t bp = bootstrap_port;
		// bootstrap's own bootstrap port is the host-priv port, which
		// answers MIG_BAD_ID: it falls back to the trap.
		if (!MACH_PORT_VALID(bp) ||
		    bootstrap_look_up(bp, CONSOLE_SERVICE_NAME, &port) != KERN_SUCCESS)
			port = MACH_PORT_NULL;
		int want = MACH_PORT_VALID(port) ? CONSOLE_SERVER : CONSOLE_KERNEL;
		int expected = CONSOLE_UNKNOWN;
		if (want == CONSOLE_SERVER)
			console_server = port;
		if (!__atomic_compare_exchange_n(&console_state, &expected, want, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			// Another thread answered first; keep its answer.
			if (MACH_PORT_VALID(port))
				(void)mach_port_deallocate(mach_task_self(), port);
		}
		state = __atomic_load_n(&console_state, __ATOMIC_ACQUIRE);
	}
	return state == CONSOLE_SERVER ? console_server : MACH_PORT_NULL;
}

// Write `len' bytes: to the server, or through the trap if there is none
// or it has gone (then the trap from now on).
static void console_write_bytes(const char *buf, size_t len)
{
	mach_port_t server = machrv_console_port();

	if (MACH_PORT_VALID(server)) {
		if (console_write(server, (console_data_t)buf, (mach_msg_type_number_t)len) ==
		    KERN_SUCCESS)
			return;
		machrv_console_use_kernel();
	}
	(void)machrv_debug_write(buf, len);
}

/* Write out the calling thread's partial line. */
void libmach_console_flush(void)
{
	if (console_len > 0)
		console_write_bytes(console_buf, console_len);
	console_len = 0;
}

static int console_put(char c, FILE *file)
{
	(void)file;
	// The line buffer is thread-local: a thread started with only pc and
	// sp gets TLS here (its first RPC, which used to give it, may be a
	// trap now: mach_port_allocate); without, each byte goes out alone.
	if (__builtin_expect(!libmach_thread_has_tls(), 0) && !libmach_thread_adopt()) {
		console_write_bytes(&c, 1);
		return (unsigned char)c;
	}
	console_buf[console_len++] = c;
	if (c == '\n' || console_len == sizeof(console_buf))
		libmach_console_flush();
	return (unsigned char)c;
}

// Input: the last line read and how much of it is left (one reader at a
// time: stdin is not shared between threads).
static char input_line[CONSOLE_LINE_MAX];
static mach_msg_type_number_t input_len, input_pos;

static int console_get(FILE *file)
{
	(void)file;
	if (input_pos == input_len) {
		mach_port_t server = machrv_console_port();
		// Our own output first: a prompt without '\n' must show.
		libmach_console_flush();
		input_pos = input_len = 0;
		if (!MACH_PORT_VALID(server))
			return EOF;
		mach_msg_type_number_t n = CONSOLE_LINE_MAX;
		if (console_read_line(server, input_line, &n) != KERN_SUCCESS || n == 0 ||
		    n > CONSOLE_LINE_MAX)
			return EOF;
		input_len = n;
	}
	return (unsigned char)input_line[input_pos++];
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
