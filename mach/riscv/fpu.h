/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Floating-point state of user threads, switched lazily with sstatus.FS.
 * A thread starts with FP off; its first FP instruction traps (illegal
 * instruction with FS off), fpu_first_use() gives it zeroed registers and
 * turns FP on.  At a switch its registers are saved only if dirty, and
 * loaded only if it has ever used FP and the hart's registers do not
 * hold its state already: each hart remembers the thread whose state it
 * last loaded (cpu->fpu_owner), and that thread the hart
 * (fpu.hart), so a thread switched back to after threads that use no FP
 * (a Unix program and its servers) loads nothing.  Any change to a
 * thread's saved state from outside forgets the hart.  The kernel itself
 * never uses FP.
 * A state of all zeros set from outside (thread_set_state: a fork's child
 * whose parent never used FP) is the one a first use starts from, so it
 * leaves the thread without FP state rather than loading zeros at every
 * switch (fpu_set_state).
 */
#ifndef _RISCV_FPU_H_
#define _RISCV_FPU_H_
#include <stdint.h>
#include <stdbool.h>

struct fpu_state {
	uint64_t	f[32];
	uint32_t	fcsr;
	bool		used;		/* the thread has FP state at all */
	uint16_t	hart;		/* 1 + the hart whose registers it was last loaded into, or 0 */
};

struct thread;
struct trap_frame;

/* riscv/fpu.S: move the registers (FS must not be off while they run). */
void fpu_save_regs(struct fpu_state *fp);
void fpu_load_regs(const struct fpu_state *fp);

/* fpu_switch: the FP half of a thread switch on this hart. */
void fpu_switch(struct thread *prev, struct thread *next);
/*
 * The rules of a switch, as macros (fpu.h comes before thread.h, whose
 * fields they read).  fpu_held_here: do the registers of hart `c' hold
 * the state of `th' (loaded there last, by nobody since)?
 * fpu_save_needed: are the outgoing `prev's registers dirty?
 * fpu_load_needed: must the incoming `next's be loaded on hart `c'?
 * fpu_switch_needed: has fpu_switch anything to do?
 */
#define fpu_held_here(th, c) \
	((c)->fpu_owner == (th) && (th)->fpu.hart == (c)->number + 1)
#define fpu_save_needed(prev) \
	((prev)->fpu.used && (prev)->user_frame && \
	 ((prev)->user_frame->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY)
#define fpu_load_needed(next, c) \
	((next)->fpu.used && (next)->user_frame && !fpu_held_here(next, c))
#define fpu_switch_needed(prev, next, c) \
	(fpu_save_needed(prev) || fpu_load_needed(next, c))
/* fpu_reload: th->fpu changed; if th runs here now, load it into the registers. */
void fpu_reload(struct thread *th);
/*
 * fpu_set_state: give `th' (its user frame `tf') the FP registers `f' and
 * control word `fcsr' (thread_set_state's float flavor).  All zeros puts
 * the thread back to no FP state (FS off): its next FP instruction gets
 * zeros from fpu_first_use, as if they had been loaded.
 */
void fpu_set_state(struct thread *th, struct trap_frame *tf, const uint64_t f[32], uint32_t fcsr);
/* fpu_first_use: an illegal instruction with FP off: turn FP on?  True if so. */
bool fpu_first_use(struct thread *th, struct trap_frame *tf);

#endif /* _RISCV_FPU_H_ */
