/* SPDX-License-Identifier: BSD-2-Clause */
/* The machine's thread state flavors: MachRV has one machine, RISC-V. */
#ifndef _MACH_MACHINE_THREAD_STATUS_H_
#define _MACH_MACHINE_THREAD_STATUS_H_

#include <mach/riscv/thread_status.h>

#endif /* _MACH_MACHINE_THREAD_STATUS_H_ */
