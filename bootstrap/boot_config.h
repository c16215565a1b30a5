/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The boot configuration: the small text file in the boot archive that
 * tells bootstrap which tasks to start (docs/bootstrap.md has the syntax).
 * One task a line, in order:
 *
 *     [--poweroff] [--archive] [--ports=host_priv,device] [--service=NAME]... PROGRAM [ARG]...
 *
 * A '#' that starts a word starts a comment; words are separated by blanks
 * and quoted as in sh ('...', "...", backslash), so that an argument may hold
 * blanks (init's -c COMMAND).  Only options and the program are limited to
 * BOOT_CONFIG_MAX_NAME characters.
 * Pure code, unit-tested on the host (tests/bootstrap/test_boot_config.c).
 */
#ifndef _BOOTSTRAP_BOOT_CONFIG_H_
#define _BOOTSTRAP_BOOT_CONFIG_H_
#include <stdbool.h>
#include <stddef.h>

#define BOOT_CONFIG_MAX_TEXT		4096	/* bytes of configuration */
#define BOOT_CONFIG_MAX_TASKS		16
#define BOOT_CONFIG_MAX_ARGS		16	/* argv[0] (the program) included */
#define BOOT_CONFIG_MAX_PORTS		3	/* what mach_ports_register takes */
#define BOOT_CONFIG_MAX_SERVICES	4
#define BOOT_CONFIG_MAX_NAME		127	/* a program or service name */

/* The send rights a task can be given (--ports=), by mach_ports_register. */
enum boot_port {
	BOOT_PORT_HOST_PRIV = 1,	/* the privileged host port */
	BOOT_PORT_DEVICE,		/* the device port (HOST_IO_MASTER_PORT) */
};

/* One task to start: pointers into the configuration's own copy of the text. */
struct boot_task {
	int		line;				/* in the file, for messages */
	int		argc;				/* >= 1 */
	const char	*argv[BOOT_CONFIG_MAX_ARGS + 1];/* argv[0] is the program; NULL-ended */
	bool		poweroff;			/* its end ends the machine */
	bool		archive;			/* it gets a copy of the boot archive */
	int		nports;
	enum boot_port	ports[BOOT_CONFIG_MAX_PORTS];
	int		nservices;
	const char	*services[BOOT_CONFIG_MAX_SERVICES]; /* declared for check-in */
};

struct boot_config {
	int		ntasks;
	struct boot_task tasks[BOOT_CONFIG_MAX_TASKS];
	char		text[BOOT_CONFIG_MAX_TEXT + 1];
};

/*
 * boot_config_parse: read the configuration `text' of `len' bytes into
 * `cfg' (which keeps its own copy: `text' may go away).
 *   Returns: true; or false with a sentence naming the line and the
 *   problem in `err' (e.g. "line 3: unknown option --foo").  Problems: too
 *   long, a NUL byte, an unknown option or port, an option after the
 *   program, a line with options and no program, too many tasks,
 *   arguments, ports or services, a name too long, two --poweroff tasks,
 *   a service declared twice, no task at all.
 */
bool boot_config_parse(struct boot_config *cfg, const char *text, size_t len,
		       char *err, size_t errlen);

/* boot_port_name: "host_priv" or "device". */
const char *boot_port_name(enum boot_port port);

#endif /* _BOOTSTRAP_BOOT_CONFIG_H_ */
