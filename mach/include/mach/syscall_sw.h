/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Mach trap ABI of MachRV.  A thread traps with `ecall'; a7 < 0 is a
 * Mach trap, a7 = MACH_TRAP_<name> below (XNU's trap numbers, negated), with
 * its arguments in a0..a6 and its result in a0.  a7 >= 0 is a Unix system
 * call, which the kernel forwards to the task's TASK_SYSCALL_PORT.  Usable
 * from assembly.
 */
#ifndef _MACH_SYSCALL_SW_H_
#define _MACH_SYSCALL_SW_H_

/*
 * The kernel-RPC traps (XNU's numbers): the mach_port and vm_map calls
 * libmach makes most, without a message.  `target' is a task port name;
 * when it is not a send right to a live task port the trap does nothing
 * and returns MACH_SEND_INVALID_DEST, and libmach sends the MIG message
 * instead.  Otherwise each returns what the message's reply would say.
 * (Pointers are user addresses; -> kern_return_t.)
 */
#define MACH_TRAP__kernelrpc_mach_vm_allocate_trap      -10  /* (target, vm_address_t *addr, size, flags) */
#define MACH_TRAP__kernelrpc_mach_vm_deallocate_trap    -12  /* (target, addr, size) */
#define MACH_TRAP__kernelrpc_mach_vm_protect_trap       -14  /* (target, addr, size, set_maximum, prot) */
#define MACH_TRAP__kernelrpc_mach_vm_map_trap           -15  /* (target, vm_address_t *addr, size, mask, flags, cur_prot) */
#define MACH_TRAP__kernelrpc_mach_port_allocate_trap    -16  /* (target, right, mach_port_name_t *name) */
#define MACH_TRAP__kernelrpc_mach_port_destroy_trap     -17  /* (target, name) */
#define MACH_TRAP__kernelrpc_mach_port_deallocate_trap  -18  /* (target, name) */
#define MACH_TRAP__kernelrpc_mach_port_mod_refs_trap    -19  /* (target, name, right, delta) */
#define MACH_TRAP__kernelrpc_mach_port_move_member_trap -20  /* (target, member, after) */
#define MACH_TRAP__kernelrpc_mach_port_insert_right_trap -21 /* (target, name, poly, polyPoly) */
#define MACH_TRAP__kernelrpc_mach_port_insert_member_trap -22 /* (target, name, pset) */
#define MACH_TRAP__kernelrpc_mach_port_extract_member_trap -23 /* (target, name, pset) */
#define MACH_TRAP_mach_reply_port       -26  /* () -> mach_port_name_t */
#define MACH_TRAP_thread_self_trap      -27  /* () -> mach_port_name_t */
#define MACH_TRAP_task_self_trap        -28  /* () -> mach_port_name_t */
#define MACH_TRAP_host_self_trap        -29  /* () -> mach_port_name_t */
#define MACH_TRAP_mach_msg_trap         -31  /* (msg, option, send_size, rcv_size, rcv_name, timeout, notify) -> mach_msg_return_t */
/* Mach semaphores (<mach/semaphore.h>): names are send rights -> kern_return_t */
#define MACH_TRAP_semaphore_signal_trap -33  /* (sem) */
#define MACH_TRAP_semaphore_signal_all_trap -34 /* (sem) */
#define MACH_TRAP_semaphore_signal_thread_trap -35 /* (sem, thread) */
#define MACH_TRAP_semaphore_wait_trap   -36  /* (sem) */
#define MACH_TRAP_semaphore_wait_signal_trap -37 /* (wait, signal) */
#define MACH_TRAP_semaphore_timedwait_trap -38 /* (sem, unsigned sec, int nsec) */
#define MACH_TRAP_semaphore_timedwait_signal_trap -39 /* (wait, signal, unsigned sec, int nsec) */
#define MACH_TRAP_swtch_pri             -59  /* (int pri) -> boolean_t */
#define MACH_TRAP_swtch                 -60  /* () -> boolean_t */
#define MACH_TRAP_thread_switch         -61  /* (mach_port_name_t thread, int option, mach_msg_timeout_t ms) -> kern_return_t */
#define MACH_TRAP__kernelrpc_mach_port_request_notification_trap -77 /* (target, name, msgid, sync, notify, notifyPoly, mach_port_name_t *previous) */
/* MachRV: write len bytes at buf to the kernel console (before the
 * user-level console driver runs). -> kern_return_t */
#define MACH_TRAP_machrv_debug_write    -120
/* MachRV: does nothing, returns KERN_SUCCESS (for measuring a trap). */
#define MACH_TRAP_machrv_null_trap      -121
/* MachRV: a server's record in the event trace (<machrv/trace_note.h>):
 * (code, n0, n1, text, len) -> kern_return_t */
#define MACH_TRAP_machrv_trace_note_trap -122
/* MachRV: is [addr, addr + size) of the task `task' names (a send right
 * to its task port) mapped writable?  For a server that writes into a
 * client later (bsd_server's answers, <machrv/syscall_msg.h>):
 * (mach_port_name_t task, vm_address_t addr, vm_size_t size) ->
 * KERN_SUCCESS, KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE,
 * KERN_INVALID_ARGUMENT (not a task's port) */
#define MACH_TRAP_machrv_task_writable  -123
/* MachRV: vm_read_overwrite and vm_write as kernel-RPC traps (libmach's
 * vm_read_overwrite and vm_write try them first, as the _kernelrpc_ traps
 * above; MACH_SEND_INVALID_DEST when `target' is no task port):
 * (target, address, size, data, vm_size_t *outsize) -> kern_return_t;
 * (target, address, data, count) -> kern_return_t */
#define MACH_TRAP_machrv_vm_read_overwrite_trap -124
#define MACH_TRAP_machrv_vm_write_trap  -125
/* MachRV: mach_port_set_label as a kernel-RPC trap (libmach's tries it first):
 * (target, name, const char *label) -> kern_return_t */
#define MACH_TRAP_machrv_port_set_label_trap -126
/* MachRV: a Unix personality's worker serves system calls in registers
 * (<machrv/syscall_msg.h>, "Serving in registers"):
 * (msg, option, send_size, rcv_size, rcv_name, int answer, rv0, rv1) ->
 * mach_msg_return_t, or MACHRV_SYSCALL_SERVED with the call in msg;
 * () -> the name of a send-once right for the call being served */
#define MACH_TRAP_machrv_syscall_serve  -127
#define MACH_TRAP_machrv_syscall_reply_port -128

/* The most-negative trap number the kernel's table covers. */
#define MACH_TRAP_TABLE_SIZE            129

#endif /* _MACH_SYSCALL_SW_H_ */
