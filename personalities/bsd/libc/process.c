// SPDX-License-Identifier: BSD-2-Clause
// Process calls that need more than a trap stub: fork (the child resets
// its Mach state), wait and waitpid (wait4), pipe (two results).
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libc_private.h"

pid_t fork(void)
{
	long r = __sys_fork();

	if (r == 0)
		__bsd_mach_fork_child();
	return (pid_t)r;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

/* The pipe call answers with the read end in a0 and the write end in a1
 * (as FreeBSD's old pipe did): a1 is read right after the trap. */
int pipe(int fds[2])
{
	register long a0 __asm__("a0");
	register long a1 __asm__("a1");
	register long a7 __asm__("a7") = 42;	/* SYS_pipe */

	__asm__ volatile("ecall" : "=r"(a0), "=r"(a1) : "r"(a7) : "memory");
	if (a0 < 0 && a0 > -4096) {
		errno = (int)-a0;
		return -1;
	}
	fds[0] = (int)a0;
	fds[1] = (int)a1;
	__bsd_fd_unknown(fds[0]);	/* attached at their first read or write */
	__bsd_fd_unknown(fds[1]);
	return 0;
}
