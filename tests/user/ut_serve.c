// SPDX-License-Identifier: BSD-2-Clause
/*
 * Serving Unix calls in registers (<machrv/syscall_msg.h>, "Serving in
 * registers"): machrv_syscall_serve and machrv_syscall_reply_port.  The
 * test task is its own personality: its syscall port is in a port set a
 * server thread serves with machrv_syscall_serve, and its main thread
 * makes the calls (ecall, a7 >= 0) once the server waits (and once its
 * thread has taken the new syscall port: a warm-up call).  With the IPC
 * fast path (the release kernel), a call that offers nothing comes in
 * registers; without it (the debug variant, whose banner says so) every
 * call comes as a message.  What the caller sees is the same either way,
 * and each test checks it; the register form is required where the fast
 * path is on.
 */
#include <string.h>
#include <mach/mach.h>
#include <mach/mach_traps.h>
#include <machrv/syscall_msg.h>
#include "utest.h"

/* Does this kernel have the IPC fast path (its banner names a variant without it)? */
static bool
fast_path_on(void)
{
	kernel_version_t v;

	if (host_kernel_version(mach_host_self(), v) != KERN_SUCCESS)
		return true;
	return strstr(v, "IPC fast path off") == NULL;
}

/* What the server does with each call. */
enum serve_mode {
	ANSWER_SUM,		/* rv0 = a0 + a1, or error a0 when number is 11 */
	ANSWER_LATER,		/* name the held right, answer by message: 7 */
	DROP,			/* no answer */
	END_HOLDING,		/* the thread ends, the call not answered */
	ANSWER_BYTES,		/* "hello" into the buffer at a1 (its length in a2), rv0 5 */
	ANSWER_BAD_BYTES,	/* held: the answer's bytes where the server has no memory */
	ANSWER_TOO_MANY,	/* held: first an answer with too many bytes, then ANSWER_BYTES's */
	ANSWER_BIG_BYTES,	/* 300 bytes into the buffer at a1, rv0 300 (more than the one step's) */
};

/* An answer's bytes for the caller: one segment of 5 bytes, padded to 8. */
static struct {
	machrv_syscall_out_t	out;
	char			bytes[8];
} hello_seg __attribute__((aligned(8)));

/* An answer's bytes too many for the one step (which takes 256): a kernel-sent answer. */
#define BIG_LEN		300
static struct {
	machrv_syscall_out_t	out;
	unsigned char		bytes[(BIG_LEN + 7) & ~7];
} big_seg __attribute__((aligned(8)));

/* Its length, and a buffer too long for machrv_syscall_serve. */
#define HELLO_SIZE	((mach_msg_size_t)sizeof(hello_seg))
static uint64_t too_many[MACHRV_SYSCALL_SERVE_OUT_MAX / 8 + 1];

#define SERVE_MAX	2

static struct {
	mach_port_t	set, port;
	enum serve_mode	mode;
	int		calls;
	/* what it saw */
	mach_msg_return_t mr[SERVE_MAX];
	machrv_syscall_request_t req[SERVE_MAX];
	machrv_syscall_in_t in[SERVE_MAX];	/* an offer's record, and up to 8 bytes */
	char		in_bytes[SERVE_MAX][8];
	mach_port_seqno_t seqno[SERVE_MAX];
	mach_msg_size_t	trailer_size[SERVE_MAX];
	mach_port_t	named[SERVE_MAX], named_again[SERVE_MAX];
	mach_port_type_t named_type[SERVE_MAX];
	mach_msg_return_t last_mr, warm_mr, too_many_mr;
} sv;

/* The answer (rv0, with `size' bytes of segments at `seg') by a message to `reply'. */
static mach_msg_return_t
answer_by_message(mach_port_t reply, long rv0, const void *seg, mach_msg_size_t size)
{
	struct {
		machrv_syscall_reply_t rep;
		uint8_t seg[sizeof(big_seg)];
	} m __attribute__((aligned(8)));

	if (size > sizeof(m.seg))
		return MACH_SEND_TOO_LARGE;
	memset(&m, 0, sizeof(m));
	m.rep.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	m.rep.head.msgh_size = (mach_msg_size_t)sizeof(m.rep) + size;
	m.rep.head.msgh_remote_port = reply;
	m.rep.head.msgh_id = MACHRV_SYSCALL_MSG_ID + 100;
	m.rep.rv[0] = rv0;
	memcpy(m.seg, seg, size);
	return mach_msg(&m.rep.head, MACH_SEND_MSG, m.rep.head.msgh_size, 0, 0, 0, 0);
}

