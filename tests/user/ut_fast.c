/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPC fast path (mach/ipc/ipc_fast.c): a message handed straight to a
 * receiver blocked without a timeout says everything a queued one does.
 */
#include <string.h>
#include "utest.h"

static struct {
	mach_port_t port;
	mach_msg_size_t room;		/* the receive buffer's size */
	mach_msg_return_t mr;
	ut_msg_t m;
} rcv;

/* Receive once, without a timeout (the fast path's kind of wait). */
static void
receive_once(void *arg)
{
	(void)arg;
	memset(&rcv.m, 0, sizeof(rcv.m));
	rcv.mr = mach_msg(&rcv.m.header,
			  MACH_RCV_MSG | MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT), 0,
			  rcv.room, rcv.port, 0, MACH_PORT_NULL);
}

UTEST(a_message_handed_to_a_waiting_receiver_has_the_header_and_trailer_of_a_queued_one)
{
	rcv.port = ut_port_with_send();
	rcv.room = sizeof(rcv.m);
	KR(mach_port_set_seqno(mach_task_self(), rcv.port, 5));
	mach_port_t reply = ut_port();
	struct ut_thread t;
	KR(ut_thread(receive_once, NULL, &t));
	ut_wait_blocked(t.thread);
	mach_msg_return_t sr = ut_send(rcv.port, MACH_MSG_TYPE_COPY_SEND, reply,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, 77, 1234);
	KR(ut_join(&t));
	mach_port_type_t type = 0;
	kern_return_t kt = mach_port_type(mach_task_self(), rcv.m.header.msgh_remote_port, &type);
	/* Answering on the send-once right reaches the reply port. */
	mach_msg_return_t ar = ut_send(rcv.m.header.msgh_remote_port,
				       MACH_MSG_TYPE_MOVE_SEND_ONCE, 0, 0, 78, 0);
	ut_msg_t answer;
	mach_msg_return_t rr = ut_recv(reply, &answer, 1000);
	mach_port_destroy(mach_task_self(), rcv.port);
	mach_port_destroy(mach_task_self(), reply);

	mach_msg_header_t *h = &rcv.m.header;
	CHECK(sr == MACH_MSG_SUCCESS && rcv.mr == MACH_MSG_SUCCESS, "send %#x receive %#x",
	      sr, rcv.mr);
	CHECK(h->msgh_bits == MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
					     MACH_MSG_TYPE_PORT_SEND),
	      "bits %#x", h->msgh_bits);
	CHECK(h->msgh_local_port == rcv.port && h->msgh_id == 77 && rcv.m.value == 1234 &&
	      h->msgh_size == sizeof(mach_msg_header_t) + sizeof(int),
	      "local %#x id %d value %d size %u", h->msgh_local_port, h->msgh_id, rcv.m.value,
	      h->msgh_size);
	CHECK(kt == KERN_SUCCESS && type == MACH_PORT_TYPE_SEND_ONCE, "reply right %#x type %#x",
	      kt, type);
	CHECK(rcv.m.trailer.msgh_seqno == 5 && rcv.m.trailer.msgh_trailer_size ==
	      sizeof(mach_msg_audit_trailer_t), "seqno %u, trailer %u bytes",
	      rcv.m.trailer.msgh_seqno, rcv.m.trailer.msgh_trailer_size);
	CHECK(memcmp(&rcv.m.trailer.msgh_sender, &answer.trailer.msgh_sender,
		     sizeof(security_token_t)) == 0, "sender tokens differ");
	CHECK(ar == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS && answer.header.msgh_id == 78,
	      "answer %#x %#x id %d", ar, rr, answer.header.msgh_id);
	return 0;
}

UTEST(a_waiting_receiver_with_too_small_a_buffer_gets_rcv_too_large)
{
	rcv.port = ut_port_with_send();
	rcv.room = sizeof(mach_msg_header_t) + sizeof(int);	/* no room for the trailer */
	struct ut_thread t;
	KR(ut_thread(receive_once, NULL, &t));
	ut_wait_blocked(t.thread);
	mach_msg_return_t sr = ut_send(rcv.port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 79, 1);
	KR(ut_join(&t));
	mach_port_status_t st;
	mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;
	kern_return_t ks = mach_port_get_attributes(mach_task_self(), rcv.port,
						    MACH_PORT_RECEIVE_STATUS,
						    (mach_port_info_t)&st, &n);
	mach_port_destroy(mach_task_self(), rcv.port);

	CHECK(sr == MACH_MSG_SUCCESS, "send %#x", sr);
	CHECK(rcv.mr == MACH_RCV_TOO_LARGE, "receive %#x", rcv.mr);
	CHECK(ks == KERN_SUCCESS && st.mps_msgcount == 0, "%u left queued", st.mps_msgcount);
	return 0;
}

/* A receiver with room for a larger message. */
static struct {
	mach_port_t port;
	mach_msg_return_t mr;
	union {
		mach_msg_header_t header;
		uint8_t bytes[1024];
	} m;
} big;

static void
receive_big(void *arg)
{
	(void)arg;
	memset(&big.m, 0xff, sizeof(big.m));
	big.mr = mach_msg(&big.m.header, MACH_RCV_MSG, 0, sizeof(big.m), big.port, 0,
			  MACH_PORT_NULL);
}

/*
 * A send alone goes the fast way from the trap with interrupts off
 * (rpc_send_only), where a page not touched yet cannot be read: the send
 * must still arrive whole, the long way.
 */
