/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The entry point of a Unix program.  bsd_server starts the first thread
 * here (execve) with sp = the 16-byte aligned top of the stack,
 * a0 = argc, a1 = argv, a2 = envp.  gp is not used (see libmach/crt0.S); end the frame chain, go on in C.
 */
	.section .text.init.enter, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	li	gp, 0		/* unused: user.ld defines no __global_pointer$ */
	li	fp, 0
	li	ra, 0
	andi	sp, sp, -16
	call	__bsd_start
1:	ebreak
	j	1b
	.size	_start, . - _start
