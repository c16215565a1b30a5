// SPDX-License-Identifier: BSD-2-Clause
// The system-call route, server side: the dispatch table made from the
// one table (personalities/bsd/syscalls.h), answering the kernel, and
// parked calls.  A request's life: (1) the kernel sends it to the
// process's syscall port; (2) a worker runs its handler under bsd_lock;
// (3a) the handler's answer goes back at once (syscall_reply), or a
// pending signal is delivered with it (signal_deliver_at_reply); or (3b)
// the handler parks it (syscall_park) and (4) a later event runs the
// handler again (syscall_wake, syscall_rerun), until it answers or a
// signal interrupts it (signal.c).
#include <machrv/trace_note.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "bsd_server.h"

/* The handlers: one sys_<name> per line of the table. */
#define BSD_SYSCALL(number, name, nargs, stub) \
	int sys_##name(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2]);
#include "syscalls.h"
#undef BSD_SYSCALL

struct sysent {
	sy_call_t	sy_call;
	const char	*sy_name;
};

static const struct sysent sysent[] = {
#define BSD_SYSCALL(number, name, nargs, stub) [number] = { sys_##name, #name },
#include "syscalls.h"
#undef BSD_SYSCALL
};
#define NSYSENT	(sizeof(sysent) / sizeof(sysent[0]))

__thread const machrv_syscall_request_t *cur_req;
__thread mach_port_t cur_reply;
__thread mach_port_seqno_t cur_seqno;

/*
 * Answers are batched while a worker serves a request: they go out after
 * it drops bsd_lock (so a woken client never meets a held lock), the last
 * one in the same mach_msg as the worker's next receive.
 */
/* Its state, read inline by the worker's loop (bsd_server.h): syscall_batch. */
__thread struct syscall_batch syscall_batch;

/*
 * The answer to the call that came in registers (its right held by this
 * worker's thread: MACHRV_SYSCALL_REPLY_HELD), for the worker's next
 * machrv_syscall_serve, which gives it in registers.
 */
__thread machrv_syscall_answer_t syscall_held = { .error = MACHRV_SYSCALL_NO_ANSWER };
_Static_assert(MACHRV_SYSCALL_NO_ANSWER < 0, "no errno value");

mach_port_t syscall_reply_name_held(void)
{
	mach_port_t name = machrv_syscall_reply_port();
	if (cur_reply == MACHRV_SYSCALL_REPLY_HELD)
		cur_reply = name;
	return name;
}