UTEST(a_send_alone_whose_body_lies_in_a_page_not_touched_yet_reaches_a_waiting_receiver_whole)
{
	big.port = ut_port_with_send();
	struct ut_thread t;
	KR(ut_thread(receive_big, NULL, &t));
	ut_wait_blocked(t.thread);
	vm_address_t area = 0;
	KR(vm_allocate(mach_task_self(), &area, 2 * 4096, VM_FLAGS_ANYWHERE));
	/* The header (written) ends the first page; the body, never written, begins the second. */
	mach_msg_header_t *h = (mach_msg_header_t *)(area + 4096 - sizeof(*h));
	mach_msg_size_t size = sizeof(*h) + 200;
	*h = (mach_msg_header_t){
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.msgh_size = size,
		.msgh_remote_port = big.port,
		.msgh_id = 81,
	};
	vm_statistics_data_t before = ut_vm_stats();
	mach_msg_return_t sr = mach_msg(h, MACH_SEND_MSG, size, 0, MACH_PORT_NULL, 0,
					MACH_PORT_NULL);
	vm_statistics_data_t after = ut_vm_stats();
	KR(ut_join(&t));
	KR(vm_deallocate(mach_task_self(), area, 2 * 4096));
	mach_port_destroy(mach_task_self(), big.port);
	int zeros = 1;
	for (mach_msg_size_t i = sizeof(*h); i < size; i++)
		zeros &= big.m.bytes[i] == 0;

	CHECK(sr == MACH_MSG_SUCCESS && big.mr == MACH_MSG_SUCCESS, "send %#x receive %#x", sr,
	      big.mr);
	CHECK(big.m.header.msgh_id == 81 && big.m.header.msgh_size == size && zeros,
	      "id %d size %u (sent %u), zero body %d", big.m.header.msgh_id,
	      big.m.header.msgh_size, size, zeros);
	CHECK(after.faults > before.faults, "the body's page was faulted in (%u faults)",
	      after.faults - before.faults);
	return 0;
}

/* ---- the whole RPC in one step (ipc_fast_rpc) ---- */

/* A server thread: receive, then answer each request with SEND|RCV, as MIG servers do. */
static struct {
	mach_port_t port;
	int count;			/* requests to answer; then it stops */
	int answer_mode;		/* RPC_ANSWER, RPC_HOLD, RPC_DROP */
	mach_msg_return_t mr;
	mach_port_t reply_name;		/* the reply right the last request carried */
	mach_port_type_t reply_type;	/* and its type */
	mach_port_seqno_t seqno[4];
	mach_msg_size_t size;
	int zeros;			/* the request body was all zero */
	mach_port_t held;		/* RPC_HOLD: told here once the request is held */
} srv;

enum { RPC_ANSWER, RPC_HOLD, RPC_DROP };

typedef struct {
	mach_msg_header_t header;
	int value;
	char body[2 * 4096];		/* room for the page-crossing request */
	mach_msg_max_trailer_t trailer;	/* room for one */
} rpc_msg_t;

static rpc_msg_t srv_msg;

/* The trailer follows the message (not rpc_msg_t's trailer field, past the body). */
static mach_msg_max_trailer_t *
rpc_trailer(rpc_msg_t *m)
{
	return (mach_msg_max_trailer_t *)((char *)m + ((m->header.msgh_size + 3) & ~3u));
}

static void
rpc_server(void *arg)
{
	(void)arg;
	rpc_msg_t *m = &srv_msg;
	const mach_msg_option_t rcv = MACH_RCV_MSG | MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO);
	mach_msg_return_t mr = mach_msg(&m->header, rcv, 0, sizeof(*m), srv.port, 0, MACH_PORT_NULL);
	for (int i = 0; mr == MACH_MSG_SUCCESS; i++) {
		srv.size = m->header.msgh_size;
		srv.seqno[i % 4] = rpc_trailer(m)->msgh_seqno;
		srv.zeros = 1;
		for (mach_msg_size_t k = 0; k + sizeof(m->header) + sizeof(int) < srv.size; k++)
			if (m->body[k])
				srv.zeros = 0;
		srv.reply_name = m->header.msgh_remote_port;
		mach_port_type(mach_task_self(), srv.reply_name, &srv.reply_type);
		if (srv.answer_mode == RPC_HOLD) {
			ut_send(srv.held, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL, 0, 1, 0);
			mr = mach_msg(&m->header, rcv, 0, sizeof(*m), srv.port, 0,
				      MACH_PORT_NULL);	/* never comes: the test ends it */
			break;
		}
		if (srv.answer_mode == RPC_DROP) {
			mach_port_deallocate(mach_task_self(), m->header.msgh_remote_port);
			break;
		}
		m->header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m->header.msgh_size = sizeof(m->header) + sizeof(int);
		m->header.msgh_local_port = MACH_PORT_NULL;
		m->header.msgh_id += 100;
		m->value += 1;
		if (i + 1 == srv.count) {
			mr = mach_msg(&m->header, MACH_SEND_MSG, m->header.msgh_size, 0,
				      MACH_PORT_NULL, 0, MACH_PORT_NULL);
			break;
		}
		mr = mach_msg(&m->header, MACH_SEND_MSG | rcv, m->header.msgh_size, sizeof(*m),
			      srv.port, 0, MACH_PORT_NULL);
	}
	srv.mr = mr;
}

/* One RPC from `buf' (a header and an int, `size' bytes in all) to srv.port. */
static mach_msg_return_t
rpc_call(rpc_msg_t *buf, mach_msg_size_t size, mach_port_t reply, int id, int value,
	 mach_msg_option_t extra)
{
	buf->header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	buf->header.msgh_size = size;
	buf->header.msgh_remote_port = srv.port;
	buf->header.msgh_local_port = reply;
	buf->header.msgh_voucher_port = MACH_PORT_NULL;
	buf->header.msgh_id = id;
	buf->value = value;
	return mach_msg(&buf->header, MACH_SEND_MSG | MACH_RCV_MSG | extra |
			MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER), size,
			sizeof(*buf), reply, 0, MACH_PORT_NULL);
}

static kern_return_t
rpc_server_start(int count, int mode, struct ut_thread *t)
{
	memset(&srv, 0, sizeof(srv));
	srv.port = ut_port_with_send();
	srv.count = count;
	srv.answer_mode = mode;
	kern_return_t kr = ut_thread(rpc_server, NULL, t);
	if (kr == KERN_SUCCESS)
		ut_wait_blocked(t->thread);	/* waiting in receive: the fast path's receiver */
	return kr;
}

