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
MACH_TRAP(semaphore_signal_trap)
MACH_TRAP(semaphore_signal_all_trap)
MACH_TRAP(semaphore_signal_thread_trap)
MACH_TRAP(semaphore_wait_trap)
MACH_TRAP(semaphore_wait_signal_trap)
MACH_TRAP(semaphore_timedwait_trap)
MACH_TRAP(semaphore_timedwait_signal_trap)
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
 * machrv_syscall_serve(msg, option, send_size, rcv_size, rcv_name, answer)
 * (<mach/mach_traps.h>): the answer's fields go in registers, the error
 * in a5, rv[0] in a6, rv[1] in t0 (a7 is the trap number), out in t1,
 * out_size in t2.  A call that came in registers (a0 = MACHRV_SYSCALL_SERVED,
 * <machrv/syscall_msg.h>, "Serving in registers") is written into msg
 * (8-aligned) as the message form would deliver it, by words
 * (little-endian: two 4-byte fields a word, the first the low half): the
 * header (reply port MACHRV_SYSCALL_REPLY_HELD, local port the name in
 * t2's low half), the NDR record, the number, arguments, ecall address
 * and thread id, then the trailer the option asks for (the kernel sends a
 * call this way only for none or the sequence number: t2's high half);
 * the thread's work is then not traced (machrv_traced, as mach_msg sets
 * it from a message) and the call returns MACH_MSG_SUCCESS.  A message
 * received sets machrv_traced from its traced bit, as mach_msg does.
 * Anything else (an error) goes on in C, machrv_syscall_serve_done
 * (mach_msg.c: mach_msg's restarts, the traced bit), with a0..a4 as they
 * were (the kernel keeps them) and the result in a5.  In assembly: a
 * worker's every call goes through it.  t3 and t5 keep msg and option
 * across the trap (the kernel gives a user thread its registers back).
 */
#define REQ_WORD0	(0x1112 | (104 << 32))	/* MACH_MSGH_BITS(PORT_SEND_ONCE, PORT_SEND), size 104 */
#define REQ_WORD2	(MACHRV_SYSCALL_MSG_ID << 32)	/* voucher 0, msgh_id */
#define NDR_WORD	(1 << 32)		/* NDR_record: int_rep little-endian, the rest 0 */
	.section .text.machrv_syscall_serve, "ax", @progbits
	.globl machrv_syscall_serve
	.type machrv_syscall_serve, @function
	.p2align 2
machrv_syscall_serve:
	lwu	t2, 4(a5)			/* the answer (machrv_syscall_answer_t): out_size */
	ld	a6, 8(a5)			/* rv[0] */
	ld	t0, 16(a5)			/* rv[1] */
	ld	t1, 24(a5)			/* out */
	lw	a5, 0(a5)			/* error */
	mv	t3, a0
	mv	t5, a1
	li	a7, MACH_TRAP_machrv_syscall_serve
	ecall
	li	t4, MACHRV_SYSCALL_SERVED
	bne	a0, t4, 6f
	lla	t6, serve_words
	ld	t4, 0(t6)
	sd	t4, 0(t3)
	slli	t4, t2, 32
	ld	a0, 8(t6)
	or	t4, t4, a0
	sd	t4, 8(t3)
	ld	t4, 16(t6)
	sd	t4, 16(t3)
	ld	t4, 24(t6)
	sd	t4, 24(t3)
	sd	a7, 32(t3)
	sd	a1, 40(t3)
	sd	a2, 48(t3)
	sd	a3, 56(t3)
	sd	a4, 64(t3)
	sd	a5, 72(t3)
	sd	a6, 80(t3)
	sd	t0, 88(t3)
	sd	t1, 96(t3)
	srli	t5, t5, 24			/* GET_RCV_ELEMENTS(option) */
	andi	t5, t5, 0xf
	li	t4, 8 << 32			/* format 0, mach_msg_trailer_t */
	beqz	t5, 1f
	li	t4, 12 << 32			/* format 0, mach_msg_seqno_trailer_t */
	srli	t2, t2, 32
	sw	t2, 112(t3)			/* msgh_seqno (4 bytes: the trailer ends at 116) */
1:	sd	t4, 104(t3)
	beqz	tp, 2f				/* a thread without TLS */
	lui	t4, %tprel_hi(machrv_traced)
	add	t4, t4, tp, %tprel_add(machrv_traced)
	sw	zero, %tprel_lo(machrv_traced)(t4)
2:	li	a0, 0				/* MACH_MSG_SUCCESS */
	ret
6:	beqz	a0, 4f				/* a message, as mach_msg's receive gives it */
	mv	a5, a0
	mv	a0, t3
	tail	machrv_syscall_serve_done
	/* A message received: its traced bit, as mach_msg keeps it (a receive only). */
4:	srli	t5, t5, 1			/* MACH_RCV_MSG (2) */
	andi	t5, t5, 1
	beqz	t5, 5f
	beqz	tp, 5f				/* a thread without TLS */
	lwu	t4, 0(t3)			/* msgh_bits */
	srli	t4, t4, 23			/* MACH_MSGH_BITS_MACHRV_TRACED */
	andi	t4, t4, 1
	lui	t6, %tprel_hi(machrv_traced)
	add	t6, t6, tp, %tprel_add(machrv_traced)
	sw	t4, %tprel_lo(machrv_traced)(t6)
5:	ret
	.size machrv_syscall_serve, . - machrv_syscall_serve

	/* The request's constant words (one load each, not a li of several instructions). */
	.section .rodata.serve_words, "a", @progbits
	.p2align 3
serve_words:
	.dword	REQ_WORD0
	.dword	MACHRV_SYSCALL_REPLY_HELD
	.dword	REQ_WORD2
	.dword	NDR_WORD

MACH_TRAP(machrv_syscall_reply_port)
