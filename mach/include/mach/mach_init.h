/* SPDX-License-Identifier: BSD-2-Clause */
/* What libmach sets up for every task: its own port, the host and thread
 * ports, the bootstrap port, the page size. */
#ifndef _MACH_MACH_INIT_H_
#define _MACH_MACH_INIT_H_

#include <mach/mach_types.h>
#include <mach/mach_traps.h>

/* The task's own port, read once at start (task_self_trap). */
extern mach_port_t mach_task_self_;
#define mach_task_self() mach_task_self_
#define current_task()   mach_task_self()

/* A send right to the host and to the calling thread: each call adds a
 * user reference, so deallocate the result when done, as in Mach. */
#define mach_host_self()   host_self_trap()
#define mach_thread_self() thread_self_trap()

/* The task's bootstrap port (TASK_BOOTSTRAP_PORT), asked of the kernel on
 * first use rather than at start, so that programs that never use it do
 * not depend on the kernel's task server; MACH_PORT_NULL if it has none. */
extern mach_port_t mach_bootstrap_port(void);
#define bootstrap_port (mach_bootstrap_port())

/* The page size: 4 KiB on MachRV. */
extern vm_size_t vm_page_size;
extern vm_size_t vm_page_mask;
extern int vm_page_shift;
#define trunc_page(x) ((vm_offset_t)(x) & ~((vm_offset_t)vm_page_mask))
#define round_page(x) trunc_page((vm_offset_t)(x) + vm_page_mask)

#endif /* _MACH_MACH_INIT_H_ */