UTEST(rpcs_answered_with_send_and_receive_carry_header_trailer_and_reply_right)
{
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t nn, nt;
	KR(mach_port_names(mach_task_self(), &names, &nn, &types, &nt));
	mach_msg_type_number_t names_before = nn;
	vm_deallocate(mach_task_self(), (vm_address_t)names, nn * sizeof(*names));
	vm_deallocate(mach_task_self(), (vm_address_t)types, nt * sizeof(*types));
	struct ut_thread t;
	KR(rpc_server_start(3, RPC_ANSWER, &t));
	mach_port_t reply = ut_port();
	KR(mach_port_set_seqno(mach_task_self(), reply, 10));

	static rpc_msg_t m;
	mach_msg_return_t mr[3];
	int ok = 1;
	for (int i = 0; i < 3; i++) {
		mr[i] = rpc_call(&m, sizeof(m.header) + sizeof(int), reply, 500 + i, 7 * i, 0);
		ok &= mr[i] == MACH_MSG_SUCCESS && m.header.msgh_id == 600 + i &&
		      m.value == 7 * i + 1 && m.header.msgh_local_port == reply &&
		      m.header.msgh_remote_port == MACH_PORT_NULL &&
		      m.header.msgh_bits == MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE) &&
		      rpc_trailer(&m)->msgh_seqno == 10u + (unsigned)i &&
		      rpc_trailer(&m)->msgh_trailer_size == sizeof(mach_msg_security_trailer_t);
	}
	KR(ut_join(&t));
	/* The last reply was a plain send: every send-once right made was used up once. */
	mach_port_status_t st;
	mach_msg_type_number_t sn = MACH_PORT_RECEIVE_STATUS_COUNT;
	KR(mach_port_get_attributes(mach_task_self(), reply, MACH_PORT_RECEIVE_STATUS,
				    (mach_port_info_t)&st, &sn));
	KR(mach_port_names(mach_task_self(), &names, &nn, &types, &nt));
	vm_deallocate(mach_task_self(), (vm_address_t)names, nn * sizeof(*names));
	vm_deallocate(mach_task_self(), (vm_address_t)types, nt * sizeof(*types));
	mach_port_destroy(mach_task_self(), srv.port);
	mach_port_destroy(mach_task_self(), reply);

	CHECK(ok, "replies: %#x %#x %#x, last id %d value %d local %#x bits %#x seqno %u",
	      mr[0], mr[1], mr[2], m.header.msgh_id, m.value, m.header.msgh_local_port,
	      m.header.msgh_bits, rpc_trailer(&m)->msgh_seqno);
	CHECK(srv.mr == MACH_MSG_SUCCESS && srv.reply_type == MACH_PORT_TYPE_SEND_ONCE,
	      "server %#x, reply right type %#x", srv.mr, srv.reply_type);
	CHECK(srv.seqno[0] == 0 && srv.seqno[1] == 1 && srv.seqno[2] == 2,
	      "request seqnos %u %u %u", srv.seqno[0], srv.seqno[1], srv.seqno[2]);
	CHECK(st.mps_sorights == 0, "the reply port counts %d send-once rights",
	      (int)st.mps_sorights);
	/* The server's port and the reply port are new; no reply right is left. */
	CHECK(nn == names_before + 2, "%u names before the RPCs, %u after (reply rights left?)",
	      names_before, nn);
	return 0;
}

UTEST(an_rpc_whose_request_and_reply_lie_in_pages_not_touched_yet_is_delivered_whole)
{
	struct ut_thread t;
	KR(rpc_server_start(1, RPC_ANSWER, &t));
	mach_port_t reply = ut_port();
	/* Fresh pages: only the header and value, at the end of the first, are written. */
	vm_address_t area = 0;
	KR(vm_allocate(mach_task_self(), &area, 3 * 4096, VM_FLAGS_ANYWHERE));
	rpc_msg_t *m = (rpc_msg_t *)(area + 4096 - 32);	/* 8-byte aligned, as the fast path likes */
	mach_msg_size_t size = sizeof(mach_msg_header_t) + sizeof(int) + 256;
	vm_statistics_data_t before = ut_vm_stats();
	mach_msg_return_t mr = rpc_call(m, size, reply, 900, 41, 0);
	vm_statistics_data_t after = ut_vm_stats();
	KR(ut_join(&t));
	int id = m->header.msgh_id, value = m->value;
	KR(vm_deallocate(mach_task_self(), area, 3 * 4096));
	mach_port_destroy(mach_task_self(), srv.port);
	mach_port_destroy(mach_task_self(), reply);

	CHECK(mr == MACH_MSG_SUCCESS && id == 1000 && value == 42, "rpc %#x id %d value %d",
	      mr, id, value);
	CHECK(srv.size == size && srv.zeros, "server saw %u bytes (sent %u), zero body %d",
	      srv.size, size, srv.zeros);
	CHECK(after.faults > before.faults, "the body's page was faulted in (%u faults)",
	      after.faults - before.faults);
	return 0;
}

/*
 * One RPC from `m' (a header and an int) asking for a trailer of
 * `elements' (MACH_RCV_TRAILER_NULL or _SEQNO: the reply comes in
 * registers, ipc_fast_rpc.c's rpc_receive_regs).
 */
static mach_msg_return_t
rpc_call_trailer(rpc_msg_t *m, mach_port_t reply, int id, int elements)
{
	m->header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->header.msgh_size = sizeof(m->header) + sizeof(int);
	m->header.msgh_remote_port = srv.port;
	m->header.msgh_local_port = reply;
	m->header.msgh_voucher_port = MACH_PORT_NULL;
	m->header.msgh_id = id;
	m->value = id;
	return mach_msg(&m->header, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TRAILER_ELEMENTS(elements),
			m->header.msgh_size, sizeof(*m), reply, 0, MACH_PORT_NULL);
}

