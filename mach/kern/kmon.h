/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel monitor: a few commands typed on the kernel console (help,
 * harts, mem, ticks, poweroff, ...) for looking at a running kernel before
 * there is a user-level shell.  It runs in the UART's interrupt handler.
 */
#ifndef _KERN_KMON_H_
#define _KERN_KMON_H_

void kmon_start(void);		/* print the prompt; input is accepted from now */
void kmon_input(int c);		/* one character from the console */

#endif /* _KERN_KMON_H_ */