static void
server(void *arg)
{
	(void)arg;
	struct {
		machrv_syscall_request_t req;
		machrv_syscall_in_t in;
		uint8_t bytes[MACHRV_SYSCALL_IN_MAX];
		mach_msg_max_trailer_t trailer;
	} m __attribute__((aligned(8)));
	machrv_syscall_answer_t ans = { .error = MACHRV_SYSCALL_NO_ANSWER };
	mach_msg_option_t rcv = MACH_RCV_MSG | MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
				MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO);

	/*
	 * The first call: the caller's thread takes the task's new syscall
	 * port the long way, so it comes as a message.  Answered so.
	 */
	sv.warm_mr = machrv_syscall_serve(&m.req.head, rcv, 0, sizeof(m), sv.set, &ans);
	if (sv.warm_mr != MACH_MSG_SUCCESS)
		return;
	if (m.req.head.msgh_remote_port == MACHRV_SYSCALL_REPLY_HELD)
		ans.error = 0;
	else
		(void)ut_unix_answer(m.req.head.msgh_remote_port, 0, 0);
	for (int i = 0; i < sv.calls; i++) {
		sv.mr[i] = machrv_syscall_serve(&m.req.head, rcv, 0, sizeof(m), sv.set, &ans);
		ans = (machrv_syscall_answer_t){ .error = MACHRV_SYSCALL_NO_ANSWER };
		if (sv.mr[i] != MACH_MSG_SUCCESS)
			return;
		sv.req[i] = m.req;
		sv.in[i] = m.in;
		memcpy(sv.in_bytes[i], m.bytes, sizeof(sv.in_bytes[i]));
		const mach_msg_seqno_trailer_t *t =
			(const void *)((uint8_t *)&m + round_msg(m.req.head.msgh_size));
		sv.seqno[i] = t->msgh_seqno;
		sv.trailer_size[i] = t->msgh_trailer_size;
		mach_port_t reply = m.req.head.msgh_remote_port;
		bool held = reply == MACHRV_SYSCALL_REPLY_HELD;
		switch (sv.mode) {
		case ANSWER_SUM:
			if (m.req.number == 11) {
				ans.error = (int)m.req.args[0];
			} else {
				ans.error = 0;
				ans.rv[0] = (long)(m.req.args[0] + m.req.args[1]);
			}
			if (!held) {
				(void)ut_unix_answer(reply, ans.error, ans.rv[0]);
				ans.error = MACHRV_SYSCALL_NO_ANSWER;
			}
			break;
		case ANSWER_LATER:
			sv.named[i] = machrv_syscall_reply_port();
			sv.named_again[i] = machrv_syscall_reply_port();
			if (MACH_PORT_VALID(sv.named[i]))
				(void)mach_port_type(mach_task_self(), sv.named[i], &sv.named_type[i]);
			(void)ut_unix_answer(held ? sv.named[i] : reply, 0, 7);
			break;
		case DROP:
			if (!held)
				(void)mach_port_deallocate(mach_task_self(), reply);
			break;
		case END_HOLDING:
			if (!held)
				(void)mach_port_deallocate(mach_task_self(), reply);
			return;		/* the thread ends holding the call's right */
		case ANSWER_BIG_BYTES:
			big_seg.out.addr = m.req.args[1];
			big_seg.out.len = BIG_LEN;
			for (int b = 0; b < BIG_LEN; b++)
				big_seg.bytes[b] = (unsigned char)(b * 7);
			ans.error = 0;
			ans.rv[0] = BIG_LEN;
			ans.out = (uintptr_t)&big_seg;
			ans.out_size = sizeof(big_seg);
			if (!held) {
				(void)answer_by_message(reply, BIG_LEN, &big_seg, sizeof(big_seg));
				ans.error = MACHRV_SYSCALL_NO_ANSWER;
			}
			break;
		case ANSWER_TOO_MANY:
			if (held) {
				/* Refused, and nothing done: the right is still held. */
				machrv_syscall_answer_t big = {
					.rv = { 5 }, .out = (uintptr_t)too_many,
					.out_size = sizeof(too_many)
				};
				sv.too_many_mr = machrv_syscall_serve(&m.req.head, 0, 0, 0,
								      MACH_PORT_NULL, &big);
			}
			/* fall through */
		case ANSWER_BYTES:
		case ANSWER_BAD_BYTES:
			hello_seg.out.addr = m.req.args[1];
			hello_seg.out.len = 5;
			memcpy(hello_seg.bytes, "hello", 5);
			ans.error = 0;
			ans.rv[0] = 5;
			ans.out = sv.mode == ANSWER_BAD_BYTES ? 8 : (uintptr_t)&hello_seg;
			ans.out_size = HELLO_SIZE;
			if (!held) {
				(void)answer_by_message(reply, 5, &hello_seg, HELLO_SIZE);
				ans.error = MACHRV_SYSCALL_NO_ANSWER;
			}
			break;
		}
	}
	/* The last answer, with nothing to receive next. */
	sv.last_mr = machrv_syscall_serve(&m.req.head, 0, 0, 0, MACH_PORT_NULL, &ans);
}

