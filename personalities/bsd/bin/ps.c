// SPDX-License-Identifier: BSD-2-Clause
// ps [-p PID[,PID...]]: processes, one a line: PID, PPID, user, state
// (R running, S sleeping, T stopped, Z zombie), the Mach task's name and
// the command.  Without -p every process is listed.  The process table
// comes from libutil/sysdep.h.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sysdep.h"
#include "util.h"

int main(int argc, char **argv)
{
	int c;
	char *select = NULL;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "p:")) != -1) {
		if (c == 'p')
			select = ul_optarg;
		else
			ul_usage(1, "[-p pid[,pid...]]");
	}
	if (ul_optind < argc)
		ul_usage(1, "[-p pid[,pid...]]");
	struct ul_proc *v;
	int n = ul_sys_procs(&v);
	if (n < 0)
		ul_err(1, "cannot read the process table");
	int shown = 0;
	printf("%5s %5s %-8s %-4s %-16s %s\n", "PID", "PPID", "USER", "STAT", "TASK", "COMMAND");
	for (int i = 0; i < n; i++) {
		if (select) {
			int want = 0;
			char *list = ul_strdup(select);
			for (char *t = strtok(list, ","); t; t = strtok(NULL, ","))
				if (atol(t) == (long)v[i].pid)
					want = 1;
			free(list);
			if (!want)
				continue;
		}
		char ub[32];
		printf("%5ld %5ld %-8s %-4c %-16s %s\n", (long)v[i].pid, (long)v[i].ppid,
		       ul_user_name(v[i].uid, ub, sizeof(ub)), v[i].state, v[i].task, v[i].command);
		shown++;
	}
	free(v);
	return ul_finish(select && shown == 0 ? 1 : 0);
}
