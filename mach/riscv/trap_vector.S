/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trap entry and exit for traps from S-mode and from U-mode.
 *
 * sscratch is 0 while the hart runs in the kernel and holds the hart's
 * struct cpu while it runs in user mode.  On entry (1) swap tp and sscratch:
 * a non-zero tp means we came from U-mode and must switch to the kernel
 * stack; (2) push a full trap_frame; (3) call trap_handler(frame);
 * (4) trap_return() pops it, re-arming sscratch when going back to U-mode.
 */
#include "riscv/csr.h"
#include "riscv/cpu.h"
#include "riscv/trap.h"
#include "kern/syscall_sw.h"

.macro SAVE_GPRS
	sd	ra, 1*8(sp)
	sd	gp, 3*8(sp)
	sd	t0, 5*8(sp)
	sd	t1, 6*8(sp)
	sd	t2, 7*8(sp)
	sd	s0, 8*8(sp)
	sd	s1, 9*8(sp)
	sd	a0, 10*8(sp)
	sd	a1, 11*8(sp)
	sd	a2, 12*8(sp)
	sd	a3, 13*8(sp)
	sd	a4, 14*8(sp)
	sd	a5, 15*8(sp)
	sd	a6, 16*8(sp)
	sd	a7, 17*8(sp)
	sd	s2, 18*8(sp)
	sd	s3, 19*8(sp)
	sd	s4, 20*8(sp)
	sd	s5, 21*8(sp)
	sd	s6, 22*8(sp)
	sd	s7, 23*8(sp)
	sd	s8, 24*8(sp)
	sd	s9, 25*8(sp)
	sd	s10, 26*8(sp)
	sd	s11, 27*8(sp)
	sd	t3, 28*8(sp)
	sd	t4, 29*8(sp)
	sd	t5, 30*8(sp)
	sd	t6, 31*8(sp)
.endm

	.section .text
	.p2align 2
	.globl trap_vector
trap_vector:
	csrrw	tp, sscratch, tp		/* (1) */
	bnez	tp, from_user

from_kernel:
	csrrw	tp, sscratch, tp		/* tp = cpu again, sscratch = 0 */
	addi	sp, sp, -TF_SIZE		/* (2) */
	SAVE_GPRS
	addi	t0, sp, TF_SIZE
	sd	t0, TF_SP(sp)			/* sp before the trap */
	sd	tp, TF_TP(sp)
	j	save_csrs

from_user:
	sd	sp, CPU_SCRATCH(tp)
	ld	sp, CPU_KSTACK_TOP(tp)
	addi	sp, sp, -TF_SIZE		/* (2) */
	SAVE_GPRS
	ld	t0, CPU_SCRATCH(tp)
	sd	t0, TF_SP(sp)			/* user sp */
	csrrw	t0, sscratch, zero		/* user tp; in the kernel now */
	sd	t0, TF_TP(sp)
	/* The kernel does not use gp; keep the user's in the frame only. */

save_csrs:
	csrr	t2, sepc			/* stored below, once its way is known */
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)

	mv	s0, zero			/* backtraces stop at the trap */
	/*
	 * mach_msg from user mode (ecall, a7 = -MACH_TRAP_MSG) goes straight
	 * to the IPC code, interrupts still off, its arguments still in
	 * a0..a6: the fast RPC path (trap_mach_msg_user), which returns only
	 * if it missed, then the general one (trap_mach_msg_general,
	 * interrupts on); another Mach trap (a7 < 0) straight to
	 * syscall_dispatch (trap_mach_trap_user), unless a self-test watches
	 * user traps (trap_user_hook: its ecalls are neither mach_msg, nor
	 * Unix calls, nor machrv_syscall_serve, so only that way asks).
	 * Built with MACHRV_IPC_FAST 0
	 * (-DMACHRV_IPC_FAST=OFF) the fast path is not tried (riscv/trap.c,
	 * trap_mach_msg_user).  Every other way takes the frame in a0.
	 */
	li	t1, CAUSE_ECALL_U
	bne	t0, t1, 5f			/* t0 = scause */
	sd	zero, TF_STVAL(sp)		/* an ecall has no faulting address */
	bgez	a7, 3f				/* a Unix system call */
	li	t1, -MACH_TRAP_MSG
	bne	a7, t1, 7f
	addi	t2, t2, 4			/* past the ecall (t2 = sepc) */
	sd	t2, TF_SEPC(sp)
	call	trap_mach_msg_user		/* returns only on a miss: why, in a0 */
	mv	a1, a0
	mv	a0, sp
	call	trap_mach_msg_general
	j	2f
	/*
	 * A worker serving Unix calls in registers (kern/unix_serve.c): as
	 * mach_msg, its one step first (the frame in a7, for t0).
	 */
