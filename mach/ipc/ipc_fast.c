/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPC fast path (see ipc_fast.h): a send, a receive, the Unix call's
 * one step, and the steps ipc_fast_rpc.c's one-step RPC shares
 * (ipc_fast_steps.h).
 */
#include "ipc/ipc_fast_steps.h"
#include "riscv/syscall_return.h"

_Static_assert(IPC_FAST_BUF >= IPC_FAST_MAX + MAX_TRAILER_SIZE, "room for the trailer");

/*
 * Can the port descriptor at `at' go this way?  Its right must be one the
 * fast path takes without side effects (no dead name, no dead-name request
 * to cancel) under a name that is neither the destination's nor the
 * reply's (rights the header uses stay simple).  The port's lock is taken
 * with a try (a third port: no order to wait in) unless it is `held_a' or
 * `held_b', which the caller holds; it stays held (fast_port_unlock).
 *   Locks: space locked, held_a and held_b (or IP_NULL) locked.
 */
bool
fast_port_check(ipc_space_t space, uint8_t *at, const mach_msg_header_t *h,
		ipc_port_t held_a, ipc_port_t held_b, struct fast_port *fp)
{
	mach_msg_port_descriptor_t ud;

	memcpy(&ud, __builtin_assume_aligned(at, 4), sizeof(ud));
	fp->kd = (ipc_kdesc_port_t *)at;
	fp->disp = ud.disposition;
	fp->port = IP_NULL;
	if (ud.disposition != MACH_MSG_TYPE_MAKE_SEND && ud.disposition != MACH_MSG_TYPE_COPY_SEND &&
	    ud.disposition != MACH_MSG_TYPE_MOVE_SEND)
		return false;
	if (ud.name == MACH_PORT_NULL)
		return true;
	if (ud.name == MACH_PORT_DEAD || ud.name == h->msgh_remote_port ||
	    ud.name == h->msgh_local_port)
		return false;
	struct ipc_entry *e = ipc_entry_lookup(space, ud.name);
	if (!e)
		return false;
	uint32_t bits = e->ie_bits;
	if (ud.disposition == MACH_MSG_TYPE_MAKE_SEND ? !(bits & MACH_PORT_TYPE_RECEIVE)
						      : !(bits & MACH_PORT_TYPE_SEND))
		return false;
	if (ud.disposition == MACH_MSG_TYPE_MOVE_SEND && IE_BITS_UREFS(bits) <= 1 &&
	    (bits & IE_BITS_DNREQUEST) && !(bits & MACH_PORT_TYPE_RECEIVE))
		return false;		/* moving its last right would cancel the request */
	ipc_port_t port = (ipc_port_t)e->ie_object;
	if (port != held_a && port != held_b) {
		if (!simple_lock_try(&port->ip_object.io_lock))
			return false;
		fp->locked = true;
	}
	fp->port = port;
	fp->entry = e;
	return ip_active(port);	/* a dead one arrives as a dead name: the general path */
}

/*
 * Take the port descriptor's right from the sender (every guard passed)
 * as ipc_right_copyin does (ipc_right_copyin_send_locked), and write the
 * kernel's form of the descriptor.  A right carried is marked on the receiver `rcv'
 * (ith_fast_ports), for fast_copyout to name: the message is its next.
 *   Locks: space locked; the port locked (fast_port_check), let go here.
 */
void
fast_port_copyin(ipc_space_t space, struct fast_port *fp, thread_t rcv)
{
	ipc_port_t port = fp->port;
	ipc_kdesc_port_t *kd = fp->kd;

	if (port)
		ipc_right_copyin_send_locked(space, fp->entry, port, fp->disp);
	kd->port = port;
	kd->pad2 = 0;
	kd->disposition = MACH_MSG_TYPE_PORT_SEND;
	fast_port_unlock(fp);
	rcv->ith_fast_ports = port != IP_NULL;
}

/* Name the rights of a fast message's port descriptors in `space' (ipc_kmsg_copyout's part). */
mach_msg_return_t
fast_copyout_ports(ipc_space_t space, mach_msg_header_t *h)
{
	mach_msg_body_t *b = (mach_msg_body_t *)(h + 1);
	uint8_t *d = (uint8_t *)(b + 1);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	is_lock(space);
	for (uint32_t i = 0; i < b->msgh_descriptor_count; i++) {
		mach_msg_descriptor_type_t type = ipc_desc_type(d);
		if (type == MACH_MSG_PORT_DESCRIPTOR)
			ipc_kmsg_copyout_port_desc(space, d, &mr);
		d += ipc_desc_size(type);
	}
	is_unlock(space);
	return mr;
}

ipc_fast_miss_t
ipc_fast_send(ipc_space_t space, struct mach_msg_args *a)
{
	uintptr_t msg = a->msg;
	mach_msg_size_t send_size = a->send_size;
	mach_msg_header_t *h = &a->header;

	if (send_size < sizeof(*h) || send_size > IPC_FAST_MAX || (send_size & 3))
		return IPC_FAST_MISS_SHAPE;
	if (!a->have_header) {
		if (copyin(msg, h, sizeof(*h)) != 0)	/* the body later, straight to the receiver */
			return IPC_FAST_MISS_NOT_RESIDENT;	/* the general path says why */
		a->have_header = true;
	}
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	struct ipc_entry *de, *re;

	is_lock(space);
	if (!ipc_rpc_header_lookup(space, h, true, &de, &re)) {
		is_unlock(space);
		return IPC_FAST_MISS_SHAPE;
	}
	ipc_port_t dest = (ipc_port_t)de->ie_object;
	if (!__atomic_load_n(&dest->ip_rcv_thread, __ATOMIC_RELAXED)) {
		bool kernel = __atomic_load_n(&dest->ip_receiver, __ATOMIC_RELAXED) ==
			      ipc_space_kernel;
		is_unlock(space);		/* nobody waits (or a set's receiver: not here) */
		return kernel ? IPC_FAST_MISS_KERNEL : IPC_FAST_MISS_NO_RECEIVER;
	}
	ipc_port_t reply = re ? (ipc_port_t)re->ie_object : IP_NULL;
	if (reply)
		lock_two(dest, reply);
	else
		ip_lock(dest);
	thread_t rcv = dest->ip_rcv_thread;
	bool complex = h->msgh_bits & MACH_MSGH_BITS_COMPLEX;
	struct fast_port fp;
	void *kbody = (uint8_t *)rcv->ith_fast_msg + sizeof(*h);
	if (!can_deliver(dest, rcv, send_size) || dest->ip_pset) {
		unlock_two(dest, reply);
		is_unlock(space);
		return IPC_FAST_MISS_NO_RECEIVER;
	}
	/* The body, straight into the receiver (with a lock held: no page is faulted in). */
	if (copyin(msg + sizeof(*h), kbody, send_size - sizeof(*h)) != 0) {
		unlock_two(dest, reply);
		is_unlock(space);
		return IPC_FAST_MISS_NOT_RESIDENT;
	}
	if (complex && !fast_body_check(space, kbody, send_size - sizeof(*h), h, dest, reply,
					dest->ip_receiver != NULL, &fp)) {
		unlock_two(dest, reply);
		is_unlock(space);
		return IPC_FAST_MISS_NO_RECEIVER;
	}
	/* Every guard passed: from here on the message goes. */
	if (reply) {
		reply->ip_sorights++;
		ipc_port_reference(reply);
	}
	if (__builtin_expect(complex, 0) && fp.kd)
		fast_port_copyin(space, &fp, rcv);
	deliver(rcv, dest, h, NULL, dest_type, reply, send_size, current_task()->sec_token);
	unlock_two(dest, reply);
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		ipc_entry_free(space, de);
		is_unlock(space);
		ipc_port_release(dest);		/* the entry's reference; the receiver holds one */
	} else {
		is_unlock(space);
	}
	thread_wakeup_handoff(rcv, a->option & MACH_RCV_MSG);
	return IPC_FAST_TAKEN;
}

bool
ipc_fast_answer(ipc_port_t reply, int error, int64_t rv0, int64_t rv1, uint64_t out,
		uint64_t out_size, bool direct)
{
	ip_lock(reply);
	thread_t rcv = reply->ip_rcv_thread;
	/* The guards: the caller waits this way, the bytes are read (with a lock held: no fault). */
	if (reply->ip_pset || !can_deliver(reply, rcv, sizeof(machrv_syscall_reply_t) + out_size) ||
	    (out_size && (out_size > sizeof(rcv->ith_fast_msg) || !user_msg_ok(out, out_size) ||
			  copy_user_msg(rcv->ith_fast_msg, (const void *)out, out_size) != 0))) {
		ip_unlock(reply);
		return false;
	}
	deliver_answer_regs(rcv, reply, error, rv0, rv1, out_size);
	ip_unlock(reply);
	/* The right's reference: never the last (the caller's thread keeps its port). */
	ipc_port_release(reply);
	thread_wakeup_handoff(rcv, direct);
	return true;
}

