/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The frame bsd_server builds on a process's stack to run a signal
 * handler (docs/bsd.md, "How a signal is delivered").  The thread resumes
 * at the library's __bsd_sigenter (given with every sigaction) with
 * sp = the frame; it reads the signal, &info, &context and the handler
 * from the frame, not from registers (an answer to a call still on its
 * way may yet write a0 and a1), calls the handler, then
 * sigreturn(&context), which restores the registers, the FP state and
 * the signal mask saved here.
 */
#ifndef _MACHRV_BSD_SIGNAL_H_
#define _MACHRV_BSD_SIGNAL_H_
#include <stdint.h>

struct bsd_siginfo {		/* the layout of picolibc's siginfo_t */
	int32_t		si_signo;
	int32_t		si_code;
	uint64_t	si_value;
};

struct bsd_ucontext {
	uint64_t	uc_sigmask;	/* the mask before the handler ran */
	uint64_t	uc_magic;	/* BSD_UCONTEXT_MAGIC: sigreturn checks it */
	uint64_t	gregs[32];	/* pc, x1..x31 (riscv_thread_state_t) */
	uint64_t	fregs[32];	/* f0..f31 */
	uint64_t	fcsr;
};

#define BSD_UCONTEXT_MAGIC	0x4d61636852565543ULL	/* "MachRVUC" */

struct bsd_sigframe {
	struct bsd_siginfo	info;
	struct bsd_ucontext	uc;
	uint64_t		handler;	/* what __bsd_sigenter calls */
	uint64_t		pad;
};

/* Where __bsd_sigenter finds the handler (checked by both sides). */
#define BSD_SIGFRAME_HANDLER	552

_Static_assert(sizeof(struct bsd_siginfo) == 16, "the context is at sp + 16");
_Static_assert(__builtin_offsetof(struct bsd_sigframe, handler) == BSD_SIGFRAME_HANDLER,
	       "__bsd_sigenter's offset");

#endif /* _MACHRV_BSD_SIGNAL_H_ */
