/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Serving Unix calls in registers, the one step (kern/unix_serve.c has
 * the rest): trap_syscall_serve_user, from the trap vector.  Built with
 * s1..s11 caller-saved, as ipc/ipc_fast_rpc.c (which says why that is
 * safe): trap_syscall_serve_user returns only to the trap vector, and is
 * this file's only global function (ipc/check_call_used.sh checks).
 */
#include "ipc/ipc_fast_steps.h"
#include "kern/unix_syscall.h"
#include "riscv/syscall_return.h"

/*
 * An answer's bytes in the one step: at most this many, so that they fit
 * the caller's buffer (ith_fast_msg), and its wait's room (a Unix call's
 * caller waits for ANSWER_MAX bytes: kern/unix_fast.c), so can_deliver
 * need not count them.  More (up to MACHRV_SYSCALL_SERVE_OUT_MAX) go the
 * long way, as a kernel-sent answer (unix_serve.c).
 */
#define SERVE_FAST_OUT_MAX	256
_Static_assert(SERVE_FAST_OUT_MAX <= sizeof(((struct thread *)0)->ith_fast_msg) &&
		       MACHRV_SYSCALL_SERVE_OUT_MAX <= MACHRV_SYSCALL_OUT_MAX,
	       "an answer's bytes fit the caller's buffer");

/*
 * The answer in registers (the error, rv0; from the trap frame `tf', rv1
 * in t0 and the bytes below) and the wait for the next call in one step:
 * when the held right's caller waits for it in the fast path (on its
 * kernel reply port: can_deliver), `a' receives on a port set that can
 * be waited on this way with nothing queued, and the answer's bytes for
 * the caller (the trap's t2 bytes of segments at t1 in this task, at most
 * SERVE_FAST_OUT_MAX, checked) can be read without a fault, the
 * answer goes straight into the caller (as deliver would put a message),
 * this thread waits on the set (ipc_receive_continue) and the caller runs
 * on this hart.
 * `bytes': the trap's t2 is not 0 (a constant in each copy).
 *   Interrupts off (from the trap); never returns then.
 *   Returns: only when it missed (nothing done): why.
 */
static inline __attribute__((always_inline)) ipc_fast_miss_t
serve_answer_wait(thread_t self, struct mach_msg_args *a, int error, int64_t rv0,
		  const struct trap_frame *tf, const bool bytes)
{
	ipc_space_t space = self->task->itk_space;
	ipc_port_t reply = self->ith_unix_reply;
	/* (the stub's zero-extended load: any other size is refused) */
	uint64_t out_size = bytes ? tf->t2 : 0;

	simple_lock_noirq(&space->is_lock);
	struct ipc_entry *e = space->is_active ? ipc_entry_find(space, a->rcv_name) : NULL;
	if (!e || !(e->ie_bits & MACH_PORT_TYPE_PORT_SET)) {
		simple_unlock_noirq(&space->is_lock);
		return IPC_FAST_MISS_SHAPE;
	}
	ipc_pset_t rset = (ipc_pset_t)e->ie_object;
	simple_lock_noirq(&rset->ips_object.io_lock);	/* a set before any port */
	ip_lock_noirq(reply);
	thread_t rcv = reply->ip_rcv_thread;
	/* The guards: see ipc_fast_rpc. */
	if (reply->ip_pset || !can_deliver(reply, rcv, sizeof(machrv_syscall_reply_t)) ||
	    !can_wait_set(rset))
		goto miss;
	/*
	 * The bytes into the caller's buffer (only the wait's end makes them
	 * count); too many, or not whole words: the long way refuses them.
	 */
	if (bytes &&
	    (out_size > SERVE_FAST_OUT_MAX || (out_size & 7) ||
	     !user_msg_ok(tf->t1, out_size) ||
	     copy_user_msg(rcv->ith_fast_msg, (const void *)tf->t1, out_size) != 0))
		goto miss;
	simple_lock_off(&sched_lock);	/* interrupts off since the trap */
	if (!set_empty(rset)) {
		simple_unlock(&sched_lock);
		goto miss;		/* a message waits: the long way takes it */
	}
	/* Every guard passed: from here on the answer goes. */
	self->ith_unix_reply = IP_NULL;
	deliver_answer_regs(rcv, reply, error, rv0, (int64_t)tf->t0, out_size);
	register_wait_set(self, rset, a->rcv_size, REQUESTED_TRAILER_SIZE(a->option));
	ip_unlock_noirq(reply);
	simple_unlock_noirq(&rset->ips_object.io_lock);
	simple_unlock_noirq(&space->is_lock);
	/* The right's reference: never the last (the caller's thread keeps its port, and waits). */
	ipc_port_release(reply);
	thread_handoff_continue_locked((event_t)&rset->ips_object, rcv, ipc_receive_continue);

miss:
	ip_unlock_noirq(reply);
	simple_unlock_noirq(&rset->ips_object.io_lock);
	simple_unlock_noirq(&space->is_lock);
	return IPC_FAST_MISS_NO_RECEIVER;
}

