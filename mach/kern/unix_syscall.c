/* SPDX-License-Identifier: BSD-2-Clause */
/* The Unix system-call path (see kern/unix_syscall.h and <machrv/syscall_msg.h>). */
#include "kern/unix_syscall_steps.h"

/* answer_copyout's way, segment by segment (its contract below). */
static bool __attribute__((noinline))
answer_copyout_segments(const uint8_t *seg, size_t n)
{
	while (n) {
		machrv_syscall_out_t o;
		if (n < sizeof(o))
			return false;
		if (__builtin_expect((uintptr_t)seg & 7, 0))
			memcpy(&o, seg, sizeof(o));
		else
			memcpy(&o, __builtin_assume_aligned(seg, 8), sizeof(o));	/* two loads */
		size_t padded = ((size_t)o.len + 7) & ~(size_t)7;
		if (o.reserved || padded > n - sizeof(o))
			return false;
		/* A few bytes (a 1-byte read's) inline, more by the copy loop. */
		if (o.len && (o.len <= 16 && user_range_ok(o.addr, o.len)
				      ? copy_user_small((void *)(uintptr_t)o.addr, seg + sizeof(o), o.len)
				      : copyout(seg + sizeof(o), (uintptr_t)o.addr, o.len)) != 0)
			return false;
		seg += sizeof(o) + padded;
		n -= sizeof(o) + padded;
	}
	return true;
}

/*
 * The answer's bytes for the caller (`n' bytes of segments at `seg'),
 * each to its address in the current task.  False if one could not be
 * written or the segments are malformed (nothing after them is written).
 */
bool
answer_copyout(const uint8_t *seg, size_t n)
{
	/*
	 * One segment of a few bytes (a small read's): inline, with no call,
	 * so no frame; anything else segment by segment.
	 */
	machrv_syscall_out_t o;
	if (__builtin_expect(n > sizeof(o) && n <= sizeof(o) + 16 && !((uintptr_t)seg & 7), 1)) {
		memcpy(&o, __builtin_assume_aligned(seg, 8), sizeof(o));
		if (o.len && !o.reserved && ((size_t)o.len + 7) / 8 * 8 == n - sizeof(o) &&
		    user_range_ok(o.addr, o.len))
			return copy_user_small((void *)(uintptr_t)o.addr, seg + sizeof(o), o.len) == 0;
	}
	return answer_copyout_segments(seg, n);
}

/* The answer in `answer', a kmsg, into the registers; consumes it.  Its trace tag. */
uint64_t
answer_kmsg(struct trap_frame *tf, ipc_kmsg_t answer)
{
	answer_registers(tf, (machrv_syscall_reply_t *)&answer->ikm_header,
			 answer->ikm_header.msgh_size);
	uint64_t tag = answer->ikm_trace;
	ipc_kmsg_consume_dest(answer);
	ipc_kmsg_destroy(answer);
	return tag;
}

/* The wait for the answer was interrupted: the thread is ending. */
void
answer_interrupted(struct trap_frame *tf)
{
	mig_dealloc_reply_port(IPC_KPORT_REPLY);	/* a late reply must not be taken for the next */
	fail(tf, MACHRV_SYSCALL_ENOSYS);
}

/*
 * (3) Wait on `reply' for the answer, the long way, and put it in the
 * registers.  Returns: the answer's trace tag (kern/trace.h), 0 without one.
 */
uint64_t
answer_await(struct trap_frame *tf, ipc_port_t reply)
{
	ipc_kmsg_t answer;
	mach_port_seqno_t seqno;
	mach_msg_size_t needed;
	mach_msg_return_t mr =
		ipc_mqueue_receive(&reply->ip_object, MACH_RCV_INTERRUPT, 0,
				   ANSWER_MAX + MAX_TRAILER_SIZE, 0, &answer,
				   &seqno, &needed);
	if (mr != MACH_MSG_SUCCESS) {
		if (answer) {
			ipc_kmsg_consume_dest(answer);
			ipc_kmsg_destroy(answer);
		}
		answer_interrupted(tf);
		return 0;
	}
	return answer_kmsg(tf, answer);
}

/*
 * The string at `addr' (a path a call offers), NUL included, into
 * in->bytes: its length with the NUL, or 0 if it is longer than the
 * buffer or cannot be read where the caller is (in the one-step call
 * nothing is faulted in; no page is read past the one the NUL is in).
 */
uint32_t
offer_string(struct call_offer *in, uint64_t addr)
{
	uint32_t done = 0;

	/* 32 bytes at a time: most paths are short. */
	while (done < sizeof(in->bytes)) {
		uint64_t at = addr + done;
		uint32_t n = (uint32_t)(PAGE_SIZE - (at & (PAGE_SIZE - 1)));
		if (n > 32)
			n = 32;
		if (n > sizeof(in->bytes) - done)
			n = (uint32_t)sizeof(in->bytes) - done;
		if (copyin(at, in->bytes + done, n) != 0)
			return 0;
		for (uint32_t end = done + n; done < end; done++)
			if (in->bytes[done] == 0)
				return done + 1;
	}
	return 0;
}

