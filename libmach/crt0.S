/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The entry point of every MachRV user program.  The kernel starts the
 * first thread here with sp = the 16-byte aligned top of its stack,
 * a0 = argc, a1 = argv, a2 = envp (docs/libmach.md); everything else is
 * undefined.  gp is not used (user.ld defines no __global_pointer$, so no
 * access is relaxed to it): end the frame-pointer chain and go on in C.
 */
	.section .text.init.enter, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	li	gp, 0		/* unused: user.ld defines no __global_pointer$ */
	li	fp, 0
	li	ra, 0
	andi	sp, sp, -16
	call	__libmach_start
	/* __libmach_start does not return; if it ever did, stop here. */
1:	ebreak
	j	1b
	.size	_start, . - _start