UTEST(an_rpc_reply_in_registers_whose_trailer_lies_in_a_page_not_touched_yet_arrives_whole)
{
	struct ut_thread t;
	KR(rpc_server_start(2, RPC_ANSWER, &t));
	mach_port_t reply = ut_port();
	KR(mach_port_set_seqno(mach_task_self(), reply, 20));
	vm_address_t area = 0;
	KR(vm_allocate(mach_task_self(), &area, 3 * 4096, VM_FLAGS_ANYWHERE));
	/* Header and value in the first page; the trailer's last 8 bytes in the untouched second. */
	rpc_msg_t *m = (rpc_msg_t *)(area + 4096 - 32);
	static const int kinds[2] = { MACH_RCV_TRAILER_NULL, MACH_RCV_TRAILER_SEQNO };
	static const mach_msg_size_t sizes[2] = { sizeof(mach_msg_trailer_t),
						  sizeof(mach_msg_seqno_trailer_t) };
	mach_msg_return_t mr[2];
	mach_msg_trailer_size_t tsize[2] = { 0, 0 };
	mach_port_seqno_t seqno = 0;
	int ok = 1;
	vm_statistics_data_t before = ut_vm_stats();
	for (int i = 0; i < 2; i++) {
		mr[i] = rpc_call_trailer(m, reply, 700 + i, kinds[i]);
		mach_msg_max_trailer_t *tr = rpc_trailer(m);
		tsize[i] = tr->msgh_trailer_size;
		ok &= mr[i] == MACH_MSG_SUCCESS && m->header.msgh_id == 800 + i &&
		      m->value == 701 + i && m->header.msgh_size == sizeof(m->header) + sizeof(int) &&
		      m->header.msgh_bits == MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE) &&
		      m->header.msgh_local_port == reply &&
		      m->header.msgh_remote_port == MACH_PORT_NULL &&
		      m->header.msgh_voucher_port == MACH_PORT_NULL &&
		      tr->msgh_trailer_type == MACH_MSG_TRAILER_FORMAT_0 && tsize[i] == sizes[i];
		if (i == 1)
			seqno = tr->msgh_seqno;
	}
	vm_statistics_data_t after = ut_vm_stats();
	KR(ut_join(&t));
	KR(vm_deallocate(mach_task_self(), area, 3 * 4096));
	mach_port_destroy(mach_task_self(), srv.port);
	mach_port_destroy(mach_task_self(), reply);

	CHECK(ok, "replies %#x %#x, trailer sizes %u %u", mr[0], mr[1], tsize[0], tsize[1]);
	CHECK(seqno == 21, "the second reply's sequence number %u (the port's 21st)", seqno);
	CHECK(srv.mr == MACH_MSG_SUCCESS && srv.seqno[0] == 0 && srv.seqno[1] == 1,
	      "server %#x, request seqnos %u %u", srv.mr, srv.seqno[0], srv.seqno[1]);
	CHECK(after.faults > before.faults, "the trailer's page was faulted in (%u faults)",
	      after.faults - before.faults);
	return 0;
}

UTEST(an_rpc_reply_in_registers_that_meets_a_read_only_page_is_rcv_invalid_data)
{
	struct ut_thread t;
	KR(rpc_server_start(2, RPC_ANSWER, &t));
	mach_port_t reply = ut_port();
	vm_address_t area = 0;
	KR(vm_allocate(mach_task_self(), &area, 2 * 4096, VM_FLAGS_ANYWHERE));
	KR(vm_protect(mach_task_self(), area + 4096, 4096, FALSE, VM_PROT_READ));
	/* The request (header and value) fits the first page; the reply's trailer does not. */
	rpc_msg_t *m = (rpc_msg_t *)(area + 4096 - 32);
	mach_msg_return_t bad = rpc_call_trailer(m, reply, 700, MACH_RCV_TRAILER_NULL);
	/* The server goes on serving: the next call, from a writable buffer, is answered. */
	static rpc_msg_t good_buf;
	mach_msg_return_t good = rpc_call_trailer(&good_buf, reply, 701, MACH_RCV_TRAILER_NULL);
	KR(ut_join(&t));
	KR(vm_deallocate(mach_task_self(), area, 2 * 4096));
	mach_port_destroy(mach_task_self(), srv.port);
	mach_port_destroy(mach_task_self(), reply);

	CHECK(bad == MACH_RCV_INVALID_DATA, "a reply into a read-only page: %#x", bad);
	CHECK(good == MACH_MSG_SUCCESS && good_buf.header.msgh_id == 801 && good_buf.value == 702,
	      "the next call %#x id %d value %d", good, good_buf.header.msgh_id, good_buf.value);
	CHECK(srv.mr == MACH_MSG_SUCCESS, "server %#x", srv.mr);
	return 0;
}

static struct {
	mach_port_t reply;
	mach_msg_return_t mr;
	rpc_msg_t m;
} cl;

static void
rpc_client(void *arg)
{
	(void)arg;
	/* MACH_RCV_INTERRUPT: else mach_msg() would wait again, as Mach's library does. */
	cl.mr = rpc_call(&cl.m, sizeof(cl.m.header) + sizeof(int), cl.reply, 77, 0,
			 MACH_RCV_INTERRUPT);
}

UTEST(a_thread_waiting_for_an_rpc_reply_is_stopped_by_thread_abort)
{
	struct ut_thread t, c;
	KR(rpc_server_start(1, RPC_HOLD, &t));
	mach_port_t held = srv.held = ut_port();
	cl.reply = ut_port();
	cl.mr = 0;
	KR(ut_thread(rpc_client, NULL, &c));
	/* The server has the request and holds it: the client waits for the reply. */
	ut_msg_t note;
	mach_msg_return_t mh = ut_recv(held, &note, UT_WAIT_MS);
	mach_port_destroy(mach_task_self(), held);
	ut_wait_blocked(t.thread);
	ut_wait_blocked(c.thread);
	kern_return_t ka = thread_abort(c.thread);
	KR(ut_join(&c));
	mach_port_destroy(mach_task_self(), srv.port);	/* ends the server's wait */
	KR(ut_join(&t));
	mach_port_deallocate(mach_task_self(), srv.reply_name);	/* the unanswered right */
	mach_port_destroy(mach_task_self(), cl.reply);

	CHECK(mh == MACH_MSG_SUCCESS, "the server never said it held the request: %#x", mh);
	CHECK(ka == KERN_SUCCESS && cl.mr == MACH_RCV_INTERRUPTED, "abort %#x, rpc %#x", ka,
	      cl.mr);
	CHECK(srv.reply_type == MACH_PORT_TYPE_SEND_ONCE, "the server got the request (%#x)",
	      srv.reply_type);
	return 0;
}

UTEST(an_rpc_whose_server_drops_the_reply_right_gets_the_send_once_notification)
{
	struct ut_thread t;
	KR(rpc_server_start(1, RPC_DROP, &t));
	mach_port_t reply = ut_port();
	static rpc_msg_t m;
	mach_msg_return_t mr = rpc_call(&m, sizeof(m.header) + sizeof(int), reply, 31, 0, 0);
	KR(ut_join(&t));
	mach_port_destroy(mach_task_self(), srv.port);
	mach_port_destroy(mach_task_self(), reply);

	CHECK(mr == MACH_MSG_SUCCESS && m.header.msgh_id == MACH_NOTIFY_SEND_ONCE &&
	      m.header.msgh_local_port == reply, "rpc %#x id %d local %#x", mr, m.header.msgh_id,
	      m.header.msgh_local_port);
	return 0;
}