/*
 * request_body_fill, then what the call offers after the fixed request,
 * found where the caller is now (with interrupts off, a page not in
 * memory counts as not readable or writable: the personality then does
 * as without the offer).  Its input: a machrv_syscall_in_t and the bytes
 * (len 0 if they could not be read).  Its output: a machrv_syscall_in_t
 * saying whether the range is writable (len 0 if not known).
 */
void
request_offer_fill(void *at, const void *arg)
{
	const struct call_offer *in = arg;
	uint8_t *end = (uint8_t *)at + sizeof(machrv_syscall_request_t) - sizeof(mach_msg_header_t);
	machrv_syscall_in_t h = { .addr = in->addr, .len = in->len, .kind = in->kind };

	request_body_fill(at, in->tf);
	if (in->kind == MACHRV_SYSCALL_IN_WRITABLE) {
		if (!in->out_ok)
			h.len = 0;
	} else {
		uint8_t *bytes = end + sizeof(h);
		uint32_t padded = (in->len + 7) & ~7u;
		memset(bytes + padded - 8, 0, 8);	/* the padding (the bytes go over the rest) */
		if (in->str)
			memcpy(bytes, in->bytes, in->len);	/* read by call_offered */
		else if (copyin(in->addr, bytes, in->len) != 0) {
			h.len = 0;
			memset(bytes, 0, padded);
		}
	}
	if (__builtin_expect((uintptr_t)end & 7, 0))
		memcpy(end, &h, sizeof(h));
	else
		memcpy(__builtin_assume_aligned(end, 8), &h, sizeof(h));	/* two stores */
	if (in->str2_len) {
		/* The path after the output's record (MACHRV_SYSCALL_OUTSTR_HINT). */
		machrv_syscall_in_t h2 = { .addr = in->str2_addr, .len = in->str2_len,
					   .kind = MACHRV_SYSCALL_IN_BYTES };
		uint8_t *rec = end + sizeof(h), *bytes = rec + sizeof(h2);
		uint32_t padded = (in->str2_len + 7) & ~7u;
		memset(bytes + padded - 8, 0, 8);
		memcpy(bytes, in->bytes, in->str2_len);
		memcpy(rec, &h2, sizeof(h2));
	}
}

/*
 * The call itself, the long way: the request in a kmsg, the wait, the
 * answer in the registers.  sepc is past the ecall.
 *   Returns: the answer's trace tag (kern/trace.h), 0 without one.
 */
static uint64_t
unix_call(struct trap_frame *tf)
{
	thread_t self = current_thread();
	task_t task = self->task;

	simple_lock(&task->lock);
	ipc_port_t dest = ipc_port_copy_send(task->itk_syscall);
	security_token_t token = task->sec_token;
	/* unix_fast's copy, if the task's port changed since it was made (here: no lock held to drop it). */
	ipc_port_t seen = self->ith_syscall_port, now = IP_VALID(dest) ? task->itk_syscall : IP_NULL;
	if (seen != now) {
		if (now)
			ipc_port_reference(now);
		self->ith_syscall_port = now;
	}
	simple_unlock(&task->lock);
	if (seen != now && seen)
		ipc_port_release(seen);
	ipc_port_t reply = thread_rpc_reply_port(self);
	if (!IP_VALID(dest) || !reply) {
		ipc_port_release_send(dest);
		fail(tf, MACHRV_SYSCALL_ENOSYS);
		return 0;
	}

	/* (1) the request, built in kernel form */
	struct call_offer in;
	bool offer = call_offered(tf, &in);
	mach_msg_size_t size = offer ? request_offer_size(&in) : sizeof(machrv_syscall_request_t);
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(size);
	if (!kmsg) {
		ipc_port_release_send(dest);
		fail(tf, MACHRV_SYSCALL_ENOSYS);
		return 0;
	}
	machrv_syscall_request_t *req = (machrv_syscall_request_t *)&kmsg->ikm_header;
	memset(req, 0, size);
	request_head_fill(&req->head);
	req->head.msgh_size = size;
	if (offer)
		request_offer_fill(&req->head + 1, &in);
	else
		request_body_fill(&req->head + 1, tf);
	kmsg->ikm_remote = dest;
	kmsg->ikm_local = ipc_port_make_send_once(reply);
	ipc_kmsg_copyin_from_kernel(kmsg);
	kmsg->ikm_sender = token;

	/* (2) send it to the personality, (3) wait for its answer */
	mach_msg_return_t mr = ipc_mqueue_send(kmsg, MACH_SEND_INTERRUPT, 0);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(kmsg);
		mig_dealloc_reply_port(IPC_KPORT_REPLY);	/* it may get a send-once notification */
		fail(tf, MACHRV_SYSCALL_ENOSYS);
		return 0;
	}
	return answer_await(tf, reply);
}

void
unix_syscall(struct trap_frame *tf)
{
	long number = (long)tf->a7;

	if (!trace_on()) {
		unix_call(tf);
		return;
	}
	trace_trap_enter(tf, number);
	uint64_t tag = unix_call(tf);
	/* An error: a0 holds -errno (the library sets errno from it). */
	trace_trap_exit(number, tf->a0, 0, tag);
}
