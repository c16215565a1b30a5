/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * __bsd_pipe_copy(dst, src, n): copy n bytes between the caller's buffer
 * and a pipe's ring (pipe_direct.c); 0, or -1 when the caller's buffer
 * was not accessible.  bsd_server is told this routine's range
 * [__bsd_pipe_copy, __bsd_pipe_copy_end) when a pipe is attached: a bad
 * access inside it resumes at __bsd_pipe_copy_fault (bsd_server/pipe.c,
 * pipe_copy_fault) instead of being SIGSEGV, so the call is EFAULT as the
 * server's own copy would make it.  A leaf: ra is the caller's throughout.
 */
	.section .text.__bsd_pipe_copy, "ax", @progbits
	.globl	__bsd_pipe_copy, __bsd_pipe_copy_end, __bsd_pipe_copy_fault
	.p2align 2
__bsd_pipe_copy:
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 3f			/* not both 8-aligned: bytes */
1:	li	t1, 8
	bltu	a2, t1, 3f
	ld	t2, 0(a1)
	sd	t2, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	1b
3:	beqz	a2, 4f
	lbu	t2, 0(a1)
	sb	t2, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	3b
4:	li	a0, 0
	ret
__bsd_pipe_copy_end:
__bsd_pipe_copy_fault:
	li	a0, -1
	ret
	.size	__bsd_pipe_copy, . - __bsd_pipe_copy