/*
 * A complex message whose descriptors are all out-of-line regions of no
 * bytes (MIG's reply of an array that went inline: fss's io_read) takes
 * the fast path, and arrives as a queued one does: complex, each region
 * with no address, no deallocation and a physical copy.  A region with
 * bytes still arrives whole (the general path's).
 */
typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t ool;
	int value;
	mach_msg_max_trailer_t trailer;
} ool_msg_t;

static struct {
	mach_port_t port;
	mach_msg_return_t mr;
	ool_msg_t m;
} ool_srv;

/* Receive one message without a timeout (a fast receiver), answer it plainly. */
static void
ool_server(void *arg)
{
	(void)arg;
	ool_msg_t *m = &ool_srv.m;
	ool_srv.mr = mach_msg(&m->header, MACH_RCV_MSG, 0, sizeof(*m), ool_srv.port, 0,
			      MACH_PORT_NULL);
	if (ool_srv.mr != MACH_MSG_SUCCESS)
		return;
	mach_msg_header_t a = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
		.msgh_size = sizeof(a),
		.msgh_remote_port = m->header.msgh_remote_port,
		.msgh_id = m->header.msgh_id + 100,
	};
	(void)mach_msg(&a, MACH_SEND_MSG, sizeof(a), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

static void
ool_fill(ool_msg_t *m, mach_port_t dest, mach_port_t reply, void *addr, mach_msg_size_t size)
{
	memset(m, 0, sizeof(*m));
	m->header.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			      MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					     reply ? MACH_MSG_TYPE_MAKE_SEND_ONCE : 0);
	m->header.msgh_size = offsetof(ool_msg_t, trailer);
	m->header.msgh_remote_port = dest;
	m->header.msgh_local_port = reply;
	m->header.msgh_id = 4242;
	m->body.msgh_descriptor_count = 1;
	m->ool = (mach_msg_ool_descriptor_t){ .address = addr, .size = size, .deallocate = FALSE,
					      .copy = MACH_MSG_VIRTUAL_COPY,
					      .type = MACH_MSG_OOL_DESCRIPTOR };
	m->value = 99;
}

/* One RPC carrying `size' out-of-line bytes at `addr' to a waiting server; what it got. */
static mach_msg_return_t
ool_rpc(void *addr, mach_msg_size_t size, ool_msg_t *got)
{
	ool_srv.port = ut_port_with_send();
	mach_port_t reply = ut_port();
	struct ut_thread t;
	KR(ut_thread(ool_server, NULL, &t));
	ut_wait_blocked(t.thread);
	static ool_msg_t m;
	ool_fill(&m, ool_srv.port, reply, addr, size);
	mach_msg_return_t mr = mach_msg(&m.header, MACH_SEND_MSG | MACH_RCV_MSG,
					m.header.msgh_size, sizeof(m), reply, 0, MACH_PORT_NULL);
	(void)ut_join(&t);
	*got = ool_srv.m;
	mach_port_destroy(mach_task_self(), ool_srv.port);
	mach_port_destroy(mach_task_self(), reply);
	if (mr == MACH_MSG_SUCCESS && m.header.msgh_id != 4342)
		mr = MACH_RCV_INVALID_DATA;
	return mr == MACH_MSG_SUCCESS ? ool_srv.mr : mr;
}

