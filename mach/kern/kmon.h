/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel monitor: a few commands typed on the kernel console (help,
 * harts, mem, ticks, poweroff, ...) for looking at a running kernel before
 * there is a user-level shell.  It runs in the UART's interrupt handler.
 */
#ifndef _KERN_KMON_H_
#define _KERN_KMON_H_

/* kmon_start: print the prompt; input is accepted from now on. */
void kmon_start(void);		/* print the prompt; input is accepted from now */
/*
 * kmon_input: one character typed on the console (from the UART's
 * interrupt handler): edit the line, run it at a newline.  Ignored
 * before kmon_start.
 *   Locks:   none held; printing takes the console's.
 */
void kmon_input(int c);		/* one character from the console */

#endif /* _KERN_KMON_H_ */
