// SPDX-License-Identifier: BSD-2-Clause
// sysdep.h on MachRV, through FreeBSD's interfaces, which bsd_server
// answers: the processes from sysctl kern.proc.all (records of
// <machrv/bsd_sysctl.h>, in pid order), the mounts from getfsstat(2)
// (FreeBSD's struct statfs).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sysctl.h>
#include <machrv/bsd_sysctl.h>
#include "sysdep.h"
#include "util.h"

#define TRIES	8	/* the table grew between asking its size and reading it */

int ul_sys_procs(struct ul_proc **out)
{
	int mib[3] = { CTL_KERN, KERN_PROC, KERN_PROC_ALL };
	struct bsd_kinfo_proc *kp = NULL;
	size_t len = 0;

	for (int tries = 0;; tries++) {
		if (sysctl(mib, 3, NULL, &len, NULL, 0) < 0) {
			free(kp);
			return -1;
		}
		len += 4 * sizeof(*kp);		/* room for processes started meanwhile */
		kp = ul_realloc(kp, len);
		if (sysctl(mib, 3, kp, &len, NULL, 0) == 0)
			break;
		if (errno != ENOMEM || tries == TRIES) {
			free(kp);
			return -1;
		}
	}
	size_t n = len / sizeof(*kp);
	if (n > 0 && kp[0].kp_size != sizeof(*kp)) {
		free(kp);		/* a server of another layout */
		errno = EINVAL;
		return -1;
	}
	struct ul_proc *v = ul_realloc(NULL, (n ? n : 1) * sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].pid = kp[i].kp_pid;
		v[i].ppid = kp[i].kp_ppid;
		v[i].pgid = kp[i].kp_pgid;
		v[i].uid = kp[i].kp_uid;
		v[i].state = kp[i].kp_state;
		snprintf(v[i].command, sizeof(v[i].command), "%.*s", (int)sizeof(v[i].command) - 1,
			 kp[i].kp_comm);
		snprintf(v[i].task, sizeof(v[i].task), "%.*s", (int)sizeof(v[i].task) - 1,
			 kp[i].kp_task);
	}
	free(kp);
	*out = v;
	return (int)n;
}

int ul_sys_mounts(struct ul_mount **out)
{
	struct statfs *sf = NULL;
	int n;

	for (int tries = 0;; tries++) {
		int count = getfsstat(NULL, 0, MNT_NOWAIT);
		if (count < 0) {
			free(sf);
			return -1;
		}
		size_t room = (size_t)count + 1;	/* one more: a mount made meanwhile shows */
		sf = ul_realloc(sf, room * sizeof(*sf));
		n = getfsstat(sf, (long)(room * sizeof(*sf)), MNT_NOWAIT);
		if (n < 0) {
			free(sf);
			return -1;
		}
		if ((size_t)n < room || tries == TRIES)
			break;
	}
	struct ul_mount *v = ul_realloc(NULL, (n > 0 ? (size_t)n : 1) * sizeof(*v));
	for (int i = 0; i < n; i++) {
		snprintf(v[i].from, sizeof(v[i].from), "%.63s", sf[i].f_mntfromname);
		snprintf(v[i].on, sizeof(v[i].on), "%.255s", sf[i].f_mntonname);
		snprintf(v[i].type, sizeof(v[i].type), "%.15s", sf[i].f_fstypename);
	}
	free(sf);
	*out = v;
	return n;
}
