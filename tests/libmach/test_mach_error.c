// SPDX-License-Identifier: BSD-2-Clause
// mach_error_string() names every kind of Mach error code, and says so
// when it does not know one.
#include <string.h>
#include "check.h"
#include "fake_kernel.h"

TEST(kern_codes_have_their_names)
{
	CHECK(strcmp(mach_error_string(KERN_SUCCESS), "(os/kern) successful") == 0);
	CHECK(strcmp(mach_error_string(KERN_INVALID_NAME), "(os/kern) invalid name") == 0);
	CHECK(strcmp(mach_error_string(KERN_INSUFFICIENT_BUFFER_SIZE),
	             "(os/kern) insufficient buffer size") == 0);
	return 0;
}

TEST(every_kern_code_up_to_the_last_has_a_name)
{
	for (int kr = 0; kr <= KERN_INSUFFICIENT_BUFFER_SIZE; kr++)
		CHECK(strncmp(mach_error_string(kr), "(os/kern) ", 10) == 0);
	return 0;
}

TEST(send_and_receive_codes_have_their_names)
{
	CHECK(strcmp(mach_error_string(MACH_SEND_INVALID_DEST),
	             "(ipc/send) invalid destination port") == 0);
	CHECK(strcmp(mach_error_string(MACH_RCV_TIMED_OUT), "(ipc/rcv) timed out") == 0);
	CHECK(strcmp(mach_error_type(MACH_RCV_TIMED_OUT), "(ipc/rcv)") == 0);
	CHECK(strcmp(mach_error_type(MACH_SEND_TIMED_OUT), "(ipc/send)") == 0);
	return 0;
}

TEST(mig_codes_have_their_names)
{
	CHECK(strcmp(mach_error_string(MIG_TYPE_ERROR), "(ipc/mig) wrong type of data") == 0);
	CHECK(strcmp(mach_error_string(MIG_SERVER_DIED), "(ipc/mig) server died") == 0);
	CHECK(strcmp(mach_error_type(MIG_BAD_ID), "(ipc/mig)") == 0);
	return 0;
}

TEST(unknown_codes_say_unknown)
{
	const char *u = "(unknown) unknown error code";

	CHECK(strcmp(mach_error_string(KERN_RETURN_MAX - 1), u) == 0);
	CHECK(strcmp(mach_error_string(0x10000006), u) == 0);   // no MACH_SEND 6
	CHECK(strcmp(mach_error_string(0x1000403f), u) == 0);
	CHECK(strcmp(mach_error_string(-1), u) == 0);
	CHECK(strcmp(mach_error_string(0x7fffffff), u) == 0);
	return 0;
}
