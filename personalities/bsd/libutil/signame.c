// SPDX-License-Identifier: BSD-2-Clause
// Signal names for kill and the shell's messages, from <signal.h>'s
// numbers (BSD's on MachRV, the host's in host tests).
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

static const struct { int num; const char *name; } names[] = {
	{ SIGHUP, "HUP" }, { SIGINT, "INT" }, { SIGQUIT, "QUIT" }, { SIGILL, "ILL" },
	{ SIGTRAP, "TRAP" }, { SIGABRT, "ABRT" }, { SIGFPE, "FPE" }, { SIGKILL, "KILL" },
	{ SIGBUS, "BUS" }, { SIGSEGV, "SEGV" }, { SIGSYS, "SYS" }, { SIGPIPE, "PIPE" },
	{ SIGALRM, "ALRM" }, { SIGTERM, "TERM" }, { SIGURG, "URG" }, { SIGSTOP, "STOP" },
	{ SIGTSTP, "TSTP" }, { SIGCONT, "CONT" }, { SIGCHLD, "CHLD" }, { SIGTTIN, "TTIN" },
	{ SIGTTOU, "TTOU" }, { SIGXCPU, "XCPU" }, { SIGXFSZ, "XFSZ" },
	{ SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGUSR1, "USR1" }, { SIGUSR2, "USR2" },
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

const char *ul_signame(int sig)
{
	for (size_t i = 0; i < NNAMES; i++)
		if (names[i].num == sig)
			return names[i].name;
	return NULL;
}

int ul_signum(const char *s)
{
	if (*s >= '0' && *s <= '9') {
		long long v;
		if (ul_number(s, 0, 127, &v) < 0)
			return -1;
		return (int)v;
	}
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < NNAMES; i++)
		if (strcmp(names[i].name, s) == 0)
			return names[i].num;
	return -1;
}
