/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * User-mode programs for the task self-tests (tests/kernel/st_task.c),
 * copied as one blob to a user page; each starts at its own label.  They
 * report to the kernel by sending a message (id 777, two 32-bit values s1,
 * s2) to the send right named in s0, then yield forever with swtch.
 */
	.section .rodata
	.p2align 2
	.globl st_user_blob, st_user_blob_end
	.globl st_user_send_task_self, st_user_touch, st_user_bad_access
	.globl st_user_unix_syscall, st_user_fp, st_user_debug_write

st_user_blob:

/* Send (s1, s2) to s0 as message 777, then yield forever. */
report:
	addi	sp, sp, -64
	li	t0, 19			/* MACH_MSGH_BITS(COPY_SEND, 0) */
	sw	t0, 0(sp)
	li	t0, 32
	sw	t0, 4(sp)		/* msgh_size */
	sw	s0, 8(sp)		/* remote: the reporting port */
	sw	zero, 12(sp)
	sw	zero, 16(sp)
	li	t0, 777
	sw	t0, 20(sp)		/* msgh_id */
	sw	s1, 24(sp)
	sw	s2, 28(sp)
	mv	a0, sp
	li	a1, 1			/* MACH_SEND_MSG */
	li	a2, 32
	li	a3, 0
	li	a4, 0
	li	a5, 0
	li	a6, 0
	li	a7, -31			/* mach_msg_trap */
	ecall
	mv	s2, a0			/* the send's result, for the spin loop to keep */
1:	li	a7, -60			/* swtch */
	ecall
	j	1b

/* a0: report port.  Reports (task_self(), thread_self()). */
st_user_send_task_self:
	mv	s0, a0
	li	a7, -28
	ecall
	mv	s1, a0
	li	a7, -27
	ecall
	mv	s2, a0
	j	report

/* a0: report port, a1: an address in unfaulted memory.  Writes, reads back, reports. */
st_user_touch:
	mv	s0, a0
	li	t0, 0xabcd
	sd	t0, 0(a1)
	ld	s1, 0(a1)
	li	t1, 4096
	add	a1, a1, t1
	ld	s2, 0(a1)		/* the next page: zero-filled */
	j	report

/* Load from address 8: no mapping there. */
st_user_bad_access:
	li	t0, 8
	ld	t1, 0(t0)
	j	st_user_bad_access

/* a0: report port.  Unix call 42 with arguments 1..6; reports (a0, a1). */
st_user_unix_syscall:
	mv	s0, a0
	li	a0, 1
	li	a1, 2
	li	a2, 3
	li	a3, 4
	li	a4, 5
	li	a5, 6
	li	a7, 42
	ecall
	mv	s1, a0
	mv	s2, a1
	j	report

/* a0: report port, a1: a seed.  FP work across yields; reports (ok, result). */
	.option push
	.option arch, +d
st_user_fp:
	mv	s0, a0
	fcvt.d.l fa0, a1		/* x = seed */
	li	t0, 1
	fcvt.d.l fa1, t0		/* one */
	li	s3, 200
2:	fadd.d	fa0, fa0, fa1		/* x += 1, with a yield in between */
	li	a7, -60
	ecall
	addi	s3, s3, -1
	bnez	s3, 2b
	fcvt.l.d s2, fa0		/* seed + 200 if nothing clobbered fa0 */
	li	s1, 1
	j	report
	.option pop

/* a0: report port.  Writes a line through the debug trap; reports its result. */
st_user_debug_write:
	mv	s0, a0
	la	a0, hello
	la	a1, hello_end
	sub	a1, a1, a0
	li	a7, -120
	ecall
	mv	s1, a0
	li	s2, 0
	j	report
hello:
	.ascii	"st_user: hello from user mode\n"
hello_end:
	.p2align 2
st_user_blob_end:
