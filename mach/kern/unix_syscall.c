/* SPDX-License-Identifier: BSD-2-Clause */
/* The Unix system-call path (see kern/unix_syscall.h and <machrv/syscall_msg.h>). */
#include <stddef.h>
#include <machrv/syscall_msg.h>
#include "kern/unix_syscall.h"
#include "kern/sched.h"
#include "kern/copyio.h"
#include "lib/string.h"
#include "kern/task.h"
#include "kern/trace.h"
#include "riscv/syscall_return.h"
#include "riscv/vm_param.h"
#include "ipc/ipc_fast.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_mqueue.h"

static void
fail(struct trap_frame *tf, int64_t error)
{
	tf->a0 = (uint64_t)-error;
}

/* The request's header (the ports are the message's, set by who sends it). */
static void
request_head_fill(mach_msg_header_t *head)
{
	head->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, MACH_MSG_TYPE_PORT_SEND_ONCE);
	head->msgh_size = sizeof(machrv_syscall_request_t);
	head->msgh_remote_port = MACH_PORT_NULL;
	head->msgh_local_port = MACH_PORT_NULL;
	head->msgh_voucher_port = MACH_PORT_NULL;
	head->msgh_id = MACHRV_SYSCALL_MSG_ID;
}

/*
 * The rest of the request, at `at' (just past its header), for the call
 * in the trap frame `arg' (sepc past the ecall); ipc_fast_call writes it
 * straight into the receiver this way.  The request is packed to 4 bytes
 * (<machrv/syscall_msg.h>), but its words are 8-byte aligned past the
 * header: where `at' is too (the receiver's buffer, a kmsg), they are
 * written as words.
 */
_Static_assert(offsetof(machrv_syscall_request_t, number) == 32 &&
		       offsetof(machrv_syscall_request_t, args) == 40 &&
		       offsetof(machrv_syscall_request_t, pc) == 88 &&
		       offsetof(machrv_syscall_request_t, thread_id) == 96 &&
		       sizeof(machrv_syscall_request_t) == 104,
	       "the request's words follow the header and NDR record");

static void
request_body_fill(void *at, const void *arg)
{
	const struct trap_frame *tf = arg;
	uint64_t ndr;

	memcpy(&ndr, &NDR_record, sizeof(ndr));
	if (__builtin_expect((uintptr_t)at & 7, 0)) {
		uint64_t words[10];
		request_body_fill(words, tf);
		memcpy(at, words, sizeof(words));
		return;
	}
	uint64_t *w = at;
	w[0] = ndr;
	w[1] = tf->a7;
	w[2] = tf->a0;
	w[3] = tf->a1;
	w[4] = tf->a2;
	w[5] = tf->a3;
	w[6] = tf->a4;
	w[7] = tf->a5;
	w[8] = tf->sepc - 4;
	w[9] = current_thread()->id;
}

/* The largest answer: the fixed part and the bytes for the caller. */
#define ANSWER_MAX	(sizeof(machrv_syscall_reply_t) + MACHRV_SYSCALL_OUT_MAX)

/*
 * The answer's bytes for the caller (`n' bytes of segments at `seg'),
 * each to its address in the current task.  False if one could not be
 * written or the segments are malformed (nothing after them is written).
 */
static bool
answer_copyout(const uint8_t *seg, size_t n)
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
 * (4) The answer `rep' (`size' bytes) into the caller: its bytes, the
 * registers.  Inline: a call of its own was half prologue and epilogue.
 */
