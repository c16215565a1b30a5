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

/*
 * context_jump: go to `fn' with `x', `y' and `z' as its first three
 * arguments, for good.  For a call to a function that does not return
 * from code that otherwise needs no frame: GCC makes no tail call to a
 * noreturn function, so a call would make its caller save registers
 * (and its return address) that are never used again.
 */
static inline __attribute__((always_inline, noreturn)) void
context_jump(const void *fn, uint64_t x, uint64_t y, uint64_t z)
{
	register uint64_t a0 __asm__("a0") = x;
	register uint64_t a1 __asm__("a1") = y;
	register uint64_t a2 __asm__("a2") = z;

	__asm__ __volatile__("jr %3" : : "r"(a0), "r"(a1), "r"(a2), "r"(fn) : "memory");
	__builtin_unreachable();
}

/*
 * context_jump_on: context_jump onto another kernel stack (`sp'), with
 * five arguments, as the first frame there (no return address, no frame
 * pointer: backtraces end at it, as at thread_continue_trampoline).  For
 * a hand-off that starts the thread switched to somewhere other than its
 * continuation (kern/sched_handoff.h).
 */
static inline __attribute__((always_inline, noreturn)) void
context_jump_on(uint64_t sp, const void *fn, uint64_t x, uint64_t y, uint64_t z, uint64_t w,
		uint64_t v)
{
	register uint64_t a0 __asm__("a0") = x;
	register uint64_t a1 __asm__("a1") = y;
	register uint64_t a2 __asm__("a2") = z;
	register uint64_t a3 __asm__("a3") = w;
	register uint64_t a4 __asm__("a4") = v;

	__asm__ __volatile__("mv	sp, %5\n"
			     "	mv	s0, zero\n"
			     "	mv	ra, zero\n"
			     "	jr	%6"
			     :
			     : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(sp), "r"(fn)
			     : "memory");
	__builtin_unreachable();
}

#endif /* _RISCV_CONTEXT_H_ */
