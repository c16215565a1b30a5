/* SPDX-License-Identifier: BSD-2-Clause */
/* picolibc's <sys/wait.h> (WNOHANG, WIFEXITED, ...) and wait4. */
#ifndef _BSD_SYS_WAIT_H_
#define _BSD_SYS_WAIT_H_
#include_next <sys/wait.h>
#include <sys/resource.h>

pid_t wait4(pid_t pid, int *status, int options, struct rusage *rusage);

/* How bsd_server builds a status (the encoding WIFEXITED etc. read). */
#define W_EXITCODE(ret, sig)	((ret) << 8 | (sig))
#define W_STOPCODE(sig)		((sig) << 8 | 0x7f)
#define WCOREFLAG		0x80

#endif /* _BSD_SYS_WAIT_H_ */
