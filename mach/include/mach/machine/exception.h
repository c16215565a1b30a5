/* SPDX-License-Identifier: BSD-2-Clause */
/* The machine's exception codes: MachRV has one machine, RISC-V. */
#ifndef _MACH_MACHINE_EXCEPTION_H_
#define _MACH_MACHINE_EXCEPTION_H_

#include <mach/riscv/exception.h>

#endif /* _MACH_MACHINE_EXCEPTION_H_ */
