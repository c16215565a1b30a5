/* SPDX-License-Identifier: BSD-2-Clause */
/* The Mach trap stubs: each puts its trap number (<mach/syscall_sw.h>) in
 * a7 and traps; the arguments are already in a0..a6 and the result comes
 * back in a0, so a stub is three instructions. */
#include <mach/syscall_sw.h>
#include <machrv/syscall_msg.h>

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

/*
 * machrv_syscall_serve_trap(msg, option, send_size, rcv_size, rcv_name,
 * answer, rv0, rv1): rv1 goes in t0 (a7 is the trap number).  A call that
 * came in registers (a0 = MACHRV_SYSCALL_SERVED, <machrv/syscall_msg.h>)
 * is stored into msg (8-aligned) where the request keeps it: its number
 * at 32, arguments at 40..80, ecall address at 88, thread id at 96, and
 * the port name and sequence number at 8 for machrv_syscall_serve
 * (syscall_serve.c) to finish the request.  t3 keeps msg across the trap
 * (the kernel gives a user thread its registers back).
 */
	.section .text.machrv_syscall_serve_trap, "ax", @progbits
	.globl machrv_syscall_serve_trap
	.type machrv_syscall_serve_trap, @function
	.p2align 2
machrv_syscall_serve_trap:
	mv	t0, a7
	mv	t3, a0
	li	a7, MACH_TRAP_machrv_syscall_serve
	ecall
	li	t4, MACHRV_SYSCALL_SERVED
	bne	a0, t4, 1f
	sd	t2, 8(t3)
	sd	a7, 32(t3)
	sd	a1, 40(t3)
	sd	a2, 48(t3)
	sd	a3, 56(t3)
	sd	a4, 64(t3)
	sd	a5, 72(t3)
	sd	a6, 80(t3)
	sd	t0, 88(t3)
	sd	t1, 96(t3)
1:	ret
	.size machrv_syscall_serve_trap, . - machrv_syscall_serve_trap

MACH_TRAP(machrv_syscall_reply_port)
