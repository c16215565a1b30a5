/* SPDX-License-Identifier: BSD-2-Clause */
/* Self-tests of mach_msg: delivery, headers, trailers, and each kind of failure. */
#include "kern/selftest.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "ipc/ipc_mqueue.h"
#include "st_ipc.h"

SELFTEST(msg_simple_message_arrives_with_swapped_header_and_trailer)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1), r = st_port(s, 0);
	mach_msg_return_t mr = st_send(s, p, MACH_MSG_TYPE_COPY_SEND, r,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, 4242, 0xcafe, 0, 0);
	st_msg_t m;
	memset(&m, 0, sizeof(m));
	mach_msg_return_t rr = st_recv(s, p, &m, sizeof(m),
				       MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER), 0);
	mach_msg_security_trailer_t *t =
		(mach_msg_security_trailer_t *)((char *)&m + m.header.msgh_size);
	mach_port_type_t reply_type = st_type(s, m.header.msgh_remote_port);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS, "send %#x receive %#x", mr, rr);
	CHECK(m.value == 0xcafe && m.header.msgh_id == 4242, "value %#x id %d", m.value,
	      m.header.msgh_id);
	CHECK(m.header.msgh_local_port == p, "local %#x, expected the port %#x",
	      m.header.msgh_local_port, p);
	CHECK(MACH_MSGH_BITS_REMOTE(m.header.msgh_bits) == MACH_MSG_TYPE_PORT_SEND_ONCE &&
	      MACH_MSGH_BITS_LOCAL(m.header.msgh_bits) == MACH_MSG_TYPE_PORT_SEND,
	      "bits %#x", m.header.msgh_bits);
	CHECK(reply_type == MACH_PORT_TYPE_SEND_ONCE, "reply right type %#x", reply_type);
	CHECK(t->msgh_trailer_size == sizeof(*t) && t->msgh_seqno == 0,
	      "trailer size %u seqno %u", t->msgh_trailer_size, t->msgh_seqno);
	return 0;
}

SELFTEST(msg_sequence_numbers_count_received_messages)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	mach_port_set_seqno(s, p, 10);
	mach_msg_seqno_trailer_t *t;
	st_msg_t m;
	mach_port_seqno_t seen[3];
	for (int i = 0; i < 3; i++) {
		st_send(s, p, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, (uint32_t)i, 0, 0);
		st_recv(s, p, &m, sizeof(m), MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO), 0);
		t = (mach_msg_seqno_trailer_t *)((char *)&m + m.header.msgh_size);
		seen[i] = t->msgh_seqno;
	}
	st_space_done(s);
	CHECK(seen[0] == 10 && seen[1] == 11 && seen[2] == 12, "seqnos %u %u %u", seen[0],
	      seen[1], seen[2]);
	return 0;
}

SELFTEST(msg_port_descriptor_moves_a_receive_right)
{
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t tp = st_port(t, 0);
	mach_port_name_t dest = st_give(t, tp, MACH_MSG_TYPE_MAKE_SEND, s);
	mach_port_name_t carried = st_port(s, 0);
	mach_msg_return_t mr = st_send_port(s, dest, carried, MACH_MSG_TYPE_MOVE_RECEIVE, 0, 0);
	mach_port_type_t left = st_type(s, carried);
	st_port_msg_t m;
	mach_msg_return_t rr = st_recv(t, tp, &m, sizeof(m) + 64, 0, 0);
	mach_port_type_t arrived = st_type(t, m.port.name);
	st_space_done(t);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS, "send %#x receive %#x", mr, rr);
	CHECK(left == 0, "the sender still names the moved right (type %#x)", left);
	CHECK(arrived == MACH_PORT_TYPE_RECEIVE, "the receiver got type %#x", arrived);
	CHECK(m.port.disposition == MACH_MSG_TYPE_PORT_RECEIVE, "disposition %u", m.port.disposition);
	return 0;
}

SELFTEST(msg_invalid_dest_is_refused_and_nothing_happens)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	mach_port_mod_refs(s, p, MACH_PORT_RIGHT_SEND, 1);	/* 2 urefs */
	mach_msg_return_t mr = st_send(s, 0x12345, MACH_MSG_TYPE_COPY_SEND, p,
				       MACH_MSG_TYPE_MOVE_SEND, 1, 1, 0, 0);
	mach_port_urefs_t refs = st_refs(s, p, MACH_PORT_RIGHT_SEND);
	st_space_done(s);
	CHECK(mr == MACH_SEND_INVALID_DEST, "mr %#x", mr);
	CHECK(refs == 2, "the reply right lost a reference (urefs %u)", refs);
	return 0;
}

