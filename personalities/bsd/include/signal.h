/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * picolibc's <signal.h> (BSD's signal numbers, sigset_t, struct
 * sigaction with sa_handler, sa_mask, sa_flags) and what the BSD
 * personality adds: the sa_flags bits beyond SA_NOCLDSTOP, and the
 * frame a handler runs on (<machrv/bsd_signal.h>).  picolibc's struct
 * sigaction has no sa_sigaction member, so SA_SIGINFO handlers are called
 * as handler(sig, siginfo_t *, ucontext *) through sa_handler's pointer.
 */
#ifndef _BSD_SIGNAL_H_
#define _BSD_SIGNAL_H_
#include_next <signal.h>

#define SA_RESTART	0x0002	/* restart a call the signal interrupted */
#define SA_RESETHAND	0x0004	/* back to SIG_DFL once delivered */
#define SA_NODEFER	0x0010	/* do not block the signal in its handler */
#define SA_NOCLDWAIT	0x0020	/* children leave no zombies */
#define SA_SIGINFO	0x0040	/* call handler(sig, info, context) */

int sigreturn(const void *context);
int siginterrupt(int sig, int flag);

#endif /* _BSD_SIGNAL_H_ */
