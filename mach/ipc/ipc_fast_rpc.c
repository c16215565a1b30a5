/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one-step RPC (ipc_fast.h, ipc_fast_rpc): a user thread's
 * mach_msg(SEND|RCV) sends, waits and switches to the receiver in one
 * step, and the receiver continues in rpc_continue. 
 *
 * Built with s1..s11 caller-saved (-fcall-used-s1 ... -fcall-used-s11,
 * mach/CMakeLists.txt), as kern/unix_fast.c is.  A function here either
 * never returns (a hand-off; a continuation, which returns to user mode)
 * or returns only to a caller that keeps nothing in those registers: the
 * trap vector (the user's registers are in the trap frame), through
 * riscv/trap.c's trap_mach_msg_user, which returns ipc_fast_rpc's result
 * as it is.  So no prologue here saves
 * them (about 18 stores fewer each way of an RPC: rpc_send_wait's and
 * rpc_continue's).  s0, the frame pointer, is kept as usual, and what
 * this file calls is built the usual way (it only keeps more).  The rule
 * that keeps it safe: nothing here is called from C built the usual way
 * and returns to it.  ipc/check_call_used.sh checks, before the link,
 * that ipc_fast_rpc and ipc_fast_rpc_in are this file's only global
 * functions; rpc_continue is a continuation.
 */
#include "ipc/ipc_fast_steps.h"
#include "kern/panic.h"
#include "kern/sched_handoff.h"
#include "riscv/syscall_return.h"

/* rpc_continue's way for anything but a message delivered by a fast sender. */
static void __attribute__((noreturn, noinline))
rpc_continue_general(void)
{
	thread_t self = current_thread();
	ipc_space_t space = self->task->itk_space;
	struct mach_msg_args *a = &self->ith_msg_args;
	mach_msg_return_t mr;

	if (!receive_finish(space, a->msg, a->option, self->ith_fast_object, self->wait_result,
			    &mr)) {
		a->option &= ~MACH_SEND_MSG;	/* sent already: the receive, the long way */
		mr = mach_msg_common(space, a, IPC_FAST_MISS_RECEIVE);
	}
	sched_handoff_flush();
	thread_syscall_return(mr);
}

/*
 * Where a thread that waited in ipc_fast_rpc continues: on an empty
 * kernel stack, its call's arguments in ith_msg_args.  The common case
 * (a fast sender delivered) is kept short.  The first frame on its stack,
 * with no frame pointer of its own (two instructions fewer): a backtrace
 * from below ends at its callee.
 */
static void __attribute__((noreturn, optimize("omit-frame-pointer")))
rpc_continue(thread_t prev)
{
	thread_t self = current_thread();

	self->ith_unix_serving = false;		/* (a worker's serve trap) its wait is over */
	if (__builtin_expect(!self->ith_fast_got, 0)) {
		sched_continue_start(prev);
		rpc_continue_general();
	}
	/* A fast sender delivered: interrupts stay off until the return to user mode. */
	sched_continue_start_noirq(prev);
	struct ipc_object *object = self->ith_fast_object;
	self->ith_fast_object = NULL;
	self->ith_fast_got = false;
	mach_msg_return_t mr =
		fast_copyout(self, self->task->itk_space, self->ith_msg_args.msg, object, true);
	set_pass_baton(object);
	object_release(object);			/* the wait's reference */
	thread_syscall_return_noirq(self, mr);
}

const thread_continue_t ipc_receive_continue = rpc_continue;

/*
 * The message in registers: a receiver waiting in rpc_continue on a port
 * (not a set), with a trailer of at most a sequence number (its
 * registration says so: FAST_WAIT_REGS, ipc_fast_steps.h), is not given
 * its message in ith_fast_msg to copy out but in three registers, the
 * header's words as its memory holds them, which it stores straight into
 * its buffer (rpc_receive_regs); a body, if any, is in ith_fast_msg as
 * always.  w0: msgh_bits and msgh_size; w1: the local port's name in the
 * high half (the remote port's name, the reply right's, is the receiver's
 * to give); w2: msgh_id in the high half, the sequence number in the low
 * half (where msgh_voucher_port, always null here, goes).
 */

/*
 * rpc_receive_regs's way when the buffer is not resident, or not
 * writable: the message into ith_fast_msg, then copied
 * with interrupts on (pages faulted in).  Returns mr, or MACH_RCV_INVALID_DATA.
 */
static mach_msg_return_t __attribute__((noinline, cold))
rpc_receive_staged(thread_t self, uintptr_t msg, uint64_t w0, uint64_t w1, uint64_t w2,
		   mach_msg_return_t mr)
{
	mach_msg_size_t size = (mach_msg_size_t)(w0 >> 32);
	uint32_t tsize = self->ith_rcv_trailer;
	mach_msg_seqno_trailer_t t = {
		.msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0,
		.msgh_trailer_size = tsize,
		.msgh_seqno = (mach_port_seqno_t)w2,
	};

	self->ith_fast_msg[0] = w0;
	self->ith_fast_msg[1] = w1;
	self->ith_fast_msg[2] = w2 & ~0xffffffffull;	/* no voucher */
	memcpy((uint8_t *)self->ith_fast_msg + size, &t, tsize);
	intr_on();
	int err = user_msg_ok(msg, size + tsize)
			  ? copy_user_msg((void *)msg, self->ith_fast_msg, size + tsize)
			  : copyout(self->ith_fast_msg, msg, size + tsize);
	return err ? MACH_RCV_INVALID_DATA : mr;
}

/*
 * Where a receiver the sender handed its message in registers starts,
 * instead of rpc_continue (see above): on its empty kernel stack, sched_lock
 * held (released here; the sender counted no interrupt push for it),
 * interrupts off until the return to user mode.
 * `reply': the send-once right the message carries, or IP_NULL.  Two
 * copies: a call's receiver (a reply right to name) and a reply's (none).
 */
static inline __attribute__((always_inline, noreturn)) void
rpc_receive_regs(thread_t prev, uint64_t w0, uint64_t w1, uint64_t w2, ipc_port_t reply,
		 const bool with_reply)
{
	thread_t self = current_thread();

	self->ith_unix_serving = false;
	sched_continue_start_unpushed(prev);
	struct ipc_object *object = self->ith_fast_object;
	self->ith_fast_object = NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	if (with_reply)
		w1 |= fast_name_reply(self->task->itk_space, reply, true, &mr);
	uintptr_t msg = self->ith_msg_args.msg;
	mach_msg_size_t size = (mach_msg_size_t)(w0 >> 32);
	uint32_t tsize = self->ith_rcv_trailer;
	/*
	 * The buffer passed rcv_buffer_ok for all this thread may receive when
	 * it registered (FAST_WAIT_REGS), and the sender's size is a multiple
	 * of 4 that fits (can_deliver): no look at it here.
	 */
	int err = -1;
	if (size == sizeof(mach_msg_header_t) ||
	    copy_user_msg((void *)(msg + sizeof(mach_msg_header_t)), self->ith_fast_msg + 3,
			  size - sizeof(mach_msg_header_t)) == 0)
		err = copyout_header_regs(msg, w0, w1, w2 & ~0xffffffffull, msg + size, tsize,
					  (uint32_t)w2);
	if (__builtin_expect(err, 0))
		mr = rpc_receive_staged(self, msg, w0, w1, w2, mr);
	object_release(object);			/* the wait's reference */
	thread_syscall_return_noirq(self, mr);
}

static void __attribute__((noreturn, optimize("omit-frame-pointer")))
rpc_receive_regs_reply(thread_t prev, uint64_t w0, uint64_t w1, uint64_t w2, ipc_port_t reply)
{
	rpc_receive_regs(prev, w0, w1, w2, reply, true);
}

static void __attribute__((noreturn, optimize("omit-frame-pointer")))
rpc_receive_regs_no_reply(thread_t prev, uint64_t w0, uint64_t w1, uint64_t w2)
{
	rpc_receive_regs(prev, w0, w1, w2, IP_NULL, false);
}

/*
 * An RPC whose send went this way but whose receive cannot wait (a
 * message is queued for it): the receiver runs when this thread next
 * blocks or leaves the kernel (a direct hand-off, as ipc_fast_send's), and
 * the general path does the receive alone.
 *   Locks: sched_lock held (its interrupt state pushed), released here.
 */
static ipc_fast_miss_t __attribute__((noinline))
rpc_sent_only(struct mach_msg_args *a, thread_t rcv)
{
	simple_unlock(&sched_lock);
	thread_wakeup_handoff(rcv, true);
	a->option &= ~MACH_SEND_MSG;		/* sent: mach_msg_common receives */
	return IPC_FAST_MISS_RECEIVE;
}

/*
 * The header shapes of an RPC's two halves, each with a copy of
 * rpc_send_wait of its own in which the tests its bits decide are gone:
 * a call (a copied send right to the server, a send-once right made
 * from the port the call receives on) and a reply that receives next (a
 * moved send-once right, no reply port).  ipc_fast_rpc picks the copy.
 */
enum rpc_shape { RPC_ANY, RPC_CALL, RPC_REPLY };
#define RPC_CALL_BITS	MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE)
#define RPC_REPLY_BITS	MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0)

/*
 * ipc_fast_rpc once its header is in `a': the send, the wait and the
 * switch, or a miss.  `complex' and `shape' (constants in each copy): the
 * message is complex, so its descriptors are looked at (the other copies,
 * every null RPC's, have none of that code); the header's shape, if
 * ipc_fast_rpc checked it (RPC_CALL: its bits RPC_CALL_BITS and its local
 * port the one the call receives on; RPC_REPLY: its bits RPC_REPLY_BITS).
 */
static inline __attribute__((always_inline)) ipc_fast_miss_t
rpc_send_wait(struct mach_msg_args *a, const bool complex, const enum rpc_shape shape)
{
	uintptr_t msg = a->msg;
	mach_msg_option_t option = a->option;
	mach_msg_size_t send_size = a->send_size;
	mach_msg_header_t *h = &a->header;
	uint64_t body[(IPC_FAST_MAX - sizeof(mach_msg_header_t)) / 8];

	/* Interrupts are off: the space and port locks skip their bookkeeping. */
	thread_t self = current_thread();
	ipc_space_t space = self->task->itk_space;
	mach_msg_bits_t bits = shape == RPC_CALL    ? RPC_CALL_BITS
			       : shape == RPC_REPLY ? RPC_REPLY_BITS
						    : h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	struct ipc_entry *de, *re;
	simple_lock_noirq(&space->is_lock);
	if (!ipc_rpc_header_lookup_bits(space, h, bits, complex, &de, &re)) {
		simple_unlock_noirq(&space->is_lock);
		return IPC_FAST_MISS_SHAPE;
	}
	/* Nobody waits (a kernel object's port: a kernel call): a miss, told first. */
	ipc_port_t dest = (ipc_port_t)de->ie_object;
	if (!__atomic_load_n(&dest->ip_rcv_thread, __ATOMIC_RELAXED) &&
	    !__atomic_load_n(&dest->ip_pset, __ATOMIC_RELAXED)) {
		bool kernel = __atomic_load_n(&dest->ip_receiver, __ATOMIC_RELAXED) ==
			      ipc_space_kernel;
		simple_unlock_noirq(&space->is_lock);
		return kernel ? IPC_FAST_MISS_KERNEL : IPC_FAST_MISS_NO_RECEIVER;
	}
	/* The reply right, if any, comes from the port this call receives on. */
	mach_port_name_t rcv_name = a->rcv_name;
	/* What this call receives on: a port (its own reply right's), or a set. */
	ipc_port_t port = IP_NULL;
	ipc_pset_t rset = NULL;
	if (shape == RPC_CALL) {
		if (re)		/* a receive right (ipc_rpc_header_lookup_bits), the one named */
			port = (ipc_port_t)re->ie_object;
	} else {
		struct ipc_entry *ce = re && h->msgh_local_port == rcv_name
					       ? re : ipc_entry_find(space, rcv_name);	/* bits below */
		if (ce && (ce->ie_bits & MACH_PORT_TYPE_PORT_SET) && !re)
			rset = (ipc_pset_t)ce->ie_object;
		else if (ce && (ce->ie_bits & MACH_PORT_TYPE_RECEIVE) && (!re || re == ce))
			port = (ipc_port_t)ce->ie_object;
	}
	if ((!port && !rset) || port == dest) {
		simple_unlock_noirq(&space->is_lock);
		return IPC_FAST_MISS_SHAPE;
	}
	if (rset) {
		simple_lock_noirq(&rset->ips_object.io_lock);	/* a set before its members */
		ip_lock_noirq(dest);
	} else {
		lock_two_noirq(dest, port);
	}
	thread_t rcv = fast_receiver(dest);
	ipc_pset_t dset = dest->ip_pset;
	mach_msg_size_t body_size = send_size - sizeof(*h);
	/*
	 * The guards (can_deliver, can_wait*, the body readable): any one
	 * failing is a miss with nothing changed.  The body goes straight into
	 * a receiver waiting on the port itself (the port's lock keeps it
	 * there); for a set's receiver, which is only ours once claimed, it is
	 * read first.
	 */
	if (!can_deliver(dest, rcv, send_size) ||
	    (rset ? !can_wait_set(rset) : !can_wait(port)))
		goto miss;
	void *kbody = dset ? (void *)body : (uint8_t *)rcv->ith_fast_msg + sizeof(*h);
	struct fast_port fp;
	if ((body_size && copy_user_msg(kbody, (const void *)(msg + sizeof(*h)), body_size) != 0) ||
	    (complex &&
	     !fast_body_check(space, kbody, body_size, h, dest, port, dest->ip_receiver != NULL,
			      &fp)))
		goto miss;
	/*
	 * Before the last guards: no wake-up of this thread can be lost from
	 * here.  Interrupts are off since the trap, and pushed only by a port
	 * descriptor's lock (fast_port_check's try).
	 */
	if (complex)
		simple_lock(&sched_lock);
	else
		simple_lock_noirq(&sched_lock);	/* the push counted below, if need be */
	/*
	 * A message queued on the set this thread receives on: the send still
	 * goes this way, but the thread does not wait; it takes that message
	 * the long way (rpc_sent_only).
	 */
	bool rcv_queued = rset && !set_empty(rset);
	if (dset && !claim_set_receiver(dset, rcv, send_size)) {
		if (complex) {
			simple_unlock(&sched_lock);
			fast_port_unlock(&fp);
		} else {
			simple_unlock_noirq(&sched_lock);
		}
		goto miss;
	}
	/* Every guard passed: from here on the message goes. */
	if (re) {
		port->ip_sorights++;		/* the reply right, made */
		ipc_port_reference(port);
	}
	struct cpu *c = cpu_self();
	bool in_regs = !complex && !dset && !rcv_queued && !trace_on() &&
		       rcv->ith_fast_wait == FAST_WAIT_REGS &&
		       handoff_fast_ok(self, rcv, c, false);	/* (such a wait has no deadline) */
	/*
	 * sched_lock's interrupt push (simple_lock_off's), counted for the
	 * ways that release the lock with simple_unlock; the message in
	 * registers needs none: its receiver releases the lock with
	 * interrupts still off (sched_continue_start_unpushed).
	 */
	if (!complex && !in_regs)
		intr_push_off(&sched_lock);
	uint64_t w0 = 0, w1 = 0, w2 = 0;
	if (in_regs) {
		/* The message in registers (above): deliver's work, but for ith_fast_msg. */
#if MACHRV_LOCK_CHECK
		if (c->intr_depth != 0 || intr_enabled())
			simple_lock_not_off(&sched_lock);
		if (rcv->context.ra != (uint64_t)thread_continue_trampoline ||
		    rcv->context.s[1] != (uint64_t)rpc_continue || rcv->wait_deadline)
			panic("ipc_fast_rpc: %s waits for its message in registers, not in "
			      "rpc_continue with no deadline", rcv->name);
#endif
		w0 = (uint64_t)send_size << 32 |
		     MACH_MSGH_BITS(re ? MACH_MSG_TYPE_PORT_SEND_ONCE : 0,
				    dest_type == MACH_MSG_TYPE_COPY_SEND ? MACH_MSG_TYPE_PORT_SEND
									 : MACH_MSG_TYPE_PORT_SEND_ONCE);
		w1 = (uint64_t)dest->ip_receiver_name << 32;
		w2 = (uint64_t)(uint32_t)h->msgh_id << 32 | dest->ip_seqno++;
		dest->ip_rcv_thread = THREAD_NULL;
		if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE)
			dest->ip_sorights--;
		__atomic_store_n(&rcv->ith_fast_wait, false, __ATOMIC_RELEASE);
	} else {
		if (__builtin_expect(complex, 0) && fp.kd)
			fast_port_copyin(space, &fp, rcv);
		deliver(rcv, dest, h, dset && body_size ? body : NULL, dest_type,
			re ? port : IP_NULL, send_size, self->task->sec_token);
	}
	struct ipc_object *object;
	if (rset) {
		if (!rcv_queued)
			register_wait_set(self, rset, a->rcv_size, REQUESTED_TRAILER_SIZE(option));
		ip_unlock_noirq(dest);
		simple_unlock_noirq(&rset->ips_object.io_lock);
		object = &rset->ips_object;
	} else {
		/* The buffer passed rcv_buffer_ok for rcv_size (header_in). */
		register_wait(self, port, a->rcv_size, REQUESTED_TRAILER_SIZE(option), true);
		ip_unlock_noirq(port);
		ip_unlock_noirq(dest);
		object = &port->ip_object;
	}
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		ipc_entry_free(space, de);
		ipc_port_release(dest);	/* the entry's; never the last: the receiver holds one */
	}
	simple_unlock_noirq(&space->is_lock);
	if (__builtin_expect(rcv_queued, 0))
		return rpc_sent_only(a, rcv);
	if (in_regs) {
		/* The switch, as thread_handoff_continue_locked's, but to rpc_receive_regs. */
		handoff_commit(self, rcv, c, (event_t)object, rpc_continue);
		context_jump_on(rcv->context.sp,
				re ? (const void *)rpc_receive_regs_reply
				   : (const void *)rpc_receive_regs_no_reply,
				(uint64_t)self, w0, w1, w2, (uint64_t)(re ? port : IP_NULL));
	}
	/* The receiver cannot run before this: waking it needs sched_lock. */
	thread_handoff_continue_locked((event_t)object, rcv, rpc_continue);

miss:
	ip_unlock_noirq(dest);
	if (rset)
		simple_unlock_noirq(&rset->ips_object.io_lock);
	else
		ip_unlock_noirq(port);
	simple_unlock_noirq(&space->is_lock);
	return IPC_FAST_MISS_NO_RECEIVER;
}

