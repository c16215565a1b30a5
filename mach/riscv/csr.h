/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V supervisor CSRs: names, bit fields and access macros (privileged spec, v1.12). */
#ifndef _RISCV_CSR_H_
#define _RISCV_CSR_H_

#define SSTATUS_SIE	(1UL << 1)	/* interrupts enabled in S-mode */
#define SSTATUS_SPIE	(1UL << 5)	/* SIE before the trap */
#define SSTATUS_SPP	(1UL << 8)	/* trapped from S-mode (1) or U-mode (0) */
#define SSTATUS_FS	(3UL << 13)	/* floating-point state: off/initial/clean/dirty */
#define SSTATUS_FS_OFF	(0UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_FS_CLEAN (2UL << 13)
#define SSTATUS_FS_DIRTY (3UL << 13)
#define SSTATUS_SUM	(1UL << 18)	/* S-mode may access U pages */
#define SSTATUS_MXR	(1UL << 19)

#define SIE_SSIE	(1UL << 1)	/* software (IPI) */
#define SIE_STIE	(1UL << 5)	/* timer */
#define SIE_SEIE	(1UL << 9)	/* external (PLIC) */

#define SCAUSE_INTR	(1UL << 63)
#define IRQ_S_SOFT	1
#define IRQ_S_TIMER	5
#define IRQ_S_EXT	9

/* Exception codes (scause with the interrupt bit clear). */
#define CAUSE_INST_MISALIGNED	0
#define CAUSE_INST_ACCESS		1
#define CAUSE_ILLEGAL_INST	2
#define CAUSE_BREAKPOINT	3
#define CAUSE_LOAD_MISALIGNED	4
#define CAUSE_LOAD_ACCESS		5
#define CAUSE_STORE_MISALIGNED	6
#define CAUSE_STORE_ACCESS	7
#define CAUSE_ECALL_U		8
#define CAUSE_ECALL_S		9
#define CAUSE_INST_PAGE_FAULT	12
#define CAUSE_LOAD_PAGE_FAULT	13
#define CAUSE_STORE_PAGE_FAULT	15

#define SATP_MODE_SV39	(8UL << 60)

#ifndef __ASSEMBLER__
#include <stdint.h>

#define csr_read(csr) ({ uint64_t __v; \
	__asm__ __volatile__("csrr %0, " #csr : "=r"(__v) :: "memory"); __v; })
#define csr_write(csr, val) ({ uint64_t __v = (uint64_t)(val); \
	__asm__ __volatile__("csrw " #csr ", %0" :: "rK"(__v) : "memory"); })
#define csr_set(csr, val) ({ uint64_t __v = (uint64_t)(val); \
	__asm__ __volatile__("csrs " #csr ", %0" :: "rK"(__v) : "memory"); })
#define csr_clear(csr, val) ({ uint64_t __v = (uint64_t)(val); \
	__asm__ __volatile__("csrc " #csr ", %0" :: "rK"(__v) : "memory"); })
#define csr_read_clear(csr, val) ({ uint64_t __v = (uint64_t)(val); \
	__asm__ __volatile__("csrrc %0, " #csr ", %1" : "=r"(__v) : "rK"(__v) : "memory"); __v; })

static inline uint64_t rdtime(void) { return csr_read(time); }

static inline void wfi(void) { __asm__ __volatile__("wfi" ::: "memory"); }

static inline void sfence_vma_all(void) { __asm__ __volatile__("sfence.vma" ::: "memory"); }

static inline void sfence_vma_page(uintptr_t va)
{
	__asm__ __volatile__("sfence.vma %0, zero" :: "r"(va) : "memory");
}

static inline const char *scause_name(uint64_t scause)
{
	static const char *const names[16] = {
		"instruction address misaligned", "instruction access fault",
		"illegal instruction", "breakpoint", "load address misaligned",
		"load access fault", "store/AMO address misaligned",
		"store/AMO access fault", "environment call from U-mode",
		"environment call from S-mode", "reserved", "reserved",
		"instruction page fault", "load page fault", "reserved",
		"store/AMO page fault",
	};
	if (scause & SCAUSE_INTR)
		return "interrupt";
	return scause < 16 ? names[scause] : "unknown";
}
#endif /* __ASSEMBLER__ */
#endif /* _RISCV_CSR_H_ */
