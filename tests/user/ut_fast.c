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
