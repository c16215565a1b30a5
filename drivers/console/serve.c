// SPDX-License-Identifier: BSD-2-Clause
// The console interface (<servers/console.defs>) over the UART: writes go
// straight out; reads get lines from the line discipline, or raw bytes
// from the raw queue, and a reader that comes before its input waits (its
// reply right is kept, MIG_NO_REPLY) until console_receive brings some
// (console_reply.defs).  Two threads call in (main.c): the service thread
// (requests) and the interrupt thread (console_receive); console_lock
// covers all the state here and the UART's transmitter.
//
// Which reader typed bytes are for (docs/console.md, "Raw input") is the
// console's input mode, decided by the first reader that asks:
//   UNDECIDED  no reader has asked yet: bytes wait in the raw queue, unechoed;
//   LINES      a console_read_line came first: the waiting bytes, and all
//              that come after, go through the line discipline (edited, echoed);
//   RAW        a console_read_raw has come (first, or after line readers):
//              bytes wait in the raw queue for raw readers, unedited and
//              unechoed, until the driver restarts; line reads are refused.
#include <string.h>
#include <machrv/mthread.h>
#include "console_driver.h"
#include "consoleServer.h"
#include "console_reply.h"
#include "line.h"
#include "rawq.h"
#include "uart.h"

#define MAX_READERS	16

enum input_mode { INPUT_UNDECIDED, INPUT_LINES, INPUT_RAW };

static mthread_mutex_t console_lock = MTHREAD_MUTEX_INITIALIZER;
static enum input_mode mode = INPUT_UNDECIDED;
static struct line_disc disc;
static struct rawq raw;
// For console_get_counts.
static natural_t bytes_written, bytes_received, lines_given;
// Line readers waiting for a line, oldest first: their send-once reply rights.
static mach_port_t readers[MAX_READERS];
static unsigned nreaders;
// Raw readers waiting for bytes, oldest first, with the most each takes.
static struct {
	mach_port_t	reply;
	natural_t	max;
} raw_readers[MAX_READERS];
static unsigned nraw_readers;

void console_serve_init(void)
{
	line_init(&disc);
	rawq_init(&raw);
}

// Write `count' bytes, '\n' as "\r\n" if `crlf'.  console_lock held.
static void write_out(const char *data, size_t count, bool crlf)
{
	size_t start = 0;

	for (size_t i = 0; crlf && i < count; i++) {
		if (data[i] == '\n') {
			uart_write(data + start, i - start);
			uart_write("\r\n", 2);
			bytes_written++;
			start = i + 1;
		}
	}
	uart_write(data + start, count - start);
	bytes_written += count;
}

kern_return_t do_console_write(mach_port_t server, console_data_t data,
			       mach_msg_type_number_t count)
{
	(void)server;
	if (count > CONSOLE_WRITE_MAX)
		return KERN_INVALID_ARGUMENT;
	mthread_mutex_lock(&console_lock);
	write_out(data, count, true);
	mthread_mutex_unlock(&console_lock);
	return KERN_SUCCESS;
}

kern_return_t do_console_write_raw(mach_port_t server, console_data_t data,
				   mach_msg_type_number_t count)
{
	(void)server;
	if (count > CONSOLE_WRITE_MAX)
		return KERN_INVALID_ARGUMENT;
	mthread_mutex_lock(&console_lock);
	write_out(data, count, false);
	mthread_mutex_unlock(&console_lock);
	return KERN_SUCCESS;
}

// UNDECIDED -> LINES: the bytes typed so far are edited (and echoed) now,
// as if they had just been typed.  console_lock held.
static void use_lines(void)
{
	char c, echo[LINE_ECHO_MAX];

	mode = INPUT_LINES;
	while (rawq_peek(&raw, &c, 1) == 1) {
		rawq_drop(&raw, 1);
		uart_write(echo, line_input(&disc, c, echo));
	}
}

// -> RAW, for good: what the line discipline holds goes to the raw queue
// (line_drain), and waiting line readers are refused.  console_lock held.
static void use_raw(void)
{
	if (mode == INPUT_LINES) {
		char held[LINE_QUEUE * LINE_MAX + LINE_MAX];
		size_t n = line_drain(&disc, held, sizeof(held));
		for (size_t i = 0; i < n; i++)
			(void)rawq_put(&raw, held[i]);
		for (unsigned i = 0; i < nreaders; i++)
			if (console_read_line_reply(readers[i], KERN_NOT_SUPPORTED, held, 0) !=
			    KERN_SUCCESS)
				(void)mach_port_deallocate(mach_task_self(), readers[i]);
		nreaders = 0;
	}
	mode = INPUT_RAW;
}