/*
 * The copies, each with its frame (no frame pointer: it returns only to
 * the trap vector, where backtraces stop anyway); ipc_fast_rpc needs
 * none (tail calls).
 */
static ipc_fast_miss_t __attribute__((noinline, optimize("omit-frame-pointer")))
rpc_send_wait_call(struct mach_msg_args *a)
{
	return rpc_send_wait(a, false, RPC_CALL);
}

static ipc_fast_miss_t __attribute__((noinline, optimize("omit-frame-pointer")))
rpc_send_wait_reply(struct mach_msg_args *a)
{
	return rpc_send_wait(a, false, RPC_REPLY);
}

static ipc_fast_miss_t __attribute__((noinline, optimize("omit-frame-pointer")))
rpc_send_wait_simple(struct mach_msg_args *a)
{
	return rpc_send_wait(a, false, RPC_ANY);
}

static ipc_fast_miss_t __attribute__((noinline, optimize("omit-frame-pointer")))
rpc_send_wait_complex(struct mach_msg_args *a)
{
	return rpc_send_wait(a, true, RPC_ANY);
}

/*
 * The message's header into a->header, if its size suits the fast path:
 * IPC_FAST_TAKEN, or why not.  `rpc': the buffer is the receive's too,
 * and passes rcv_buffer_ok for rcv_size as well (its registration says
 * so: FAST_WAIT_REGS), or this is a miss.
 */
