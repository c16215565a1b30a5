/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trap dispatch: interrupts (timer, IPI, PLIC) and exceptions from S-mode
 * and U-mode.  An exception in the kernel is a kernel bug unless it is a
 * fault in a guarded user access (the __user_access table, riscv/copyio.h);
 * it panics with the full story.
 */
#include "riscv/trap.h"
#include "riscv/cpu.h"
#include "riscv/copyio.h"
#include "riscv/timer.h"
#include "riscv/plic.h"
#include "riscv/pmap.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/printf.h"
#include "kern/syscall_sw.h"
#include "ipc/ipc_fast.h"
#include "ipc/mach_msg.h"
#include "riscv/syscall_return.h"

void (*trap_user_hook)(struct trap_frame *tf);
void user_exception(struct trap_frame *tf);	/* riscv/user_trap.c */

struct mach_msg_args *
mach_msg_args_decode(const struct trap_frame *tf)
{
	struct mach_msg_args *a = &current_thread()->ith_msg_args;

	mach_msg_args_fill(a, tf);
	return a;
}

/* No frame of its own (it decodes and tail-calls): not in a backtrace. */
int __attribute__((optimize("omit-frame-pointer")))
trap_mach_msg_user(uint64_t msg, uint64_t option, uint64_t send_size, uint64_t rcv_size,
		   uint64_t rcv_name, uint64_t timeout, uint64_t notify)
{
	struct mach_msg_args *a = &current_thread()->ith_msg_args;

	mach_msg_args_set(a, msg, option, send_size, rcv_size, rcv_name, timeout, notify);
	return MACHRV_IPC_FAST ? ipc_fast_rpc_in(msg, option, send_size, rcv_size, rcv_name, a)
			       : IPC_FAST_MISS_SHAPE;
}

void
trap_mach_msg_general(struct trap_frame *tf, int miss)
{
	intr_on();			/* system calls run with interrupts on */
	tf->a0 = (uint64_t)mach_msg_common(current_task()->itk_space,
					   &current_thread()->ith_msg_args, (ipc_fast_miss_t)miss);
	ast_user_return();
}

void
trap_syscall(struct trap_frame *tf)
{
	tf->sepc += 4;
	intr_on();			/* system calls run with interrupts on */
	syscall_dispatch(tf);
}

void
trap_mach_trap_user(struct trap_frame *tf)
{
	trap_syscall(tf);
	ast_user_return();
}

void
trap_user_exit(struct trap_frame *tf)
{
	ast_user_return();
	trap_return_user(tf);
}

/* trap_init_hart: point this hart's traps at trap_vector, in kernel mode. */
void
trap_init_hart(void)
{
	csr_write(sscratch, 0);
	csr_write(stvec, (uint64_t)trap_vector);
	/* User mode may read cycle, time and instret (benchmarks use rdinstret). */
	csr_write(scounteren, 7);
	csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
}

static void
interrupt(struct trap_frame *tf)
{
	switch (tf->scause & ~SCAUSE_INTR) {
	case IRQ_S_TIMER:
		timer_interrupt();
		break;
	case IRQ_S_SOFT:
		csr_clear(sip, 1UL << IRQ_S_SOFT);
		cpu_ipi_handler();
		break;
	case IRQ_S_EXT:
		plic_interrupt();
		break;
	default:
		panic_trap(tf, "unexpected interrupt %lu", tf->scause & ~SCAUSE_INTR);
	}
}

/* The __user_access table's bounds (riscv/kernel.ld). */
extern const struct user_access_range __user_access_start[], __user_access_end[];

uintptr_t
user_access_resume(uintptr_t pc)
{
	for (const struct user_access_range *r = __user_access_start; r < __user_access_end; r++)
		if (pc >= r->start && pc < r->end)
			return r->resume;
	return 0;
}

void
trap_handler(struct trap_frame *tf)
{
	if (tf->scause & SCAUSE_INTR) {
		interrupt(tf);
		if (trap_from_user(tf))
			ast_user_return();
		return;
	}
	if (trap_from_user(tf)) {
		if (trap_user_hook) {
			trap_user_hook(tf);
			return;
		}
		user_exception(tf);
		ast_user_return();
		return;
	}

	/*
	 * A fault on a user address inside a guarded copy (riscv/copyio.h,
	 * copyio.S): a page not faulted in yet is faulted in and the copy goes
	 * on; a real error resumes at the copy's error exit.  A copy made with
	 * interrupts off (a spinlock held, or the IPC fast path) cannot wait
	 * for a page, so it fails the same way and its caller takes its slow
	 * path.  Anything else in the kernel is a bug.
	 */
	uintptr_t resume = user_access_resume(tf->sepc);
	if (resume && tf->stval < VM_MAX_USER_ADDRESS &&
	    (tf->scause == CAUSE_LOAD_PAGE_FAULT || tf->scause == CAUSE_STORE_PAGE_FAULT ||
	     tf->scause == CAUSE_LOAD_ACCESS || tf->scause == CAUSE_STORE_ACCESS)) {
		task_t task = current_task();
		vm_prot_t access = tf->scause == CAUSE_STORE_PAGE_FAULT ? VM_PROT_WRITE : VM_PROT_READ;
		if (task && (tf->sstatus & SSTATUS_SPIE) &&
		    (tf->scause == CAUSE_LOAD_PAGE_FAULT ||
			     tf->scause == CAUSE_STORE_PAGE_FAULT) &&
		    vm_fault(task->map, tf->stval, access) == KERN_SUCCESS)
			return;		/* retry the access */
		tf->sepc = resume;
		return;
	}
	panic_trap(tf, "kernel trap");
}

void
trap_dump(const struct trap_frame *tf)
{
	static const char *const regs[32] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
		"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3",
		"s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
		"t5", "t6",
	};
	const uint64_t *r = (const uint64_t *)tf;

	printf("  scause %#lx (%s)  sepc %p  stval %p\n", tf->scause,
	       scause_name(tf->scause), (void *)tf->sepc, (void *)tf->stval);
	printf("  sstatus %#lx, from %s mode\n", tf->sstatus,
	       trap_from_user(tf) ? "user" : "supervisor");
	for (int i = 1; i < 32; i += 4)
		printf("  %4s %016lx %4s %016lx %4s %016lx %4s %016lx\n",
		       regs[i], r[i], regs[i + 1], r[i + 1],
		       regs[i + 2], r[i + 2], i + 3 < 32 ? regs[i + 3] : "",
		       i + 3 < 32 ? r[i + 3] : 0);
}
