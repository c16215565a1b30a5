/* SPDX-License-Identifier: BSD-2-Clause */
/* The smallest user program, for test_elf: text, read-only data, data and
 * bss, linked by libmach/user.ld as every MachRV program is.  It writes
 * "hello\n" with the debug-write trap and spins. */
	.section .text.init.enter, "ax", @progbits
	.globl	_start
_start:
	la	a0, message
	li	a1, 6
	li	a7, -120
	ecall
1:	j	1b

	.section .rodata
	.globl	message
message:
	.ascii	"hello\n"

	.section .data
	.globl	counter
counter:
	.dword	42

	.section .bss
	.globl	buffer
buffer:
	.space	8192
