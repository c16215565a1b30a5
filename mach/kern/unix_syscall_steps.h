/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Unix system-call path's steps, shared by its two files:
 * unix_syscall.c (the long way, and the steps that are calls) and
 * unix_fast.c (the one-step call, built with other register rules: see
 * ipc/ipc_fast_rpc.c).  Private to those two.
 */
#ifndef _KERN_UNIX_SYSCALL_STEPS_H_
#define _KERN_UNIX_SYSCALL_STEPS_H_

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

/* A call that failed: -error in a0 (the library sets errno from it). */
static inline void
fail(struct trap_frame *tf, int64_t error)
{
	tf->a0 = (uint64_t)-error;
}

/* The request's header (the ports are the message's, set by who sends it). */
static inline void
request_head_fill(mach_msg_header_t *head)
{
	head->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, MACH_MSG_TYPE_PORT_SEND_ONCE);
	head->msgh_size = sizeof(machrv_syscall_request_t);
	head->msgh_remote_port = MACH_PORT_NULL;
	head->msgh_local_port = MACH_PORT_NULL;
	head->msgh_voucher_port = MACH_PORT_NULL;
	head->msgh_id = MACHRV_SYSCALL_MSG_ID;
}

/* The largest answer: the fixed part and the bytes for the caller. */
#define ANSWER_MAX	(sizeof(machrv_syscall_reply_t) + MACHRV_SYSCALL_OUT_MAX)

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

/* The NDR record (ipc_kobject.c's NDR_record, which never changes) as the word it is. */
_Static_assert(offsetof(NDR_record_t, int_rep) == 4 && offsetof(NDR_record_t, char_rep) == 5 &&
		       offsetof(NDR_record_t, float_rep) == 6 && sizeof(NDR_record_t) == 8,
	       "the NDR record's bytes");
#define NDR_WORD	((uint64_t)NDR_INT_LITTLE_ENDIAN << 32 | (uint64_t)NDR_CHAR_ASCII << 40 | \
			 (uint64_t)NDR_FLOAT_IEEE << 48)

static inline __attribute__((always_inline)) void
request_words(uint64_t *w, const struct trap_frame *tf)
{
	w[0] = NDR_WORD;
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

/* Inline: unix_fast's is then no call, made with the ports' locks held. */
static inline __attribute__((always_inline)) void
request_body_fill(void *at, const void *arg)
{
	if (__builtin_expect((uintptr_t)at & 7, 0)) {
		uint64_t words[10];
		request_words(words, arg);
		memcpy(at, words, sizeof(words));
	} else {
		request_words(__builtin_assume_aligned(at, 8), arg);
	}
}

/*
 * The call in the trap frame `arg' (sepc past the ecall) into the frame
 * `w' of a worker that serves in registers (<machrv/syscall_msg.h>,
 * "Serving in registers"): a1..a6 the arguments, a7 the number, t0 the
 * ecall's address, t1 the calling thread's id (deliver_regs writes t2;
 * the worker's return writes a0).  Inline: unix_fast's is then no call.
 */
static inline __attribute__((always_inline)) void
request_regs_fill(struct trap_frame *w, const void *arg)
{
	const struct trap_frame *tf = arg;

	w->a1 = tf->a0;
	w->a2 = tf->a1;
	w->a3 = tf->a2;
	w->a4 = tf->a3;
	w->a5 = tf->a4;
	w->a6 = tf->a5;
	w->a7 = tf->a7;
	w->t0 = tf->sepc - 4;
	w->t1 = current_thread()->id;
}

/* The answer's bytes for the caller into the current task (unix_syscall.c). */
bool answer_copyout(const uint8_t *seg, size_t n);
/* The answer in a kmsg into the registers; consumes it (unix_syscall.c). */
uint64_t answer_kmsg(struct trap_frame *tf, ipc_kmsg_t answer);
/* The wait for the answer was interrupted (unix_syscall.c). */
void answer_interrupted(struct trap_frame *tf);
/* Wait on `reply' for the answer, the long way (unix_syscall.c). */
uint64_t answer_await(struct trap_frame *tf, ipc_port_t reply);

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

/*
 * Could the calling user thread write [addr, addr + len) (len > 0) now?
 * copyout_probe, inline, without its kernel-thread test: a Unix call
 * always comes from a user thread.
 */
static inline __attribute__((always_inline)) bool
offer_writable(uint64_t addr, uint32_t len)
{
	return user_range_ok(addr, len) && user_probe_writable(addr, len) == 0;
}

/* What a call offers (a6, <machrv/syscall_msg.h>), for request_offer_fill. */
struct call_offer {
	const struct trap_frame	*tf;
	uint64_t		addr;
	uint32_t		len;
	uint32_t		kind;	/* MACHRV_SYSCALL_IN_BYTES or _IN_WRITABLE */
	bool			out_ok;	/* _IN_WRITABLE: the range was writable (call_offered) */
	bool			str;	/* a path, read already into `bytes' */
	uint32_t		str2_len;	/* with an output: the path after it (OUTSTR), or 0 */
	uint64_t		str2_addr;
	uint8_t			bytes[MACHRV_SYSCALL_IN_MAX] __attribute__((aligned(8)));
};

/* A path a call offers into in->bytes (unix_syscall.c). */
uint32_t offer_string(struct call_offer *in, uint64_t addr);
/* request_body_fill and what the call offers (unix_syscall.c). */
void request_offer_fill(void *at, const void *arg);

/*
 * What a call offers with its request: true with the buffer's place and
 * length if a6 holds a hint, it names registers a0..a5, and the length is
 * 1..MACHRV_SYSCALL_IN_MAX for its input (the bytes go with the request)
 * or 1..MACHRV_SYSCALL_OUT_MAX for its output (the request says whether
 * the range is writable: probed here, in->out_ok).
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
		in->out_ok = offer_writable(in->addr, in->len);
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
	/* Probed now, before the fast path takes its locks: no call under them. */
	if (in->kind == MACHRV_SYSCALL_IN_WRITABLE)
		in->out_ok = offer_writable(in->addr, in->len);
	return true;
}

