/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's name and version, for the banner. */
#ifndef _KERN_VERSION_H_
#define _KERN_VERSION_H_

#define MACHRV_VERSION		"0.1"
#define MACHRV_VERSION_STRING	"MachRV " MACHRV_VERSION
#define MACHRV_BANNER \
	MACHRV_VERSION_STRING ": a Mach-style microkernel for 64-bit RISC-V"

#endif /* _KERN_VERSION_H_ */
