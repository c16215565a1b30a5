/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-hart state.  While a hart runs in the kernel, tp points at its struct
 * cpu; while it runs a user thread, sscratch does (riscv/trap_vector.S swaps
 * them).  The fields named below are used by assembly: keep their offsets.
 */
#ifndef _RISCV_CPU_H_
#define _RISCV_CPU_H_

#define CPU_SELF	0	/* struct cpu *self */
#define CPU_KSTACK_TOP	8	/* kernel stack for traps from U-mode */
#define CPU_SCRATCH	16	/* user sp, saved by the trap vector */
#define CPU_HARTID	28	/* uint32_t hartid (riscv/start.S) */

#define MAX_CPUS	8

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stdbool.h>

struct cpu {
	struct cpu	*self;		/* CPU_SELF */
	uint64_t	kstack_top;	/* CPU_KSTACK_TOP */
	uint64_t	scratch;	/* CPU_SCRATCH */

	unsigned	number;		/* logical number: 0 is the boot hart */
	uint32_t	hartid;		/* as the device tree and SBI name it */
	uint32_t	plic_context;	/* this hart's S-mode PLIC context */
	bool		online;
	uint64_t	hart_bit;	/* 1 << number: its bit in a pmap's active_harts */

	/* Interrupt-disable nesting (riscv/intr.c): written only by this hart. */
	int		intr_depth;
	bool		intr_enabled_before;

	uint64_t	ticks;		/* timer interrupts taken */
	uint64_t	next_tick;	/* time (in timebase units) of the next one */
	uint32_t	ipi_pending;	/* IPI_* bits, set by other harts (atomic) */
	struct pmap	*pmap;		/* the address space this hart runs on */
	void		*ikm_cache[2];	/* free kmsgs for the next messages (ipc_kmsg.c) */
	struct thread	*fpu_owner;	/* whose FP state the registers hold (riscv/fpu.c) */
	/* TLB shootdown (riscv/smp.c): flushes asked for, and done, on this hart. */
	uint64_t	tlb_requested;	/* atomic: other harts add */
	uint64_t	tlb_done;	/* atomic: this hart stores */
	uint64_t	tlb_shootdowns;	/* flushes done for other harts */

	void		*boot_stack;	/* bottom of this hart's boot stack */

	/* The scheduler's view of this hart (kern/sched_prim.c). */
	struct thread	*active_thread;	/* running here now */
	struct thread	*idle_thread;	/* runs when nothing else can */
	bool		need_resched;	/* switch at the next chance */
	struct thread	*handoff;	/* run this one next if it is runnable (IPC hand-off) */
	uint64_t	ipis_received;
} __attribute__((aligned(64)));

/* IPI reasons (cpu->ipi_pending bits). */
#define IPI_HALT	(1u << 0)	/* stop: another hart panicked */
#define IPI_PING	(1u << 1)	/* self-test: acknowledge */
#define IPI_RESCHED	(1u << 2)	/* a thread became runnable: look */
#define IPI_TLB		(1u << 3)	/* flush the TLB (cpu_tlb_poll) */

extern struct cpu cpus[MAX_CPUS];
extern unsigned ncpus;			/* harts found in the device tree */

static inline struct cpu *cpu_self(void)
{
	struct cpu *c;
	__asm__ __volatile__("mv %0, tp" : "=r"(c));
	return c;
}

static inline unsigned cpu_number(void) { return cpu_self()->number; }

/* riscv/smp.c */
void smp_start_secondaries(void);
/*
 * cpu_tlb_shootdown: have each hart of `harts' (a mask of cpu numbers)
 * flush its whole TLB, and wait until all have.  While waiting, this hart
 * does what others ask of it, so two shootdowns cannot wait on each other.
 */
void cpu_tlb_shootdown(uint64_t harts);
/* cpu_tlb_poll: flush this hart's TLB if another hart asked; cheap when none did. */
void cpu_tlb_poll(void);
/* smp_online_count: harts online now. */
unsigned smp_online_count(void);
/* cpu_send_ipi: add `reason' (IPI_*) to hart `cpu's pending reasons and interrupt it. */
void cpu_send_ipi(unsigned cpu, uint32_t reason);
/*
 * cpu_ipi_handler: from trap_handler: take this hart's pending reasons:
 * IPI_HALT halts it; a TLB request is served; IPI_RESCHED asks for a
 * reschedule.
 */
void cpu_ipi_handler(void);
void cpu_idle_loop(void) __attribute__((noreturn));
#endif /* __ASSEMBLER__ */
#endif /* _RISCV_CPU_H_ */
