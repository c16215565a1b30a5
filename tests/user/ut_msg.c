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

/*
 * regs_across_msg(out, port): put other values in t2..t6 through another
 * trap first (task_self), then set every register it may to a pattern
 * and poll `port' with mach_msg (MACH_RCV_TIMEOUT, 0); out[i] gets x_i as
 * the trap left it (i = 1..31), out[32..34] gp, tp and sp before it.
 */
#define RA_PATTERN	0x1111000000000001ull
#define T0_PATTERN	0x7000000000000005ull
#define T1_PATTERN	0x7100000000000006ull
#define T_PATTERN(n)	(0x7900000000000000ull + (n))	/* set before mach_msg */
#define S_PATTERN(n)	(0x5300000000000000ull + (n))
void regs_across_msg(uint64_t *out, mach_port_t port);
__asm__(
	"	.text\n"
	"	.p2align 2\n"
	"	.type regs_across_msg, @function\n"
	"regs_across_msg:\n"
	"	addi	sp, sp, -176\n"
	"	sd	ra, 0(sp)\n"
	"	sd	s0, 8(sp)\n"
	"	sd	s1, 16(sp)\n"
	"	sd	s2, 24(sp)\n"
	"	sd	s3, 32(sp)\n"
	"	sd	s4, 40(sp)\n"
	"	sd	s5, 48(sp)\n"
	"	sd	s6, 56(sp)\n"
	"	sd	s7, 64(sp)\n"
	"	sd	s8, 72(sp)\n"
	"	sd	s9, 80(sp)\n"
	"	sd	s10, 88(sp)\n"
	"	sd	s11, 96(sp)\n"
	"	mv	s0, a0\n"
	"	sd	a1, 104(sp)\n"		/* the port */
	"	li	t2, 0x7800000000000007\n"
	"	li	t3, 0x780000000000001c\n"
	"	li	t4, 0x780000000000001d\n"
	"	li	t5, 0x780000000000001e\n"
	"	li	t6, 0x780000000000001f\n"
	"	li	a7, -28\n"			/* task_self_trap: a full frame */
	"	ecall\n"
	"	li	t2, 0x7900000000000007\n"
	"	li	t3, 0x790000000000001c\n"
	"	li	t4, 0x790000000000001d\n"
	"	li	t5, 0x790000000000001e\n"
	"	li	t6, 0x790000000000001f\n"
	"	li	t0, 0x7000000000000005\n"
	"	li	t1, 0x7100000000000006\n"
	"	sd	gp, 256(s0)\n"
	"	sd	tp, 264(s0)\n"
	"	sd	sp, 272(s0)\n"
	"	li	s1, 0x5300000000000009\n"
	"	li	s2, 0x5300000000000012\n"
	"	li	s3, 0x5300000000000013\n"
	"	li	s4, 0x5300000000000014\n"
	"	li	s5, 0x5300000000000015\n"
	"	li	s6, 0x5300000000000016\n"
	"	li	s7, 0x5300000000000017\n"
	"	li	s8, 0x5300000000000018\n"
	"	li	s9, 0x5300000000000019\n"
	"	li	s10, 0x530000000000001a\n"
	"	li	s11, 0x530000000000001b\n"
	"	addi	a0, sp, 112\n"			/* the buffer: 64 bytes */
	"	li	a1, 0x102\n"			/* MACH_RCV_MSG | MACH_RCV_TIMEOUT */
	"	li	a2, 0\n"
	"	li	a3, 64\n"
	"	ld	a4, 104(sp)\n"
	"	li	a5, 0\n"
	"	li	a6, 0\n"
	"	li	ra, 0x1111000000000001\n"
	"	li	a7, -31\n"			/* mach_msg_trap */
	"	ecall\n"
	"	sd	ra, 8(s0)\n"
	"	sd	sp, 16(s0)\n"
	"	sd	gp, 24(s0)\n"
	"	sd	tp, 32(s0)\n"
	"	sd	t0, 40(s0)\n"
	"	sd	t1, 48(s0)\n"
	"	sd	t2, 56(s0)\n"
	"	sd	s1, 72(s0)\n"
	"	sd	a0, 80(s0)\n"
	"	sd	a1, 88(s0)\n"
	"	sd	a2, 96(s0)\n"
	"	sd	a3, 104(s0)\n"
	"	sd	a4, 112(s0)\n"
	"	sd	a5, 120(s0)\n"
	"	sd	a6, 128(s0)\n"
	"	sd	a7, 136(s0)\n"
	"	sd	s2, 144(s0)\n"
	"	sd	s3, 152(s0)\n"
	"	sd	s4, 160(s0)\n"
	"	sd	s5, 168(s0)\n"
	"	sd	s6, 176(s0)\n"
	"	sd	s7, 184(s0)\n"
	"	sd	s8, 192(s0)\n"
	"	sd	s9, 200(s0)\n"
	"	sd	s10, 208(s0)\n"
	"	sd	s11, 216(s0)\n"
	"	sd	t3, 224(s0)\n"
	"	sd	t4, 232(s0)\n"
	"	sd	t5, 240(s0)\n"
	"	sd	t6, 248(s0)\n"
	"	ld	ra, 0(sp)\n"
	"	ld	s0, 8(sp)\n"
	"	ld	s1, 16(sp)\n"
	"	ld	s2, 24(sp)\n"
	"	ld	s3, 32(sp)\n"
	"	ld	s4, 40(sp)\n"
	"	ld	s5, 48(sp)\n"
	"	ld	s6, 56(sp)\n"
	"	ld	s7, 64(sp)\n"
	"	ld	s8, 72(sp)\n"
	"	ld	s9, 80(sp)\n"
	"	ld	s10, 88(sp)\n"
	"	ld	s11, 96(sp)\n"
	"	addi	sp, sp, 176\n"
	"	ret\n"
	"	.size regs_across_msg, . - regs_across_msg\n");

