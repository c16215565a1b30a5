/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading and writing a user thread's registers (see kern/thread_state.h). */
#include "kern/thread_state.h"
#include "lib/string.h"
#include "riscv/csr.h"
#include "riscv/pmap.h"

kern_return_t
thread_state_get(thread_t th, thread_state_flavor_t flavor, thread_state_t state,
		 mach_msg_type_number_t *count)
{
	struct trap_frame *tf = th ? th->user_frame : NULL;

	if (!tf)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case RISCV_THREAD_STATE: {
		if (*count < RISCV_THREAD_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		riscv_thread_state_t *ts = (riscv_thread_state_t *)state;
		/* The frame keeps x1..x31 at x<n>; slot 0 of the state is the pc. */
		memcpy(ts, tf, sizeof(*ts));
		ts->pc = tf->sepc;
		*count = RISCV_THREAD_STATE_COUNT;
		return KERN_SUCCESS;
	}
	case RISCV_FLOAT_STATE: {
		if (*count < RISCV_FLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		riscv_float_state_t *fs = (riscv_float_state_t *)state;
		memset(fs, 0, sizeof(*fs));
		if (th->fpu.used) {
			memcpy(fs->f, th->fpu.f, sizeof(fs->f));
			fs->fcsr = th->fpu.fcsr;
		}
		*count = RISCV_FLOAT_STATE_COUNT;
		return KERN_SUCCESS;
	}
	case RISCV_EXCEPTION_STATE: {
		if (*count < RISCV_EXCEPTION_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		riscv_exception_state_t *es = (riscv_exception_state_t *)state;
		es->scause = tf->scause;
		es->stval = tf->stval;
		*count = RISCV_EXCEPTION_STATE_COUNT;
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

kern_return_t
thread_state_set(thread_t th, thread_state_flavor_t flavor, thread_state_t state,
		 mach_msg_type_number_t count)
{
	struct trap_frame *tf = th ? th->user_frame : NULL;

	if (!tf)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case RISCV_THREAD_STATE: {
		if (count < RISCV_THREAD_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		const riscv_thread_state_t *ts = (const riscv_thread_state_t *)state;
		if (ts->pc >= VM_MAX_USER_ADDRESS || ts->sp >= VM_MAX_USER_ADDRESS ||
		    (ts->pc & 1))
			return KERN_INVALID_ARGUMENT;
		/* Registers only: sstatus (the mode, interrupts, FP) stays the kernel's. */
		uint64_t sstatus = tf->sstatus, scause = tf->scause, stval = tf->stval;
		memcpy(tf, ts, sizeof(*ts));
		tf->zero = 0;
		tf->sepc = ts->pc;
		tf->sstatus = sstatus;
		tf->scause = scause;
		tf->stval = stval;
		return KERN_SUCCESS;
	}
	case RISCV_FLOAT_STATE: {
		if (count < RISCV_FLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		const riscv_float_state_t *fs = (const riscv_float_state_t *)state;
		fpu_set_state(th, tf, fs->f, fs->fcsr & 0xff);
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}