static inline __attribute__((always_inline)) ipc_fast_miss_t
header_in(struct mach_msg_args *a, uintptr_t msg, mach_msg_size_t send_size,
	  mach_msg_size_t rcv_size, const bool rpc)
{
	mach_msg_header_t *h = &a->header;
	mach_msg_size_t span = rpc && rcv_size > send_size ? rcv_size : send_size;

	/* user_msg_ok(msg, send_size), with the range of rcv_buffer_ok(msg, span) */
	if (send_size < sizeof(*h) || send_size > IPC_FAST_MAX || (send_size & 3) ||
	    !rcv_buffer_ok(msg, span))
		return IPC_FAST_MISS_SHAPE;
	_Static_assert(sizeof(*h) == 3 * 8, "a header is three words");
	if (copyin_3words(msg, (uint64_t *)h) != 0)
		return IPC_FAST_MISS_NOT_RESIDENT;	/* interrupts are off: the long way */
	a->have_header = true;			/* the general path takes it from here */
	return IPC_FAST_TAKEN;
}

/*
 * A send alone (a server's answer with nothing to receive next): to a
 * receiver waiting in the fast path, as the general path's first try
 * would (ipc_fast_send), but with interrupts still off from the trap and
 * without the general path's way there; then back to user mode.  A body
 * not resident is a miss (a copy with interrupts off does not wait for a
 * page): the general path tries again, with them on.  Any other miss
 * would miss again: the general path sends the long way at once.
 */