UTEST(an_rpc_with_only_empty_out_of_line_regions_arrives_as_a_queued_one_does)
{
	/* The queued way: nobody waits, the message waits in the port. */
	mach_port_t q = ut_port_with_send();
	static ool_msg_t m, queued;
	ool_fill(&m, q, MACH_PORT_NULL, (void *)0x5000, 0);
	KR(mach_msg(&m.header, MACH_SEND_MSG, m.header.msgh_size, 0, MACH_PORT_NULL, 0,
		    MACH_PORT_NULL));
	KR(mach_msg(&queued.header, MACH_RCV_MSG, 0, sizeof(queued), q, 0, MACH_PORT_NULL));
	mach_port_destroy(mach_task_self(), q);

	ool_msg_t fast, full;
	mach_msg_return_t fr = ool_rpc((void *)0x5000, 0, &fast);
	static char bytes[100] = "out of line";
	mach_msg_return_t br = ool_rpc(bytes, sizeof(bytes), &full);

	CHECK(fr == MACH_MSG_SUCCESS && br == MACH_MSG_SUCCESS, "rpcs %#x %#x", fr, br);
	CHECK(queued.header.msgh_bits & MACH_MSGH_BITS_COMPLEX, "queued: bits %#x",
	      queued.header.msgh_bits);
	CHECK((fast.header.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	      fast.header.msgh_size == queued.header.msgh_size &&
	      fast.body.msgh_descriptor_count == 1 && fast.value == 99,
	      "fast: bits %#x size %u count %u value %d", fast.header.msgh_bits,
	      fast.header.msgh_size, fast.body.msgh_descriptor_count, fast.value);
	CHECK(fast.ool.address == queued.ool.address && fast.ool.size == 0 &&
	      fast.ool.deallocate == queued.ool.deallocate && fast.ool.copy == queued.ool.copy &&
	      fast.ool.type == MACH_MSG_OOL_DESCRIPTOR,
	      "fast: address %p deallocate %u copy %u; queued: %p %u %u", fast.ool.address,
	      fast.ool.deallocate, fast.ool.copy, queued.ool.address, queued.ool.deallocate,
	      queued.ool.copy);
	CHECK(queued.ool.address == NULL && queued.ool.copy == MACH_MSG_PHYSICAL_COPY,
	      "queued: address %p copy %u", queued.ool.address, queued.ool.copy);
	CHECK(full.ool.size == sizeof(bytes) && full.ool.address &&
	      !memcmp(full.ool.address, bytes, sizeof(bytes)) && full.value == 99,
	      "with bytes: size %u address %p", full.ool.size, full.ool.address);
	if (full.ool.address)
		vm_deallocate(mach_task_self(), (vm_address_t)full.ool.address, full.ool.size);
	return 0;
}

/* ---- a message of 36 bytes with its trailer: whole words and a half ---- */

static struct {
	mach_port_t port;
	mach_msg_return_t mr;
	uint64_t buf[16];		/* filled with 0xa5 before the receive */
	uint64_t seen[16];		/* what the receive left, before the answer */
} canary;

static int
a5_from(const void *buf, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (((const unsigned char *)buf)[i] != 0xa5)
			return 0;
	return 1;
}

static void
canary_server(void *arg)
{
	(void)arg;
	mach_msg_header_t *h = (mach_msg_header_t *)canary.buf;
	memset(canary.buf, 0xa5, sizeof(canary.buf));
	canary.mr = mach_msg(h, MACH_RCV_MSG | MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO), 0,
			     sizeof(canary.buf), canary.port, 0, MACH_PORT_NULL);
	memcpy(canary.seen, canary.buf, sizeof(canary.seen));
	if (canary.mr != MACH_MSG_SUCCESS)
		return;
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	h->msgh_size = sizeof(*h);
	h->msgh_local_port = MACH_PORT_NULL;
	h->msgh_id += 100;
	(void)mach_msg(h, MACH_SEND_MSG, sizeof(*h), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

UTEST(a_message_taken_in_one_step_writes_nothing_past_its_trailer)
{
	canary.port = ut_port_with_send();
	struct ut_thread t;
	KR(ut_thread(canary_server, NULL, &t));
	ut_wait_blocked(t.thread);		/* waiting in receive: the fast path's receiver */
	mach_port_t reply = ut_port();
	static uint64_t buf[16];
	mach_msg_header_t *h = (mach_msg_header_t *)buf;
	memset(buf, 0xa5, sizeof(buf));
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_size = sizeof(*h);
	h->msgh_remote_port = canary.port;
	h->msgh_local_port = reply;
	h->msgh_voucher_port = MACH_PORT_NULL;
	h->msgh_id = 42;
	/* A header and a seqno trailer (12 bytes): 36, not a multiple of 8, both ways. */
	mach_msg_return_t mr = mach_msg(h, MACH_SEND_MSG | MACH_RCV_MSG |
					MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO),
					sizeof(*h), sizeof(buf), reply, 0, MACH_PORT_NULL);
	KR(ut_join(&t));
	const mach_msg_header_t *sh = (const mach_msg_header_t *)canary.seen;
	const mach_msg_seqno_trailer_t *st = (const void *)((const char *)canary.seen + sizeof(*sh));
	const mach_msg_seqno_trailer_t *ct = (const void *)((const char *)buf + sizeof(*h));
	mach_port_destroy(mach_task_self(), canary.port);
	mach_port_destroy(mach_task_self(), reply);

	CHECK(canary.mr == MACH_MSG_SUCCESS && sh->msgh_id == 42 &&
	      sh->msgh_size == sizeof(*sh) && st->msgh_trailer_size == sizeof(*st),
	      "request: %#x id %d size %u trailer %u", canary.mr, sh->msgh_id, sh->msgh_size,
	      st->msgh_trailer_size);
	CHECK(a5_from(canary.seen, sizeof(*sh) + sizeof(*st), sizeof(canary.seen)),
	      "the request's receive wrote past byte 36");
	CHECK(mr == MACH_MSG_SUCCESS && h->msgh_id == 142 && ct->msgh_trailer_size == sizeof(*ct),
	      "answer: %#x id %d trailer %u", mr, h->msgh_id, ct->msgh_trailer_size);
	CHECK(a5_from(buf, sizeof(*h) + sizeof(*ct), sizeof(buf)),
	      "the answer's receive wrote past byte 36");
	return 0;
}

/* ---- a port right in an RPC's request and in its answer ---- */

typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	int value;
	mach_msg_max_trailer_t trailer;
} port_msg_t;

static void
port_fill(port_msg_t *m, mach_port_t dest, mach_msg_type_name_t dest_disp, mach_port_t reply,
	  mach_port_t name, mach_msg_type_name_t disp)
{
	memset(m, 0, sizeof(*m));
	m->header.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			      MACH_MSGH_BITS(dest_disp, reply ? MACH_MSG_TYPE_MAKE_SEND_ONCE : 0);
	m->header.msgh_size = offsetof(port_msg_t, trailer);
	m->header.msgh_remote_port = dest;
	m->header.msgh_local_port = reply;
	m->header.msgh_id = 77;
	m->body.msgh_descriptor_count = 1;
	m->port = (mach_msg_port_descriptor_t){ .name = name, .disposition = disp,
						.type = MACH_MSG_PORT_DESCRIPTOR };
	m->value = 7;
}

/* The answer to request `req': the right it carried, sent back with a copy. */
static void
port_answer(const port_msg_t *req, port_msg_t *ans)
{
	port_fill(ans, req->header.msgh_remote_port, MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_PORT_NULL,
		  req->port.name, MACH_MSG_TYPE_COPY_SEND);
	ans->header.msgh_id = req->header.msgh_id + 100;
}

static struct {
	mach_port_t port, set;		/* where the server receives: its port, or a set holding it */
	mach_msg_return_t mr;
	port_msg_t m;			/* the request it received */
} port_srv;

/* Receive one request, waiting without a timeout (a fast receiver), and answer it. */
static void
port_server(void *arg)
{
	(void)arg;
	port_srv.mr = mach_msg(&port_srv.m.header, MACH_RCV_MSG, 0, sizeof(port_srv.m),
			       port_srv.set ? port_srv.set : port_srv.port, 0, MACH_PORT_NULL);
	if (port_srv.mr != MACH_MSG_SUCCESS)
		return;
	static port_msg_t a;
	port_answer(&port_srv.m, &a);
	port_srv.mr = mach_msg(&a.header, MACH_SEND_MSG, a.header.msgh_size, 0, MACH_PORT_NULL, 0,
			       MACH_PORT_NULL);
}

/* What an exchange left: what each message named, and the right afterwards. */
struct port_outcome {
	mach_msg_return_t mr;
	mach_port_name_t req_name, ans_name;	/* as received */
	int req_is, ans_is;			/* what they are: see name_is */
	mach_msg_type_name_t req_disp, ans_disp;
	mach_port_type_t type;		/* of the name sent, afterwards */
	int send_refs;			/* its send user references, less those before */
	mach_port_mscount_t mscount;	/* with its receive right here: the counts */
	mach_port_rights_t srights;
};

