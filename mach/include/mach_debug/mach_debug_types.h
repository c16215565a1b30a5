/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The C side of <mach_debug/mach_debug_types.defs> that is not about IPC
 * spaces (those are <mach_debug/ipc_info.h>): GNU Mach's name for a
 * kernel object, which task_set_name (<mach/gnumach.defs>) takes.
 */
#ifndef _MACH_DEBUG_MACH_DEBUG_TYPES_H_
#define _MACH_DEBUG_MACH_DEBUG_TYPES_H_
#include <mach_debug/ipc_info.h>

#define KERNEL_DEBUG_NAME_MAX	64	/* bytes, the NUL included */
typedef char kernel_debug_name_t[KERNEL_DEBUG_NAME_MAX];
typedef const char *const_kernel_debug_name_t;	/* what a caller passes */

#endif /* _MACH_DEBUG_MACH_DEBUG_TYPES_H_ */
