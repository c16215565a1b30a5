/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hand-off's common case in steps (kern/sched.h,
 * thread_handoff_continue_locked), for the two places that switch this
 * way: kern/sched_prim.c, and the IPC fast path (ipc/ipc_fast_rpc.c),
 * which asks first (handoff_fast_ok) and, when the answer is yes, hands
 * its message over in registers instead of memory (ipc_fast.h, "the
 * message in registers").  Private to those two.
 *   Locks: sched_lock held throughout, by the switching thread.
 */
#ifndef _KERN_SCHED_HANDOFF_H_
#define _KERN_SCHED_HANDOFF_H_
#include "kern/lock_check.h"
#include "kern/sched.h"
#include "kern/thread.h"
#include "kern/trace.h"
#include "riscv/context.h"
#include "riscv/cpu.h"
#include "riscv/fpu.h"
#include "riscv/pmap.h"
#include "riscv/trap.h"

/* The highest priority with a thread queued, or -1 (kern/sched_prim.c keeps it). */
extern int sched_runq_top;

/*
 * `th' leaves the hand-off slot that holds it, if one does (a thread is
 * in at most one: kern/sched_prim.c, "the hand-off slots").
 */
static inline __attribute__((always_inline)) void
slot_leave(thread_t th)
{
	struct cpu *s = th->handoff_slot;

	if (__builtin_expect(s != NULL, 0)) {
		s->handoff = THREAD_NULL;
		th->handoff_slot = NULL;
	}
}

/* `next' takes hart `c' and its address space (a switch's common part). */
static inline __attribute__((always_inline)) void
switch_to_hart(struct cpu *c, thread_t self, thread_t next)
{
	next->on_cpu = true;
	next->last_cpu = c->number;
	if (next->quantum <= 0)
		next->quantum = SCHED_QUANTUM_TICKS;
	c->active_thread = next;
	c->kstack_top = next->kstack_top;
	c->need_resched = false;
	if (next->pmap != self->pmap)
		pmap_switch(c, next->pmap);
}

/* `self' blocks with the continuation `cont': where it starts when it runs again. */
static inline __attribute__((always_inline)) void
continuation_set(thread_t self, thread_continue_t cont)
{
	self->context.ra = (uint64_t)thread_continue_trampoline;
	/* Below a user thread's frame (kstack_top - TF_SIZE: task.c), else the top. */
	self->context.sp = self->user_frame ? (uint64_t)self->user_frame : self->kstack_top;
	self->context.s[1] = (uint64_t)cont;
}

/*
 * Does the hand-off from `self' to `th' on hart `c' take its common case
 * (thread_handoff_continue_locked's contract says which), the event trace
 * aside: the caller asks trace_on() itself (it may have asked already).
 * `deadline': th may wait with a deadline (false: the caller knows it
 * does not, as for a receiver registered for the message in registers).
 */
static inline __attribute__((always_inline)) bool
handoff_fast_ok(thread_t self, thread_t th, struct cpu *c, const bool deadline)
{
	thread_t hint = c->handoff;

	return !(self->ast_wait_ends |
		 ((th->state & (TH_WAIT | TH_SUSP)) != TH_WAIT) | th->on_cpu |
		 (deadline && th->wait_deadline != 0) | fpu_switch_needed(self, th, c)) &&
	       th->sched_pri >= sched_runq_top && !(hint && !hint->on_runq);
}

/*
 * The common case's every step but the jump: `self' waits for `event'
 * with the continuation `cont', `th' stops waiting and takes the hart
 * (and its address space).  The caller then jumps to th's context, or,
 * when th waits with a continuation the caller knows, straight to where
 * th is to go (on th's kernel stack).  Only after handoff_fast_ok said yes.
 */
static inline __attribute__((always_inline)) void
handoff_commit(thread_t self, thread_t th, struct cpu *c, event_t event, thread_continue_t cont)
{
	/* An older hand-off to a thread on the run queue was a hint only (handoff_flush_locked). */
	if (__builtin_expect(c->handoff != THREAD_NULL, 0))
		slot_leave(c->handoff);
	/* assert_wait_inline(self, event, true), but for the bucket */
	self->state = (self->state & ~TH_RUN) | TH_WAIT;
	self->wait_event = event;
	self->wait_result = THREAD_AWAKENED;
	self->wait_deadline = 0;		/* its wakers find it registered (thread_wakeup_registered) */
	/* end_wait_locked(th, THREAD_AWAKENED): no deadline */
	if (queue_chained(&th->links))
		queue_remove(&th->links);
	th->wait_result = THREAD_AWAKENED;
	th->state = (th->state & ~(TH_WAIT | TH_UNINT)) | TH_RUN;
	/* switch_threads_continue(self, th, cont), with no trace and no FP to switch */
	lock_check_switch();
	switch_to_hart(c, self, th);
	continuation_set(self, cont);
}

#endif /* _KERN_SCHED_HANDOFF_H_ */