/* A received name against the one sent: 0 none, 1 the same, 2 dead, 3 another. */
static int
name_is(mach_port_t got, mach_port_t sent)
{
	return got == MACH_PORT_NULL ? 0 : got == sent ? 1 : got == MACH_PORT_DEAD ? 2 : 3;
}

static void
port_state(mach_port_t name, struct port_outcome *o, int refs_before)
{
	o->req_is = name_is(o->req_name, name);
	o->ans_is = name_is(o->ans_name, name);
	mach_port_urefs_t refs = 0;
	mach_port_status_t st;
	mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;

	o->type = 0;
	if (!MACH_PORT_VALID(name) || mach_port_type(mach_task_self(), name, &o->type))
		return;
	(void)mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, &refs);
	o->send_refs = (int)refs - refs_before;
	if ((o->type & MACH_PORT_TYPE_RECEIVE) &&
	    mach_port_get_attributes(mach_task_self(), name, MACH_PORT_RECEIVE_STATUS,
				     (mach_port_info_t)&st, &n) == KERN_SUCCESS) {
		o->mscount = st.mps_mscount;
		o->srights = st.mps_srights;
	}
}

static int
send_refs(mach_port_t name)
{
	mach_port_urefs_t refs = 0;

	if (MACH_PORT_VALID(name))
		(void)mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, &refs);
	return (int)refs;
}

/*
 * The exchange the queued way: nobody waits, so request and answer each
 * wait in their port and are taken after (the general path both ways).
 */
static void
port_queued(mach_port_t name, mach_msg_type_name_t disp, struct port_outcome *o)
{
	mach_port_t q = ut_port_with_send(), reply = ut_port();
	static port_msg_t m, got, ans, back;
	int before = send_refs(name);

	memset(o, 0, sizeof(*o));
	port_fill(&m, q, MACH_MSG_TYPE_COPY_SEND, reply, name, disp);
	o->mr = mach_msg(&m.header, MACH_SEND_MSG, m.header.msgh_size, 0, MACH_PORT_NULL, 0,
			 MACH_PORT_NULL);
	if (!o->mr)
		o->mr = mach_msg(&got.header, MACH_RCV_MSG, 0, sizeof(got), q, 0, MACH_PORT_NULL);
	if (!o->mr) {
		port_answer(&got, &ans);
		o->mr = mach_msg(&ans.header, MACH_SEND_MSG, ans.header.msgh_size, 0,
				 MACH_PORT_NULL, 0, MACH_PORT_NULL);
	}
	if (!o->mr)
		o->mr = mach_msg(&back.header, MACH_RCV_MSG, 0, sizeof(back), reply, 0,
				 MACH_PORT_NULL);
	o->req_name = got.port.name;
	o->req_disp = got.port.disposition;
	o->ans_name = back.port.name;
	o->ans_disp = back.port.disposition;
	port_state(name, o, before);
	mach_port_destroy(mach_task_self(), q);
	mach_port_destroy(mach_task_self(), reply);
}

/* The same exchange as an RPC to a server waiting on its port, or on a set holding it. */
static void
port_rpc(mach_port_t name, mach_msg_type_name_t disp, bool in_set, struct port_outcome *o)
{
	mach_port_t reply = ut_port();
	static port_msg_t m;
	int before = send_refs(name);

	memset(o, 0, sizeof(*o));
	port_srv.port = ut_port_with_send();
	port_srv.set = MACH_PORT_NULL;
	struct ut_thread t;
	if ((in_set &&
	     (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &port_srv.set) ||
	      mach_port_move_member(mach_task_self(), port_srv.port, port_srv.set))) ||
	    ut_thread(port_server, NULL, &t) != KERN_SUCCESS) {
		o->mr = MACH_SEND_INVALID_DEST;	/* the test could not be set up */
		return;
	}
	ut_wait_blocked(t.thread);
	port_fill(&m, port_srv.port, MACH_MSG_TYPE_COPY_SEND, reply, name, disp);
	o->mr = mach_msg(&m.header, MACH_SEND_MSG | MACH_RCV_MSG, m.header.msgh_size, sizeof(m),
			 reply, 0, MACH_PORT_NULL);
	(void)ut_join(&t);
	if (!o->mr)
		o->mr = port_srv.mr;
	o->req_name = port_srv.m.port.name;
	o->req_disp = port_srv.m.port.disposition;
	o->ans_name = m.port.name;
	o->ans_disp = m.port.disposition;
	port_state(name, o, before);
	mach_port_destroy(mach_task_self(), port_srv.port);
	if (in_set)
		mach_port_destroy(mach_task_self(), port_srv.set);
	mach_port_destroy(mach_task_self(), reply);
}

static bool
same_outcome(const struct port_outcome *a, const struct port_outcome *b)
{
	return a->mr == b->mr && a->req_is == b->req_is && a->ans_is == b->ans_is &&
	       (a->req_is != 3 || a->ans_is != 3 || (a->req_name == a->ans_name) ==
							 (b->req_name == b->ans_name)) &&
	       a->req_disp == b->req_disp && a->ans_disp == b->ans_disp && a->type == b->type &&
	       a->send_refs == b->send_refs && a->mscount == b->mscount &&
	       a->srights == b->srights;
}

/*
 * A right for each case, made afresh for each way (`kind'): a receive
 * right alone, with a send right under its name, another task's port
 * (a send right alone, one user reference), a dead name, no port.
 */
enum port_kind { PK_RECEIVE, PK_RECEIVE_SEND, PK_OTHERS, PK_DEAD, PK_NULL };

static task_t port_child;

static mach_port_t
port_make(enum port_kind kind)
{
	mach_port_t name = MACH_PORT_NULL, theirs;
	mach_msg_type_name_t type;

	switch (kind) {
	case PK_RECEIVE:
		return ut_port();
	case PK_RECEIVE_SEND:
		return ut_port_with_send();
	case PK_OTHERS:
		if (mach_port_allocate(port_child, MACH_PORT_RIGHT_RECEIVE, &theirs) ||
		    mach_port_extract_right(port_child, theirs, MACH_MSG_TYPE_MAKE_SEND, &name,
					    &type))
			return MACH_PORT_NULL;
		return name;
	case PK_DEAD:
		name = ut_port_with_send();
		mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_RECEIVE, -1);
		return name;
	default:
		return MACH_PORT_NULL;
	}
}

