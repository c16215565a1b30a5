/* SPDX-License-Identifier: BSD-2-Clause */
/* Round trips through rt.defs: the user stubs call the server stubs over
 * the loopback mach_msg, one fact per test.  Each test also checks that no
 * out-of-line memory was lost or freed twice on the way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rt.h"
#include "rtServer.h"
#include "loopback.h"
#include "testlib.h"

int testlib_failed;

extern int rt_obj_live, rt_last_ping, rt_deferred_calls;
extern mach_port_t rt_last_sreply;

static void setup(void)
{
	loopback_reset();
	loopback_server = rt_server;
}

TEST(two_ints_in_one_out)
{
	int sum = 0;
	CHECK_EQ(add(0x103, 40, 2, &sum), KERN_SUCCESS);
	CHECK_EQ(sum, 42);
}

TEST(request_and_reply_ids_count_skips)
{
	mach_msg_header_t h = { .msgh_id = 4000 };
	CHECK(rt_server_routine(&h) != 0);
	h.msgh_id = 4002;   /* the skip */
	CHECK(rt_server_routine(&h) == 0);
	h.msgh_id = 4003;
	CHECK(rt_server_routine(&h) != 0);
	CHECK_EQ(rt_subsystem.start, 4000);
	CHECK_EQ(rt_subsystem.end, 4000 + rt_MSG_COUNT);
}

TEST(simpleroutine_only_sends)
{
	CHECK_EQ(ping(0x103, 99), KERN_SUCCESS);
	CHECK_EQ(rt_last_ping, 99);
	CHECK(!(loopback_last_option & MACH_RCV_MSG));
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(loopback_last_bits), 0);
}

TEST(scalars_of_every_size_arrive_intact)
{
	rt_char_t oc;
	rt_i16_t os;
	rt_i64_t ol;
	rt_double_t od;
	int io = 4;
	CHECK_EQ(scalars(0x103, 'a', -300, 0x123456789abLL, 3.5, TRUE, &oc, &os, &ol, &od, &io),
	         KERN_SUCCESS);
	CHECK_EQ(oc, 'b');
	CHECK_EQ(os, -301);
	CHECK(ol == 0x123456789abLL * 2);
	CHECK(od == 1.75);
	CHECK_EQ(io, 41);
}

TEST(fixed_arrays_and_structs_arrive_intact)
{
	int_array_t a = { 1, 2, 3, 4 }, oa;
	point_t p = { 5, 6 }, op;
	bytes5_t e = { 'a', 'b', 'c', 'd', 'e' }, oe;
	gstruct_t g = { 7, 8, { 'x', 'y', 'z' } }, og;
	CHECK_EQ(fixed(0x103, a, p, e, g, oa, &op, oe, &og), KERN_SUCCESS);
	CHECK(oa[0] == 4 && oa[1] == 3 && oa[2] == 2 && oa[3] == 1);
	CHECK(op.x == 6 && op.y == 5);
	CHECK(memcmp(oe, "bcdef", 5) == 0);
	CHECK(og.a == 8 && og.b == 8 && og.c[2] == 'z');
}

TEST(variable_inline_arrays_arrive_intact)
{
	int v[16], ov[16];
	char b[7] = "abc", ob[7];
	rt_i64_t q[4] = { 1, -2, 1LL << 40 }, oq[4];
	mach_msg_type_number_t ovCnt = 16, obCnt = 7, oqCnt = 4;
	int otail = 0;
	for (int i = 0; i < 16; i++)
		v[i] = i * 3;
	/* Odd counts move the fields behind each array by odd amounts. */
	CHECK_EQ(varinline(0x103, v, 5, b, 3, q, 3, 77, ov, &ovCnt, ob, &obCnt, oq, &oqCnt, &otail),
	         KERN_SUCCESS);
	CHECK_EQ(ovCnt, 5);
	CHECK(ov[0] == 12 && ov[4] == 0);
	CHECK_EQ(obCnt, 3);
	CHECK(memcmp(ob, "ABC", 3) == 0);
	CHECK_EQ(oqCnt, 3);
	CHECK(oq[0] == -1 && oq[1] == 2 && oq[2] == -(1LL << 40));
	CHECK_EQ(otail, 78);
}

