/* SPDX-License-Identifier: BSD-2-Clause */
/* Types of the console interface (<servers/console.defs>). */
#ifndef _SERVERS_CONSOLE_TYPES_H_
#define _SERVERS_CONSOLE_TYPES_H_

/* Bytes to write: at most CONSOLE_WRITE_MAX a request. */
#define CONSOLE_WRITE_MAX	4096
typedef char *console_data_t;
typedef const char *const_console_data_t;	/* bytes a caller sends */
/* One input line, with its '\n' (an empty line: end of input, Ctrl-D). */
#define CONSOLE_LINE_MAX	256
typedef char *console_line_t;
typedef const char *const_console_line_t;
/* Raw input (console_read_raw): at most CONSOLE_RAW_MAX bytes a reply;
 * the driver keeps at most CONSOLE_RAW_QUEUE typed bytes for readers. */
#define CONSOLE_RAW_MAX		256
#define CONSOLE_RAW_QUEUE	1024
typedef char *console_raw_t;
typedef const char *const_console_raw_t;

/* The name the console driver serves under (bootstrap's name service). */
#define CONSOLE_SERVICE_NAME	"console"

#endif /* _SERVERS_CONSOLE_TYPES_H_ */
