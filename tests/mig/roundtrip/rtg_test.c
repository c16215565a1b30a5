/* SPDX-License-Identifier: BSD-2-Clause */
/* Round trips through rtg.defs, the constructs of GNU Mach's and the
 * Hurd's interfaces, one fact per test, built as the Hurd builds stubs:
 * -subrprefix __ (the run-time routines' names) and SERVERPREFIX S_. */
#include <stdint.h>
#include <string.h>
#include "rtg.h"
#include "rtgServer.h"
#include "loopback.h"
#include "testlib.h"

int testlib_failed;

extern struct rtg_seen {
	mach_port_t reply;
	mach_msg_type_name_t replyPoly;
	int reply_to_code;
	mach_port_t rcv, snd;
	int obj_uses;
} rtg_seen;
int rtg_obj_uses(void);

/* -subrprefix __: the stubs call the run-time routines by these names, as
 * glibc's Hurd stubs call its internal __mach_msg and friends. */
static int subr_calls;

mach_msg_return_t __mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
                             mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                             mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                             mach_port_name_t notify)
{
	subr_calls++;
	return mach_msg(msg, option, send_size, rcv_size, rcv_name, timeout, notify);
}

void __mach_msg_destroy(mach_msg_header_t *msg)
{
	mach_msg_destroy(msg);
}

mach_port_t __mig_get_reply_port(void)
{
	subr_calls++;
	return mig_get_reply_port();
}

void __mig_dealloc_reply_port(mach_port_t p)
{
	mig_dealloc_reply_port(p);
}

kern_return_t __mig_allocate(vm_address_t *addr, vm_size_t size)
{
	return mig_allocate(addr, size);
}

void __mig_deallocate(vm_address_t addr, vm_size_t size)
{
	mig_deallocate(addr, size);
}

static void setup(void)
{
	subr_calls = 0;
	loopback_reset();
	loopback_server = rtg_server;
	memset(&rtg_seen, 0, sizeof(rtg_seen));
}

/* The disposition of descriptor i of the request as sent. */
static mach_msg_type_name_t sent_disposition(int i)
{
	mach_msg_port_descriptor_t *d =
		(mach_msg_port_descriptor_t *)(loopback_last_request + sizeof(mach_msg_header_t) +
		                               sizeof(mach_msg_body_t));
	return d[i].disposition;
}

TEST(gnu_builtin_types_travel_at_their_64_bit_sizes)
{
	char oc;
	short os;
	int oi;
	int64 ol;
	uintptr_t ou;
	intptr_t op;
	CHECK_EQ(sizeof(__Request__rtg_rtg_types_t),
	         sizeof(mach_msg_header_t) + sizeof(NDR_record_t) + 32);
	CHECK_EQ(rtg_types(0x101, 'a', -300, 70000, INT64_C(1) << 40, UINTPTR_MAX - 5,
	                     INTPTR_MIN + 9, &oc, &os, &oi, &ol, &ou, &op), KERN_SUCCESS);
	CHECK_EQ(oc, 'b');
	CHECK_EQ(os, 300);
	CHECK_EQ(oi, 140000);
	CHECK(ol == (INT64_C(1) << 40) + 1);
	CHECK(ou == (uintptr_t)5);
	CHECK(op == -(INTPTR_MIN + 9));
}

TEST(hurd_reply_port_is_made_send_once_and_the_server_is_told)
{
	char oc;
	short os;
	int oi;
	int64 ol;
	uintptr_t ou;
	intptr_t op;
	CHECK_EQ(rtg_types(0x101, 0, 0, 0, 0, 0, 0, &oc, &os, &oi, &ol, &ou, &op), KERN_SUCCESS);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(loopback_last_bits), MACH_MSG_TYPE_MAKE_SEND_ONCE);
	CHECK_EQ(rtg_seen.reply, loopback_last_local);
	CHECK_EQ(rtg_seen.replyPoly, MACH_MSG_TYPE_PORT_SEND_ONCE);
}

