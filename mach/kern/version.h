/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's name and version, for the banner. */
#ifndef _KERN_VERSION_H_
#define _KERN_VERSION_H_

#define MACHRV_VERSION		"0.1"
#define MACHRV_VERSION_STRING	"MachRV " MACHRV_VERSION
#define MACHRV_BANNER \
	MACHRV_VERSION_STRING ": a Mach-style microkernel for 64-bit RISC-V"

/*
 * The build variant (docs/testing.md), or NULL for the release build:
 * what the boot prints after the banner and host_kernel_version adds to it.
 */
#define MACHRV_VARIANT_STRING	(!(MACHRV_LOCK_CHECK || !MACHRV_IPC_FAST) ? (const char *)0 :	\
	MACHRV_LOCK_CHECK ? (MACHRV_IPC_FAST ? "lock checker on, IPC fast path on"		\
					     : "lock checker on, IPC fast path off")		\
			  : "lock checker off, IPC fast path off")

#endif /* _KERN_VERSION_H_ */
