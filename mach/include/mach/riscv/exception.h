/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V exception codes: code[0] of an exception message says which
 * RISC-V trap (scause) raised it; code[1] is stval (the faulting address,
 * or the instruction bits when the hart reports them). */
#ifndef _MACH_RISCV_EXCEPTION_H_
#define _MACH_RISCV_EXCEPTION_H_

/* EXC_BAD_ACCESS: code[0] is KERN_INVALID_ADDRESS (no mapping) or
 * KERN_PROTECTION_FAILURE (mapped without the access), or one of these. */
#define EXC_RISCV_MISALIGNED            0x101   /* misaligned load/store/fetch */
#define EXC_RISCV_ACCESS_FAULT          0x102   /* PMA/PMP access fault */

/* EXC_BAD_INSTRUCTION. */
#define EXC_RISCV_ILLEGAL_INSTRUCTION   0x201

/* EXC_BREAKPOINT. */
#define EXC_RISCV_BREAKPOINT            0x301   /* ebreak; pc points at it */

/* EXC_SYSCALL and EXC_MACH_SYSCALL: code[0] is the ecall's a7. */

#endif /* _MACH_RISCV_EXCEPTION_H_ */
