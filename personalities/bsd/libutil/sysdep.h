/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The facts about the running system that POSIX has no call for, which ps
 * and df need: the process table and the mounted file systems.  This
 * header is the whole interface; each system implements it in one file:
 *   sysdep_host.c    the host (Linux /proc), so ps and df run in host tests;
 *   sysdep_machrv.c  MachRV: bsd_server answers FreeBSD's sysctl(2)
 *                    (kern.proc.all, records of <machrv/bsd_sysctl.h> with
 *                    struct ul_proc's fields) and getfsstat(2).
 * Everything else system-specific goes through POSIX calls the BSD C
 * library provides: uname(2) (uname), statvfs(3) (df), kill(1, SIGUSR1/2)
 * to init (halt, poweroff).
 */
#ifndef _USERLAND_SYSDEP_H_
#define _USERLAND_SYSDEP_H_
#include <sys/types.h>

struct ul_proc {
	pid_t	pid, ppid, pgid;
	uid_t	uid;
	char	state;		/* R running, S sleeping, T stopped, Z zombie */
	char	command[32];	/* the program's name (argv[0]'s last part) */
	char	task[32];	/* the Mach task's name ("-" where there is none) */
};

struct ul_mount {
	char	from[64];	/* the device or server ("disk0", "/dev/vda") */
	char	on[256];	/* where it is mounted */
	char	type[16];	/* "ext2", ... */
};

/* Every process: a malloc'ed array in *out, sorted by pid; the count,
 * or -1 with errno. */
int ul_sys_procs(struct ul_proc **out);
/* Every mounted file system: a malloc'ed array in *out; the count, or -1. */
int ul_sys_mounts(struct ul_mount **out);

#endif /* _USERLAND_SYSDEP_H_ */
