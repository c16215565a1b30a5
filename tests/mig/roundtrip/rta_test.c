/* SPDX-License-Identifier: BSD-2-Clause */
/* Round trips through rta.defs, the Apple-dialect interface. */
#include <stdlib.h>
#include <string.h>
#include "rta.h"
#include "rtaServer.h"
#include "loopback.h"
#include "testlib.h"

int testlib_failed;
extern int rta_last_note;

static void setup(void)
{
	loopback_reset();
	loopback_server = rta_demux;
}

TEST(server_tokens_come_from_the_trailer)
{
	int uid = 0, a7 = 0;
	CHECK_EQ(u_who(0x103, &uid, &a7), KERN_SUCCESS);
	CHECK_EQ(uid, 501);
	CHECK_EQ(a7, 107);
}

TEST(missing_audit_trailer_is_a_trailer_error)
{
	int uid, a7;
	loopback_server_trailer = MACH_RCV_TRAILER_SENDER;
	CHECK_EQ(u_who(0x103, &uid, &a7), MIG_TRAILER_ERROR);
}

TEST(user_token_comes_from_the_replys_trailer)
{
	security_token_t tok = { { 0, 0 } };
	int x = 0;
	CHECK_EQ(u_caller_token(0x103, &tok, &x), KERN_SUCCESS);
	CHECK_EQ(tok.val[0], 501);
	CHECK_EQ(tok.val[1], 20);
	CHECK_EQ(x, 3);
}

TEST(special_reply_port_is_used)
{
	int uid, a7;
	CHECK_EQ(u_who(0x103, &uid, &a7), KERN_SUCCESS);
	CHECK_EQ(loopback_last_local, mig_get_special_reply_port());
}

TEST(apple_array_travels_out_of_line_even_when_small)
{
	char d[3] = { 9, 8, 7 };
	data_t od = NULL;
	mach_msg_type_number_t odCnt = 0;
	CHECK_EQ(u_blob(0x103, d, 3, &od, &odCnt), KERN_SUCCESS);
	CHECK(loopback_last_bits & MACH_MSGH_BITS_COMPLEX);
	CHECK_EQ(odCnt, 2);
	CHECK(od[0] == 3 && od[1] == 9);
	mig_deallocate((vm_address_t)od, odCnt);
}

TEST(apple_out_array_larger_than_callers_count_is_too_large)
{
	int v[16];
	mach_msg_type_number_t n = 2;
	CHECK_EQ(u_fill(0x103, 5, v, &n), MIG_ARRAY_TOO_LARGE);
	CHECK_EQ(n, 5);
	CHECK(v[0] == 1 && v[1] == 2);
	n = 16;
	CHECK_EQ(u_fill(0x103, 5, v, &n), KERN_SUCCESS);
	CHECK(n == 5 && v[4] == 5);
}

TEST(simpleroutine_with_prefixes_and_renamed_demux)
{
	CHECK_EQ(u_note(0x103, 12), KERN_SUCCESS);
	CHECK_EQ(rta_last_note, 12);
}

TEST(sendtime_bounds_only_the_send)
{
	int x = 0;
	CHECK_EQ(u_timed_send(0x103, 75, &x), KERN_SUCCESS);
	CHECK_EQ(x, 4);
	CHECK_EQ(loopback_last_timeout, 75);
	CHECK(loopback_last_option & MACH_SEND_TIMEOUT);
	CHECK(!(loopback_last_option & MACH_RCV_TIMEOUT));
}

TEST(inout_out_of_line_array_goes_both_ways)
{
	char in[3] = { 'a', 'b', 'c' };
	kmod_args_t data = in;
	mach_msg_type_number_t n = 3;
	CHECK_EQ(u_kmod_like(0x103, 1, &data, &n), KERN_SUCCESS);
	CHECK(data != in);
	CHECK_EQ(n, 4);
	CHECK(memcmp(data, "bcd!", 4) == 0);
	CHECK(memcmp(in, "abc", 3) == 0);
	mig_deallocate((vm_address_t)data, n);
}

TEST(polymorphic_request_port_takes_the_callers_disposition)
{
	extern mach_port_t rta_alarm_port;
	extern int rta_alarm_code;
	CHECK_EQ(u_alarm_reply(0x207, MACH_MSG_TYPE_MOVE_SEND_ONCE, 5), KERN_SUCCESS);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(loopback_last_bits), MACH_MSG_TYPE_MOVE_SEND_ONCE);
	CHECK_EQ(rta_alarm_port, 0x207);
	CHECK_EQ(rta_alarm_code, 5);
	CHECK_EQ(u_alarm_reply(0x208, MACH_MSG_TYPE_COPY_SEND, 6), KERN_SUCCESS);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(loopback_last_bits), MACH_MSG_TYPE_COPY_SEND);
}

static const struct test tests[] = {
#define T(name) { #name, test_##name },
#include "rta_tests.inc"
#undef T
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return testlib_main(argc, argv, tests, setup);
}
