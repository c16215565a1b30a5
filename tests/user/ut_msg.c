/* SPDX-License-Identifier: BSD-2-Clause */
/* User-mode tests of mach_msg: delivery, trailers, bad buffers, out-of-line data, RPC. */
#include <string.h>
#include <machrv/object_counts.h>
#include "utest.h"

UTEST(message_to_self_arrives_with_swapped_header_and_trailer)
{
	mach_port_t p = ut_port_with_send(), r = ut_port();
	mach_msg_return_t mr = ut_send(p, MACH_MSG_TYPE_COPY_SEND, r, MACH_MSG_TYPE_MAKE_SEND_ONCE,
				       1234, 0x5a5a);
	ut_msg_t m;
	mach_msg_return_t rr = ut_recv(p, &m, 1000);
	mach_port_type_t reply_type = 0;
	mach_port_type(mach_task_self(), m.header.msgh_remote_port, &reply_type);
	mach_port_deallocate(mach_task_self(), m.header.msgh_remote_port);
	mach_port_destroy(mach_task_self(), p);
	mach_port_destroy(mach_task_self(), r);
	CHECK(mr == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS, "%#x %#x", mr, rr);
	CHECK(m.value == 0x5a5a && m.header.msgh_id == 1234, "value %#x id %d", m.value,
	      m.header.msgh_id);
	CHECK(m.header.msgh_local_port == p && reply_type == MACH_PORT_TYPE_SEND_ONCE,
	      "local %#x, reply type %#x", m.header.msgh_local_port, reply_type);
	CHECK(m.trailer.msgh_trailer_size == sizeof(mach_msg_audit_trailer_t),
	      "trailer size %u", m.trailer.msgh_trailer_size);
	return 0;
}

UTEST(send_from_an_unmapped_buffer_is_invalid_data)
{
	mach_msg_return_t mr = mach_msg((mach_msg_header_t *)0x8, MACH_SEND_MSG, 32, 0, 0, 0, 0);
	mach_msg_return_t mr2 = mach_msg((mach_msg_header_t *)0xffffffffffff0000UL, MACH_SEND_MSG,
					 32, 0, 0, 0, 0);
	CHECK(mr == MACH_SEND_INVALID_DATA, "user NULL page: %#x", mr);
	CHECK(mr2 == MACH_SEND_INVALID_DATA, "kernel address: %#x", mr2);
	return 0;
}

UTEST(receive_into_an_unmapped_buffer_is_invalid_data)
{
	mach_port_t p = ut_port_with_send();
	ut_send(p, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 1);
	mach_msg_return_t mr = mach_msg((mach_msg_header_t *)0x100, MACH_RCV_MSG | MACH_RCV_TIMEOUT,
					0, 256, p, 100, 0);
	ut_msg_t m;
	mach_msg_return_t next = ut_recv(p, &m, 0);
	mach_port_destroy(mach_task_self(), p);
	CHECK(mr == MACH_RCV_INVALID_DATA, "%#x", mr);
	CHECK(next == MACH_RCV_TIMED_OUT, "the message is still queued: %#x", next);
	return 0;
}

UTEST(too_small_and_unaligned_sends_are_refused)
{
	mach_msg_header_t h = { 0 };
	mach_msg_return_t small = mach_msg(&h, MACH_SEND_MSG, 8, 0, 0, 0, 0);
	mach_msg_return_t odd = mach_msg(&h, MACH_SEND_MSG, sizeof(h) + 2, 0, 0, 0, 0);
	CHECK(small == MACH_SEND_MSG_TOO_SMALL && odd == MACH_SEND_MSG_TOO_SMALL, "%#x %#x",
	      small, odd);
	return 0;
}

UTEST(invalid_dest_leaves_the_reply_right_alone)
{
	mach_port_t r = ut_port_with_send();
	mach_msg_return_t mr = ut_send(0xdead03, MACH_MSG_TYPE_COPY_SEND, r,
				       MACH_MSG_TYPE_MOVE_SEND, 1, 1);
	mach_port_urefs_t refs = 0;
	mach_port_get_refs(mach_task_self(), r, MACH_PORT_RIGHT_SEND, &refs);
	mach_port_destroy(mach_task_self(), r);
	CHECK(mr == MACH_SEND_INVALID_DEST, "%#x", mr);
	CHECK(refs == 1, "urefs %u", refs);
	return 0;
}

