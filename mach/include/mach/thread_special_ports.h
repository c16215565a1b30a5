/* SPDX-License-Identifier: BSD-2-Clause */
/* A thread's special ports (thread_get_special_port, thread_set_special_port). */
#ifndef _MACH_THREAD_SPECIAL_PORTS_H_
#define _MACH_THREAD_SPECIAL_PORTS_H_

#define THREAD_KERNEL_PORT      1   /* the thread's own port: what mach_thread_self() names */

#define THREAD_MAX_SPECIAL_PORT THREAD_KERNEL_PORT

#define thread_get_kernel_port(thread, port) \
	(thread_get_special_port((thread), THREAD_KERNEL_PORT, (port)))
#define thread_set_kernel_port(thread, port) \
	(thread_set_special_port((thread), THREAD_KERNEL_PORT, (port)))

#endif /* _MACH_THREAD_SPECIAL_PORTS_H_ */