7:	li	t1, -MACH_TRAP_SYSCALL_SERVE
	bne	a7, t1, 4f
	addi	t2, t2, 4
	sd	t2, TF_SEPC(sp)
	mv	a7, sp
	call	trap_syscall_serve_user		/* returns only on a miss: why, in a0 */
	mv	a1, a0
	mv	a0, sp
	call	trap_syscall_serve_general
	j	2f
	/*
	 * Any other Mach trap: straight to its routine, unless a self-test
	 * watches user traps (its user code's ecalls are such traps).
	 */
4:	ld	t1, trap_user_hook
	bnez	t1, 6f
	sd	t2, TF_SEPC(sp)
	mv	a0, sp
	call	trap_mach_trap_user
	j	2f
	/*
	 * A Unix system call (a7 >= 0) goes to its personality in one step
	 * when a worker waits (unix_fast returns only if it missed), then
	 * the usual way.
	 */
3:	sd	t2, TF_SEPC(sp)
#if MACHRV_IPC_FAST
	mv	a0, sp
	call	unix_fast
#endif
	j	1f
	/* Anything else: the faulting address too, then trap_handler. */
5:	csrr	t1, stval
	sd	t1, TF_STVAL(sp)
6:	sd	t2, TF_SEPC(sp)
1:	mv	a0, sp
	call	trap_handler			/* (3) */
2:	mv	a0, sp
	/* fall through */

/*
 * trap_return(frame): (4) restore the state in `frame' and sret.
 * Interrupts must be off (the sret re-enables them from SPIE).
 */
	.globl trap_return
trap_return:
	mv	sp, a0
	csrc	sstatus, SSTATUS_SIE
	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	andi	t0, t0, SSTATUS_SPP
	bnez	t0, 1f
	j	2f			/* to U-mode: sscratch and tp as trap_return_user's */

/*
 * trap_return_user(frame): trap_return for a frame known to be a user
 * thread's (SPP clear: no way into the kernel sets it in one), without
 * asking which mode it returns to: system calls' returns.
 */
	.globl trap_return_user
trap_return_user:
	mv	sp, a0
	csrc	sstatus, SSTATUS_SIE
	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	/* Returning to U-mode: the next trap must find struct cpu in sscratch. */
2:	csrw	sscratch, tp
	ld	tp, TF_TP(sp)
1:
	ld	ra, 1*8(sp)
	ld	gp, 3*8(sp)
	ld	t0, 5*8(sp)
	ld	t1, 6*8(sp)
	ld	t2, 7*8(sp)
	ld	s0, 8*8(sp)
	ld	s1, 9*8(sp)
	ld	a0, 10*8(sp)
	ld	a1, 11*8(sp)
	ld	a2, 12*8(sp)
	ld	a3, 13*8(sp)
	ld	a4, 14*8(sp)
	ld	a5, 15*8(sp)
	ld	a6, 16*8(sp)
	ld	a7, 17*8(sp)
	ld	s2, 18*8(sp)
	ld	s3, 19*8(sp)
	ld	s4, 20*8(sp)
	ld	s5, 21*8(sp)
	ld	s6, 22*8(sp)
	ld	s7, 23*8(sp)
	ld	s8, 24*8(sp)
	ld	s9, 25*8(sp)
	ld	s10, 26*8(sp)
	ld	s11, 27*8(sp)
	ld	t3, 28*8(sp)
	ld	t4, 29*8(sp)
	ld	t5, 30*8(sp)
	ld	t6, 31*8(sp)
	ld	sp, TF_SP(sp)
	sret
