/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V exception codes: code[0] of an exception message says what went
 * wrong, code[1] (the subcode) where.  As on XNU's ARM, code 1 is the
 * ordinary case of each exception type. */
#ifndef _MACH_RISCV_EXCEPTION_H_
#define _MACH_RISCV_EXCEPTION_H_

/* EXC_BAD_ACCESS: code[0] is KERN_INVALID_ADDRESS (no mapping, or an
 * access or misalignment fault) or KERN_PROTECTION_FAILURE (mapped without
 * the access); code[1] is the address (stval). */

/* EXC_BAD_INSTRUCTION: code[1] is the instruction bits, when the hart
 * reports them in stval (QEMU does), else 0. */
#define EXC_RISCV_ILLEGAL_INSTRUCTION   1

/* EXC_BREAKPOINT: an ebreak; code[1] is its pc.  A handler that resumes
 * the thread moves the pc past it (2 bytes for c.ebreak, 4 for ebreak). */
#define EXC_RISCV_BREAKPOINT            1

/* EXC_SYSCALL and EXC_MACH_SYSCALL: code[0] is the ecall's a7. */

#endif /* _MACH_RISCV_EXCEPTION_H_ */