kern_return_t do_console_read_line(mach_port_t server, mach_port_t reply, console_line_t line,
				   mach_msg_type_number_t *count)
{
	(void)server;
	kern_return_t kr = MIG_NO_REPLY;
	mthread_mutex_lock(&console_lock);
	if (mode == INPUT_UNDECIDED)
		use_lines();
	if (mode == INPUT_RAW) {
		kr = KERN_NOT_SUPPORTED;
	} else if (nreaders == 0 && line_ready(&disc)) {
		*count = (mach_msg_type_number_t)line_take(&disc, line);
		lines_given++;
		kr = KERN_SUCCESS;
	} else if (nreaders == MAX_READERS) {
		kr = KERN_RESOURCE_SHORTAGE;
	} else {
		readers[nreaders++] = reply;	// answered by answer_readers
	}
	mthread_mutex_unlock(&console_lock);
	return kr;
}

kern_return_t do_console_read_raw(mach_port_t server, mach_port_t reply, natural_t max,
				  natural_t *dropped, console_raw_t data,
				  mach_msg_type_number_t *count)
{
	(void)server;
	kern_return_t kr = MIG_NO_REPLY;
	if (max == 0 || max > CONSOLE_RAW_MAX)
		max = CONSOLE_RAW_MAX;
	mthread_mutex_lock(&console_lock);
	if (mode != INPUT_RAW)
		use_raw();
	if (nraw_readers == 0 && rawq_count(&raw) > 0) {
		size_t n = rawq_peek(&raw, data, max);
		rawq_drop(&raw, n);
		*count = (mach_msg_type_number_t)n;
		*dropped = raw.dropped;
		kr = KERN_SUCCESS;
	} else if (nraw_readers == MAX_READERS) {
		kr = KERN_RESOURCE_SHORTAGE;
	} else {
		raw_readers[nraw_readers].reply = reply;	// answered by answer_readers
		raw_readers[nraw_readers++].max = max;
	}
	mthread_mutex_unlock(&console_lock);
	return kr;
}

// Give finished lines, or raw bytes, to waiting readers, in order.  A
// reader that has gone (its reply right is a dead name) takes nothing.
// Sending to a send-once right does not block, so console_lock may be held.
static void answer_readers(void)
{
	char line[LINE_MAX];

	while (nreaders > 0 && line_ready(&disc)) {
		size_t len = line_take(&disc, line);
		kern_return_t kr = MACH_SEND_INVALID_DEST;
		while (nreaders > 0 && kr != KERN_SUCCESS) {
			mach_port_t reply = readers[0];
			memmove(readers, readers + 1, --nreaders * sizeof(readers[0]));
			kr = console_read_line_reply(reply, KERN_SUCCESS, line,
						     (mach_msg_type_number_t)len);
			if (kr != KERN_SUCCESS)
				(void)mach_port_deallocate(mach_task_self(), reply);
			else
				lines_given++;
		}
	}
	while (nraw_readers > 0 && rawq_count(&raw) > 0) {
		char data[CONSOLE_RAW_MAX];
		mach_port_t reply = raw_readers[0].reply;
		size_t n = rawq_peek(&raw, data, raw_readers[0].max);
		memmove(raw_readers, raw_readers + 1, --nraw_readers * sizeof(raw_readers[0]));
		if (console_read_raw_reply(reply, KERN_SUCCESS, raw.dropped, data,
					   (mach_msg_type_number_t)n) == KERN_SUCCESS)
			rawq_drop(&raw, n);
		else
			(void)mach_port_deallocate(mach_task_self(), reply);
	}
}

void console_receive(void)
{
	int c;
	char echo[LINE_ECHO_MAX];

	mthread_mutex_lock(&console_lock);
	while ((c = uart_getc()) >= 0) {
		bytes_received++;
		if (mode == INPUT_LINES)
			uart_write(echo, line_input(&disc, (char)c, echo));
		else
			(void)rawq_put(&raw, (char)c);	// full: dropped and counted
	}
	answer_readers();
	mthread_mutex_unlock(&console_lock);
}

kern_return_t do_console_get_counts(mach_port_t server, natural_t *written, natural_t *received,
				    natural_t *lines)
{
	(void)server;
	mthread_mutex_lock(&console_lock);
	*written = bytes_written;
	*received = bytes_received;
	*lines = lines_given;
	mthread_mutex_unlock(&console_lock);
	return KERN_SUCCESS;
}

boolean_t console_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return console_server(in, out);
}
