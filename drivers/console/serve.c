// SPDX-License-Identifier: BSD-2-Clause
// The console interface (<servers/console.defs>) over the UART: writes go
// straight out; reads get lines from the line discipline, and a reader
// that comes before its line waits (its reply right is kept, MIG_NO_REPLY)
// until console_receive finishes a line (console_reply.defs).  Two
// threads call in (main.c): the service thread (requests) and the
// interrupt thread (console_receive); console_lock covers all the state
// here and the UART's transmitter.
#include <string.h>
#include <machrv/mthread.h>
#include "console_driver.h"
#include "consoleServer.h"
#include "console_reply.h"
#include "line.h"
#include "uart.h"

#define MAX_READERS	16

static mthread_mutex_t console_lock = MTHREAD_MUTEX_INITIALIZER;
static struct line_disc disc;
// For console_get_counts.
static natural_t bytes_written, bytes_received, lines_given;
// Readers waiting for a line, oldest first: their send-once reply rights.
static mach_port_t readers[MAX_READERS];
static unsigned nreaders;

void console_serve_init(void)
{
	line_init(&disc);
}

kern_return_t do_console_write(mach_port_t server, console_data_t data,
			       mach_msg_type_number_t count)
{
	(void)server;
	if (count > CONSOLE_WRITE_MAX)
		return KERN_INVALID_ARGUMENT;
	// '\n' becomes "\r\n"; runs between newlines go out as they are.
	mthread_mutex_lock(&console_lock);
	size_t start = 0;
	for (size_t i = 0; i < count; i++) {
		if (data[i] == '\n') {
			uart_write(data + start, i - start);
			uart_write("\r\n", 2);
			bytes_written++;
			start = i + 1;
		}
	}
	uart_write(data + start, count - start);
	bytes_written += count;
	mthread_mutex_unlock(&console_lock);
	return KERN_SUCCESS;
}

kern_return_t do_console_read_line(mach_port_t server, mach_port_t reply, console_line_t line,
				   mach_msg_type_number_t *count)
{
	(void)server;
	kern_return_t kr = MIG_NO_REPLY;
	mthread_mutex_lock(&console_lock);
	if (nreaders == 0 && line_ready(&disc)) {
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

// Give finished lines to waiting readers, in order.  A reader that has
// gone (its reply right is a dead name) does not take the line.  Sending
// to a send-once right does not block, so console_lock may be held.
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
}

void console_receive(void)
{
	int c;
	char echo[LINE_ECHO_MAX];

	mthread_mutex_lock(&console_lock);
	while ((c = uart_getc()) >= 0) {
		bytes_received++;
		size_t n = line_input(&disc, (char)c, echo);
		uart_write(echo, n);
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