static void
port_unmake(mach_port_t name)
{
	if (MACH_PORT_VALID(name))
		mach_port_destroy(mach_task_self(), name);
}

UTEST(a_port_right_in_an_rpc_and_its_answer_arrives_as_a_queued_one_does)
{
	static const struct {
		enum port_kind kind;
		mach_msg_type_name_t disp;
		const char *what;
	} cases[] = {
		{ PK_RECEIVE, MACH_MSG_TYPE_MAKE_SEND, "a send right made" },
		{ PK_RECEIVE_SEND, MACH_MSG_TYPE_COPY_SEND, "a send right copied" },
		{ PK_RECEIVE_SEND, MACH_MSG_TYPE_MOVE_SEND, "the send right beside a receive right moved" },
		{ PK_OTHERS, MACH_MSG_TYPE_COPY_SEND, "another task's port, copied" },
		{ PK_OTHERS, MACH_MSG_TYPE_MOVE_SEND, "another task's port, its only right moved" },
		{ PK_DEAD, MACH_MSG_TYPE_COPY_SEND, "a dead name" },
		{ PK_NULL, MACH_MSG_TYPE_MOVE_SEND, "no port" },
	};
	KR(task_create(mach_task_self(), NULL, 0, FALSE, &port_child));
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int in_set = 0; in_set < 2; in_set++) {
			struct port_outcome q, f;
			mach_port_t name = port_make(cases[i].kind);
			port_queued(name, cases[i].disp, &q);
			port_unmake(q.ans_name != name ? q.ans_name : MACH_PORT_NULL);
			port_unmake(name);
			name = port_make(cases[i].kind);
			port_rpc(name, cases[i].disp, in_set, &f);
			port_unmake(f.ans_name != name ? f.ans_name : MACH_PORT_NULL);
			port_unmake(name);
			CHECK(q.mr == MACH_MSG_SUCCESS && same_outcome(&q, &f),
			      "%s%s: queued %#x names %d/%d disp %u/%u type %#x refs %+d ms %u s %u; "
			      "rpc %#x names %d/%d disp %u/%u type %#x refs %+d ms %u s %u",
			      cases[i].what, in_set ? " (to a set)" : "", q.mr, q.req_is,
			      q.ans_is, q.req_disp, q.ans_disp, q.type, q.send_refs, q.mscount,
			      q.srights, f.mr, f.req_is, f.ans_is, f.req_disp, f.ans_disp,
			      f.type, f.send_refs, f.mscount, f.srights);
		}
	}
	KR(task_terminate(port_child));
	mach_port_deallocate(mach_task_self(), port_child);
	return 0;
}

/* ---- an answer sent with a receive on a set that has a message queued ---- */

static struct {
	mach_port_t set, port, other;	/* the set; its member asked; another member */
	mach_msg_return_t mr;
	mach_msg_id_t got_id;		/* what the receive with the answer took */
} queued_srv;

/*
 * Take one request on the set; queue a message on the set's other member;
 * answer with MACH_SEND_MSG|MACH_RCV_MSG on the set: the receive finds the
 * queued message at once (nothing to wait for), and the answer still goes.
 */
static void
queued_server(void *arg)
{
	(void)arg;
	static ut_msg_t m;
	queued_srv.mr = mach_msg(&m.header, MACH_RCV_MSG, 0, sizeof(m), queued_srv.set, 0,
				 MACH_PORT_NULL);
	if (queued_srv.mr != MACH_MSG_SUCCESS)
		return;
	mach_port_t reply = m.header.msgh_remote_port;
	mach_msg_header_t note = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0),
		.msgh_size = sizeof(note),
		.msgh_remote_port = queued_srv.other,
		.msgh_id = 555,
	};
	queued_srv.mr = mach_msg(&note, MACH_SEND_MSG, sizeof(note), 0, MACH_PORT_NULL, 0,
				 MACH_PORT_NULL);
	if (queued_srv.mr != MACH_MSG_SUCCESS)
		return;
	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	m.header.msgh_size = sizeof(m.header);
	m.header.msgh_remote_port = reply;
	m.header.msgh_id = 1142;
	queued_srv.mr = mach_msg(&m.header, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header),
				 sizeof(m), queued_srv.set, 0, MACH_PORT_NULL);
	queued_srv.got_id = m.header.msgh_id;
}

UTEST(an_answer_sent_with_a_receive_that_finds_a_queued_message_still_arrives)
{
	queued_srv.port = ut_port_with_send();
	queued_srv.other = ut_port();
	KR(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &queued_srv.set));
	KR(mach_port_move_member(mach_task_self(), queued_srv.port, queued_srv.set));
	KR(mach_port_move_member(mach_task_self(), queued_srv.other, queued_srv.set));
	queued_srv.got_id = 0;
	struct ut_thread t;
	KR(ut_thread(queued_server, NULL, &t));
	ut_wait_blocked(t.thread);		/* a fast receiver on the set */
	mach_port_t reply = ut_port();
	static ut_msg_t m;
	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.header.msgh_size = sizeof(m.header);
	m.header.msgh_remote_port = queued_srv.port;
	m.header.msgh_local_port = reply;
	m.header.msgh_id = 1042;
	mach_msg_return_t mr = mach_msg(&m.header, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header),
					sizeof(m), reply, 0, MACH_PORT_NULL);
	KR(ut_join(&t));
	mach_port_destroy(mach_task_self(), queued_srv.port);
	mach_port_destroy(mach_task_self(), queued_srv.other);	/* its send-once right too */
	mach_port_destroy(mach_task_self(), queued_srv.set);
	mach_port_destroy(mach_task_self(), reply);
	CHECK(mr == MACH_MSG_SUCCESS && m.header.msgh_id == 1142, "the answer: %#x id %d", mr,
	      m.header.msgh_id);
	CHECK(queued_srv.mr == MACH_MSG_SUCCESS && queued_srv.got_id == 555,
	      "the server's receive: %#x id %d (the queued message is 555)", queued_srv.mr,
	      queued_srv.got_id);
	return 0;
}