static ipc_fast_miss_t __attribute__((noinline))
rpc_send_only(struct mach_msg_args *a)
{
	ipc_fast_miss_t miss = header_in(a, a->msg, a->send_size, 0, false);

	if (miss != IPC_FAST_TAKEN)
		return miss;
	thread_t self = current_thread();
	miss = ipc_fast_send(self->task->itk_space, a);
	if (miss == IPC_FAST_MISS_NOT_RESIDENT)
		return miss;			/* with interrupts on, it may go */
	if (miss != IPC_FAST_TAKEN)
		return IPC_FAST_MISS_SEND_TRIED;	/* the same again would miss the same way */
	thread_syscall_return_noirq(self, MACH_MSG_SUCCESS);
}

/*
 * ipc_fast_rpc with the arguments it looks at first as they came in the
 * trap's registers too (ipc_fast_rpc_in), so they are not read back from
 * `a'.
 */
static inline __attribute__((always_inline)) ipc_fast_miss_t
rpc_enter(struct mach_msg_args *a, uintptr_t msg, mach_msg_option_t option,
	  mach_msg_size_t send_size, mach_msg_size_t rcv_size, mach_port_name_t rcv_name)
{
	if ((option & (MACH_SEND_MSG | MACH_RCV_MSG | IPC_FAST_RCV_EXCLUDED)) !=
	    (MACH_SEND_MSG | MACH_RCV_MSG)) {
		if ((option & (MACH_SEND_MSG | MACH_RCV_MSG)) == MACH_SEND_MSG)
			return rpc_send_only(a);
		return IPC_FAST_MISS_SHAPE;
	}
	ipc_fast_miss_t miss = header_in(a, msg, send_size, rcv_size, true);
	if (miss != IPC_FAST_TAKEN)
		return miss;
	mach_msg_bits_t bits = a->header.msgh_bits;
	if (bits == RPC_CALL_BITS && a->header.msgh_local_port == rcv_name)
		return rpc_send_wait_call(a);
	if (bits == RPC_REPLY_BITS)
		return rpc_send_wait_reply(a);
	if (__builtin_expect(bits & MACH_MSGH_BITS_COMPLEX, 0))
		return rpc_send_wait_complex(a);
	return rpc_send_wait_simple(a);
}

/* No frame of its own (it only checks, reads the header and tail-calls): not in a backtrace. */
ipc_fast_miss_t __attribute__((optimize("omit-frame-pointer")))
ipc_fast_rpc(struct mach_msg_args *a)
{
	return rpc_enter(a, a->msg, a->option, a->send_size, a->rcv_size, a->rcv_name);
}

ipc_fast_miss_t __attribute__((optimize("omit-frame-pointer")))
ipc_fast_rpc_in(uint64_t msg, uint64_t option, uint64_t send_size, uint64_t rcv_size,
		uint64_t rcv_name, struct mach_msg_args *a)
{
	return rpc_enter(a, msg, (mach_msg_option_t)option, (mach_msg_size_t)send_size,
			 (mach_msg_size_t)rcv_size, (mach_port_name_t)rcv_name);
}
