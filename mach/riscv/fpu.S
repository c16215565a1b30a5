/* SPDX-License-Identifier: BSD-2-Clause */
/* Saving and loading the 32 FP registers and fcsr (struct fpu_state). */
	.option push
	.option arch, +d
	.section .text

	.globl fpu_save_regs
fpu_save_regs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, \n*8(a0)
	.endr
	frcsr	t0
	sw	t0, 32*8(a0)
	ret

	.globl fpu_load_regs
fpu_load_regs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, \n*8(a0)
	.endr
	lw	t0, 32*8(a0)
	fscsr	t0
	ret
	.option pop
