/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The frame bsd_server builds on a process's stack to run a signal
 * handler (docs/bsd.md, "How a signal is delivered").  The handler runs
 * with pc = the handler, sp = the frame, a0 = the signal, a1 = &info,
 * a2 = &context, ra = the trampoline the library gave with sigaction; the
 * trampoline calls sigreturn(&context), which restores the registers,
 * the FP state and the signal mask saved here.
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
};

#endif /* _MACHRV_BSD_SIGNAL_H_ */
