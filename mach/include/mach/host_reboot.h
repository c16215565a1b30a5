/* SPDX-License-Identifier: BSD-2-Clause */
/* Options of host_reboot (host_priv.defs, 401): XNU's bits, plus MachRV's
 * exit status, which the kernel prints as "MACHRV-EXIT n" before it powers
 * off, so that the status of a booted program reaches the host. */
#ifndef _MACH_HOST_REBOOT_H_
#define _MACH_HOST_REBOOT_H_

#define HOST_REBOOT_HALT	0x0008	/* power off instead of restarting */
#define HOST_REBOOT_UPLOAD	0x1000	/* XNU: not provided (KERN_INVALID_ARGUMENT) */
#define HOST_REBOOT_DEBUGGER	0x1000

/* MachRV: the status to report with HOST_REBOOT_HALT, 0..255, in bits 16..23. */
#define HOST_REBOOT_STATUS(n)		(((unsigned)(n) & 0xffu) << 16)
#define HOST_REBOOT_STATUS_OF(opt)	(((unsigned)(opt) >> 16) & 0xffu)
#define HOST_REBOOT_VALID_BITS		(HOST_REBOOT_HALT | (0xffu << 16))

#endif /* _MACH_HOST_REBOOT_H_ */
