// SPDX-License-Identifier: BSD-2-Clause
// Signals on the library side: sigaction passes the trampoline every
// handler is started from (sigtramp.S: __bsd_sigenter), signal() and
// raise() over sigaction and kill, siginterrupt, pause over sigsuspend.
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "libc_private.h"

extern void __bsd_sigenter(void);

int sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	return (int)__sys_sigaction(sig, act, oact, __bsd_sigenter);
}

_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;	/* BSD's signal(): calls restart */
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int raise(int sig)
{
	return kill(getpid(), sig);
}

int siginterrupt(int sig, int flag)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa) < 0)
		return -1;
	if (flag)
		sa.sa_flags &= ~SA_RESTART;
	else
		sa.sa_flags |= SA_RESTART;
	return sigaction(sig, &sa, NULL);
}

// pause: wait for a signal that runs a handler (or ends the process):
// sigsuspend with the mask as it is, as BSD's library does.  -1, EINTR.
int pause(void)
{
	sigset_t mask;

	if (sigprocmask(SIG_BLOCK, NULL, &mask) < 0)
		return -1;
	return sigsuspend(&mask);
}
