/* SPDX-License-Identifier: BSD-2-Clause */
/* Options of the thread_switch trap. */
#ifndef _MACH_THREAD_SWITCH_H_
#define _MACH_THREAD_SWITCH_H_

#define SWITCH_OPTION_NONE     0   /* yield, to `thread' if it is runnable */
#define SWITCH_OPTION_DEPRESS  1   /* and depress priority for `time' ms */
#define SWITCH_OPTION_WAIT     2   /* and do not run for `time' ms */

#define valid_switch_option(opt) ((0 <= (opt)) && ((opt) <= 2))

#endif /* _MACH_THREAD_SWITCH_H_ */
