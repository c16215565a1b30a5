/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Saved kernel execution contexts: the callee-saved registers, ra and sp.
 * context_save() returns 0 when called and `value' when context_resume()
 * later goes back to it (the same pattern as setjmp/longjmp).
 * context_switch() moves a hart from one thread's kernel stack to another's.
 */
#ifndef _RISCV_CONTEXT_H_
#define _RISCV_CONTEXT_H_
#include <stdint.h>

struct context {
	uint64_t ra, sp, s[12];
};

long context_save(struct context *ctx) __attribute__((returns_twice));
void context_resume(const struct context *ctx, long value) __attribute__((noreturn));

struct thread;
struct thread *context_switch(struct context *from, struct context *to, struct thread *prev);
void thread_trampoline(void);
void thread_continue_trampoline(void);
/* Resume a context whose ra is thread_continue_trampoline (sp and s1 only). */
void context_resume_continuation(const struct context *ctx, struct thread *prev)
	__attribute__((noreturn));

#endif /* _RISCV_CONTEXT_H_ */
