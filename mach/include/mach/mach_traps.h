/* SPDX-License-Identifier: BSD-2-Clause */
/* The Mach traps as C functions (libmach's trap stubs; numbers in
 * <mach/syscall_sw.h>).  Everything else goes through messages. */
#ifndef _MACH_MACH_TRAPS_H_
#define _MACH_MACH_TRAPS_H_

#include <stddef.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/thread_switch.h>
#include <mach/vm_types.h>

/* A new receive right, for replies; the caller owns it. */
extern mach_port_name_t mach_reply_port(void);
/* Send rights to the calling thread, task and host (one new user
 * reference each: deallocate them when done). */
extern mach_port_name_t thread_self_trap(void);
extern mach_port_name_t task_self_trap(void);
extern mach_port_name_t host_self_trap(void);

/* The IPC primitive, without mach_msg()'s interrupt retry. */
extern mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg, mach_msg_option_t option,
                                       mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                                       mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                                       mach_port_name_t notify);

/* Yield the processor; TRUE when other threads were waiting to run. */
extern boolean_t swtch_pri(int pri);
extern boolean_t swtch(void);
extern kern_return_t thread_switch(mach_port_name_t thread_name, int option,
                                   mach_msg_timeout_t option_time);

/* MachRV: write to the kernel console (for tests and early servers). */
extern kern_return_t machrv_debug_write(const char *buf, size_t len);
/* MachRV: a trap that does nothing (the cost of entering the kernel). */
extern kern_return_t machrv_null_trap(void);
/* MachRV: is [addr, addr + size) of `task' mapped writable? (<mach/syscall_sw.h>) */
extern kern_return_t machrv_task_writable(mach_port_name_t task, vm_address_t addr,
                                          vm_size_t size);

#endif /* _MACH_MACH_TRAPS_H_ */
