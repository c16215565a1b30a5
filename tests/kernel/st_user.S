/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * User-mode code for tests/kernel/st_trap.c, copied into a user page.
 * It sets every register but sp to 0x1000 + its number (a7 to its
 * negative: a Mach trap of no number), traps twice with
 * ecall (the kernel checks the frames), then loads from an unmapped page.
 */
	.section .rodata
	.p2align 2
	.globl st_user_code, st_user_code_end
st_user_code:
	li	x1, 0x1001
	li	x3, 0x1003
	li	x4, 0x1004
	li	x5, 0x1005
	li	x6, 0x1006
	li	x7, 0x1007
	li	x8, 0x1008
	li	x9, 0x1009
	li	x10, 0x100a
	li	x11, 0x100b
	li	x12, 0x100c
	li	x13, 0x100d
	li	x14, 0x100e
	li	x15, 0x100f
	li	x16, 0x1010
	li	x17, -0x1011		/* a7: a Mach trap of no number (st_trap.c) */
	li	x18, 0x1012
	li	x19, 0x1013
	li	x20, 0x1014
	li	x21, 0x1015
	li	x22, 0x1016
	li	x23, 0x1017
	li	x24, 0x1018
	li	x25, 0x1019
	li	x26, 0x101a
	li	x27, 0x101b
	li	x28, 0x101c
	li	x29, 0x101d
	li	x30, 0x101e
	li	x31, 0x101f
	ecall
	ecall
	li	t0, 0x30000
	ld	t1, 0(t0)
1:	j	1b
st_user_code_end:
