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