SELFTEST(msg_invalid_header_bits_are_refused)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	mach_msg_return_t mr = st_send(s, p, MACH_MSG_TYPE_MOVE_RECEIVE, 0, 0, 1, 1, 0, 0);
	mach_msg_return_t mr2 = st_send(s, p, 31, 0, 0, 1, 1, 0, 0);
	mach_port_type_t type = st_type(s, p);
	st_space_done(s);
	CHECK(mr == MACH_SEND_INVALID_HEADER, "MOVE_RECEIVE as destination: %#x", mr);
	CHECK(mr2 == MACH_SEND_INVALID_HEADER, "type 31 as destination: %#x", mr2);
	CHECK(type == MACH_PORT_TYPE_SEND_RECEIVE, "rights changed: %#x", type);
	return 0;
}

SELFTEST(msg_invalid_body_right_destroys_the_message)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1), r = st_port(s, 0);
	/* Reply send-once right made from r; body names a right that does not exist. */
	st_port_msg_t m;
	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
			     MACH_MSGH_BITS_COMPLEX;
	m.header.msgh_remote_port = p;
	m.header.msgh_local_port = r;
	m.body.msgh_descriptor_count = 1;
	m.port.name = 0xbad00;
	m.port.disposition = MACH_MSG_TYPE_COPY_SEND;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	mach_msg_return_t mr = mach_msg_call(s, (uintptr_t)&m, MACH_SEND_MSG, sizeof(m), 0, 0,
					       0, 0);
	/* Destroyed: the reply send-once right it held reports itself unused. */
	st_msg_t n;
	mach_msg_return_t rr = st_recv(s, r, &n, sizeof(n), 0, 0);
	mach_msg_return_t none = st_recv(s, p, &n, sizeof(n), 0, 0);
	st_space_done(s);
	CHECK(mr == MACH_SEND_INVALID_RIGHT, "mr %#x", mr);
	CHECK(rr == MACH_MSG_SUCCESS && n.header.msgh_id == MACH_NOTIFY_SEND_ONCE,
	      "reply port got %#x, id %d", rr, n.header.msgh_id);
	CHECK(none == MACH_RCV_TIMED_OUT, "the message was delivered anyway: %#x", none);
	return 0;
}

SELFTEST(msg_send_timeout_on_a_full_queue_returns_the_rights)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1), c = st_port(s, 1);
	mach_port_set_qlimit(s, p, 1);
	mach_msg_return_t first = st_send(s, p, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 1, 0, 0);
	st_port_msg_t m;
	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	m.header.msgh_remote_port = p;
	m.body.msgh_descriptor_count = 1;
	m.port.name = c;
	m.port.disposition = MACH_MSG_TYPE_MOVE_SEND;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	mach_msg_return_t mr = mach_msg_call(s, (uintptr_t)&m, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
					       sizeof(m), 0, 0, 0, 0);
	/* Pseudo-received: the moved send right is back, named in the message. */
	mach_port_type_t back = st_type(s, m.port.name);
	mach_port_urefs_t refs = st_refs(s, c, MACH_PORT_RIGHT_SEND);
	st_space_done(s);
	CHECK(first == MACH_MSG_SUCCESS, "first send %#x", first);
	CHECK(mr == MACH_SEND_TIMED_OUT, "second send %#x", mr);
	CHECK(m.port.name == c && (back & MACH_PORT_TYPE_SEND), "right back as %#x (type %#x)",
	      m.port.name, back);
	CHECK(refs == 1, "urefs %u", refs);
	return 0;
}

SELFTEST(msg_rcv_too_large_without_rcv_large_destroys_the_message)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	st_send(s, p, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 1, 0, 0);
	st_msg_t m;
	mach_msg_return_t mr = st_recv(s, p, &m, sizeof(mach_msg_header_t), 0, 0);
	mach_msg_size_t needed = m.header.msgh_size;
	mach_msg_return_t again = st_recv(s, p, &m, sizeof(m), 0, 0);
	st_space_done(s);
	CHECK(mr == MACH_RCV_TOO_LARGE, "mr %#x", mr);
	CHECK(needed == sizeof(mach_msg_header_t) + 4 + sizeof(mach_msg_trailer_t),
	      "needed %u", needed);
	CHECK(again == MACH_RCV_TIMED_OUT, "the message is still there: %#x", again);
	return 0;
}

