// SPDX-License-Identifier: BSD-2-Clause
// MIG's run-time support in libmach: the cached reply port, its
// replacement after a failed receive, memory, bounded string copies, and
// the bootstrap port looked up once.
#include <string.h>
#include "check.h"
#include "fake_kernel.h"

TEST(reply_port_is_made_once_and_cached)
{
	fake_reset();
	mach_port_t a = mig_get_reply_port();
	mach_port_t b = mig_get_reply_port();
	mig_put_reply_port(b);
	CHECK(a == b);
	CHECK(fake_count("mach_reply_port") == 1);
	mig_dealloc_reply_port(a);   // leave the cache empty for other tests
	return 0;
}

TEST(dealloc_reply_port_destroys_it_and_the_next_call_makes_a_new_one)
{
	fake_reset();
	mach_port_t a = mig_get_reply_port();
	mig_dealloc_reply_port(a);
	CHECK(fake_count("mach_port_mod_refs") == 1);
	CHECK(fake_calls[1].name == a && fake_calls[1].right == MACH_PORT_RIGHT_RECEIVE);
	CHECK(fake_calls[1].delta == -1);
	mach_port_t b = mig_get_reply_port();
	CHECK(b != a);
	CHECK(fake_count("mach_reply_port") == 2);
	mig_dealloc_reply_port(b);
	return 0;
}

TEST(mig_allocate_asks_for_memory_anywhere_and_deallocate_gives_it_back)
{
	vm_address_t addr = 1;

	fake_reset();
	CHECK(mig_allocate(&addr, 8192) == KERN_SUCCESS);
	CHECK(addr == 0x40000000);
	mig_deallocate(addr, 8192);
	mig_deallocate(addr, 0);     // nothing to free: no call
	CHECK(fake_count("vm_deallocate") == 1);
	return 0;
}

TEST(mig_strncpy_terminates_and_counts_the_terminator)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	CHECK(mig_strncpy(buf, "abc", sizeof(buf)) == 4);
	CHECK(strcmp(buf, "abc") == 0);
	CHECK(mig_strncpy(buf, "abcdefghij", sizeof(buf)) == 8);
	CHECK(buf[7] == '\0' && strncmp(buf, "abcdefg", 7) == 0);
	CHECK(mig_strncpy(buf, "abc", 0) == 0);
	return 0;
}

TEST(bootstrap_port_is_asked_of_the_kernel_once)
{
	fake_reset();
	CHECK(bootstrap_port == 0x50b);
	CHECK(bootstrap_port == 0x50b);
	CHECK(fake_count("task_get_special_port") == 1);
	CHECK(fake_calls[0].name == TASK_BOOTSTRAP_PORT);
	return 0;
}
