/* SPDX-License-Identifier: BSD-2-Clause */
/* What the console driver's files share (drivers/console/). */
#ifndef _CONSOLE_DRIVER_H_
#define _CONSOLE_DRIVER_H_
#include <mach/mach.h>

/* serve.c: the console interface and the receive path. */
void console_serve_init(void);
/* console_receive: drain the UART through the line discipline, then answer waiting readers. */
void console_receive(void);
/* console_demux: the console.defs server (MIG demux), for the service thread. */
boolean_t console_demux(mach_msg_header_t *in, mach_msg_header_t *out);

#endif /* _CONSOLE_DRIVER_H_ */
