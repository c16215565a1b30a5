// SPDX-License-Identifier: BSD-2-Clause
// mach_msg_destroy() over a fake kernel: which right of each disposition
// is released how, out-of-line memory freed, and a malformed message
// destroyed only as far as it is well formed.
#include <string.h>
#include "check.h"
#include "fake_kernel.h"

#pragma pack(push, 4)
struct three_desc_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	mach_msg_ool_descriptor_t ool;
	mach_msg_ool_ports_descriptor_t ports;
};
#pragma pack(pop)

static mach_port_t port_array[2] = { 0x401, 0x402 };
static char ool_data[64];

static struct three_desc_msg complex_msg(void)
{
	struct three_desc_msg m;

	memset(&m, 0, sizeof(m));
	m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	m.head.msgh_size = sizeof(m);
	m.body.msgh_descriptor_count = 3;
	m.port.name = 0x301;
	m.port.disposition = MACH_MSG_TYPE_PORT_RECEIVE;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.ool.address = ool_data;
	m.ool.size = sizeof(ool_data);
	m.ool.type = MACH_MSG_OOL_DESCRIPTOR;
	m.ports.address = port_array;
	m.ports.count = 2;
	m.ports.disposition = MACH_MSG_TYPE_PORT_SEND;
	m.ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	return m;
}

TEST(move_send_remote_and_send_once_local_are_deallocated)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, MACH_MSG_TYPE_MOVE_SEND_ONCE),
		.msgh_size = sizeof(h), .msgh_remote_port = 0x101, .msgh_local_port = 0x102,
	};
	fake_reset();
	mach_msg_destroy(&h);
	CHECK(fake_count("mach_port_deallocate") == 2);
	CHECK(fake_calls[0].name == 0x101 && fake_calls[1].name == 0x102);
	return 0;
}

TEST(copy_send_releases_nothing)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.msgh_size = sizeof(h), .msgh_remote_port = 0x101,
	};
	fake_reset();
	mach_msg_destroy(&h);
	CHECK(fake_ncalls == 0);
	return 0;
}

TEST(make_send_is_made_then_deallocated)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
		.msgh_size = sizeof(h), .msgh_remote_port = 0x101,
	};
	fake_reset();
	mach_msg_destroy(&h);
	CHECK(fake_ncalls == 2);
	CHECK(strcmp(fake_calls[0].what, "mach_port_insert_right") == 0);
	CHECK(fake_calls[0].type == MACH_MSG_TYPE_MAKE_SEND);
	CHECK(strcmp(fake_calls[1].what, "mach_port_deallocate") == 0);
	return 0;
}

TEST(make_send_once_is_extracted_then_deallocated)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(0, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		.msgh_size = sizeof(h), .msgh_local_port = 0x102,
	};
	fake_reset();
	mach_msg_destroy(&h);
	CHECK(fake_count("mach_port_extract_right") == 1);
	CHECK(fake_calls[1].name == 0x999);   // the right extract_right made
	return 0;
}

TEST(null_and_dead_names_are_skipped)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, MACH_MSG_TYPE_MOVE_SEND),
		.msgh_size = sizeof(h), .msgh_remote_port = MACH_PORT_NULL,
		.msgh_local_port = MACH_PORT_DEAD,
	};
	fake_reset();
	mach_msg_destroy(&h);
	CHECK(fake_ncalls == 0);
	return 0;
}

TEST(receive_right_descriptor_loses_its_receive_right)
{
	struct three_desc_msg m = complex_msg();

	fake_reset();
	mach_msg_destroy(&m.head);
	CHECK(fake_count("mach_port_mod_refs") == 1);
	CHECK(fake_calls[0].name == 0x301);
	CHECK(fake_calls[0].right == MACH_PORT_RIGHT_RECEIVE && fake_calls[0].delta == -1);
	return 0;
}

TEST(ool_memory_is_deallocated)
{
	struct three_desc_msg m = complex_msg();

	fake_reset();
	mach_msg_destroy(&m.head);
	CHECK(fake_count("vm_deallocate") == 2);
	CHECK(fake_calls[1].addr == (vm_address_t)ool_data);
	CHECK(fake_calls[1].size == sizeof(ool_data));
	return 0;
}

TEST(ool_ports_release_each_right_then_the_array)
{
	struct three_desc_msg m = complex_msg();

	fake_reset();
	mach_msg_destroy(&m.head);
	CHECK(fake_ncalls == 5);
	CHECK(strcmp(fake_calls[2].what, "mach_port_deallocate") == 0 && fake_calls[2].name == 0x401);
	CHECK(strcmp(fake_calls[3].what, "mach_port_deallocate") == 0 && fake_calls[3].name == 0x402);
	CHECK(strcmp(fake_calls[4].what, "vm_deallocate") == 0);
	CHECK(fake_calls[4].addr == (vm_address_t)port_array);
	CHECK(fake_calls[4].size == sizeof(port_array));
	return 0;
}

TEST(descriptors_past_msgh_size_are_not_read)
{
	struct three_desc_msg m = complex_msg();

	// Claims three descriptors, but its size ends after the first.
	m.head.msgh_size = sizeof(m.head) + sizeof(m.body) + sizeof(m.port);
	fake_reset();
	mach_msg_destroy(&m.head);
	CHECK(fake_ncalls == 1);
	// A count far beyond the message stops at its end too.
	m = complex_msg();
	m.body.msgh_descriptor_count = 1000;
	fake_reset();
	mach_msg_destroy(&m.head);
	CHECK(fake_ncalls == 5);
	return 0;
}

TEST(unknown_descriptor_type_stops_the_walk)
{
	struct three_desc_msg m = complex_msg();

	m.ool.type = 7;
	fake_reset();
	mach_msg_destroy(&m.head);
	CHECK(fake_ncalls == 1);
	return 0;
}
