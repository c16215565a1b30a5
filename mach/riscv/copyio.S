/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * int riscv_copy_user(void *dst, const void *src, size_t len)
 * Copy with sstatus.SUM set (so S-mode may touch U pages).  The loop's
 * range is an entry of the __user_access table (riscv/copyio.h): a page
 * fault inside it that cannot be served makes trap_handler resume at 2f,
 * which returns -1.
 */
#include "riscv/csr.h"
#include "riscv/cpu.h"

	.section .text
	.globl riscv_copy_user
riscv_copy_user:
	li	t1, SSTATUS_SUM
	csrs	sstatus, t1
0:
	.pushsection __user_access, "a"
	.balign	8
	.dword	0b, 2f, 2f
	.popsection
	/* Four words a turn, then words, while both are 8-byte aligned; a
	   4-byte word (messages are multiples of 4); then bytes. */
	or	t2, a0, a1
	andi	t2, t2, 7
	bnez	t2, 1f
	li	t3, 32
	bltu	a2, t3, 6f
3:	ld	t4, 0(a1)
	ld	t5, 8(a1)
	ld	t6, 16(a1)
	ld	a3, 24(a1)
	sd	t4, 0(a0)
	sd	t5, 8(a0)
	sd	t6, 16(a0)
	sd	a3, 24(a0)
	addi	a0, a0, 32
	addi	a1, a1, 32
	addi	a2, a2, -32
	bgeu	a2, t3, 3b
6:	li	t3, 8
	bltu	a2, t3, 7f
	ld	t4, 0(a1)
	sd	t4, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	6b
7:	li	t3, 4
	bltu	a2, t3, 1f
	lw	t4, 0(a1)
	sw	t4, 0(a0)
	addi	a0, a0, 4
	addi	a1, a1, 4
	addi	a2, a2, -4
1:	beqz	a2, 4f
	lbu	t4, 0(a1)
	sb	t4, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	1b
4:	li	a0, 0
	j	5f
2:	li	a0, -1
5:	li	t1, SSTATUS_SUM
	csrc	sstatus, t1
	ret
