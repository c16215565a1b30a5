/* SPDX-License-Identifier: BSD-2-Clause */
/* Lazy FP switching for user threads (see riscv/fpu.h). */
#include "riscv/fpu.h"
#include "riscv/csr.h"
#include "riscv/trap.h"
#include "lib/string.h"
#include "kern/thread.h"
#include "kern/sched.h"

/* Run `fn' on `fp' with FP access on in the kernel for its duration. */
static void
with_fp_on(void (*fn)(struct fpu_state *), struct fpu_state *fp)
{
	uint64_t fs = csr_read(sstatus) & SSTATUS_FS;

	csr_set(sstatus, SSTATUS_FS_CLEAN);
	fn(fp);
	csr_clear(sstatus, SSTATUS_FS);
	csr_set(sstatus, fs);
}

/* Load th's state into this hart's registers, which hold it from now on. */
static void
fpu_load_here(thread_t th)
{
	struct cpu *c = cpu_self();

	with_fp_on((void (*)(struct fpu_state *))fpu_load_regs, &th->fpu);
	c->fpu_owner = th;
	th->fpu.hart = (uint16_t)(c->number + 1);
}

void
fpu_switch(thread_t prev, thread_t next)
{
	/* The outgoing thread's registers are live on this hart: keep them if dirty. */
	if (fpu_save_needed(prev)) {
		struct trap_frame *pf = prev->user_frame;
		with_fp_on(fpu_save_regs, &prev->fpu);
		pf->sstatus = (pf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	}
	if (fpu_load_needed(next, cpu_self()))
		fpu_load_here(next);
}

void
fpu_set_state(thread_t th, struct trap_frame *tf, const uint64_t f[32], uint32_t fcsr)
{
	uint64_t any = fcsr;

	for (int i = 0; i < 32; i++)
		any |= f[i];
	if (!any) {
		/* The initial state: none at all (a dirty live copy is dropped with FS off). */
		th->fpu.used = false;
		tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_OFF;
		return;
	}
	memcpy(th->fpu.f, f, sizeof(th->fpu.f));
	th->fpu.fcsr = fcsr;
	th->fpu.used = true;
	/* Loaded at its next switch-in (or now, for the caller itself). */
	tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	fpu_reload(th);
}

bool
fpu_first_use(thread_t th, struct trap_frame *tf)
{
	if (th->fpu.used || (tf->sstatus & SSTATUS_FS) != SSTATUS_FS_OFF)
		return false;
	memset(&th->fpu, 0, sizeof(th->fpu));
	th->fpu.used = true;
	fpu_load_here(th);
	tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	return true;
}

void
fpu_reload(thread_t th)
{
	th->fpu.hart = 0;		/* no hart's registers hold the changed state */
	if (th == current_thread() && th->fpu.used)
		fpu_load_here(th);
}
