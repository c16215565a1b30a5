// SPDX-License-Identifier: BSD-2-Clause
// halt [-p], poweroff: stop the system.  As FreeBSD's shutdown does, this
// asks init (process 1), which syncs the file systems and stops the
// machine: SIGUSR1 halts, SIGUSR2 halts and powers off (poweroff, halt -p).
// On QEMU both end the machine.  Only root may (kill(2) refuses others).
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

#define INIT_PID 1

int main(int argc, char **argv)
{
	int c, power = 0;

	ul_init(argc, argv);
	power = strcmp(ul_progname, "poweroff") == 0;
	while ((c = ul_getopt(argc, argv, "p")) != -1) {
		if (c == 'p')
			power = 1;
		else
			ul_usage(1, "[-p]");
	}
	if (ul_optind < argc)
		ul_usage(1, "[-p]");
	if (geteuid() != 0)
		ul_errx(1, "Operation not permitted (only root may stop the system)");
	sync();
	if (kill(INIT_PID, power ? SIGUSR2 : SIGUSR1) < 0)
		ul_err(1, "cannot signal init");
	/* init stops the machine; this process just waits for it. */
	for (;;)
		pause();
}