SELFTEST(msg_rcv_too_large_with_rcv_large_keeps_the_message)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	st_send(s, p, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 77, 0, 0);
	st_msg_t m;
	mach_msg_return_t mr = st_recv(s, p, &m, sizeof(mach_msg_header_t), MACH_RCV_LARGE, 0);
	mach_msg_return_t again = st_recv(s, p, &m, sizeof(m), 0, 0);
	st_space_done(s);
	CHECK(mr == MACH_RCV_TOO_LARGE, "mr %#x", mr);
	CHECK(again == MACH_MSG_SUCCESS && m.value == 77, "then %#x value %u", again, m.value);
	return 0;
}

SELFTEST(msg_receive_times_out_on_an_empty_queue)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 0);
	st_msg_t m;
	mach_msg_return_t poll = st_recv(s, p, &m, sizeof(m), 0, 0);
	mach_msg_return_t wait = st_recv(s, p, &m, sizeof(m), 0, 10);
	mach_msg_return_t bad = st_recv(s, 0x999, &m, sizeof(m), 0, 0);
	st_space_done(s);
	CHECK(poll == MACH_RCV_TIMED_OUT && wait == MACH_RCV_TIMED_OUT, "%#x %#x", poll, wait);
	CHECK(bad == MACH_RCV_INVALID_NAME, "bad name %#x", bad);
	return 0;
}

/* A server thread: receive on the port, reply to the send-once right, N times. */
struct st_server {
	ipc_space_t space;
	mach_port_name_t port;
	int rounds;
	volatile int served;
};

static void
server_loop(void *arg)
{
	struct st_server *srv = arg;
	st_msg_t m;

	for (int i = 0; i < srv->rounds; i++) {
		if (st_recv(srv->space, srv->port, &m, sizeof(m), 0, 5000) != MACH_MSG_SUCCESS)
			return;
		st_send(srv->space, m.header.msgh_remote_port, MACH_MSG_TYPE_MOVE_SEND_ONCE, 0, 0,
			m.header.msgh_id + 100, m.value + 1, 0, 0);
		srv->served++;
	}
}

SELFTEST(msg_rpc_between_two_threads_blocks_and_wakes)
{
	static struct st_server srv;
	ipc_space_t s = st_space(), c = st_space();
	srv.space = s;
	srv.port = st_port(s, 0);
	srv.rounds = 200;
	srv.served = 0;
	mach_port_name_t dest = st_give(s, srv.port, MACH_MSG_TYPE_MAKE_SEND, c);
	mach_port_name_t reply = st_port(c, 0);
	thread_t th = kernel_thread_create("st-server", server_loop, &srv, BASEPRI_DEFAULT);
	CHECK(th, "no thread");
	int ok = 0;
	for (int i = 0; i < srv.rounds; i++) {
		st_msg_t m;
		memset(&m, 0, sizeof(m));
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.header.msgh_remote_port = dest;
		m.header.msgh_local_port = reply;
		m.header.msgh_id = 500;
		m.value = (uint32_t)i;
		mach_msg_return_t mr = mach_msg_call(c, (uintptr_t)&m,
						       MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
						       sizeof(m.header) + 4, sizeof(m), reply, 5000, 0);
		if (mr == MACH_MSG_SUCCESS && m.value == (uint32_t)i + 1 && m.header.msgh_id == 600)
			ok++;
	}
	thread_join(th);
	thread_deallocate(th);
	st_space_done(c);
	st_space_done(s);
	CHECK(ok == srv.rounds, "%d of %d round trips right (server served %d)", ok, srv.rounds,
	      srv.served);
	return 0;
}

static void
destroy_later(void *arg)
{
	struct st_server *srv = arg;
	thread_sleep_ms(20);
	mach_port_destroy(srv->space, srv->port);
}

SELFTEST(msg_receiver_sees_port_died_when_the_port_is_destroyed)
{
	static struct st_server srv;
	ipc_space_t s = st_space();
	srv.space = s;
	srv.port = st_port(s, 0);
	thread_t th = kernel_thread_create("st-destroy", destroy_later, &srv, BASEPRI_DEFAULT);
	st_msg_t m;
	mach_msg_return_t mr = mach_msg_call(s, (uintptr_t)&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT,
					       0, sizeof(m), srv.port, 5000, 0);
	thread_join(th);
	thread_deallocate(th);
	st_space_done(s);
	CHECK(mr == MACH_RCV_PORT_DIED, "mr %#x", mr);
	return 0;
}