/* Send the answer `rep' (msgh_size bytes, with any bytes for the caller). */
static void reply_send(machrv_syscall_reply_t *rep)
{
	mach_port_t reply = rep->head.msgh_remote_port;

	if (mach_msg(&rep->head, MACH_SEND_MSG, rep->head.msgh_size, 0, MACH_PORT_NULL,
		     MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		(void)mach_port_deallocate(mach_task_self(), reply);	/* the thread is gone */
}

/* Every field of an answer is written by reply_fill (no padding: 56 bytes). */
_Static_assert(sizeof(machrv_syscall_reply_t) == 56, "no padding in an answer");

/*
 * Fill in the answer to `reply' (`extra' bytes for the caller follow it).
 * By words: the answer is packed to 4 bytes (<machrv/syscall_msg.h>), so
 * field stores would write each 8-byte field in two halves; every answer
 * here is 8-aligned (the batch, the gather buffers, reply_now's).
 * Little-endian: the first field of each pair is the low half.
 */
static inline void reply_fill(machrv_syscall_reply_t *rep, mach_port_t reply, int error,
			      int64_t rv0, int64_t rv1, size_t extra)
{
	_Static_assert(offsetof(mach_msg_header_t, msgh_size) == 4 &&
		       offsetof(mach_msg_header_t, msgh_remote_port) == 8 &&
		       offsetof(mach_msg_header_t, msgh_local_port) == 12 &&
		       offsetof(mach_msg_header_t, msgh_voucher_port) == 16 &&
		       offsetof(mach_msg_header_t, msgh_id) == 20 &&
		       offsetof(machrv_syscall_reply_t, ndr) == 24 &&
		       offsetof(machrv_syscall_reply_t, retcode) == 32 &&
		       offsetof(machrv_syscall_reply_t, error) == 36 &&
		       offsetof(machrv_syscall_reply_t, rv) == 40, "the answer's words");
	uint64_t *w = __builtin_assume_aligned(rep, 8);
	uint64_t ndr;

	__builtin_memcpy(&ndr, &NDR_record, sizeof(ndr));
	w[0] = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0) |
	       (uint64_t)(uint32_t)(sizeof(*rep) + extra) << 32;	/* bits, size */
	w[1] = (uint32_t)reply;					/* remote; local 0 */
	w[2] = (uint64_t)(uint32_t)(MACHRV_SYSCALL_MSG_ID + 100) << 32;	/* voucher 0, id */
	w[3] = ndr;
	w[4] = (uint32_t)KERN_SUCCESS | (uint64_t)(uint32_t)error << 32;	/* retcode, error */
	w[5] = (uint64_t)rv0;
	w[6] = (uint64_t)rv1;
}

/* syscall_reply's way when the answer is sent now (no batch, or a full one). */
static void __attribute__((noinline)) reply_now(mach_port_t reply, int error, int64_t rv0,
						 int64_t rv1)
{
	machrv_syscall_reply_t rep __attribute__((aligned(8)));

	reply = syscall_reply_named(reply);
	reply_fill(&rep, reply, error, rv0, rv1, 0);
	reply_send(&rep);
}

/* syscall_reply, inline for syscall_run: most answers join the worker's batch. */
static inline __attribute__((always_inline)) void
answer(mach_port_t reply, int error, int64_t rv0, int64_t rv1)
{
	if (reply == MACHRV_SYSCALL_REPLY_HELD && syscall_batch.batching &&
	    syscall_held.error == MACHRV_SYSCALL_NO_ANSWER) {
		syscall_held.error = error;	/* in registers, with the next receive */
		syscall_held.rv[0] = rv0;
		syscall_held.rv[1] = rv1;
		syscall_held.out_size = 0;
		return;
	}
	if (__builtin_expect(syscall_batch.batching && syscall_batch.count < REPLY_BATCH, 1)) {
		reply_fill(&syscall_batch.answers[syscall_batch.count++], reply, error, rv0, rv1, 0);
		return;
	}
	reply_now(reply, error, rv0, rv1);
}

void syscall_reply(mach_port_t reply, int error, int64_t rv0, int64_t rv1)
{
	answer(reply, error, rv0, rv1);
}

/*
 * What a call writes into its caller's memory goes with its answer
 * (<machrv/syscall_msg.h>): the kernel writes it in the caller's own
 * context, one copy, instead of a vm_write per copyout (docs/bsd.md, "How
 * data moves").  Every call a worker runs gathers while it has a buffer
 * for it: the outermost one, and the parked calls it runs again nested
 * (a pipe write that wakes a reader: the reader's byte goes with the
 * reader's answer).  Only into ranges the kernel says are writable now
 * (machrv_task_writable), so that a bad pointer is still EFAULT before
 * anything changes (or the kernel found them writable when the call
 * trapped: the output a read offers, syscall_output_writable); only
 * while it fits.  Any copyout to the same process
 * from elsewhere, and any copyin from it, first writes what was gathered
 * for it, so the writes keep their order.
 */
/*
 * At most this much is gathered: a larger answer is no longer the fast
 * path's (at most 256 bytes), and a kmsg's four copies (gather, the
 * worker's buffer, the kernel's, the caller) cost more than vm_write's
 * one copy from about 1 KiB on (scripts/bench, session 12: vm_write of
 * 4 KiB, 2,305 instructions; of 1 byte, 777).
 */
#define GATHER_MAX	1024
_Static_assert(GATHER_MAX <= MACHRV_SYSCALL_OUT_MAX && GATHER_MAX <= MACHRV_SYSCALL_SERVE_OUT_MAX,
	       "the kernel takes it, in a message or with machrv_syscall_serve");

/* Answers with bytes a worker can have at once: sent, or gathering. */
#define GATHER_BUFS	4

struct answer {
	machrv_syscall_reply_t	rep;
	uint8_t			out[GATHER_MAX] __attribute__((aligned(8)));	/* written by words */
};
_Static_assert(offsetof(struct answer, out) == sizeof(machrv_syscall_reply_t),
	       "the segments follow the answer");
struct gathering {
	struct proc		*proc;	/* whose call gathers */
	size_t			len;	/* bytes of segments in buf->out */
	struct answer		*buf;
};
static __thread struct answer *gather_free[GATHER_BUFS];	/* this worker's free buffers */
static __thread int gather_nfree;
static __thread struct gathering *gather_open[GATHER_BUFS];	/* calls running, innermost last */
static __thread int gather_depth;
static __thread struct answer *gather_answered[GATHER_BUFS];	/* answers to send */
/* (syscall_batch.nanswered of them in gather_answered; syscall_batch.last went with the receive) */

void syscall_gather_init(void)
{
	for (int i = 0; i < GATHER_BUFS; i++)
		gather_free[gather_nfree++] = malloc(sizeof(struct answer));
}

/*
 * p's call runs on this worker from here: its copyouts may gather (a
 * buffer is taken at the first).  False when too many calls are nested
 * already: that one writes at once.
 */
static inline bool gather_begin(struct gathering *g, struct proc *p)
{
	if (gather_depth == GATHER_BUFS)
		return false;
	g->proc = p;
	g->len = 0;
	g->buf = NULL;
	gather_open[gather_depth++] = g;
	return true;
}

/* Give g's buffer back. */
static void gather_release(struct gathering *g)
{
	gather_free[gather_nfree++] = g->buf;
	g->buf = NULL;
}

/* Write the segments gathered in g now, the slow way. */
static void gather_write(struct gathering *g)
{
	size_t at = 0;

	while (at < g->len) {
		machrv_syscall_out_t o;
		memcpy(&o, g->buf->out + at, sizeof(o));
		(void)vm_write(g->proc->task, (vm_address_t)o.addr,
			       (vm_offset_t)(g->buf->out + at + sizeof(o)), o.len);
		at += sizeof(o) + ((o.len + 7) & ~(size_t)7);
	}
	g->len = 0;
}

void syscall_gather_flush(struct proc *p)
{
	for (int i = 0; i < gather_depth; i++)
		if (gather_open[i]->proc == p && gather_open[i]->len)
			gather_write(gather_open[i]);
}

/*
 * What the request being served (syscall_serve) offers, and for whom:
 * its input (until the call writes to the caller), or the range of its
 * output the kernel found writable.
 */
static __thread const machrv_syscall_request_t *input_req, *output_req;
static __thread struct proc *input_proc, *output_proc;

static inline bool syscall_output_writable(struct proc *p, uint64_t uaddr, size_t len);

/*
 * Append the segment for `len' bytes at `uaddr' (`need' bytes in all) to
 * g's buffer, which has room (g->len is a multiple of 8): its header as
 * two words, its last word zeroed for the padding, then the bytes over
 * the rest.
 */
static inline __attribute__((always_inline)) void
segment_put(struct gathering *g, const void *kaddr, uint64_t uaddr, size_t len, size_t need)
{
	machrv_syscall_out_t o = { .addr = uaddr, .len = (uint32_t)len };
	uint64_t *w = __builtin_assume_aligned(g->buf->out + g->len, 8);
	__builtin_memcpy(w, &o, sizeof(o));
	w[need / 8 - 1] = 0;
	uint8_t *bytes = (uint8_t *)(w + sizeof(o) / 8);
	if (len < 16) {			/* a call for a few bytes costs more than they do */
		for (size_t i = 0; i < len; i++)
			bytes[i] = ((const uint8_t *)kaddr)[i];
	} else {
		memcpy(bytes, kaddr, len);
	}
	g->len += need;
}

/* syscall_gather_copyout's way for anything but a few bytes into a range the kernel offered. */
static int __attribute__((noinline))
gather_copyout_slow(struct proc *p, const void *kaddr, uint64_t uaddr, size_t len)
{
	struct gathering *g = gather_depth ? gather_open[gather_depth - 1] : NULL;
	if (!g || g->proc != p || (!g->buf && !gather_nfree)) {
		syscall_gather_flush(p);	/* an outer call's bytes for p first */
		return copyout_write(p, kaddr, uaddr, len);
	}
	if (!g->buf)
		g->buf = gather_free[--gather_nfree];
	size_t need = sizeof(machrv_syscall_out_t) + ((len + 7) & ~(size_t)7);
	if (need > sizeof(g->buf->out) - g->len) {
		syscall_gather_flush(p);
		return copyout_write(p, kaddr, uaddr, len);
	}
	if (!syscall_output_writable(p, uaddr, len)) {
		kern_return_t kr = machrv_task_writable(p->task, (vm_address_t)uaddr, len);
		if (kr != KERN_SUCCESS)
			return kr == KERN_INVALID_ARGUMENT ? copyout_write(p, kaddr, uaddr, len) : EFAULT;
	}
	segment_put(g, kaddr, uaddr, len, need);
	return 0;
}

/*
 * The common case, kept a leaf with no frame: a few bytes (a 1-byte
 * read's) into a range the call's request offered as writable, with room
 * in the call's buffer.
 */
int syscall_gather_copyout(struct proc *p, const void *kaddr, uint64_t uaddr, size_t len)
{
	if (input_proc == p)
		input_req = NULL;	/* syscall_input_forget: the caller's bytes change */
	struct gathering *g = gather_depth ? gather_open[gather_depth - 1] : NULL;
	size_t need = sizeof(machrv_syscall_out_t) + ((len + 7) & ~(size_t)7);

	if (__builtin_expect(!g || g->proc != p || len >= 16 || (!g->buf && !gather_nfree) ||
			     need > sizeof(g->buf->out) - g->len ||
			     !syscall_output_writable(p, uaddr, len), 0))
		return gather_copyout_slow(p, kaddr, uaddr, len);
	if (!g->buf)
		g->buf = gather_free[--gather_nfree];
	segment_put(g, kaddr, uaddr, len, need);
	return 0;
}

/*
 * The answer for the held call that gathered into g, with what it
 * gathered, in the worker's next machrv_syscall_serve (syscall_held); g's
 * buffer goes with it (syscall_batch.held_buf, free again once the serve
 * returned).  True if it went that way: held, batching, nothing held yet,
 * and few enough bytes.
 */
static inline bool answer_held_gathered(struct gathering *g, mach_port_t reply, int error,
					int64_t rv0, int64_t rv1)
{
	if (reply != MACHRV_SYSCALL_REPLY_HELD || !syscall_batch.batching ||
	    syscall_held.error != MACHRV_SYSCALL_NO_ANSWER ||
	    g->len > MACHRV_SYSCALL_SERVE_OUT_MAX)
		return false;
	syscall_held.error = error;
	syscall_held.rv[0] = rv0;
	syscall_held.rv[1] = rv1;
	syscall_held.out = (uint64_t)(uintptr_t)g->buf->out;
	syscall_held.out_size = (uint32_t)g->len;
	syscall_batch.held_buf = g->buf;
	g->buf = NULL;
	g->len = 0;
	return true;
}

/*
 * The answer for the call that gathered into g, with what it gathered; g's
 * buffer goes with it.  `reply' is a name (syscall_reply_named).
 */
static void answer_gathered(struct gathering *g, mach_port_t reply, int error, int64_t rv0,
			    int64_t rv1)
{
	reply_fill(&g->buf->rep, reply, error, rv0, rv1, g->len);
	g->len = 0;
	if (syscall_batch.batching) {
		gather_answered[syscall_batch.nanswered++] = g->buf;	/* free again once sent */
		g->buf = NULL;
	} else {
		reply_send(&g->buf->rep);
		gather_release(g);
	}
}

void syscall_batch_begin_rest(void)
{
	/* The receive that took them is done. */
	if (syscall_batch.last)
		gather_free[gather_nfree++] = syscall_batch.last;
	if (syscall_batch.held_buf)
		gather_free[gather_nfree++] = syscall_batch.held_buf;
	syscall_batch.last = syscall_batch.held_buf = NULL;
}

const mach_msg_header_t *syscall_batch_end_rest(void)
{
	/*
	 * An answer with bytes goes with the receive, before one without
	 * (a parked read run again by the worker's pipe write: its reader
	 * then runs next, handed the hart by the kernel's fast path).
	 */
	syscall_batch.last = gather_answered[--syscall_batch.nanswered];
	return &syscall_batch.last->rep.head;
}

void syscall_batch_send_rest(void)
{
	for (int i = 0; i < syscall_batch.count; i++)
		reply_send(&syscall_batch.answers[i]);
	syscall_batch.count = 0;
	for (int i = 0; i < syscall_batch.nanswered; i++) {
		reply_send(&gather_answered[i]->rep);
		gather_free[gather_nfree++] = gather_answered[i];
	}
	syscall_batch.nanswered = 0;
}

/*
 * Run the handler of `req' for p with reply right `reply'; answer unless
 * parked.  Inline in its two callers (no frame of its own).
 */
static inline __attribute__((always_inline)) void
syscall_run(struct proc *p, const machrv_syscall_request_t *req, mach_port_t reply,
	    mach_port_seqno_t seqno)
{
	int64_t rv[2] = { 0, 0 };
	int error = ENOSYS;
	/* A handler may wake other parked calls, which run nested here. */
	const machrv_syscall_request_t *outer_req = cur_req;
	mach_port_t outer_reply = cur_reply;
	mach_port_seqno_t outer_seqno = cur_seqno;
	int outer_traced = machrv_traced;

	/* The call gathers its copyouts while it runs, if it has a buffer. */
	struct gathering g;
	bool gathers = gather_begin(&g, p);

	cur_req = req;
	cur_reply = reply;
	cur_seqno = seqno;
	p->in_syscall = true;
	machrv_trace_set(p->traced);	/* a parked call run again: traced as it came */
	machrv_trace_note(TRN_BSD_SYSCALL, (uint64_t)req->number, (uint64_t)p->pid, p->name);
	if (req->number >= 0 && (uint64_t)req->number < NSYSENT && sysent[req->number].sy_call)
		error = sysent[req->number].sy_call(p, req, rv);
	machrv_trace_note(TRN_BSD_RETURN, (uint64_t)rv[0], (uint64_t)error, NULL);
	cur_req = outer_req;
	cur_reply = outer_reply;
	cur_seqno = outer_seqno;
	if (gathers)
		gather_depth--;		/* what follows writes at once */
	if (error == EJUSTRETURN) {
		/* Parked or answered already: written now.  Ended: dropped. */
		if (gathers && g.buf) {
			if (g.len && p->state == PROC_ALIVE)
				gather_write(&g);
			gather_release(&g);
		}
		machrv_trace_set(outer_traced);
		/* answered, parked, or no answer (exit, exec) */
		if (p->state == PROC_ALIVE && p->wait.kind != WAIT_NONE && p->race_pending)
			(void)signal_unpark_racing_call(p);
		return;
	}
	p->in_syscall = false;
	if (error == ERESTART)
		error = EINTR;	/* a handler may not park without syscall_park */
	if (p->race_pending) {
		int64_t a0 = error ? -error : rv[0], a1 = error ? 0 : rv[1];
		if (signal_finish_racing_call(p, seqno, &a0, &a1)) {
			error = 0;
			rv[0] = a0;
			rv[1] = a1;
		}
	}
	/* No signal pending at all (the common case): no need to ask. */
	if ((p->state == PROC_ALIVE && !p->sig_pending) ||
	    !signal_deliver_at_reply(p, reply, error, rv[0], rv[1], req)) {
		p->last_answer_pc = req->pc + 4;
		p->last_answer[0] = error ? -error : rv[0];
		p->last_answer[1] = rv[1];
		p->last_answer_has_a1 = error == 0;
		if (gathers && g.len) {
			int64_t a0 = error ? 0 : rv[0], a1 = error ? 0 : rv[1];
			if (!answer_held_gathered(&g, reply, error, a0, a1))
				answer_gathered(&g, syscall_reply_named(reply),	/* a message */
						error, a0, a1);
		} else
			answer(reply, error, error ? 0 : rv[0], error ? 0 : rv[1]);
	} else if (gathers && g.len) {
		gather_write(&g);	/* the signal's answer went: its bytes, the slow way */
	}
	if (gathers && g.buf)
		gather_release(&g);
	machrv_trace_set(outer_traced);
}

/*
 * The request's record of `kind' (<machrv/syscall_msg.h>): after the
 * fixed request, an output's record (no bytes), an input's (its bytes
 * follow, to the end), or an output's and then an input's.  NULL if it
 * has none.  The records were checked by syscall_request_size_ok.
 */
static const machrv_syscall_in_t *request_record(const machrv_syscall_request_t *req,
						 uint32_t kind)
{
	if (req->head.msgh_size <= sizeof(*req))
		return NULL;
	const machrv_syscall_in_t *in = (const machrv_syscall_in_t *)(req + 1);
	if (in->kind == kind)
		return in;
	if (in->kind == MACHRV_SYSCALL_IN_WRITABLE &&
	    req->head.msgh_size > sizeof(*req) + sizeof(*in) && in[1].kind == kind)
		return in + 1;
	return NULL;
}

bool syscall_request_size_ok(const machrv_syscall_request_t *req)
{
	mach_msg_size_t size = req->head.msgh_size;

	if (size == sizeof(*req))
		return true;
	if (size < sizeof(*req) + sizeof(machrv_syscall_in_t))
		return false;
	const machrv_syscall_in_t *in = (const machrv_syscall_in_t *)(req + 1);
	mach_msg_size_t room = size - (mach_msg_size_t)(sizeof(*req) + sizeof(*in));
	if (in->kind == MACHRV_SYSCALL_IN_WRITABLE) {
		if (in->len > MACHRV_SYSCALL_OUT_MAX)
			return false;
		if (room == 0)
			return true;		/* nothing follows */
		/* An input's record may follow (a path: OUTSTR_HINT). */
		if (room < sizeof(*in))
			return false;
		in++;
		room -= (mach_msg_size_t)sizeof(*in);
	}
	/* The bytes len says (0: the kernel could not read them) are all there. */
	return in->kind == MACHRV_SYSCALL_IN_BYTES && room <= MACHRV_SYSCALL_IN_MAX &&
	       in->len <= room;
}

/*
 * Is [uaddr, uaddr + len) inside what `in' covers?  A record is 8-aligned
 * (it follows the request, whole words, in an 8-aligned buffer), so its
 * address is read with one load (the struct is packed to 4).
 */
static inline bool offer_covers(const machrv_syscall_in_t *in, uint64_t uaddr, size_t len)
{
	_Static_assert(offsetof(machrv_syscall_in_t, addr) == 0 &&
		       sizeof(machrv_syscall_request_t) % 8 == 0, "a record's address is a word");
	uint64_t addr = *(const uint64_t *)__builtin_assume_aligned(in, 8);

	return uaddr >= addr && len <= in->len && uaddr - addr <= in->len - len;
}

bool syscall_input(struct proc *p, uint64_t uaddr, void *kaddr, size_t len)
{
	/* Only the call it came with, and only before the call wrote anything
	 * to the caller (that could change the bytes: syscall_input_forget). */
	if (!input_req || cur_req != input_req || input_proc != p)
		return false;
	const machrv_syscall_in_t *in = request_record(input_req, MACHRV_SYSCALL_IN_BYTES);
	if (!offer_covers(in, uaddr, len))
		return false;
	memcpy(kaddr, (const uint8_t *)(in + 1) + (uaddr - in->addr), len);
	return true;
}

bool syscall_input_string(struct proc *p, uint64_t uaddr, char *kaddr, size_t len)
{
	/* As syscall_input: a string the request holds all of, its NUL included. */
	if (!input_req || cur_req != input_req || input_proc != p)
		return false;
	const machrv_syscall_in_t *in = request_record(input_req, MACHRV_SYSCALL_IN_BYTES);
	if (uaddr < in->addr || uaddr - in->addr >= in->len)
		return false;
	const char *s = (const char *)(in + 1) + (uaddr - in->addr);
	size_t room = in->len - (uaddr - in->addr);
	const char *nul = memchr(s, 0, room < len ? room : len);
	if (!nul)
		return false;
	memcpy(kaddr, s, (size_t)(nul - s) + 1);
	return true;
}

/*
 * Did the kernel find [uaddr, uaddr + len) of p writable when p's running
 * call trapped?  Only for the call the request came with, run at once: a
 * call parked and run again later asks the kernel (the range may have
 * gone while it waited).
 */
static inline bool syscall_output_writable(struct proc *p, uint64_t uaddr, size_t len)
{
	return output_req && cur_req == output_req && output_proc == p &&
	       offer_covers((const machrv_syscall_in_t *)(output_req + 1), uaddr, len);	/* first */
}

void syscall_input_forget(struct proc *p)
{
	if (input_proc == p)
		input_req = NULL;
}

void syscall_serve(struct proc *p, machrv_syscall_request_t *req, mach_port_seqno_t seqno)
{
	mach_port_t reply = req->head.msgh_remote_port;

	if (p->state != PROC_ALIVE || p->wait.kind != WAIT_NONE) {
		/* A second thread's call while one is parked: one call at a time. */
		syscall_reply(reply, p->state == PROC_ALIVE ? EDEADLK : ESRCH, 0, 0);
		return;
	}
	/* A new call: nothing carried over from the last one. */
	p->traced = (req->head.msgh_bits & MACH_MSGH_BITS_MACHRV_TRACED) != 0;
	p->wait.deadline_ns = 0;
	p->wait.io_done = 0;
	/* The first call numbered after a racing frame: there was no race. */
	if (p->race_pending && seqno >= p->race_seqno)
		p->race_pending = false;
	/* It carries the caller's input, or says its output is writable. */
	bool offer = req->head.msgh_size != sizeof(*req);
	if (offer) {
		/* An output's record comes first; an input's is the only or the second one. */
		const machrv_syscall_in_t *first = (const machrv_syscall_in_t *)(req + 1);
		bool output = first->kind == MACHRV_SYSCALL_IN_WRITABLE;
		if (output) {
			output_req = req;
			output_proc = p;
		}
		if (!output || req->head.msgh_size > sizeof(*req) + sizeof(*first)) {
			input_req = req;
			input_proc = p;
		}
	}
	syscall_run(p, req, reply, seqno);
	if (offer) {
		input_req = output_req = NULL;
		input_proc = output_proc = NULL;
	}
}

/*
 * Copy a request by words.  It is packed to 4 bytes (<machrv/syscall_msg.h>),
 * so a structure copy is a call to memcpy; both ends are 8-aligned here (a
 * worker's receive buffer, from malloc; struct parked's, aligned).
 */
static inline void request_copy(machrv_syscall_request_t *dst, const machrv_syscall_request_t *src)
{
	_Static_assert(sizeof(*dst) % 8 == 0, "a request is whole words");
	uint64_t *d = __builtin_assume_aligned(dst, 8);
	const uint64_t *s = __builtin_assume_aligned(src, 8);

#pragma GCC unroll 16
	for (size_t i = 0; i < sizeof(*dst) / 8; i++)
		d[i] = s[i];
}

void syscall_park(struct proc *p, enum wait_kind kind, void *chan)
{
	proc_wait_kind(p, kind);
	p->wait.chan = chan;
	p->wait.reply = syscall_reply_named(cur_reply);	/* answered later, maybe by another worker */
	p->wait.seqno = cur_seqno;
	if (&p->wait.req != cur_req)
		request_copy(&p->wait.req, cur_req);
}

/*
 * The parked call runs again from where it was kept: nothing else writes
 * there while it runs (only syscall_park, for p's one call, which is this
 * one: a second thread's call meanwhile is refused, syscall_serve), and
 * if it parks again it stays there as it is (a pipe write's rest:
 * pipe.c moves its arguments there).
 */
void syscall_rerun(struct proc *p)
{
	if (p->wait.kind == WAIT_NONE)
		return;
	mach_port_t reply = p->wait.reply;
	proc_wait_kind(p, WAIT_NONE);
	p->wait.reply = MACH_PORT_NULL;
	syscall_run(p, &p->wait.req, reply, p->wait.seqno);
}

uint64_t parked_mask;

void syscall_wake_parked(enum wait_kind kind, void *chan)
{
	/* In slot order, as a scan of the table; a call run again may park others. */
	for (uint64_t m = parked_mask; m;) {
		int i = bsd_ctz64(m);
		struct proc *p = &proc_table[i];
		if (p->state == PROC_ALIVE && p->wait.kind == kind && p->wait.chan == chan)
			syscall_rerun(p);
		m = i == 63 ? 0 : parked_mask & ~((2ULL << i) - 1);
	}
}

void syscall_drop(struct proc *p)
{
	if (p->wait.kind == WAIT_NONE)
		return;
	(void)mach_port_deallocate(mach_task_self(), p->wait.reply);
	proc_wait_kind(p, WAIT_NONE);
	p->wait.reply = MACH_PORT_NULL;
	p->in_syscall = false;
}

void syscall_drop_park(struct proc *p)
{
	proc_wait_kind(p, WAIT_NONE);
	p->wait.reply = MACH_PORT_NULL;
}
