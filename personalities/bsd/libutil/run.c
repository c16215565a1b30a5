// SPDX-License-Identifier: BSD-2-Clause
// Running another program by name, as env, time and su do: execvp (the
// C library's, libc/exec.c on MachRV), and the message when it fails.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

void ul_exec_or_die(char *const argv[])
{
	fflush(stdout);
	execvp(argv[0], argv);
	int e = errno;
	ul_warn("%s", argv[0]);
	exit(e == ENOENT ? 127 : 126);
}
