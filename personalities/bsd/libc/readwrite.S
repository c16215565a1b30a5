/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * read(fd, buf, n) and write(fd, buf, n): a descriptor the library knows
 * is a file (__bsd_fd_state[fd] == FD_NOT_PIPE, pipe_direct.c) goes
 * straight to the trap stub, nine instructions and no frame; any other
 * (a pipe, or not known yet) to pipe_direct.c, which may move the bytes
 * through the pipe's ring without a system call.
 */
#define NFD		64
#define FD_NOT_PIPE	1

.macro READ_OR_WRITE name, stub, maybe_pipe
	.section .text.\name, "ax", @progbits
	.globl	\name
	.type	\name, @function
	.p2align 2
\name:
	li	t0, NFD
	bgeu	a0, t0, 1f
	lla	t0, __bsd_fd_state
	add	t0, t0, a0
	lbu	t0, 0(t0)
	li	t1, FD_NOT_PIPE
	bne	t0, t1, 2f
1:	j	\stub
2:	j	\maybe_pipe
	.size	\name, . - \name
.endm

	READ_OR_WRITE read, __sys_read, __bsd_read_maybe_pipe
	READ_OR_WRITE write, __sys_write, __bsd_write_maybe_pipe
