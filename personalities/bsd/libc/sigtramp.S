/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where a signal handler returns (its ra, set by bsd_server): sp is the
 * frame bsd_server built (<machrv/bsd_signal.h>), so the context is at
 * sp + 16 (after the 16-byte siginfo); sigreturn never comes back.
 */
	.section .text.__bsd_sigtramp, "ax", @progbits
	.globl	__bsd_sigtramp
	.type	__bsd_sigtramp, @function
	.p2align 2
__bsd_sigtramp:
	addi	a0, sp, 16
	li	a7, 417		/* SYS_sigreturn */
	ecall
1:	ebreak
	j	1b
	.size	__bsd_sigtramp, . - __bsd_sigtramp