TEST(polymorphic_request_port_goes_as_the_caller_says)
{
	/* GNU Mach's device_reply.defs: the reply is sent to a send-once
	 * right the caller holds (moved) or makes from a receive right. */
	CHECK_EQ(rtg_reply_to(0x205, MACH_MSG_TYPE_MOVE_SEND_ONCE, 9), KERN_SUCCESS);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(loopback_last_bits), MACH_MSG_TYPE_MOVE_SEND_ONCE);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(loopback_last_bits), 0);
	CHECK(!(loopback_last_option & MACH_RCV_MSG));
	CHECK_EQ(rtg_seen.reply, 0x205);
	CHECK_EQ(rtg_seen.reply_to_code, 9);
	CHECK_EQ(rtg_reply_to(0x206, MACH_MSG_TYPE_MAKE_SEND_ONCE, 10), KERN_SUCCESS);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(loopback_last_bits), MACH_MSG_TYPE_MAKE_SEND_ONCE);
	CHECK_EQ(rtg_seen.reply_to_code, 10);
}

TEST(polymorphic_reply_port_disposition_is_chosen_and_told)
{
	int y = 0;
	CHECK_EQ(rtg_poly_reply(0x101, 0x301, MACH_MSG_TYPE_MAKE_SEND_ONCE, 4, &y), KERN_SUCCESS);
	CHECK_EQ(y, 5);
	CHECK_EQ(loopback_last_local, 0x301);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(loopback_last_bits), MACH_MSG_TYPE_MAKE_SEND_ONCE);
	CHECK_EQ(rtg_seen.reply, 0x301);
	CHECK_EQ(rtg_seen.replyPoly, MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK_EQ(rtg_poly_reply(0x101, 0x302, MACH_MSG_TYPE_MAKE_SEND, 6, &y), KERN_SUCCESS);
	CHECK_EQ(y, 7);
	CHECK_EQ(rtg_seen.replyPoly, MACH_MSG_TYPE_PORT_SEND);
}

TEST(dealloc_ports_leave_the_sender_as_their_dispositions_say)
{
	int got = 0;
	CHECK_EQ(rtg_give(0x101, 0x401, 0x402, &got), KERN_SUCCESS);
	CHECK_EQ(got, 2);
	CHECK_EQ(sent_disposition(0), MACH_MSG_TYPE_MOVE_RECEIVE);
	CHECK_EQ(sent_disposition(1), MACH_MSG_TYPE_MOVE_SEND);
	CHECK_EQ(loopback_nrights, 2);
	CHECK(loopback_rights[0].name == 0x401 &&
	      loopback_rights[0].disposition == MACH_MSG_TYPE_PORT_RECEIVE);
	CHECK(loopback_rights[1].name == 0x402 &&
	      loopback_rights[1].disposition == MACH_MSG_TYPE_PORT_SEND);
	CHECK(rtg_seen.rcv == 0x401 && rtg_seen.snd == 0x402);
}

TEST(dir_lookup_style_strings_and_a_port_the_server_makes)
{
	string_t name = "etc/motd", retry;
	mach_port_t result = 0;
	CHECK_EQ(rtg_lookup(0x101, name, 7, retry, &result), KERN_SUCCESS);
	CHECK_STR(retry, "motd");
	CHECK_EQ(result, 0x111);
	CHECK_EQ(loopback_nrights, 1);
	CHECK_EQ(loopback_rights[0].disposition, MACH_MSG_TYPE_PORT_SEND);
	strcpy(name, "etc/passwd");
	CHECK_EQ(rtg_lookup(0x101, name, 7, retry, &result), KERN_INVALID_ARGUMENT);
}

TEST(io_write_and_io_read_inline_and_out_of_line)
{
	static char big[3000];
	char buf[8], *data = buf;
	mach_msg_type_number_t n = sizeof(buf);
	natural_t amount = 0;
	memset(big, 'x', sizeof(big));
	memcpy(big, "hello", 5);
	/* Small: inline; large: out of line, freed by the server (servercopy). */
	CHECK_EQ(rtg_write(0x101, big, 5, INT64_C(1) << 40, &amount), KERN_SUCCESS);
	CHECK_EQ(amount, 5);
	CHECK_EQ(rtg_write(0x101, big, sizeof(big), INT64_C(1) << 40, &amount), KERN_SUCCESS);
	CHECK_EQ(amount, sizeof(big));
	CHECK_EQ(rtg_read(0x101, &data, &n, 1, 4), KERN_SUCCESS);
	CHECK(data == buf && n == 4 && memcmp(buf, "ello", 4) == 0);
	/* More than the caller's buffer: fresh memory, the caller's to free. */
	n = sizeof(buf);
	CHECK_EQ(rtg_read(0x101, &data, &n, 0, 2900), KERN_SUCCESS);
	CHECK(data != buf && n == 2900 && memcmp(data, "hellox", 6) == 0);
	mig_deallocate((vm_address_t)data, n);
}