static void
drain_later(void *arg)
{
	struct st_server *srv = arg;
	st_msg_t m;
	thread_sleep_ms(20);
	st_recv(srv->space, srv->port, &m, sizeof(m), 0, 0);
}

SELFTEST(msg_blocked_sender_is_woken_when_the_queue_drains)
{
	static struct st_server srv;
	ipc_space_t s = st_space();
	srv.space = s;
	srv.port = st_port(s, 1);
	mach_port_set_qlimit(s, srv.port, 1);
	st_send(s, srv.port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 1, 0, 0);
	thread_t th = kernel_thread_create("st-drain", drain_later, &srv, BASEPRI_DEFAULT);
	mach_msg_return_t mr = st_send(s, srv.port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 2,
				       MACH_SEND_TIMEOUT, 5000);
	thread_join(th);
	thread_deallocate(th);
	st_msg_t m;
	mach_msg_return_t rr = st_recv(s, srv.port, &m, sizeof(m), 0, 0);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS, "blocked send %#x", mr);
	CHECK(rr == MACH_MSG_SUCCESS && m.value == 2, "then %#x value %u", rr, m.value);
	return 0;
}

SELFTEST(msg_one_name_moved_and_copied_needs_two_user_references)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);		/* send + receive, 1 uref */
	mach_msg_return_t one = st_send(s, p, MACH_MSG_TYPE_MOVE_SEND, p, MACH_MSG_TYPE_COPY_SEND,
					1, 1, 0, 0);
	mach_port_urefs_t refs = st_refs(s, p, MACH_PORT_RIGHT_SEND);
	mach_port_mod_refs(s, p, MACH_PORT_RIGHT_SEND, 1);
	mach_msg_return_t two = st_send(s, p, MACH_MSG_TYPE_MOVE_SEND, p, MACH_MSG_TYPE_COPY_SEND,
					1, 1, 0, 0);
	st_msg_t m;
	mach_msg_return_t rr = st_recv(s, p, &m, sizeof(m), 0, 0);
	st_space_done(s);
	CHECK(one == MACH_SEND_INVALID_DEST && refs == 1, "with one uref: %#x, urefs %u", one, refs);
	CHECK(two == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS, "with two: %#x %#x", two, rr);
	return 0;
}

/* ---- the hand-off to a receiver already blocked (ipc_mqueue.c) ---- */

struct st_blocked_rcv {
	ipc_space_t space;
	mach_port_name_t port;
	mach_msg_size_t size;		/* the receiver's buffer */
	mach_msg_return_t mr;
	st_msg_t m;
};

static void
blocked_receive(void *arg)
{
	struct st_blocked_rcv *r = arg;
	r->mr = st_recv(r->space, r->port, &r->m, r->size,
			MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO), 5000);
}

/*
 * Start a receiver on a new port of `s' with a buffer of `size' bytes;
 * return once it waits in the kernel (or 2 s pass).
 */
static thread_t
start_blocked_receiver(struct st_blocked_rcv *r, ipc_space_t s, mach_msg_size_t size)
{
	memset(r, 0, sizeof(*r));
	r->space = s;
	r->port = st_port(s, 1);
	r->size = size;
	thread_t th = kernel_thread_create("st-blocked-rcv", blocked_receive, r, BASEPRI_DEFAULT);
	for (int i = 0; th && i < 2000 && !(__atomic_load_n(&th->state, __ATOMIC_ACQUIRE) & TH_WAIT); i++)
		thread_sleep_ms(1);
	return th;
}