/*
 * Leave a port's registration (its receiver woke for another reason):
 * whatever a sender handed over meanwhile is taken, a general sender's
 * kmsg into *kmsgp.  Returns whether a fast sender delivered.
 *   Locks: port locked.
 */
static inline bool
port_leave_locked(ipc_port_t port, ipc_kmsg_t *kmsgp)
{
	thread_t self = current_thread();

	*kmsgp = self->ith_kmsg;
	self->ith_kmsg = NULL;
	self->ith_fast_wait = false;
	if (port->ip_rcv_thread == self)
		port->ip_rcv_thread = THREAD_NULL;
	return self->ith_fast_got;
}

/*
 * Leave a set's registration (its receiver woke for another reason): if a
 * sender claimed this thread first, wait until it has delivered (it holds
 * the member's lock with interrupts off: not long).
 */
static void
set_leave(ipc_pset_t pset)
{
	thread_t self = current_thread();
	thread_t expected = self;

	if (__atomic_compare_exchange_n(&pset->ips_rcv_thread, &expected, THREAD_NULL, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		self->ith_fast_wait = false;
		return;
	}
	while (__atomic_load_n(&self->ith_fast_wait, __ATOMIC_ACQUIRE))
		;
}

/*
 * The end of a fast wait on `object' (registered by register_wait or
 * register_wait_set), whatever ended it (`wr', the wait result): a message
 * handed over meanwhile is ours.  Drops the wait's reference.
 *   Returns: true and *mrp what mach_msg's receive returns; false to
 *   receive the long way (woken for a queued message, or by an interrupt
 *   that does not end this receive).
 */
bool
receive_finish(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
	       struct ipc_object *object, int wr, mach_msg_return_t *mrp)
{
	thread_t self = current_thread();
	mach_msg_size_t trailer_size = REQUESTED_TRAILER_SIZE(option);

	self->ith_fast_object = NULL;
	/* Got one: the sender unregistered us, nothing of the port to look at. */
	bool got = self->ith_fast_got;
	ipc_kmsg_t kmsg = NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	bool ends = false;		/* the wait ended the receive without a message */
	if (__builtin_expect(!got, 0) && object->io_otype == IOT_PORT_SET) {
		ipc_pset_t pset = (ipc_pset_t)object;
		set_leave(pset);
		got = self->ith_fast_got;
		if (!got) {
			ends = true;
			if (!pset->ips_object.io_active)
				mr = MACH_RCV_PORT_DIED;
			else if (wr == THREAD_INTERRUPTED)
				mr = MACH_RCV_INTERRUPTED;
			else
				ends = false;
		}
	} else if (__builtin_expect(!got, 0)) {
		ipc_port_t port = (ipc_port_t)object;
		ip_lock(port);
		got = port_leave_locked(port, &kmsg);
		if (!got && !kmsg) {
			ends = true;
			if (!ip_active(port))
				mr = MACH_RCV_PORT_DIED;
			else if (port->ip_receiver != space)
				mr = MACH_RCV_PORT_CHANGED;	/* the right left while we waited */
			else if (port->ip_pset)
				mr = MACH_RCV_PORT_CHANGED;	/* moved into a set while we waited */
			else if (wr == THREAD_INTERRUPTED)
				mr = MACH_RCV_INTERRUPTED;
			else
				ends = false;
		}
		ip_unlock(port);
	}
	self->ith_fast_got = false;

	if (got) {
		*mrp = fast_copyout(self, space, msg, object, false);
		set_pass_baton(object);
		object_release(object);
		return true;
	}
	object_release(object);
	if (kmsg) {
		/* A general sender's message (it fit: the sender checked). */
		mr = ipc_kmsg_copyout(kmsg, space);
		mach_msg_return_t pr = ipc_kmsg_put(msg, kmsg, trailer_size, self->ith_seqno);
		*mrp = mr != MACH_MSG_SUCCESS ? mr : pr;
		return true;
	}
	if (ends && mr == MACH_RCV_INTERRUPTED && !(option & MACH_RCV_INTERRUPT)) {
		/* As the general path: only thread_abort or the task's end stop a receive. */
		bool aborted = self->aborted || self->terminate_requested;
		self->aborted = false;
		if (!aborted)
			ends = false;	/* wait again, the long way */
	}
	*mrp = mr;
	return ends;			/* false: woken for a queued message */
}

ipc_fast_miss_t
ipc_fast_receive(ipc_space_t space, const struct mach_msg_args *a, mach_msg_return_t *mrp)
{
	uintptr_t msg = a->msg;
	mach_msg_option_t option = a->option;
	mach_msg_size_t rcv_size = a->rcv_size;
	mach_port_name_t rcv_name = a->rcv_name;

	if (option & IPC_FAST_RCV_EXCLUDED)
		return IPC_FAST_MISS_SHAPE;
	thread_t self = current_thread();
	/*
	 * A user thread's receive keeps nothing on its kernel stack while it
	 * waits (a server's receive with nothing to answer): the kernel call
	 * (mach_msg_common, trap_mach_msg_general) is over, and the message is
	 * taken where an RPC's is.  A kernel caller's arguments are on its
	 * stack, and the event trace sees the receive end here.
	 */
	bool cont = a == &self->ith_msg_args && !trace_on();
	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, rcv_name) : NULL;
	if (e && (e->ie_bits & MACH_PORT_TYPE_PORT_SET)) {
		ipc_pset_t pset = (ipc_pset_t)e->ie_object;
		ips_lock(pset);
		if (!can_wait_set(pset)) {
			ips_unlock(pset);
			is_unlock(space);
			return IPC_FAST_MISS_RECEIVE;
		}
		simple_lock(&sched_lock);	/* see can_wait_set */
		if (!set_empty(pset)) {
			simple_unlock(&sched_lock);
			ips_unlock(pset);
			is_unlock(space);
			return IPC_FAST_MISS_RECEIVE;
		}
		register_wait_set(self, pset, rcv_size, REQUESTED_TRAILER_SIZE(option));
		assert_wait_locked(self, (event_t)pset, true);
		if (cont) {
			ips_unlock(pset);
			is_unlock(space);
			thread_block_continue_locked(ipc_receive_continue);
		}
		simple_unlock(&sched_lock);
		ips_unlock(pset);
		is_unlock(space);
		int wr = thread_block();
		return receive_finish(space, msg, option, &pset->ips_object, wr, mrp)
			       ? IPC_FAST_TAKEN : IPC_FAST_MISS_RECEIVE;
	}
	if (!e || !(e->ie_bits & MACH_PORT_TYPE_RECEIVE)) {
		is_unlock(space);
		return IPC_FAST_MISS_SHAPE;
	}
	ipc_port_t port = (ipc_port_t)e->ie_object;
	ip_lock(port);
	if (!can_wait(port)) {
		ip_unlock(port);
		is_unlock(space);
		return IPC_FAST_MISS_RECEIVE;
	}
	register_wait(self, port, rcv_size, REQUESTED_TRAILER_SIZE(option),
		      cont && rcv_buffer_ok(msg, rcv_size));
	if (cont) {
		simple_lock(&sched_lock);
		assert_wait_locked(self, (event_t)port, true);
		ip_unlock(port);
		is_unlock(space);
		thread_block_continue_locked(ipc_receive_continue);
	}
	assert_wait((event_t)port, true);
	ip_unlock(port);
	is_unlock(space);

	int wr = thread_block();
	return receive_finish(space, msg, option, &port->ip_object, wr, mrp)
		       ? IPC_FAST_TAKEN : IPC_FAST_MISS_RECEIVE;
}

bool
ipc_fast_call_answer_general(const void **answer, mach_msg_size_t *size, ipc_kmsg_t *kmsgp)
{
	thread_t self = current_thread();
	struct ipc_object *object = self->ith_fast_object;
	ipc_port_t reply = (ipc_port_t)object;

	self->ith_fast_object = NULL;
	*kmsgp = NULL;
	if (__builtin_expect(!self->ith_fast_got, 0)) {
		ip_lock(reply);
		(void)port_leave_locked(reply, kmsgp);
		ip_unlock(reply);
	}
	bool got = self->ith_fast_got;
	self->ith_fast_got = false;		/* (the thread's own reply port: no reference) */
	if (!got)
		return false;
	if (self->ith_fast_reply) {
		/* An answer has no business carrying a reply right. */
		ipc_object_destroy(&self->ith_fast_reply->ip_object, MACH_MSG_TYPE_PORT_SEND_ONCE);
		self->ith_fast_reply = IP_NULL;
	}
	*answer = self->ith_fast_msg;
	const mach_msg_header_t *h = (const void *)self->ith_fast_msg;
	*size = h->msgh_size;
	return true;
}