TEST(empty_and_full_variable_arrays_arrive_intact)
{
	int v[16], ov[16];
	char b[7] = "ABCDEFG", ob[7];
	rt_i64_t q[4] = { 1, 2, 3, 4 }, oq[4];
	mach_msg_type_number_t ovCnt, obCnt, oqCnt;
	int otail;
	for (int i = 0; i < 16; i++)
		v[i] = i;
	CHECK_EQ(varinline(0x103, v, 0, b, 7, q, 4, 1, ov, &ovCnt, ob, &obCnt, oq, &oqCnt, &otail),
	         KERN_SUCCESS);
	CHECK_EQ(ovCnt, 0);
	CHECK_EQ(obCnt, 7);
	CHECK(memcmp(ob, "abcdefg", 7) == 0);
	CHECK(oqCnt == 4 && oq[3] == -4);
	CHECK_EQ(otail, 2);
	CHECK_EQ(varinline(0x103, v, 16, b, 0, q, 0, 1, ov, &ovCnt, ob, &obCnt, oq, &oqCnt, &otail),
	         KERN_SUCCESS);
	CHECK(ovCnt == 16 && ov[0] == 15);
}

TEST(too_large_variable_array_is_refused_before_sending)
{
	int v[17] = { 0 }, ov[16];
	char b[7] = { 0 }, ob[7];
	rt_i64_t q[4], oq[4];
	mach_msg_type_number_t ovCnt, obCnt, oqCnt;
	int otail;
	CHECK_EQ(varinline(0x103, v, 17, b, 0, q, 0, 1, ov, &ovCnt, ob, &obCnt, oq, &oqCnt, &otail),
	         MIG_ARRAY_TOO_LARGE);
}

TEST(countinout_sends_the_callers_capacity)
{
	int v[16];
	mach_msg_type_number_t n = 3;
	CHECK_EQ(counted(0x103, v, &n), KERN_SUCCESS);
	CHECK_EQ(n, 3);
	CHECK(v[0] == 0 && v[1] == 1 && v[2] == 4);
}

TEST(samecount_arrays_share_one_count)
{
	int a[3] = { 1, 2, 3 }, b[3] = { 4, 5, 6 }, dot = 0;
	CHECK_EQ(same(0x103, a, 3, b, &dot), KERN_SUCCESS);
	CHECK_EQ(dot, 32);
}

TEST(out_of_line_data_arrives_intact_and_is_freed_once)
{
	int d[3] = { 10, 20, 30 };
	char f[64];
	for (int i = 0; i < 64; i++)
		f[i] = (char)i;
	vm_address_t dd;
	mig_allocate(&dd, 2 * sizeof(int));
	((int *)dd)[0] = 5;
	((int *)dd)[1] = 6;
	ool_ints_t od;
	mach_msg_type_number_t odCnt;
	ool_fixed_t ofx;
	/* dd is sent with dealloc: the sender's copy goes away. */
	CHECK_EQ(ool(0x103, d, 3, f, (ool_ints_t)dd, 2, &od, &odCnt, &ofx), KERN_SUCCESS);
	CHECK_EQ(odCnt, 5);
	CHECK(od[0] == 11 && od[2] == 31 && od[3] == 5 && od[4] == 6);
	CHECK(ofx[0] == 63 && ofx[63] == 0);
	mig_deallocate((vm_address_t)od, odCnt * sizeof(int));
	mig_deallocate((vm_address_t)ofx, 64);
}

