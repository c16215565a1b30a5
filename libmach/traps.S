/* SPDX-License-Identifier: BSD-2-Clause */
/* The Mach trap stubs: each puts its trap number (<mach/syscall_sw.h>) in
 * a7 and traps; the arguments are already in a0..a6 and the result comes
 * back in a0, so a stub is three instructions. */
#include <mach/syscall_sw.h>

#define MACH_TRAP(name)				\
	.section .text.name, "ax", @progbits;	\
	.globl name;				\
	.type name, @function;			\
	.p2align 2;				\
name:						\
	li	a7, MACH_TRAP_##name;		\
	ecall;					\
	ret;					\
	.size name, . - name

MACH_TRAP(_kernelrpc_mach_vm_allocate_trap)
MACH_TRAP(_kernelrpc_mach_vm_deallocate_trap)
MACH_TRAP(_kernelrpc_mach_vm_protect_trap)
MACH_TRAP(_kernelrpc_mach_vm_map_trap)
MACH_TRAP(_kernelrpc_mach_port_allocate_trap)
MACH_TRAP(_kernelrpc_mach_port_destroy_trap)
MACH_TRAP(_kernelrpc_mach_port_deallocate_trap)
MACH_TRAP(_kernelrpc_mach_port_mod_refs_trap)
MACH_TRAP(_kernelrpc_mach_port_move_member_trap)
MACH_TRAP(_kernelrpc_mach_port_insert_right_trap)
MACH_TRAP(_kernelrpc_mach_port_insert_member_trap)
MACH_TRAP(_kernelrpc_mach_port_extract_member_trap)
MACH_TRAP(_kernelrpc_mach_port_request_notification_trap)
MACH_TRAP(mach_reply_port)
MACH_TRAP(thread_self_trap)
MACH_TRAP(task_self_trap)
MACH_TRAP(host_self_trap)
MACH_TRAP(mach_msg_trap)
MACH_TRAP(swtch_pri)
MACH_TRAP(swtch)
MACH_TRAP(thread_switch)
MACH_TRAP(machrv_debug_write)
MACH_TRAP(machrv_null_trap)
MACH_TRAP(machrv_trace_note_trap)
MACH_TRAP(machrv_task_writable)
MACH_TRAP(machrv_vm_read_overwrite_trap)
MACH_TRAP(machrv_vm_write_trap)
MACH_TRAP(machrv_port_set_label_trap)
