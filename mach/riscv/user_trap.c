/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exceptions from U-mode: system calls, page faults, first use of FP, and
 * everything else, which becomes a Mach exception (kern/exception.c).
 */
#include <mach/vm_prot.h>
#include "riscv/trap.h"
#include "riscv/fpu.h"
#include "riscv/intr.h"
#include "kern/exception.h"
#include "kern/sched.h"
#include "kern/syscall_sw.h"
#include "kern/task.h"
#include "kern/trace.h"
#include "vm/vm_map.h"

void user_exception(struct trap_frame *tf);
/*
 * user_exception: a trap from user mode that is not an interrupt: a
 * system call (ecall: sepc moved past it, interrupts on, dispatched), a
 * page fault (resolved by vm_fault, or an EXC_BAD_ACCESS), or another
 * exception for the thread's exception ports.
 */
void
user_exception(struct trap_frame *tf)
{
	thread_t self = current_thread();
	kern_return_t kr;
	vm_prot_t access;

	switch (tf->scause) {
	case CAUSE_ECALL_U:
		trap_syscall(tf);
		return;
	case CAUSE_INST_PAGE_FAULT:
	case CAUSE_LOAD_PAGE_FAULT:
	case CAUSE_STORE_PAGE_FAULT:
		access = tf->scause == CAUSE_INST_PAGE_FAULT ? VM_PROT_EXECUTE :
			 tf->scause == CAUSE_LOAD_PAGE_FAULT ? VM_PROT_READ : VM_PROT_WRITE;
		if (trace_on())
			trace_fault(tf->stval, access);
		kr = vm_fault(self->task->map, tf->stval, access);
		if (trace_on())
			trace_fault_done(kr);
		/* Interrupted waiting for a pager: the instruction runs again (or the thread ends). */
		if (kr == KERN_SUCCESS || kr == KERN_ABORTED)
			return;
		exception_deliver(tf, EXC_BAD_ACCESS, kr, (int64_t)tf->stval);
		return;
	case CAUSE_ILLEGAL_INST:
		if (fpu_first_use(self, tf))
			return;
		exception_deliver(tf, EXC_BAD_INSTRUCTION, 1, (int64_t)tf->stval);
		return;
	case CAUSE_BREAKPOINT:
		exception_deliver(tf, EXC_BREAKPOINT, 1, (int64_t)tf->sepc);
		return;
	default:	/* access faults, misaligned accesses */
		exception_deliver(tf, EXC_BAD_ACCESS, KERN_INVALID_ADDRESS, (int64_t)tf->stval);
		return;
	}
}