static inline __attribute__((always_inline)) void
answer_registers(struct trap_frame *tf, const machrv_syscall_reply_t *rep, mach_msg_size_t size)
{
	if (rep->head.msgh_id != MACHRV_SYSCALL_MSG_ID + 100 || size < sizeof(*rep) ||
	    size > ANSWER_MAX || rep->head.msgh_size != size || rep->retcode != KERN_SUCCESS ||
	    (rep->head.msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		fail(tf, MACHRV_SYSCALL_ENOSYS);	/* a send-once notification, or garbage */
	} else if (size > sizeof(*rep) &&
		   !answer_copyout((const uint8_t *)(rep + 1), size - sizeof(*rep))) {
		fail(tf, MACHRV_SYSCALL_EFAULT);
	} else if (rep->error) {
		fail(tf, rep->error);
	} else {
		tf->a0 = (uint64_t)rep->rv[0];
		tf->a1 = (uint64_t)rep->rv[1];
	}
}

/* The answer in `answer', a kmsg, into the registers; consumes it.  Its trace tag. */
static uint64_t
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
static void
answer_interrupted(struct trap_frame *tf)
{
	mig_dealloc_reply_port(IPC_KPORT_REPLY);	/* a late reply must not be taken for the next */
	fail(tf, MACHRV_SYSCALL_ENOSYS);
}

/*
 * (3) Wait on `reply' for the answer, the long way, and put it in the
 * registers.  Returns: the answer's trace tag (kern/trace.h), 0 without one.
 */
static uint64_t
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

/* What a call offers (a6, <machrv/syscall_msg.h>), for request_offer_fill. */
struct call_offer {
	const struct trap_frame	*tf;
	uint64_t		addr;
	uint32_t		len;
	uint32_t		kind;	/* MACHRV_SYSCALL_IN_BYTES or _IN_WRITABLE */
	bool			str;	/* a path, read already into `bytes' */
	uint32_t		str2_len;	/* with an output: the path after it (OUTSTR), or 0 */
	uint64_t		str2_addr;
	uint8_t			bytes[MACHRV_SYSCALL_IN_MAX] __attribute__((aligned(8)));
};

/*
 * The string at `addr' (a path a call offers), NUL included, into
 * in->bytes: its length with the NUL, or 0 if it is longer than the
 * buffer or cannot be read where the caller is (in the one-step call
 * nothing is faulted in; no page is read past the one the NUL is in).
 */
static uint32_t
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
 * What a call offers with its request: true with the buffer's place and
 * length if a6 holds a hint, it names registers a0..a5, and the length is
 * 1..MACHRV_SYSCALL_IN_MAX for its input (the bytes go with the request)
 * or 1..MACHRV_SYSCALL_OUT_MAX for its output (the request says whether
 * the range is writable).
 */
static inline __attribute__((always_inline)) bool
call_offered(const struct trap_frame *tf, struct call_offer *in)
{
	uint64_t hint = tf->a6 & ~(uint64_t)0xff;
	uint64_t max;

	/* Most calls offer nothing: one test of the hints' common bits. */
	_Static_assert((MACHRV_SYSCALL_IN_HINT >> 13) == (MACHRV_SYSCALL_OUT_HINT >> 13) &&
		       (MACHRV_SYSCALL_IN_HINT >> 13) == (MACHRV_SYSCALL_STR_HINT >> 13) &&
		       (MACHRV_SYSCALL_IN_HINT >> 13) == ((MACHRV_SYSCALL_OUTSTR_HINT | 0x7ff) >> 13),
		       "the hints share their bits above 13");
	if (__builtin_expect((tf->a6 >> 13) != (MACHRV_SYSCALL_IN_HINT >> 13), 1))
		return false;
	if (__builtin_expect(hint == (uint64_t)MACHRV_SYSCALL_IN_HINT, 0)) {
		in->kind = MACHRV_SYSCALL_IN_BYTES;
		max = MACHRV_SYSCALL_IN_MAX;
	} else if (__builtin_expect(hint == (uint64_t)MACHRV_SYSCALL_OUT_HINT, 0)) {
		in->kind = MACHRV_SYSCALL_IN_WRITABLE;
		max = MACHRV_SYSCALL_OUT_MAX;
	} else if (__builtin_expect(hint == (uint64_t)MACHRV_SYSCALL_STR_HINT, 0)) {
		unsigned b = (tf->a6 >> 4) & 0xf;
		if (b > 5 || (tf->a6 & 0xf))
			return false;
		in->tf = tf;
		in->addr = (&tf->a0)[b];
		in->kind = MACHRV_SYSCALL_IN_BYTES;
		in->str = true;
		in->str2_len = 0;
		in->len = offer_string(in, in->addr);
		return in->len != 0;
	} else if (__builtin_expect((tf->a6 & ~(uint64_t)0x7ff) ==
				    (uint64_t)MACHRV_SYSCALL_OUTSTR_HINT, 0)) {
		/* The output as OUT_HINT's, and the path at a<s> after it. */
		unsigned s = (tf->a6 >> 8) & 0x7, b = (tf->a6 >> 4) & 0xf, l = tf->a6 & 0xf;
		if (s > 5 || b > 5 || l > 5)
			return false;
		const uint64_t *a = &tf->a0;
		if (a[l] == 0 || a[l] > MACHRV_SYSCALL_OUT_MAX)
			return false;
		in->tf = tf;
		in->kind = MACHRV_SYSCALL_IN_WRITABLE;
		in->addr = a[b];
		in->len = (uint32_t)a[l];
		in->str = false;
		in->str2_addr = a[s];
		in->str2_len = offer_string(in, a[s]);
		return true;
	} else {
		return false;
	}
	in->str = false;
	in->str2_len = 0;
	unsigned b = (tf->a6 >> 4) & 0xf, l = tf->a6 & 0xf;
	if (b > 5 || l > 5)
		return false;
	const uint64_t *a = &tf->a0;	/* a0..a5 in order */
	if (a[l] == 0 || a[l] > max)
		return false;
	in->tf = tf;
	in->addr = a[b];
	in->len = (uint32_t)a[l];
	return true;
}

/* The size of a request that carries what `in' offers. */
static inline mach_msg_size_t
request_offer_size(const struct call_offer *in)
{
	mach_msg_size_t bytes = in->kind == MACHRV_SYSCALL_IN_BYTES ? (in->len + 7) & ~7u : 0;

	if (in->str2_len)		/* the path's record after the output's */
		bytes += sizeof(machrv_syscall_in_t) + ((in->str2_len + 7) & ~7u);
	return sizeof(machrv_syscall_request_t) + sizeof(machrv_syscall_in_t) + bytes;
}

/*
 * request_body_fill, then what the call offers after the fixed request,
 * found where the caller is now (with interrupts off, a page not in
 * memory counts as not readable or writable: the personality then does
 * as without the offer).  Its input: a machrv_syscall_in_t and the bytes
 * (len 0 if they could not be read).  Its output: a machrv_syscall_in_t
 * saying whether the range is writable (len 0 if not known).
 */
static void
request_offer_fill(void *at, const void *arg)
{
	const struct call_offer *in = arg;
	uint8_t *end = (uint8_t *)at + sizeof(machrv_syscall_request_t) - sizeof(mach_msg_header_t);
	machrv_syscall_in_t h = { .addr = in->addr, .len = in->len, .kind = in->kind };

	request_body_fill(at, in->tf);
	if (in->kind == MACHRV_SYSCALL_IN_WRITABLE) {
		if (copyout_probe(in->addr, in->len) != 0)
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
	simple_unlock(&task->lock);
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

/*
 * Where a thread that made its call through unix_fast continues (see
 * kern/sched.h, continuations): the answer into its registers, back to
 * user mode.
 */
static void __attribute__((noreturn))
unix_continue(thread_t prev)
{
	thread_t self = current_thread();
	struct trap_frame *tf = self->user_frame;
	ipc_port_t reply = (ipc_port_t)self->ith_fast_object;
	const void *answer;
	mach_msg_size_t size;
	ipc_kmsg_t kmsg;

	/*
	 * An answer handed over (the common case) with no bytes for the
	 * caller's memory, which may have to be faulted in, and no reply right
	 * to destroy: interrupts stay off until the return to user mode.
	 */
	const mach_msg_header_t *h = (const void *)self->ith_fast_msg;
	bool irq_off = self->ith_fast_got && !self->ith_fast_reply &&
		       h->msgh_size <= sizeof(machrv_syscall_reply_t);
	if (irq_off)
		sched_continue_start_noirq(prev);
	else
		sched_continue_start(prev);
	if (__builtin_expect(ipc_fast_call_answer(&answer, &size, &kmsg), 1))
		answer_registers(tf, answer, size);
	else if (kmsg)
		answer_kmsg(tf, kmsg);
	else if (self->wait_result == THREAD_INTERRUPTED)
		answer_interrupted(tf);		/* as answer_await's wait would end */
	else
		answer_await(tf, reply);	/* woken without it: wait the long way */
	ipc_port_t dest = self->ith_call_dest;
	self->ith_call_dest = IP_NULL;
	ipc_port_release(dest);
	if (irq_off)
		trap_user_exit_noirq(self, tf);
	trap_user_exit(tf);
}

void
unix_fast(struct trap_frame *tf)
{
	thread_t self = current_thread();
	task_t task = self->task;

	if (trace_on())
		return;			/* the traced route records every step */
	simple_lock_noirq(&task->lock);
	ipc_port_t dest = task->itk_syscall;
	if (IP_VALID(dest))
		ipc_port_reference(dest);	/* across the call (the task's may go) */
	simple_unlock_noirq(&task->lock);
	if (!IP_VALID(dest))
		return;
	mach_msg_header_t head;
	request_head_fill(&head);
	self->ith_call_dest = dest;
	tf->sepc += 4;			/* it is the call's from here: a miss undoes it */
	struct call_offer in;
	void (*fill)(void *, const void *) = request_body_fill;
	const void *arg = tf;
	mach_msg_size_t size = sizeof(machrv_syscall_request_t);
	if (__builtin_expect(call_offered(tf, &in), 0)) {
		fill = request_offer_fill;
		arg = &in;
		size = request_offer_size(&in);
	}
	ipc_fast_call(dest, &head, fill, arg, size, ANSWER_MAX + MAX_TRAILER_SIZE, unix_continue);
	tf->sepc -= 4;
	self->ith_call_dest = IP_NULL;
	ipc_port_release(dest);
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