/* The syscall port in its set, the server waiting on it with `calls' to serve. */
static kern_return_t
serve_start(enum serve_mode mode, int calls, struct ut_thread *t)
{
	memset(&sv, 0, sizeof(sv));
	sv.mode = mode;
	sv.calls = calls;
	sv.port = ut_port_with_send();
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &sv.set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(mach_task_self(), sv.port, sv.set);
	if (kr == KERN_SUCCESS)
		kr = task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, sv.port);
	if (kr == KERN_SUCCESS)
		kr = ut_thread(server, NULL, t);
	if (kr == KERN_SUCCESS)
		ut_wait_blocked(t->thread);	/* waiting in machrv_syscall_serve */
	if (kr == KERN_SUCCESS && ut_unix_call(1, 0, 0) != 0)	/* the warm-up call (see server) */
		kr = KERN_FAILURE;
	if (kr == KERN_SUCCESS)
		ut_wait_blocked(t->thread);	/* waiting again */
	return kr;
}

static void
serve_end(struct ut_thread *t)
{
	(void)ut_join(t);
	(void)task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, MACH_PORT_NULL);
	mach_port_destroy(mach_task_self(), sv.port);
	mach_port_destroy(mach_task_self(), sv.set);
}

UTEST(syscall_serve_takes_a_call_that_offers_nothing_in_registers_and_answers_in_them)
{
	mach_msg_type_number_t before = ut_name_count();
	struct ut_thread t;
	KR(serve_start(ANSWER_SUM, 2, &t));
	long r1 = ut_unix_call(9, 40, 2);
	ut_wait_blocked(t.thread);	/* the answer comes with the server's next wait */
	long r2 = ut_unix_call(11, 5, 0);
	serve_end(&t);
	mach_msg_type_number_t after = ut_name_count();
	bool fast = fast_path_on();
	const machrv_syscall_request_t *q = sv.req;

	CHECK(sv.mr[0] == MACH_MSG_SUCCESS && sv.mr[1] == MACH_MSG_SUCCESS &&
	      sv.last_mr == MACH_MSG_SUCCESS, "serve: %#x %#x, last %#x", sv.mr[0], sv.mr[1],
	      sv.last_mr);
	CHECK(r1 == 42, "the caller got %ld (40 + 2)", r1);
	CHECK(r2 == -5, "an error answer: %ld (-5)", r2);
	CHECK(q[0].number == 9 && q[0].args[0] == 40 && q[0].args[1] == 2 && q[1].number == 11,
	      "requests %ld(%lu, %lu), %ld", (long)q[0].number, (unsigned long)q[0].args[0],
	      (unsigned long)q[0].args[1], (long)q[1].number);
	CHECK(q[0].head.msgh_size == sizeof(*q) && q[0].head.msgh_id == MACHRV_SYSCALL_MSG_ID &&
	      q[0].head.msgh_local_port == sv.port &&
	      MACH_MSGH_BITS_REMOTE(q[0].head.msgh_bits) == MACH_MSG_TYPE_PORT_SEND_ONCE,
	      "header: size %u id %#x local %#x (port %#x) bits %#x", q[0].head.msgh_size,
	      q[0].head.msgh_id, q[0].head.msgh_local_port, sv.port, q[0].head.msgh_bits);
	uintptr_t stub = (uintptr_t)ut_unix_call;	/* both calls' ecall is in it */
	CHECK(q[0].thread_id != 0 && q[0].thread_id == q[1].thread_id && q[0].pc == q[1].pc &&
	      q[0].pc >= stub && q[0].pc < stub + 64, "thread ids %lu %lu, pcs %#lx %#lx",
	      (unsigned long)q[0].thread_id, (unsigned long)q[1].thread_id,
	      (unsigned long)q[0].pc, (unsigned long)q[1].pc);
	CHECK(sv.seqno[1] == sv.seqno[0] + 1 && sv.trailer_size[0] == sizeof(mach_msg_seqno_trailer_t),
	      "seqnos %u %u, trailer %u bytes", sv.seqno[0], sv.seqno[1], sv.trailer_size[0]);
	CHECK(!fast || (q[0].head.msgh_remote_port == MACHRV_SYSCALL_REPLY_HELD &&
			q[1].head.msgh_remote_port == MACHRV_SYSCALL_REPLY_HELD),
	      "with the fast path, both in registers: reply ports %#x %#x",
	      q[0].head.msgh_remote_port, q[1].head.msgh_remote_port);
	CHECK(fast || MACH_PORT_VALID(q[0].head.msgh_remote_port),
	      "without it, a message with a named right: %#x", q[0].head.msgh_remote_port);
	CHECK(after == before, "names %u before, %u after", before, after);
	return 0;
}

