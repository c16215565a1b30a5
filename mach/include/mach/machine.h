/* SPDX-License-Identifier: BSD-2-Clause */
/* CPU types, as host_info reports them.  RISC-V has no XNU number; MachRV
 * uses 24 (unused by XNU), with XNU's 64-bit ABI flag. */
#ifndef _MACH_MACHINE_H_
#define _MACH_MACHINE_H_

#include <mach/machine/vm_types.h>

typedef integer_t cpu_type_t;
typedef integer_t cpu_subtype_t;
typedef integer_t cpu_threadtype_t;

#define CPU_ARCH_ABI64        0x01000000
#define CPU_TYPE_ANY          ((cpu_type_t)-1)
#define CPU_TYPE_RISCV        ((cpu_type_t)24)
#define CPU_TYPE_RISCV64      (CPU_TYPE_RISCV | CPU_ARCH_ABI64)

#define CPU_SUBTYPE_RISCV_ALL     ((cpu_subtype_t)0)
#define CPU_SUBTYPE_RISCV_RV64GC  ((cpu_subtype_t)1)

#define CPU_THREADTYPE_NONE   ((cpu_threadtype_t)0)

#endif /* _MACH_MACHINE_H_ */