/*
 * Its two copies (`bytes' a constant in each, as rpc_send_wait's): the
 * answer without bytes, every getpid's, has none of their code.
 */
static ipc_fast_miss_t __attribute__((noinline, optimize("omit-frame-pointer")))
serve_answer_wait_plain(thread_t self, struct mach_msg_args *a, int error, int64_t rv0,
			const struct trap_frame *tf)
{
	return serve_answer_wait(self, a, error, rv0, tf, false);
}

static ipc_fast_miss_t __attribute__((noinline, optimize("omit-frame-pointer")))
serve_answer_wait_bytes(thread_t self, struct mach_msg_args *a, int error, int64_t rv0,
			const struct trap_frame *tf)
{
	return serve_answer_wait(self, a, error, rv0, tf, true);
}

/*
 * With a message to send too (an answer to a call parked and woken: a
 * pipe's reader), mach_msg(SEND|RCV) from `a': the held call's answer
 * (the error, rv0, the rest in the trap frame `tf' as serve_answer_wait's)
 * straight into its caller, queued to run (ipc_fast_answer), then
 * mach_msg's one step for the rest.  Interrupts off (from the trap).
 *   Returns: only when it missed: why (the answer given or not).
 */
static ipc_fast_miss_t __attribute__((noinline))
serve_answer_then_rpc(thread_t self, struct mach_msg_args *a, int error, int64_t rv0,
		      const struct trap_frame *tf)
{
	if (tf->t2 > MACHRV_SYSCALL_SERVE_OUT_MAX || (tf->t2 & 7) ||
	    !ipc_fast_answer(self->ith_unix_reply, error, rv0, (int64_t)tf->t0, tf->t1, tf->t2,
			     false))
		return IPC_FAST_MISS_SHAPE;
	self->ith_unix_reply = IP_NULL;
	return ipc_fast_rpc(a);
}

/* No frame of its own (it checks and tail-calls): not in a backtrace. */
ipc_fast_miss_t __attribute__((optimize("omit-frame-pointer")))
trap_syscall_serve_user(uint64_t msg, uint64_t option, uint64_t send_size, uint64_t rcv_size,
			uint64_t rcv_name, uint64_t answer, uint64_t rv0, struct trap_frame *tf)
{
	thread_t self = current_thread();
	struct mach_msg_args *a = &self->ith_msg_args;

	mach_msg_args_set(a, msg, option, send_size, rcv_size, rcv_name, MACH_MSG_TIMEOUT_NONE,
			  MACH_PORT_NULL);
	if (!MACHRV_IPC_FAST)
		return IPC_FAST_MISS_SHAPE;
	if (self->ith_unix_reply) {
		mach_msg_option_t shape =
			a->option & (MACH_SEND_MSG | MACH_RCV_MSG | IPC_FAST_RCV_EXCLUDED);
		/* (On a miss the flag stays set: the general path keeps it for its receive.) */
		self->ith_unix_serving = true;
		/* An answer in registers with a receive alone: the one step. */
		if (__builtin_expect((int)answer >= 0 && shape == MACH_RCV_MSG, 1)) {
			if (__builtin_expect(tf->t2 != 0, 0))
				return serve_answer_wait_bytes(self, a, (int)answer, (int64_t)rv0, tf);
			return serve_answer_wait_plain(self, a, (int)answer, (int64_t)rv0, tf);
		}
		if ((int)answer < 0 || shape != (MACH_SEND_MSG | MACH_RCV_MSG))
			return IPC_FAST_MISS_SHAPE;
		return serve_answer_then_rpc(self, a, (int)answer, (int64_t)rv0, tf);
	}
	/*
	 * Nothing held (or answered now): mach_msg's one step, the receive open to calls in
	 * registers.  On a miss the flag stays set: the general path, next,
	 * keeps it set for its receive and clears it after.
	 */
	self->ith_unix_serving = true;
	return ipc_fast_rpc(a);
}