/*
 * The request, then an offer's record `h' after it, at `at' (8-aligned:
 * the fast path's receiver buffer, ith_fast_msg, past its header), as
 * words.  Returns where the record's bytes go.
 */
static inline __attribute__((always_inline)) uint64_t *
request_record_put(void *at, const struct trap_frame *tf, machrv_syscall_in_t h)
{
	uint64_t *end = (uint64_t *)__builtin_assume_aligned(at, 8) +
			(sizeof(machrv_syscall_request_t) - sizeof(mach_msg_header_t)) / 8;
	uint64_t w[2];

	_Static_assert(sizeof(h) == sizeof(w), "a record is two words");
	request_body_fill(at, tf);
	memcpy(w, &h, sizeof(h));
	end[0] = w[0];
	end[1] = w[1];
	return end + 2;
}

/*
 * request_offer_fill's way for an output alone (a read's, a stat's), into
 * the receiver's buffer: no call (unix_fast inlines it).
 */
static inline __attribute__((always_inline)) void
request_out_fill(void *at, const void *arg)
{
	const struct call_offer *in = arg;

	(void)request_record_put(at, in->tf,
				 (machrv_syscall_in_t){ .addr = in->addr,
							.len = in->out_ok ? in->len : 0,
							.kind = MACHRV_SYSCALL_IN_WRITABLE });
}

/*
 * request_offer_fill's way for a few bytes of input alone (a small
 * write's), into the receiver's buffer: read from the caller by an inline
 * guarded copy, no call (unix_fast inlines it).  If the copy fails, the
 * record says 0 bytes (bsd_server then reads them itself).
 */
static inline __attribute__((always_inline)) void
request_in_fill(void *at, const void *arg)
{
	const struct call_offer *in = arg;
	uint32_t words = (in->len + 7) / 8;
	machrv_syscall_in_t h = { .addr = in->addr, .len = in->len,
				  .kind = MACHRV_SYSCALL_IN_BYTES };
	uint64_t *bytes = request_record_put(at, in->tf, h);

	bytes[words - 1] = 0;		/* the padding (the bytes go over the rest) */
	if (__builtin_expect(copy_user_small(bytes, (const void *)(uintptr_t)in->addr, in->len),
			     0)) {
		for (uint32_t i = 0; i < words; i++)
			bytes[i] = 0;
		/* The record again, as the words it was written as (no aliasing). */
		uint64_t w[2];
		h.len = 0;
		memcpy(w, &h, sizeof(h));
		bytes[-2] = w[0];
		bytes[-1] = w[1];
	}
}

/* unix_fast's choice: is request_in_fill's way the one for `in'? */
static inline __attribute__((always_inline)) bool
request_in_small(const struct call_offer *in)
{
	return in->kind == MACHRV_SYSCALL_IN_BYTES && !in->str && in->len <= 16 &&
	       user_range_ok(in->addr, in->len);
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

#endif /* _KERN_UNIX_SYSCALL_STEPS_H_ */
