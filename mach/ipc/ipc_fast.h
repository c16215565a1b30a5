/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPC fast path: the common case of an RPC, with no kmsg.
 *
 * A thread receiving on a port or a port set with nothing queued and no
 * timeout waits in ipc_fast_receive, marked ith_fast_wait (registered in
 * the port's ip_rcv_thread, or the set's ips_rcv_thread).  A sender of a
 * message of at most IPC_FAST_MAX bytes, simple or with descriptors of
 * MIG's usual replies (out-of-line regions of no bytes: io_read's data
 * that went inline; one send right made, copied or moved: dir_lookup's
 * port), whose header carries the
 * RPC shapes (a copied send right or a moved send-once right to the
 * destination; none, or a send-once right made from a receive right, for
 * the reply) that finds such a receiver copies the message straight into
 * the receiver's thread (ith_fast_msg), translates the two header rights
 * with one lookup each (and a descriptor's right with one more), and makes
 * the receiver this hart's next thread.  The receiver names the reply
 * right (and a descriptor's) in its space and copies the message and
 * trailer out in one go.
 *
 * Everything else misses (ipc_fast_miss_t, nothing done) and takes the
 * general path (mach_msg.c), which a fast receiver also understands: a
 * general sender hands it a kmsg (ith_kmsg) as to any waiting receiver,
 * or, on a set, queues the message and wakes the set's waiters.
 *
 * A set's receiver is found under the member port's lock, not the set's
 * (the set's lock comes first in the order): the sender claims it with a
 * compare-and-swap on ips_rcv_thread, and a receiver leaving the set's
 * wait does the same, so exactly one of them wins; a receiver that lost
 * waits until the sender has delivered (set_leave).  A set's receiver
 * registers only while no member has a message queued (ips_msgcount,
 * checked under sched_lock, which a general sender's wake-up also takes),
 * and one that took a message passes the baton if a general sender
 * queued another meanwhile.
 *
 * A Unix system call (ipc_fast_call, from kern/unix_syscall.c) is built
 * by the kernel straight into the personality's waiting worker, and the
 * calling thread waits on its own kernel reply port the same way: the
 * worker's answer, sent with its next receive, comes back in one step.
 *
 * The whole RPC in one step (ipc_fast_rpc): a user thread's mach_msg with
 * SEND|RCV, entered from the trap with interrupts still off, delivers as
 * above, registers itself as the receiver of its own port, and switches
 * straight to the receiver.  It blocks with a continuation (kern/sched.h):
 * its kernel stack keeps nothing, and it resumes in rpc_continue, which
 * copies out what it received and returns to user mode.  This is Mach 3's
 * mach_msg continuation, and the shape of an L4 or seL4 IPC fast path.
 *   Locks: the sender's space, then the destination port.  ipc_fast_rpc
 *   alone holds two ports, the destination and the one it receives on,
 *   taken in address order (no other code holds two ports, so no cycle).
 *   A descriptor's port, a third, is only ever tried (simple_lock_try):
 *   busy, the message takes the general path.
 */
#ifndef _IPC_IPC_FAST_H_
#define _IPC_IPC_FAST_H_
#include <mach/message.h>
#include "ipc/ipc_space.h"
#include "ipc/ipc_port.h"
#include "ipc/mach_msg.h"
#include "kern/sched.h"
#include "kern/thread.h"

/* Receive options the fast path leaves to the general one. */
#define IPC_FAST_RCV_EXCLUDED	(MACH_RCV_TIMEOUT | MACH_RCV_NOTIFY | MACH_RCV_OVERWRITE)

/*
 * The guards: every function here checks everything it needs before it
 * changes anything, and a miss (ipc_fast_miss_t, mach_msg.h) says which
 * guard stopped it, with nothing done.  The one exception: a port set's
 * receiver claimed by a sender and then found too small for the message
 * is let go without one (claim_set_receiver), and receives the long way.
 */

/*
 * ipc_fast_send: deliver the message `a' names to a receiver waiting on
 * the destination port in the fast path.  `a->option' & MACH_RCV_MSG:
 * this thread is about to receive, so the receiver runs when it blocks
 * (a direct hand-off).  Leaves the header in `a' (have_header) for the
 * general path.
 *   Returns: IPC_FAST_TAKEN (sent), or why it missed.
 */
ipc_fast_miss_t ipc_fast_send(ipc_space_t space, struct mach_msg_args *a);

/*
 * ipc_fast_receive: receive on the port or port set `a->rcv_name' names,
 * waiting without a timeout.  A user thread's receive (`a' its
 * ith_msg_args, the event trace off) waits with a continuation,
 * ipc_receive_continue, and never returns here: it ends in user mode with
 * what mach_msg's receive returns.
 *   Returns: IPC_FAST_TAKEN with *mrp what mach_msg's receive returns;
 *   or a miss, nothing received (a queued message, a timeout, another
 *   receiver already waiting, or woken to receive the long way).
 */
ipc_fast_miss_t ipc_fast_receive(ipc_space_t space, const struct mach_msg_args *a,
				 mach_msg_return_t *mrp);

/*
 * ipc_receive_continue: where a user thread's fast wait (an RPC's, or
 * ipc_fast_receive's) continues: it copies out what a fast sender
 * delivered, or receives the long way, and returns to user mode
 * (ipc_fast_rpc.c's rpc_continue: a continuation, so it may be built with
 * s1..s11 caller-saved; a pointer, not a function, so that file still
 * defines no global function but ipc_fast_rpc).
 */
extern const thread_continue_t ipc_receive_continue;

/*
 * ipc_fast_rpc: mach_msg(SEND|RCV) from user mode, interrupts off, `a'
 * the current thread's ith_msg_args (decoded by riscv/trap.c): a message
 * the fast path carries (see above; descriptors made what the general
 * path would deliver) with the RPC header shapes to a port whose receiver
 * waits in the fast path, receiving on the port the reply right (if any)
 * is made from, or on a port set, where nobody else waits this way.  Does the
 * send, waits for the reply and returns to user mode
 * (thread_syscall_return): never returns then.  A send alone
 * (mach_msg(SEND)) goes the way of ipc_fast_send from here, and returns to
 * user mode the same way when it went.
 *   Returns: only when it missed (nothing happened): why; the header is
 *   left in `a' (have_header) once read.
 */
ipc_fast_miss_t ipc_fast_rpc(struct mach_msg_args *a);
/*
 * ipc_fast_rpc_in: ipc_fast_rpc for the trap (riscv/trap.c,
 * trap_mach_msg_user), which hands over, besides `a' (the arguments it
 * decoded), the five ipc_fast_rpc looks at first as its registers held
 * them: nothing is read back.
 */
ipc_fast_miss_t ipc_fast_rpc_in(uint64_t msg, uint64_t option, uint64_t send_size,
				uint64_t rcv_size, uint64_t rcv_name, struct mach_msg_args *a);

/*
 * ipc_fast_answer: the answer to the Unix call whose send-once right
 * `reply' the current thread held (kern/unix_serve.c), straight into the
 * caller's registers when the caller waits for it in the fast path (on
 * its kernel reply port): the error (0 or an errno value) with rv0 and
 * rv1, and `out_size' bytes of segments for the caller's memory at `out'
 * in the current task (a multiple of 8), which must fit the caller's
 * ith_fast_msg and be readable without a fault.  The right is used up and
 * the caller made runnable: with `direct', it runs when this thread next
 * blocks (as ipc_fast_send's receiver); without, it goes on the run
 * queue (this thread is about to hand the hart to another).  No lock
 * held.
 *   Returns: true (answered; the right and its reference consumed), or
 *   false with nothing done (the caller does not wait so, or the bytes
 *   could not be read): answer the long way.
 */
bool ipc_fast_answer(ipc_port_t reply, int error, int64_t rv0, int64_t rv1, uint64_t out,
		     uint64_t out_size, bool direct);

/*
 * ipc_fast_call (the Unix system-call route's one step, kern/unix_fast.c)
 * is defined inline in ipc/ipc_fast_steps.h, with its contract: its
 * caller's fill_body is inlined into it then, and nothing is called
 * while it holds the ports' locks.
 */
struct thread;
typedef void (*ipc_fast_continue_t)(struct thread *prev) __attribute__((noreturn));

/*
 * ipc_fast_call_answer: in ipc_fast_call's continuation (interrupts on, or
 * off with no lock held when a fast sender delivered):
 * the answer a fast sender delivered, in the thread (*answer, *size
 * bytes, header and body; valid until the thread's next receive), and
 * true; or false with *kmsgp the message a general sender handed over
 * (the caller's to consume), or NULL (the wait ended without one:
 * receive the long way).  Ends the wait's registration.
 */
struct ipc_kmsg;
/* ipc_fast_call_answer_general: the same for every case (the inline one's way out). */
bool ipc_fast_call_answer_general(const void **answer, mach_msg_size_t *size,
				  struct ipc_kmsg **kmsgp);

/* Inline: its common case (handed over, no reply right) is a dozen instructions. */
static inline __attribute__((always_inline)) bool
ipc_fast_call_answer(const void **answer, mach_msg_size_t *size, struct ipc_kmsg **kmsgp)
{
	thread_t self = current_thread();

	if (__builtin_expect(!self->ith_fast_got || self->ith_fast_reply, 0))
		return ipc_fast_call_answer_general(answer, size, kmsgp);
	self->ith_fast_object = NULL;	/* (the thread's own reply port: no reference) */
	self->ith_fast_got = false;
	*kmsgp = NULL;
	const mach_msg_header_t *h = (const void *)self->ith_fast_msg;
	*answer = h;
	*size = h->msgh_size;
	return true;
}

#endif /* _IPC_IPC_FAST_H_ */
