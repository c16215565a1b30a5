/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's view of memory on RISC-V Sv39: page size, and the direct map
 * that places every physical address pa at kernel virtual address
 * pa + KERNEL_DIRECT_BASE.  The kernel image itself is linked inside it.
 */
#ifndef _RISCV_VM_PARAM_H_
#define _RISCV_VM_PARAM_H_

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(PAGE_SIZE - 1)

/* Start of the upper half of the Sv39 address space: 256 GiB of direct map. */
#define KERNEL_DIRECT_BASE	0xffffffc000000000UL
#define KERNEL_DIRECT_SIZE	(1UL << 38)

/* Kernel stacks: a boot hart's and every thread's. */
#define KSTACK_PAGES	4
#define KSTACK_SIZE	(KSTACK_PAGES * PAGE_SIZE)

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stddef.h>

typedef uint64_t paddr_t;

#define round_page(x)	(((uint64_t)(x) + PAGE_MASK) & ~PAGE_MASK)
#define trunc_page(x)	((uint64_t)(x) & ~PAGE_MASK)

#ifdef MACHRV_HOST_TEST
/* Host unit tests use host memory as "physical" memory. */
static inline void *phystokv(paddr_t pa) { return (void *)(uintptr_t)pa; }
static inline paddr_t kvtophys(const void *va) { return (paddr_t)(uintptr_t)va; }
#else
static inline void *phystokv(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + KERNEL_DIRECT_BASE);
}
static inline paddr_t kvtophys(const void *va)
{
	return (paddr_t)((uintptr_t)va - KERNEL_DIRECT_BASE);
}
#endif
#endif /* __ASSEMBLER__ */
#endif /* _RISCV_VM_PARAM_H_ */
