/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel entry.  OpenSBI enters _start on the boot hart in S-mode with the MMU
 * off at physical 0x80200000, a0 = hart id, a1 = physical address of the
 * device tree.  Secondary harts enter _start_secondary (started by
 * smp_start_secondaries() through SBI HSM) with a1 = their struct cpu.
 *
 * Both paths (1) turn on a boot page table that maps the kernel's gigabyte
 * both where it is (identity) and in the direct map, (2) jump to the linked,
 * higher-half addresses and (3) call C: kernel_bootstrap() or cpu_secondary_main().
 * pmap_bootstrap() later replaces the boot table with the real kernel map.
 *
 * A hart can also arrive at _start when it should have gone to
 * _start_secondary: OpenSBI 1.1 (Debian 12's) marks a hart START_PENDING
 * before it stores the start address, so a hart already polling its state
 * (as one with a stale IPI does) can jump to the default address, ours,
 * with the wrong a1.  Seen about once in 300 boots of 8 harts on a loaded
 * host; the second arrival cleared .bss under the running kernel.  So
 * _start first takes the boot lottery; a loser is a secondary hart and
 * finds its struct cpu in smp_starting_cpu (riscv/smp.c).
 */
#include "riscv/csr.h"
#include "riscv/cpu.h"
#include "riscv/vm_param.h"

	.section .text.boot, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sip, zero
	mv	s0, a0			/* hart id */
	mv	s1, a1			/* device tree, physical */
	lla	t0, boot_lottery
	li	t1, 1
	amoswap.w.aqrl t1, t1, (t0)
	bnez	t1, _start_late_secondary

	/* Clear .bss (physical addresses: everything here is PC-relative). */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	/*
	 * (1) Build boot_pagetable: root entries 256..511 map the first 256 GiB
	 * of physical memory at KERNEL_DIRECT_BASE with 1 GiB pages; one more
	 * entry maps the kernel's own gigabyte at its physical address, so that
	 * the instruction after the satp write still has a translation.
	 */
	la	t0, boot_pagetable
	li	t1, 0			/* physical gigabyte */
	li	t2, 256
	li	t3, 256*8
	add	t3, t3, t0
3:	slli	t4, t1, 28		/* (gigabyte << 18) << 10: PPN field */
	ori	t4, t4, 0xef		/* V R W X G A D */
	sd	t4, 0(t3)
	addi	t1, t1, 1
	addi	t3, t3, 8
	bltu	t1, t2, 3b
	la	t4, _start
	srli	t4, t4, 30		/* our gigabyte */
	slli	t5, t4, 3
	add	t5, t5, t0
	slli	t4, t4, 28
	ori	t4, t4, 0xef
	sd	t4, 0(t5)

	la	sp, boot_stack_top
	call	boot_enable_paging

	/* (2) Now in the higher half. Convert sp, then (3) enter C. */
	li	t0, KERNEL_DIRECT_BASE
	add	sp, sp, t0
	la	tp, cpus		/* cpus[0]: the boot hart is cpu 0 */
	mv	a0, s0
	mv	a1, s1
	call	kernel_bootstrap
4:	wfi
	j	4b

/*
 * boot_enable_paging: turn on boot_pagetable and return to the caller's
 * address in the higher half.  Called with physical ra and sp.
 */
boot_enable_paging:
	li	t0, KERNEL_DIRECT_BASE
	la	t1, boot_trap_spin
	add	t1, t1, t0
	csrw	stvec, t1		/* a fault from here on spins, visibly, in gdb */
	la	t1, boot_pagetable
	srli	t1, t1, PAGE_SHIFT
	li	t2, SATP_MODE_SV39
	or	t1, t1, t2
	sfence.vma
	csrw	satp, t1
	sfence.vma
	add	ra, ra, t0
	ret

	.globl _start_secondary
_start_secondary:
	/* a0 = hart id, a1 = struct cpu * (kernel virtual address). */
	csrw	sie, zero
	csrw	sip, zero
	mv	s0, a0
	mv	s1, a1
	call	boot_enable_paging	/* needs no stack */
secondary_common:
	mv	tp, s1
	ld	sp, CPU_KSTACK_TOP(tp)
	mv	a0, tp
	call	cpu_secondary_main
5:	wfi
	j	5b

/*
 * A secondary hart that came in through _start (see the top): a1 cannot
 * be trusted, but the boot hart published the struct cpu it is starting
 * before asking SBI.  A hart that matches none (nothing should) parks.
 */
_start_late_secondary:
	call	boot_enable_paging
	la	t0, smp_starting_cpu
	ld	s1, 0(t0)
	beqz	s1, 6f
	lwu	t1, CPU_HARTID(s1)
	bne	t1, s0, 6f
	la	t0, smp_late_entries
	li	t1, 1
	amoadd.w zero, t1, (t0)
	j	secondary_common
6:	wfi
	j	6b

	.p2align 2
boot_trap_spin:
	j	boot_trap_spin

	/* In .data, not .bss: the winner clears .bss after taking it. */
	.section .data
	.p2align 2
boot_lottery:
	.word	0

	.section .bss.boot, "aw", @nobits
	.p2align PAGE_SHIFT
	.globl boot_pagetable
boot_pagetable:
	.space	PAGE_SIZE
	.globl boot_stack, boot_stack_top
boot_stack:
	.space	KSTACK_SIZE
boot_stack_top:
