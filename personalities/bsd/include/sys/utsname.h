/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uname(3) with FreeBSD's struct utsname (picolibc has none).  The
 * library fills it from sysctl: kern.ostype, kern.hostname,
 * kern.osrelease, kern.version (on MachRV it names the shape running:
 * single-server, multi-server or the boot archive) and hw.machine.
 */
#ifndef _SYS_UTSNAME_H_
#define _SYS_UTSNAME_H_

#define SYS_NMLN	256	/* each field's room, the NUL included */

struct utsname {
	char	sysname[SYS_NMLN];	/* the system: "MachRV" */
	char	nodename[SYS_NMLN];	/* the host's name */
	char	release[SYS_NMLN];	/* the release */
	char	version[SYS_NMLN];	/* the version: the release and the shape */
	char	machine[SYS_NMLN];	/* the hardware: "riscv64" */
};

int uname(struct utsname *name);

#endif /* _SYS_UTSNAME_H_ */