TEST(small_array_goes_inline_and_large_out_of_line)
{
	char small[100], out[64];
	data_t od = out;
	mach_msg_type_number_t odCnt = sizeof(out);
	memset(small, 1, sizeof(small));
	CHECK_EQ(indef(0x103, small, sizeof(small), 10, &od, &odCnt), KERN_SUCCESS);
	CHECK(!(loopback_last_bits & MACH_MSGH_BITS_COMPLEX) == 0);  /* a descriptor is always there */
	CHECK(!(loopback_last_reply_bits & MACH_MSGH_BITS_COMPLEX));  /* all inline: a simple reply */
	CHECK(od == out);
	CHECK_EQ(odCnt, 10);
	CHECK_EQ((unsigned char)od[0], 100);

	static char large[5000];
	memset(large, 2, sizeof(large));
	od = out;
	odCnt = sizeof(out);
	CHECK_EQ(indef(0x103, large, sizeof(large), 3000, &od, &odCnt), KERN_SUCCESS);
	CHECK(od != out);            /* came out of line */
	CHECK(loopback_last_reply_bits & MACH_MSGH_BITS_COMPLEX);
	CHECK_EQ(odCnt, 3000);
	CHECK_EQ((unsigned char)od[2999], (unsigned char)(10000 + 2999));
	mig_deallocate((vm_address_t)od, odCnt);
}

TEST(inline_reply_larger_than_callers_buffer_gets_fresh_memory)
{
	char small[4] = { 1, 1, 1, 1 }, out[8];
	data_t od = out;
	mach_msg_type_number_t odCnt = sizeof(out);
	CHECK_EQ(indef(0x103, small, 4, 100, &od, &odCnt), KERN_SUCCESS);
	CHECK(od != out);
	CHECK_EQ(odCnt, 100);
	CHECK_EQ(od[99], (char)(4 + 99));
	mig_deallocate((vm_address_t)od, odCnt);
}

TEST(servercopy_tells_the_server_who_owns_the_data)
{
	static char large[3000];
	boolean_t kept = -1;
	CHECK_EQ(indef_copy(0x103, large, 10, &kept), KERN_SUCCESS);
	CHECK_EQ(kept, FALSE);
	CHECK_EQ(indef_copy(0x103, large, sizeof(large), &kept), KERN_SUCCESS);
	CHECK_EQ(kept, TRUE);
}

TEST(c_strings_arrive_intact_and_terminated)
{
	name_t n = "hello", on, io = "inout";
	char op[64];
	CHECK_EQ(strings(0x103, n, "/usr/lib", on, op, io), KERN_SUCCESS);
	CHECK_STR(on, "Nello");
	CHECK_STR(op, "/usr/lib/x");
	CHECK_STR(io, "Inout");
}

TEST(long_strings_are_cut_to_their_bound)
{
	name_t on, io = "x";
	char op[64], longp[200], longn[60] = "0123456789012345678901234567890123456789";
	memset(longp, 'p', sizeof(longp) - 1);
	longp[199] = 0;
	CHECK_EQ(strings(0x103, longn, longp, on, op, io),
	         KERN_SUCCESS);
	CHECK_EQ(strlen(on), 31);
	CHECK_EQ(strlen(op), 63);
}