TEST(translations_run_and_destructors_release_every_object)
{
	io_t np = 0;
	CHECK_EQ(rtg_dup(0x101, 0x102, &np), KERN_SUCCESS);
	CHECK_EQ(np, 0x102);
	CHECK_EQ(rtg_seen.obj_uses, 2);
	CHECK_EQ(rtg_obj_uses(), 0);
	CHECK_EQ(loopback_rights[loopback_nrights - 1].name, 0x102);
}

TEST(hurd_portarray_goes_out_of_line_both_ways)
{
	mach_port_t in[3] = { 0x501, 0x502, 0x503 };
	portarray_t out = NULL;
	mach_msg_type_number_t n = 0;
	CHECK_EQ(rtg_ports(0x101, in, MACH_MSG_TYPE_MOVE_SEND, 3, &out, &n), KERN_SUCCESS);
	CHECK_EQ(sent_disposition(0), MACH_MSG_TYPE_MOVE_SEND);
	CHECK_EQ(n, 3);
	CHECK(out != NULL && out[0] == 0x502 && out[2] == 0x504);
	CHECK_EQ(loopback_nrights, 6);
	CHECK_EQ(loopback_rights[5].disposition, MACH_MSG_TYPE_PORT_SEND);
	mig_deallocate((vm_address_t)out, n * sizeof(mach_port_t));
}

/* The loopback frees a sent region only when its descriptor says
 * deallocate: the server's fresh memory must go with the reply (else it
 * stays live), its kept buffer must not (freeing it would be an error). */
TEST(out_dealloc_array_is_the_server_s_choice_per_reply)
{
	data_t data = NULL;
	mach_msg_type_number_t n = 0;
	long live = loopback_live;
	CHECK_EQ(rtg_listing(0x101, &data, &n, 1), KERN_SUCCESS);
	CHECK(n == 3000 && data != NULL && data[0] == 'k' && data[2999] == 'k');
	mig_deallocate((vm_address_t)data, n);
	CHECK_EQ(loopback_live, live);
	CHECK_EQ(rtg_listing(0x101, &data, &n, 0), KERN_SUCCESS);
	CHECK(n == 3000 && data != NULL && data[0] == 'f' && data[2999] == 'f');
	mig_deallocate((vm_address_t)data, n);
	CHECK_EQ(loopback_live, live);
}

TEST(subrprefix_names_the_run_time_routines_not_the_stubs)
{
	int y = 0;
	CHECK_EQ(rtg_poly_reply(0x101, 0x301, MACH_MSG_TYPE_MAKE_SEND_ONCE, 1, &y), KERN_SUCCESS);
	CHECK_EQ(subr_calls, 1);   /* __mach_msg; the reply port was given */
	CHECK_EQ(rtg_reply_to(0x205, MACH_MSG_TYPE_MOVE_SEND_ONCE, 1), KERN_SUCCESS);
	CHECK_EQ(subr_calls, 2);
}

TEST(ids_count_every_skip)
{
	mach_msg_header_t h = { .msgh_id = 6002 };
	CHECK(rtg_server_routine(&h) != 0);   /* rtg_reply_to, after one skip */
	h.msgh_id = 6004;
	CHECK(rtg_server_routine(&h) == 0);   /* skip 3 */
	h.msgh_id = 6007;
	CHECK(rtg_server_routine(&h) != 0);   /* rtg_give */
	CHECK_EQ(rtg_subsystem.end, 6014);
}

static const struct test tests[] = {
#define T(n) { #n, test_##n },
#include "rtg_tests.inc"
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return testlib_main(argc, argv, tests, setup);
}