/*
 * One call served in `mode': (9, 1, 2), or, with `out', a call that offers
 * the buffer `out' of `len' bytes for its output (filled with '#' first,
 * and one guard byte after it).  What the caller got in *r, the task's
 * names before and after in *before and *after.
 */
static kern_return_t
serve_one_call(enum serve_mode mode, void *out, long len, long *r,
	       mach_msg_type_number_t *before, mach_msg_type_number_t *after)
{
	struct ut_thread t;

	if (out)
		memset(out, '#', (size_t)len + 1);
	*before = ut_name_count();
	kern_return_t kr = serve_start(mode, 1, &t);
	if (kr != KERN_SUCCESS)
		return kr;
	*r = out ? ut_unix_call_hinting(9, out, len, MACHRV_SYSCALL_OUT_HINT) : ut_unix_call(9, 1, 2);
	serve_end(&t);
	*after = ut_name_count();
	return KERN_SUCCESS;
}

UTEST(syscall_reply_port_names_the_held_right_once_for_an_answer_by_message)
{
	long r;
	mach_msg_type_number_t before, after;
	KR(serve_one_call(ANSWER_LATER, NULL, 0, &r, &before, &after));
	bool held = sv.req[0].head.msgh_remote_port == MACHRV_SYSCALL_REPLY_HELD;

	CHECK(r == 7, "the caller got %ld (7, answered by a message)", r);
	CHECK(held == fast_path_on(), "in registers: %d", held);
	CHECK(!held || (MACH_PORT_VALID(sv.named[0]) &&
			sv.named_type[0] == MACH_PORT_TYPE_SEND_ONCE),
	      "named %#x, type %#x (a send-once right)", sv.named[0], sv.named_type[0]);
	CHECK(held || sv.named[0] == MACH_PORT_NULL, "nothing held: %#x", sv.named[0]);
	CHECK(sv.named_again[0] == MACH_PORT_NULL, "named twice: %#x", sv.named_again[0]);
	CHECK(after == before, "names %u before, %u after", before, after);
	return 0;
}

/* A call the server leaves unanswered (`mode'): its caller gets ENOSYS, nothing leaks. */
static int
caller_gets_enosys(enum serve_mode mode)
{
	long r;
	mach_msg_type_number_t before, after;
	KR(serve_one_call(mode, NULL, 0, &r, &before, &after));

	CHECK(r == -MACHRV_SYSCALL_ENOSYS, "the caller got %ld (-ENOSYS)", r);
	CHECK(after == before, "names %u before, %u after", before, after);
	return 0;
}

UTEST(syscall_serve_without_an_answer_leaves_the_caller_enosys)
{
	return caller_gets_enosys(DROP);
}

UTEST(a_thread_that_ends_holding_a_call_leaves_its_caller_enosys)
{
	return caller_gets_enosys(END_HOLDING);
}

UTEST(syscall_serve_takes_a_call_that_offers_bytes_as_a_message_its_right_held)
{
	static const char text[] = "bytes";
	mach_msg_type_number_t before = ut_name_count();
	struct ut_thread t;
	KR(serve_start(ANSWER_SUM, 1, &t));
	(void)*(volatile const char *)text;	/* resident: the kernel's copy takes no fault */
	long r = ut_unix_call_hinting(9, text, sizeof(text), MACHRV_SYSCALL_IN_HINT);
	serve_end(&t);
	mach_msg_type_number_t after = ut_name_count();
	const machrv_syscall_request_t *q = &sv.req[0];
	const machrv_syscall_in_t *in = &sv.in[0];
	bool held = q->head.msgh_remote_port == MACHRV_SYSCALL_REPLY_HELD;

	CHECK(r == (long)(uintptr_t)text, "the caller got %#lx (a0 + a1: 0 + the buffer)", r);
	CHECK(q->head.msgh_size == sizeof(*q) + sizeof(machrv_syscall_in_t) + 8 &&
	      in->kind == MACHRV_SYSCALL_IN_BYTES && in->len == sizeof(text) &&
	      in->addr == (uintptr_t)text && memcmp(sv.in_bytes[0], text, sizeof(text)) == 0,
	      "a message with the bytes: size %u, record kind %u len %u", q->head.msgh_size,
	      in->kind, in->len);
	CHECK(held == fast_path_on(), "its right held (with the fast path): reply port %#x",
	      q->head.msgh_remote_port);
	CHECK(after == before, "names %u before, %u after", before, after);
	return 0;
}

