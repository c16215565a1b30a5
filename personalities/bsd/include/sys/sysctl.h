/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sysctl(3): the system's facts by name, a management information base
 * of integers, as FreeBSD numbers them (its <sys/sysctl.h>).  bsd_server
 * answers the names below (docs/bsd.md, "System facts"); the others are
 * ENOENT.  The library's sysctl is FreeBSD's __sysctl system call (202).
 *
 *   sysctl(name, namelen, oldp, oldlenp, newp, newlen)
 *     reads the value into oldp (at most *oldlenp bytes; *oldlenp becomes
 *     the size given) and, with newp, sets it to newlen bytes from newp.
 *     oldp NULL: *oldlenp becomes the size the value needs now.  Errors:
 *     ENOMEM (the buffer was too small: it holds what fitted), EFAULT,
 *     EINVAL (namelen below 2 or past CTL_MAXNAME, a value too long),
 *     ENOENT (no such name), EISDIR (a name with names under it),
 *     ENOTDIR (more names past a value's), EPERM (setting what cannot be
 *     set, or kern.hostname by someone other than root).
 */
#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_
#include <stddef.h>

#define CTL_MAXNAME	24	/* the longest name, in integers */

/* Top level */
#define CTL_KERN	1	/* the kernel, here bsd_server: "kern." */
#define CTL_HW		6	/* the machine: "hw." */

/* kern.* */
#define KERN_OSTYPE	1	/* string: "MachRV" */
#define KERN_OSRELEASE	2	/* string: the release, "0.1" */
#define KERN_VERSION	4	/* string: the release and the shape running */
#define KERN_HOSTNAME	10	/* string: the host's name (root may set it) */
#define KERN_PROC	14	/* kern.proc.*: processes */

/* kern.proc.* */
#define KERN_PROC_ALL	0	/* every process: struct bsd_kinfo_proc (<machrv/bsd_sysctl.h>) */

/* hw.* */
#define HW_MACHINE	1	/* string: "riscv64" */

int sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp,
	   const void *newp, size_t newlen);

#endif /* _SYS_SYSCTL_H_ */
