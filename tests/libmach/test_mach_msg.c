// SPDX-License-Identifier: BSD-2-Clause
// mach_msg()'s restart rules over a fake mach_msg_trap: what is retried
// after an interruption, with which options, and what is returned.
#include "check.h"
#include "fake_kernel.h"

static mach_msg_header_t msg;

static mach_msg_return_t rpc(mach_msg_option_t extra)
{
	return mach_msg(&msg, MACH_SEND_MSG | MACH_RCV_MSG | extra, 24, 64, 0x307, 0, 0);
}

TEST(success_traps_once)
{
	fake_reset();
	CHECK(rpc(0) == MACH_MSG_SUCCESS);
	CHECK(fake_count("mach_msg_trap") == 1);
	return 0;
}

TEST(send_interrupted_is_sent_again_with_the_receive)
{
	fake_reset();
	fake_trap_results[0] = MACH_SEND_INTERRUPTED;
	fake_trap_results[1] = MACH_SEND_INTERRUPTED;
	fake_ntrap_results = 2;
	CHECK(rpc(0) == MACH_MSG_SUCCESS);
	CHECK(fake_count("mach_msg_trap") == 3);
	CHECK(fake_calls[2].option == (MACH_SEND_MSG | MACH_RCV_MSG));
	CHECK(fake_calls[2].send_size == 24);
	return 0;
}

TEST(rcv_interrupted_is_received_again_without_sending_twice)
{
	fake_reset();
	fake_trap_results[0] = MACH_RCV_INTERRUPTED;
	fake_ntrap_results = 1;
	CHECK(rpc(0) == MACH_MSG_SUCCESS);
	CHECK(fake_count("mach_msg_trap") == 2);
	CHECK(fake_calls[1].option == MACH_RCV_MSG);
	CHECK(fake_calls[1].send_size == 0);
	CHECK(fake_calls[1].name == 0x307);
	return 0;
}

TEST(send_then_rcv_interrupted_retries_each_in_turn)
{
	fake_reset();
	fake_trap_results[0] = MACH_SEND_INTERRUPTED;
	fake_trap_results[1] = MACH_RCV_INTERRUPTED;
	fake_ntrap_results = 2;
	CHECK(rpc(0) == MACH_MSG_SUCCESS);
	CHECK(fake_count("mach_msg_trap") == 3);
	CHECK(fake_calls[1].option & MACH_SEND_MSG);
	CHECK(!(fake_calls[2].option & MACH_SEND_MSG));
	return 0;
}

TEST(send_interrupt_option_returns_send_interrupted)
{
	fake_reset();
	fake_trap_results[0] = MACH_SEND_INTERRUPTED;
	fake_ntrap_results = 1;
	CHECK(rpc(MACH_SEND_INTERRUPT) == MACH_SEND_INTERRUPTED);
	CHECK(fake_count("mach_msg_trap") == 1);
	return 0;
}

TEST(rcv_interrupt_option_returns_rcv_interrupted)
{
	fake_reset();
	fake_trap_results[0] = MACH_RCV_INTERRUPTED;
	fake_ntrap_results = 1;
	CHECK(rpc(MACH_RCV_INTERRUPT) == MACH_RCV_INTERRUPTED);
	CHECK(fake_count("mach_msg_trap") == 1);
	return 0;
}

TEST(other_errors_are_returned_at_once)
{
	fake_reset();
	fake_trap_results[0] = MACH_RCV_TIMED_OUT;
	fake_ntrap_results = 1;
	CHECK(rpc(0) == MACH_RCV_TIMED_OUT);
	fake_reset();
	fake_trap_results[0] = MACH_SEND_INVALID_DEST;
	fake_ntrap_results = 1;
	CHECK(rpc(0) == MACH_SEND_INVALID_DEST);
	CHECK(fake_count("mach_msg_trap") == 1);
	return 0;
}
