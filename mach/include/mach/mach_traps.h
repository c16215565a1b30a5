/* SPDX-License-Identifier: BSD-2-Clause */
/* The Mach traps as C functions (libmach's trap stubs; numbers in
 * <mach/syscall_sw.h>).  Everything else goes through messages. */
#ifndef _MACH_MACH_TRAPS_H_
#define _MACH_MACH_TRAPS_H_

#include <stddef.h>
#include <mach/clock_types.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/thread_switch.h>
#include <mach/vm_prot.h>
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

/*
 * The kernel-RPC traps (XNU's): the mach_port_* and vm_* calls of the
 * same names without their message, when `target' names a task port.
 * MACH_SEND_INVALID_DEST when it does not: libmach's mach_port_allocate
 * etc. then send the message (<machrv/kernelrpc.h>).
 */
extern kern_return_t _kernelrpc_mach_vm_allocate_trap(mach_port_name_t target,
                                                      vm_address_t *addr, vm_size_t size,
                                                      int flags);
extern kern_return_t _kernelrpc_mach_vm_deallocate_trap(mach_port_name_t target,
                                                        vm_address_t address, vm_size_t size);
extern kern_return_t _kernelrpc_mach_vm_protect_trap(mach_port_name_t target,
                                                     vm_address_t address, vm_size_t size,
                                                     boolean_t set_maximum,
                                                     vm_prot_t new_protection);
/* vm_map of anonymous memory: no object, offset 0, no copy, max VM_PROT_ALL,
 * VM_INHERIT_DEFAULT. */
extern kern_return_t _kernelrpc_mach_vm_map_trap(mach_port_name_t target, vm_address_t *address,
                                                 vm_size_t size, vm_address_t mask, int flags,
                                                 vm_prot_t cur_protection);
extern kern_return_t _kernelrpc_mach_port_allocate_trap(mach_port_name_t target,
                                                        mach_port_right_t right,
                                                        mach_port_name_t *name);
extern kern_return_t _kernelrpc_mach_port_destroy_trap(mach_port_name_t target,
                                                       mach_port_name_t name);
extern kern_return_t _kernelrpc_mach_port_deallocate_trap(mach_port_name_t target,
                                                          mach_port_name_t name);
extern kern_return_t _kernelrpc_mach_port_mod_refs_trap(mach_port_name_t target,
                                                        mach_port_name_t name,
                                                        mach_port_right_t right,
                                                        mach_port_delta_t delta);
extern kern_return_t _kernelrpc_mach_port_move_member_trap(mach_port_name_t target,
                                                           mach_port_name_t member,
                                                           mach_port_name_t after);
extern kern_return_t _kernelrpc_mach_port_insert_right_trap(mach_port_name_t target,
                                                            mach_port_name_t name,
                                                            mach_port_name_t poly,
                                                            mach_msg_type_name_t polyPoly);
extern kern_return_t _kernelrpc_mach_port_insert_member_trap(mach_port_name_t target,
                                                             mach_port_name_t name,
                                                             mach_port_name_t pset);
extern kern_return_t _kernelrpc_mach_port_request_notification_trap(
        mach_port_name_t target, mach_port_name_t name, mach_msg_id_t msgid,
        mach_port_mscount_t sync, mach_port_name_t notify, mach_msg_type_name_t notifyPoly,
        mach_port_name_t *previous);
extern kern_return_t _kernelrpc_mach_port_extract_member_trap(mach_port_name_t target,
                                                              mach_port_name_t name,
                                                              mach_port_name_t pset);

/* Yield the processor; TRUE when other threads were waiting to run. */
extern boolean_t swtch_pri(int pri);
extern boolean_t swtch(void);
extern kern_return_t thread_switch(mach_port_name_t thread_name, int option,
                                   mach_msg_timeout_t option_time);

/* MachRV: write to the kernel console (for tests and early servers). */
extern kern_return_t machrv_debug_write(const char *buf, size_t len);
/*
 * Mach semaphores (<mach/semaphore.h>; libmach's semaphore_* call these),
 * XNU's traps 33..39: each name a send right to a semaphore.
 */
extern kern_return_t semaphore_signal_trap(mach_port_name_t signal_name);
extern kern_return_t semaphore_signal_all_trap(mach_port_name_t signal_name);
extern kern_return_t semaphore_signal_thread_trap(mach_port_name_t signal_name,
                                                  mach_port_name_t thread_name);
extern kern_return_t semaphore_wait_trap(mach_port_name_t wait_name);
extern kern_return_t semaphore_wait_signal_trap(mach_port_name_t wait_name,
                                                mach_port_name_t signal_name);
extern kern_return_t semaphore_timedwait_trap(mach_port_name_t wait_name, unsigned int sec,
                                              clock_res_t nsec);
extern kern_return_t semaphore_timedwait_signal_trap(mach_port_name_t wait_name,
                                                     mach_port_name_t signal_name,
                                                     unsigned int sec, clock_res_t nsec);

/* MachRV: a trap that does nothing (the cost of entering the kernel). */
extern kern_return_t machrv_null_trap(void);
/* MachRV: is [addr, addr + size) of `task' mapped writable? (<mach/syscall_sw.h>) */
extern kern_return_t machrv_task_writable(mach_port_name_t task, vm_address_t addr,
                                          vm_size_t size);
/* MachRV: vm_read_overwrite and vm_write as traps (<mach/syscall_sw.h>). */
extern kern_return_t machrv_vm_read_overwrite_trap(mach_port_name_t target, vm_address_t address,
                                                   vm_size_t size, vm_address_t data,
                                                   vm_size_t *outsize);
extern kern_return_t machrv_port_set_label_trap(mach_port_name_t target, mach_port_name_t name,
                                                const char *label);
extern kern_return_t machrv_vm_write_trap(mach_port_name_t target, vm_address_t address,
                                          vm_offset_t data, mach_msg_type_number_t count);

/*
 * MachRV: a Unix personality's worker serves calls in registers
 * (<machrv/syscall_msg.h>, "Serving in registers").  machrv_syscall_serve:
 * mach_msg(msg, option, send_size, rcv_size, rcv_name) that first answers
 * the call held (*answer, a machrv_syscall_answer_t: an errno value or
 * 0, with rv0, rv1 and out_size bytes of segments for the caller's memory
 * at out; error MACHRV_SYSCALL_NO_ANSWER: none), and whose
 * receive may take a call in
 * registers: MACHRV_SYSCALL_SERVED, the request written into msg (8-aligned).
 * machrv_syscall_reply_port: the held call's send-once right, named
 * (MACH_PORT_NULL: none held).  machrv_syscall_serve restarts an
 * interrupted trap as mach_msg does (libmach/traps.S; its way after
 * anything but a call in registers, machrv_syscall_serve_done, is
 * libmach's own).
 */
struct machrv_syscall_answer;	/* <machrv/syscall_msg.h> */
extern mach_msg_return_t machrv_syscall_serve(mach_msg_header_t *msg, mach_msg_option_t option,
                                              mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                                              mach_port_name_t rcv_name,
                                              const struct machrv_syscall_answer *answer);
extern mach_msg_return_t machrv_syscall_serve_done(mach_msg_header_t *msg,
                                                   mach_msg_option_t option,
                                                   mach_msg_size_t send_size,
                                                   mach_msg_size_t rcv_size,
                                                   mach_port_name_t rcv_name,
                                                   mach_msg_return_t mr);
extern mach_port_name_t machrv_syscall_reply_port(void);

#endif /* _MACH_MACH_TRAPS_H_ */
