/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where libmach's stdin, stdout and stderr go (libmach/console.c).  On
 * first use they look up the console service through the task's
 * bootstrap port; with a console server, output goes to console_write and
 * input comes from console_read_line (<servers/console.h>); without one
 * (no such service, or the task is bootstrap) output goes through the
 * kernel's debug-write trap and input is empty.
 */
#ifndef _MACHRV_CONSOLE_H_
#define _MACHRV_CONSOLE_H_
#include <mach/port.h>

/*
 * machrv_console_use_kernel: from now on, write through the kernel trap
 * and read nothing.  For the console driver itself (its own output must
 * not wait for itself) and for tests.
 */
void machrv_console_use_kernel(void);
/* machrv_console_port: the console server's port, or MACH_PORT_NULL (the kernel trap). */
mach_port_t machrv_console_port(void);

#endif /* _MACHRV_CONSOLE_H_ */