SELFTEST(msg_blocked_receiver_takes_the_message_by_hand_off_in_sequence)
{
	static struct st_blocked_rcv r;
	ipc_space_t s = st_space();
	unsigned long before = __atomic_load_n(&ipc_mqueue_handoffs, __ATOMIC_RELAXED);
	thread_t th = start_blocked_receiver(&r, s, sizeof(r.m));
	mach_port_set_seqno(s, r.port, 7);	/* before any message: the receiver only waits */
	CHECK(th, "no thread");
	mach_msg_return_t mr = st_send(s, r.port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 9, 0xbeef, 0, 0);
	thread_join(th);
	thread_deallocate(th);
	unsigned long handoffs = __atomic_load_n(&ipc_mqueue_handoffs, __ATOMIC_RELAXED) - before;
	mach_msg_seqno_trailer_t *t =
		(mach_msg_seqno_trailer_t *)((char *)&r.m + r.m.header.msgh_size);
	/* The next message goes through the queue and continues the numbering. */
	st_send(s, r.port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 9, 1, 0, 0);
	st_msg_t m;
	mach_msg_return_t rr = st_recv(s, r.port, &m, sizeof(m),
				       MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO), 0);
	mach_msg_seqno_trailer_t *t2 = (mach_msg_seqno_trailer_t *)((char *)&m + m.header.msgh_size);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS && r.mr == MACH_MSG_SUCCESS, "send %#x receive %#x", mr, r.mr);
	CHECK(handoffs >= 1, "the message was queued, not handed off");
	CHECK(r.m.value == 0xbeef && r.m.header.msgh_id == 9, "value %#x id %d", r.m.value,
	      r.m.header.msgh_id);
	CHECK(t->msgh_seqno == 7, "handed-off seqno %u, expected 7", t->msgh_seqno);
	CHECK(rr == MACH_MSG_SUCCESS && t2->msgh_seqno == 8, "next %#x seqno %u", rr,
	      t2->msgh_seqno);
	return 0;
}

SELFTEST(msg_blocked_receiver_with_a_small_buffer_gets_rcv_too_large)
{
	static struct st_blocked_rcv r;
	ipc_space_t s = st_space();
	unsigned long before = __atomic_load_n(&ipc_mqueue_handoffs, __ATOMIC_RELAXED);
	thread_t th = start_blocked_receiver(&r, s, sizeof(mach_msg_header_t));	/* no room for the body */
	CHECK(th, "no thread");
	mach_msg_return_t mr = st_send(s, r.port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 5, 0, 0);
	thread_join(th);
	thread_deallocate(th);
	unsigned long handoffs = __atomic_load_n(&ipc_mqueue_handoffs, __ATOMIC_RELAXED) - before;
	st_msg_t m;
	mach_msg_return_t again = st_recv(s, r.port, &m, sizeof(m), 0, 0);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS, "send %#x", mr);
	CHECK(r.mr == MACH_RCV_TOO_LARGE, "receive %#x", r.mr);
	CHECK(handoffs == 0, "a message that does not fit was handed off");
	CHECK(r.m.header.msgh_size == sizeof(mach_msg_header_t) + 4 + sizeof(mach_msg_seqno_trailer_t),
	      "needed %u", r.m.header.msgh_size);
	CHECK(again == MACH_RCV_TIMED_OUT, "without MACH_RCV_LARGE the message is gone: %#x", again);
	return 0;
}

SELFTEST(msg_receiver_sees_port_changed_when_the_receive_right_moves_away)
{
	static struct st_blocked_rcv r;
	ipc_space_t s = st_space();
	mach_port_name_t q = st_port(s, 1);
	thread_t th = start_blocked_receiver(&r, s, sizeof(r.m));
	CHECK(th, "no thread");
	/* The receive right goes into a message queued on q. */
	mach_msg_return_t mr = st_send_port(s, q, r.port, MACH_MSG_TYPE_MOVE_RECEIVE, 0, 0);
	thread_join(th);
	thread_deallocate(th);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS, "moving the receive right: %#x", mr);
	CHECK(r.mr == MACH_RCV_PORT_CHANGED, "the waiting receiver got %#x", r.mr);
	return 0;
}

/* thread_abort that comes before the receive waits still interrupts it, once. */
SELFTEST(msg_an_abort_before_the_wait_interrupts_the_next_receive_once)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	st_msg_t m;
	thread_abort_internal(current_thread());
	mach_msg_return_t first = mach_msg_call(s, (uintptr_t)&m, MACH_RCV_MSG, 0, sizeof(m), p,
						  0, 0);
	bool left = current_thread()->aborted;
	/* The abort is used up: the next receive waits (here until its timeout). */
	mach_msg_return_t second = st_recv(s, p, &m, sizeof(m), 0, 10);
	st_space_done(s);
	CHECK(first == MACH_RCV_INTERRUPTED, "receive after the abort: %#x", first);
	CHECK(!left, "the abort was not used up");
	CHECK(second == MACH_RCV_TIMED_OUT, "the receive after: %#x", second);
	return 0;
}
