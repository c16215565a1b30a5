/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where bsd_server starts a signal handler (<machrv/bsd_signal.h>): sp is
 * the frame it built.  Everything comes from the frame, nothing from a0
 * or a1 (an answer to a call still on its way to the thread may write
 * them): call handler(sig, &info, &context), then sigreturn(&context),
 * which never comes back.  sp is callee-saved, so it is the frame again
 * when the handler returns.
 */
#define BSD_SIGFRAME_HANDLER	552

	.section .text.__bsd_sigenter, "ax", @progbits
	.globl	__bsd_sigenter
	.type	__bsd_sigenter, @function
	.p2align 2
__bsd_sigenter:
	ld	t0, BSD_SIGFRAME_HANDLER(sp)
	lw	a0, 0(sp)		/* info.si_signo */
	mv	a1, sp			/* &info */
	addi	a2, sp, 16		/* &context */
	jalr	t0
	addi	a0, sp, 16
	li	a7, 417			/* SYS_sigreturn */
	ecall
1:	ebreak
	j	1b
	.size	__bsd_sigenter, . - __bsd_sigenter