UTEST(mach_msg_keeps_every_register_but_a0)
{
	mach_port_t port = ut_port();
	uint64_t out[35];
	memset(out, 0, sizeof(out));
	regs_across_msg(out, port);
	mach_port_destroy(mach_task_self(), port);

	/* What the poll put where: x_i as set before the trap. */
	const uint64_t args[8] = { 0, 0x102, 0, 64, port, 0, 0, (uint64_t)-31 };
	CHECK((mach_msg_return_t)out[10] == MACH_RCV_TIMED_OUT, "the poll: %#x",
	      (unsigned)out[10]);
	for (int i = 1; i < 8; i++)
		CHECK(out[10 + i] == args[i], "a%d: %#llx, not %#llx", i,
		      (unsigned long long)out[10 + i], (unsigned long long)args[i]);
	CHECK(out[1] == RA_PATTERN, "ra %#llx", (unsigned long long)out[1]);
	CHECK(out[2] == out[34] && out[3] == out[32] && out[4] == out[33],
	      "sp %#llx gp %#llx tp %#llx changed", (unsigned long long)out[2],
	      (unsigned long long)out[3], (unsigned long long)out[4]);
	CHECK(out[5] == T0_PATTERN && out[6] == T1_PATTERN, "t0 %#llx t1 %#llx",
	      (unsigned long long)out[5], (unsigned long long)out[6]);
	CHECK(out[9] == S_PATTERN(9), "s1 %#llx", (unsigned long long)out[9]);
	for (int i = 18; i <= 27; i++)
		CHECK(out[i] == S_PATTERN(i), "s%d %#llx", i - 16, (unsigned long long)out[i]);
	/* t2..t6 as set just before, not as the trap before left them. */
	const int t[5] = { 7, 28, 29, 30, 31 };
	for (int k = 0; k < 5; k++)
		CHECK(out[t[k]] == T_PATTERN(t[k]), "x%d %#llx", t[k],
		      (unsigned long long)out[t[k]]);
	return 0;
}