UTEST(syscall_serve_answers_with_bytes_written_into_the_callers_memory)
{
	long r;
	char buf[9];
	mach_msg_type_number_t before, after;
	KR(serve_one_call(ANSWER_BYTES, buf, 8, &r, &before, &after));
	bool held = sv.req[0].head.msgh_remote_port == MACHRV_SYSCALL_REPLY_HELD;

	CHECK(sv.last_mr == MACH_MSG_SUCCESS, "the answer: %#x", sv.last_mr);
	CHECK(r == 5, "the caller got %ld (5)", r);
	CHECK(memcmp(buf, "hello####", 9) == 0, "the buffer: %.9s (hello####)", buf);
	CHECK(held == fast_path_on(), "answered in registers (with the fast path): %d", held);
	CHECK(after == before, "names %u before, %u after", before, after);
	return 0;
}

UTEST(syscall_serve_answers_with_more_bytes_than_its_one_step_takes)
{
	static unsigned char buf[BIG_LEN + 1];
	long r;
	mach_msg_type_number_t before, after;
	KR(serve_one_call(ANSWER_BIG_BYTES, buf, BIG_LEN, &r, &before, &after));
	int bad = -1;
	for (int b = 0; b < BIG_LEN && bad < 0; b++)
		if (buf[b] != (unsigned char)(b * 7))
			bad = b;

	CHECK(sv.last_mr == MACH_MSG_SUCCESS, "the answer: %#x", sv.last_mr);
	CHECK(r == BIG_LEN, "the caller got %ld (%d)", r, BIG_LEN);
	CHECK(bad < 0 && buf[BIG_LEN] == '#', "the buffer: byte %d wrong, guard %#x", bad,
	      buf[BIG_LEN]);
	CHECK(after == before, "names %u before, %u after", before, after);
	return 0;
}

UTEST(syscall_serve_answer_whose_bytes_it_cannot_read_leaves_the_caller_efault)
{
	long r;
	char buf[9];
	mach_msg_type_number_t before, after;
	KR(serve_one_call(ANSWER_BAD_BYTES, buf, 8, &r, &before, &after));
	bool held = sv.req[0].head.msgh_remote_port == MACHRV_SYSCALL_REPLY_HELD;

	CHECK(!held || r == -MACHRV_SYSCALL_EFAULT, "held: the caller got %ld (-EFAULT)", r);
	CHECK(held || r == 5, "a message: the caller got %ld (5)", r);
	CHECK(!held || memcmp(buf, "#########", 9) == 0, "the buffer untouched: %.9s", buf);
	CHECK(after == before, "names %u before, %u after", before, after);
	return 0;
}

UTEST(syscall_serve_refuses_an_answer_with_too_many_bytes_and_keeps_the_call)
{
	long r;
	char buf[9];
	mach_msg_type_number_t before, after;
	KR(serve_one_call(ANSWER_TOO_MANY, buf, 8, &r, &before, &after));
	bool held = sv.req[0].head.msgh_remote_port == MACHRV_SYSCALL_REPLY_HELD;

	CHECK(!held || sv.too_many_mr == MACH_SEND_TOO_LARGE, "too many bytes: %#x",
	      sv.too_many_mr);
	CHECK(r == 5 && memcmp(buf, "hello####", 9) == 0,
	      "then answered: the caller got %ld, the buffer %.9s", r, buf);
	CHECK(after == before, "names %u before, %u after", before, after);
	return 0;
}

UTEST(syscall_serve_ignores_an_answer_when_it_holds_no_call)
{
	mach_msg_header_t h;
	machrv_syscall_answer_t ans = { .error = 0, .rv = { 1, 2 } };
	mach_msg_return_t mr = machrv_syscall_serve(&h, 0, 0, 0, MACH_PORT_NULL, &ans);
	mach_port_t name = machrv_syscall_reply_port();

	CHECK(mr == MACH_MSG_SUCCESS, "an answer to nothing: %#x", mr);
	CHECK(name == MACH_PORT_NULL, "nothing to name: %#x", name);
	return 0;
}