UTEST(out_of_line_data_arrives_in_new_memory)
{
	static char data[3 * 4096 + 100];
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 13);
	mach_port_t p = ut_port_with_send();
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_ool_descriptor_t ool;
		mach_msg_max_trailer_t trailer;
	} m;
	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	m.header.msgh_remote_port = p;
	m.body.msgh_descriptor_count = 1;
	m.ool.address = data;
	m.ool.size = sizeof(data);
	m.ool.type = MACH_MSG_OOL_DESCRIPTOR;
	mach_msg_return_t mr = mach_msg(&m.header, MACH_SEND_MSG, offsetof(typeof(m), trailer),
					0, 0, 0, 0);
	memset(&m, 0, sizeof(m));
	mach_msg_return_t rr = mach_msg(&m.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), p,
					1000, 0);
	int same = m.ool.address && m.ool.size == sizeof(data) &&
		   memcmp(m.ool.address, data, sizeof(data)) == 0;
	int fresh = m.ool.address != data;
	vm_deallocate(mach_task_self(), (vm_address_t)m.ool.address, m.ool.size);
	mach_port_destroy(mach_task_self(), p);
	CHECK(mr == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS, "%#x %#x", mr, rr);
	CHECK(same && fresh, "data %s at %p", same ? "same" : "differs", m.ool.address);
	return 0;
}

/* A server thread answering `rounds' RPCs on `port' with value + 1. */
struct rpc_server {
	mach_port_t port;
	int rounds;
	volatile int served;
};

static void
rpc_serve(void *arg)
{
	struct rpc_server *s = arg;
	for (int i = 0; i < s->rounds; i++) {
		ut_msg_t m;
		if (ut_recv(s->port, &m, 5000) != MACH_MSG_SUCCESS)
			return;
		ut_send(m.header.msgh_remote_port, MACH_MSG_TYPE_MOVE_SEND_ONCE, 0, 0,
			m.header.msgh_id + 100, m.value + 1);
		s->served++;
	}
}

UTEST(rpc_to_a_server_thread_gets_each_reply)
{
	static struct rpc_server s;
	struct ut_thread t;
	s.port = ut_port_with_send();
	s.rounds = 100;
	s.served = 0;
	KR(ut_thread(rpc_serve, &s, &t));
	mach_port_t reply = mig_get_reply_port();
	int ok = 0;
	for (int i = 0; i < s.rounds; i++) {
		ut_msg_t m;
		memset(&m, 0, sizeof(m));
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.header.msgh_remote_port = s.port;
		m.header.msgh_local_port = reply;
		m.header.msgh_id = 10;
		m.value = i;
		mach_msg_return_t mr = mach_msg(&m.header, MACH_SEND_MSG | MACH_RCV_MSG,
						sizeof(m.header) + sizeof(m.value), sizeof(m),
						reply, 0, 0);
		if (mr == MACH_MSG_SUCCESS && m.value == i + 1 && m.header.msgh_id == 110)
			ok++;
	}
	KR(ut_join(&t));
	mach_port_destroy(mach_task_self(), s.port);
	CHECK(ok == s.rounds, "%d of %d replies right (%d served)", ok, s.rounds, s.served);
	return 0;
}

/* A kernel request whose reply port is a receive right: the right dies, nothing is left. */
UTEST(a_receive_right_as_a_kernel_reply_port_is_destroyed_not_left_queued)
{
	struct machrv_object_counts before, after;
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;
	KR(host_info(mach_host_self(), HOST_MACHRV_OBJECT_COUNTS, (host_info_t)&before, &n));
	mach_port_t r = ut_port();
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MOVE_RECEIVE),
		.msgh_size = sizeof(h),
		.msgh_remote_port = mach_task_self(),
		.msgh_local_port = r,
		.msgh_id = 3218,		/* a mach_port request, too short: an error reply */
	};
	mach_msg_return_t mr = mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, MACH_PORT_NULL, 0, 0);
	mach_port_type_t type;
	kern_return_t kt = mach_port_type(mach_task_self(), r, &type);
	n = MACHRV_OBJECT_COUNTS_COUNT;
	KR(host_info(mach_host_self(), HOST_MACHRV_OBJECT_COUNTS, (host_info_t)&after, &n));
	CHECK(mr == MACH_MSG_SUCCESS, "send %#x", mr);
	CHECK(kt == KERN_INVALID_NAME, "the receive right is still named: %#x", kt);
	CHECK(after.ports == before.ports && after.kmsgs == before.kmsgs,
	      "ports %u -> %u, kmsgs %u -> %u", before.ports, after.ports, before.kmsgs,
	      after.kmsgs);
	return 0;
}