TEST(port_dispositions_become_received_rights)
{
	mach_port_t o, om;
	CHECK_EQ(ports(0x103, 0x200, 0x300, 0x400, 0x500, &o, &om), KERN_SUCCESS);
	CHECK_EQ(o, 0x500);
	CHECK_EQ(om, 0x900);
	/* Request: copy-send, make-send, move-receive, make-send-once. */
	CHECK(loopback_nrights >= 6);
	CHECK_EQ(loopback_rights[0].disposition, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(loopback_rights[1].disposition, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(loopback_rights[2].disposition, MACH_MSG_TYPE_PORT_RECEIVE);
	CHECK_EQ(loopback_rights[3].disposition, MACH_MSG_TYPE_PORT_SEND_ONCE);
	/* Reply: make-send and move-send both arrive as send rights. */
	CHECK_EQ(loopback_rights[4].disposition, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(loopback_rights[5].disposition, MACH_MSG_TYPE_PORT_SEND);
}

TEST(polymorphic_ports_carry_their_disposition)
{
	mach_port_t op;
	mach_msg_type_name_t opPoly;
	CHECK_EQ(poly(0x103, 0x700, MACH_MSG_TYPE_MAKE_SEND, &op, &opPoly), KERN_SUCCESS);
	CHECK_EQ(op, 0x701);
	CHECK_EQ(opPoly, MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK_EQ(poly(0x103, 0x700, MACH_MSG_TYPE_MOVE_RECEIVE, &op, &opPoly), KERN_SUCCESS);
	CHECK_EQ(opPoly, MACH_MSG_TYPE_PORT_SEND);
}

TEST(port_arrays_arrive_intact)
{
	mach_port_t a[3] = { 1, 2, 3 }, oa[2] = { 10, 20 }, ra[8];
	mach_msg_type_number_t raCnt = 8, roaCnt;
	ool_ports_t roa;
	CHECK_EQ(portarrays(0x103, a, 3, oa, 2, ra, &raCnt, &roa, &roaCnt), KERN_SUCCESS);
	CHECK_EQ(raCnt, 3);
	CHECK(ra[0] == 2 && ra[2] == 6);
	CHECK_EQ(roaCnt, 2);
	CHECK(roa[0] == 11 && roa[1] == 21);
	mig_deallocate((vm_address_t)roa, roaCnt * sizeof(mach_port_t));
}

TEST(waittime_and_msgoption_reach_mach_msg)
{
	int x;
	CHECK_EQ(timed(0x103, 250, MACH_RCV_INTERRUPT, &x), KERN_SUCCESS);
	CHECK_EQ(x, 7);
	CHECK_EQ(loopback_last_timeout, 250);
	CHECK(loopback_last_option & MACH_RCV_TIMEOUT);
	CHECK(loopback_last_option & MACH_SEND_TIMEOUT);
	CHECK(loopback_last_option & MACH_RCV_INTERRUPT);
}

TEST(intran_outtran_and_destructor_run_on_the_server)
{
	int oo;
	CHECK_EQ(translated(0x103, 5, &oo), KERN_SUCCESS);
	CHECK_EQ(oo, 6);
	CHECK_EQ(rt_obj_live, 0);
}

TEST(server_error_reaches_the_caller_and_request_is_destroyed)
{
	int never = 0;
	CHECK_EQ(fail(0x103, KERN_INVALID_ARGUMENT, &never), KERN_INVALID_ARGUMENT);
	CHECK_EQ(never, 0);
	CHECK_EQ(loopback_destroyed, 1);
}

TEST(msgseqno_comes_from_the_trailer)
{
	natural_t a, b;
	CHECK_EQ(seqno(0x103, &a), KERN_SUCCESS);
	CHECK_EQ(seqno(0x103, &b), KERN_SUCCESS);
	CHECK(b > a);
}

TEST(short_trailer_is_a_trailer_error)
{
	natural_t a;
	loopback_server_trailer = MACH_RCV_TRAILER_NULL;
	CHECK_EQ(seqno(0x103, &a), MIG_TRAILER_ERROR);
}

TEST(replyport_argument_is_the_reply_port)
{
	int y;
	CHECK_EQ(explicit_reply(0x103, 0x40, 2, &y), KERN_SUCCESS);
	CHECK_EQ(loopback_last_local, 0x40);
	CHECK_EQ(y, 0x42);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(loopback_last_bits), MACH_MSG_TYPE_MAKE_SEND_ONCE);
}

TEST(ureplyport_is_user_side_only)
{
	CHECK_EQ(ureply(0x103, 0x44, 5), KERN_SUCCESS);
	CHECK_EQ(loopback_last_local, 0x44);
	CHECK_EQ(rt_last_ping, 5);
}

TEST(sreplyport_gives_the_server_the_reply_port)
{
	int y;
	CHECK_EQ(sreply(0x103, &y), KERN_SUCCESS);
	CHECK_EQ(rt_last_sreply, mig_get_reply_port());
}

TEST(requestport_need_not_come_first)
{
	int y;
	CHECK_EQ(late_request(1, 0x100, &y), KERN_SUCCESS);
	CHECK_EQ(y, 0x101);
}

TEST(mig_no_reply_sends_nothing)
{
	CHECK_EQ(deferred(0x103, 1), MACH_RCV_TIMED_OUT);
	CHECK_EQ(rt_deferred_calls, 1);
	CHECK_EQ(loopback_destroyed, 0);
	/* A receive failure makes the stub replace its reply port. */
	CHECK_EQ(loopback_reply_ports_deallocated, mig_get_reply_port());
}

TEST(dealloc_brackets_lets_the_caller_choose)
{
	vm_address_t d;
	mig_allocate(&d, 8);
	CHECK_EQ(deallocvar(0x103, (ool_ints_t)d, 2, TRUE), KERN_SUCCESS);
	int keep[2] = { 1, 2 };
	CHECK_EQ(deallocvar(0x103, keep, 2, FALSE), KERN_SUCCESS);
	CHECK_EQ(keep[1], 2);
}

TEST(physicalcopy_and_notdealloc_reach_the_descriptors)
{
	int p[2] = { 1, 2 }, n[3] = { 3, 4, 5 };
	CHECK_EQ(copyopts(0x103, p, 2, n, 3, KERN_SUCCESS), KERN_SUCCESS);
	__Request__rt_copyopts_t *r = (void *)loopback_last_request;
	CHECK_EQ(r->p.copy, MACH_MSG_PHYSICAL_COPY);
	CHECK_EQ(r->p.deallocate, FALSE);
	CHECK_EQ(r->n.copy, MACH_MSG_VIRTUAL_COPY);
	CHECK_EQ(r->n.deallocate, FALSE);
	CHECK_EQ(r->p.size, 8);
	CHECK_EQ(r->n.size, 12);
	CHECK_EQ(n[2], 5);
}

/* ---- the user side's checks of the reply ---- */

static void wrong_id(mach_msg_header_t *h) { h->msgh_id += 1; }
static void send_once_notification(mach_msg_header_t *h) { h->msgh_id = MACH_NOTIFY_SEND_ONCE; }
static void short_reply(mach_msg_header_t *h) { h->msgh_size -= 4; }
static void complex_reply(mach_msg_header_t *h) { h->msgh_bits |= MACH_MSGH_BITS_COMPLEX; }
static void huge_count(mach_msg_header_t *h)
{
	__Reply__rt_varinline_t *r = (void *)h;
	r->ovCnt = 1000;
}
static void simple_reply_claims_ool(mach_msg_header_t *h)
{
	__Reply__rt_indef_t *r = (void *)h;
	r->od.address = (void *)0x1000;
	r->od.size = r->odCnt;
}
static void wrong_port_right(mach_msg_header_t *h)
{
	__Reply__rt_ports_t *r = (void *)h;
	r->o.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
}

TEST(reply_with_another_id_is_a_reply_mismatch)
{
	int sum;
	loopback_reply_hook = wrong_id;
	CHECK_EQ(add(0x103, 1, 2, &sum), MIG_REPLY_MISMATCH);
}

TEST(send_once_notification_means_the_server_died)
{
	int sum;
	loopback_reply_hook = send_once_notification;
	CHECK_EQ(add(0x103, 1, 2, &sum), MIG_SERVER_DIED);
}

TEST(reply_of_wrong_size_is_a_type_error)
{
	int sum;
	loopback_reply_hook = short_reply;
	CHECK_EQ(add(0x103, 1, 2, &sum), MIG_TYPE_ERROR);
}

TEST(complex_reply_to_a_simple_routine_is_a_type_error)
{
	int sum;
	loopback_reply_hook = complex_reply;
	CHECK_EQ(add(0x103, 1, 2, &sum), MIG_TYPE_ERROR);
}

TEST(simple_reply_that_claims_out_of_line_bytes_is_a_type_error)
{
	/* Only a complex reply carries memory: a simple one's descriptor must say "inline". */
	char small[100], out[64];
	data_t od = out;
	mach_msg_type_number_t odCnt = sizeof(out);
	memset(small, 1, sizeof(small));
	loopback_reply_hook = simple_reply_claims_ool;
	CHECK_EQ(indef(0x103, small, sizeof(small), 10, &od, &odCnt), MIG_TYPE_ERROR);
	CHECK(od == out);
}

TEST(reply_count_beyond_the_bound_is_a_type_error)
{
	int v[16] = { 0 }, ov[16];
	char b[7] = { 0 }, ob[7];
	rt_i64_t q[4], oq[4];
	mach_msg_type_number_t ovCnt, obCnt, oqCnt;
	int otail;
	loopback_reply_hook = huge_count;
	CHECK_EQ(varinline(0x103, v, 1, b, 0, q, 0, 1, ov, &ovCnt, ob, &obCnt, oq, &oqCnt, &otail),
	         MIG_TYPE_ERROR);
}

TEST(reply_port_of_wrong_right_is_a_type_error)
{
	mach_port_t o, om;
	loopback_reply_hook = wrong_port_right;
	CHECK_EQ(ports(0x103, 1, 2, 3, 4, &o, &om), MIG_TYPE_ERROR);
}

/* ---- the server side's checks of the request ---- */

static union {
	mig_reply_error_t e;
	char buf[8192];
} rep;

static kern_return_t serve(void *req)
{
	memset(&rep, 0, sizeof(rep));
	boolean_t known = rt_server(req, &rep.e.Head);
	(void)known;
	return rep.e.RetCode;
}

static void *request(mach_msg_id_t id, mach_msg_size_t size, mach_msg_bits_t bits)
{
	static union {
		mach_msg_header_t h;
		char buf[8192];
	} m;
	memset(&m, 0, sizeof(m));
	m.h.msgh_id = id;
	m.h.msgh_size = size;
	m.h.msgh_bits = bits;
	m.h.msgh_local_port = 0x103;
	mach_msg_max_trailer_t *t = (void *)(m.buf + round_msg(size));
	t->msgh_trailer_size = sizeof(*t);
	return &m;
}

TEST(unknown_id_is_bad_id)
{
	memset(&rep, 0, sizeof(rep));
	CHECK_EQ(rt_server(request(4999, 24, 0), &rep.e.Head), FALSE);
	CHECK_EQ(rep.e.RetCode, MIG_BAD_ID);
	CHECK_EQ(rep.e.Head.msgh_id, 5099);
	CHECK_EQ(serve(request(4002, 24, 0)), MIG_BAD_ID);   /* a skipped id */
}

TEST(request_of_wrong_size_is_bad_arguments)
{
	CHECK_EQ(serve(request(4000, sizeof(__Request__rt_add_t) - 4, 0)), MIG_BAD_ARGUMENTS);
	CHECK_EQ(serve(request(4000, sizeof(__Request__rt_add_t) + 4, 0)), MIG_BAD_ARGUMENTS);
	CHECK_EQ(serve(request(4000, sizeof(__Request__rt_add_t), 0)), KERN_SUCCESS);
}

TEST(complex_bit_mismatch_is_bad_arguments)
{
	CHECK_EQ(serve(request(4000, sizeof(__Request__rt_add_t), MACH_MSGH_BITS_COMPLEX)),
	         MIG_BAD_ARGUMENTS);
	__Request__rt_ports_t *r = request(4012, sizeof(__Request__rt_ports_t), 0);
	CHECK_EQ(serve(r), MIG_BAD_ARGUMENTS);
}

TEST(descriptor_of_wrong_kind_is_a_type_error)
{
	__Request__rt_ports_t *r = request(4012, sizeof(*r), MACH_MSGH_BITS_COMPLEX);
	r->msgh_body.msgh_descriptor_count = 4;
	r->cs = (mach_msg_port_descriptor_t){ .name = 1, .disposition = MACH_MSG_TYPE_PORT_SEND,
	                                     .type = MACH_MSG_PORT_DESCRIPTOR };
	r->ms = r->cs;
	r->rcv = r->cs;
	r->rcv.disposition = MACH_MSG_TYPE_PORT_RECEIVE;
	r->so = r->cs;
	r->so.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
	CHECK_EQ(serve(r), KERN_SUCCESS);
	r = request(4012, sizeof(*r), MACH_MSGH_BITS_COMPLEX);
	r->msgh_body.msgh_descriptor_count = 4;
	r->cs = (mach_msg_port_descriptor_t){ .name = 1, .disposition = MACH_MSG_TYPE_PORT_SEND,
	                                     .type = MACH_MSG_PORT_DESCRIPTOR };
	r->ms = r->cs;
	r->rcv = r->cs;   /* should be a receive right */
	r->so = r->cs;
	r->so.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
	CHECK_EQ(serve(r), MIG_TYPE_ERROR);
}

TEST(variable_count_beyond_the_bound_is_bad_arguments)
{
	__Request__rt_varinline_t *r = request(4005, sizeof(__Request__rt_varinline_t), 0);
	r->vCnt = 17;
	CHECK_EQ(serve(r), MIG_BAD_ARGUMENTS);
}

TEST(size_not_matching_the_counts_is_bad_arguments)
{
	/* Counts 0, 0, 0: the message is as small as it can be. */
	mach_msg_size_t min = sizeof(__Request__rt_varinline_t) - 64 - 8 - 32;
	CHECK_EQ(serve(request(4005, min, 0)), KERN_SUCCESS);
	CHECK_EQ(serve(request(4005, min + 4, 0)), MIG_BAD_ARGUMENTS);
	CHECK_EQ(serve(request(4005, sizeof(__Request__rt_varinline_t), 0)), MIG_BAD_ARGUMENTS);
}

TEST(ool_count_whose_size_overflows_is_bad_arguments)
{
	static int data[2];
	static char fixed[64];
	/* Everything else is right: only the overflow can be caught. */
	__Request__rt_ool_t *r = request(4008, sizeof(*r), MACH_MSGH_BITS_COMPLEX);
	r->msgh_body.msgh_descriptor_count = 3;
	r->d = (mach_msg_ool_descriptor_t){ .address = data, .size = 4, .type = MACH_MSG_OOL_DESCRIPTOR };
	r->f = (mach_msg_ool_descriptor_t){ .address = fixed, .size = 64, .type = MACH_MSG_OOL_DESCRIPTOR };
	r->dd = (mach_msg_ool_descriptor_t){ .type = MACH_MSG_OOL_DESCRIPTOR };
	r->dCnt = 0x40000001;   /* 0x40000001 * 4 is 4 in 32 bits */
	r->ddCnt = 0;
	CHECK_EQ(serve(r), MIG_BAD_ARGUMENTS);
}

TEST(unterminated_string_is_bad_arguments)
{
	/* p holds just its terminator; io (after p) is all zeroes. */
	__Request__rt_strings_t *r = request(4011, sizeof(*r) - 64 + 4, 0);
	r->pCnt = 1;
	CHECK_EQ(serve(r), KERN_SUCCESS);
	r = request(4011, sizeof(*r) - 64 + 4, 0);
	r->pCnt = 1;
	memset(r->n, 'x', sizeof(r->n));
	CHECK_EQ(serve(r), MIG_BAD_ARGUMENTS);
	r = request(4011, sizeof(*r) - 64 + 4, 0);
	r->pCnt = 1;
	r->p[0] = 'x';
	CHECK_EQ(serve(r), MIG_BAD_ARGUMENTS);
}

static const struct test tests[] = {
#define T(name) { #name, test_##name },
#include "rt_tests.inc"
#undef T
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return testlib_main(argc, argv, tests, setup);
}
