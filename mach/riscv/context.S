/* SPDX-License-Identifier: BSD-2-Clause */
/* context_save / context_resume (see riscv/context.h). */
	.section .text
	.globl context_save
context_save:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	sd	s0, 16(a0)
	sd	s1, 24(a0)
	sd	s2, 32(a0)
	sd	s3, 40(a0)
	sd	s4, 48(a0)
	sd	s5, 56(a0)
	sd	s6, 64(a0)
	sd	s7, 72(a0)
	sd	s8, 80(a0)
	sd	s9, 88(a0)
	sd	s10, 96(a0)
	sd	s11, 104(a0)
	li	a0, 0
	ret

	.globl context_resume
context_resume:
	ld	ra, 0(a0)
	ld	sp, 8(a0)
	ld	s0, 16(a0)
	ld	s1, 24(a0)
	ld	s2, 32(a0)
	ld	s3, 40(a0)
	ld	s4, 48(a0)
	ld	s5, 56(a0)
	ld	s6, 64(a0)
	ld	s7, 72(a0)
	ld	s8, 80(a0)
	ld	s9, 88(a0)
	ld	s10, 96(a0)
	ld	s11, 104(a0)
	mv	a0, a1
	ret

/*
 * struct thread *context_switch(struct context *from, struct context *to,
 *                               struct thread *prev)
 * Save this thread's kernel registers in `from', load `to' and return
 * `prev' there: in the thread switched to, context_switch (or, for a new
 * thread, thread_trampoline) returns the thread that switched to it.
 */
	.globl context_switch
context_switch:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	sd	s0, 16(a0)
	sd	s1, 24(a0)
	sd	s2, 32(a0)
	sd	s3, 40(a0)
	sd	s4, 48(a0)
	sd	s5, 56(a0)
	sd	s6, 64(a0)
	sd	s7, 72(a0)
	sd	s8, 80(a0)
	sd	s9, 88(a0)
	sd	s10, 96(a0)
	sd	s11, 104(a0)
	ld	ra, 0(a1)
	ld	sp, 8(a1)
	ld	s0, 16(a1)
	ld	s1, 24(a1)
	ld	s2, 32(a1)
	ld	s3, 40(a1)
	ld	s4, 48(a1)
	ld	s5, 56(a1)
	ld	s6, 64(a1)
	ld	s7, 72(a1)
	ld	s8, 80(a1)
	ld	s9, 88(a1)
	ld	s10, 96(a1)
	ld	s11, 104(a1)
	mv	a0, a2
	ret

/* A new thread's first instruction: a0 = the thread that switched to it. */
	.globl thread_trampoline
thread_trampoline:
	mv	s0, zero		/* backtraces end here */
	call	thread_start
1:	j	1b

/*
 * A thread that blocked with a continuation (kern/sched.h) resumes here,
 * on its empty kernel stack: a0 = the thread that switched to it, s1 = the
 * continuation, which is called with it (sched_lock still held) and never
 * returns.
 */
	.globl thread_continue_trampoline
thread_continue_trampoline:
	mv	s0, zero		/* backtraces end here */
	mv	ra, zero
	jr	s1

/*
 * void context_resume_continuation(const struct context *ctx, struct thread *prev)
 * context_resume for a context made by a block with a continuation: only
 * sp and s1 mean anything there, so only they are loaded.
 */
	.globl context_resume_continuation
context_resume_continuation:
	ld	sp, 8(a0)
	ld	s1, 24(a0)
	mv	a0, a1
	j	thread_continue_trampoline
