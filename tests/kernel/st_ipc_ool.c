/* SPDX-License-Identifier: BSD-2-Clause */
/* Self-tests of out-of-line data and port arrays (copied physically in this version). */
#include "kern/selftest.h"
#include "lib/string.h"
#include "kern/task.h"
#include "st_ipc.h"

typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t data;
	mach_msg_ool_ports_descriptor_t ports;
	uint8_t room[64];
} st_ool_msg_t;

/* Send `size' bytes of `buf' and `nports' names out of line from `s' to `dest'. */
static mach_msg_return_t
send_ool(ipc_space_t s, mach_port_name_t dest, const void *buf, uint32_t size,
	 mach_port_name_t *names, uint32_t nports)
{
	st_ool_msg_t m;
	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	m.header.msgh_remote_port = dest;
	m.header.msgh_id = 900;
	m.body.msgh_descriptor_count = 2;
	m.data.address = (void *)buf;
	m.data.size = size;
	m.data.copy = MACH_MSG_PHYSICAL_COPY;
	m.data.type = MACH_MSG_OOL_DESCRIPTOR;
	m.ports.address = names;
	m.ports.count = nports;
	m.ports.disposition = MACH_MSG_TYPE_COPY_SEND;
	m.ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	return mach_msg_call(s, (uintptr_t)&m, MACH_SEND_MSG,
			       offsetof(st_ool_msg_t, room), 0, 0, 0, 0);
}

SELFTEST(ool_data_and_port_arrays_arrive_in_the_receivers_address_space)
{
	static uint8_t pattern[20000];
	for (unsigned i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7);
	ipc_space_t s = st_space();
	task_t rt;
	CHECK(task_create_internal(NULL, "st-ool", &rt) == KERN_SUCCESS, "task");
	ipc_space_t r = rt->itk_space;
	mach_port_name_t rp = st_port(r, 0);
	mach_port_name_t dest = st_give(r, rp, MACH_MSG_TYPE_MAKE_SEND, s);
	mach_port_name_t names[3] = { st_port(s, 1), st_port(s, 1), MACH_PORT_NULL };

	mach_msg_return_t mr = send_ool(s, dest, pattern, sizeof(pattern), names, 3);
	st_ool_msg_t m;
	mach_msg_return_t rr = st_recv(r, rp, &m, sizeof(m), 0, 0);
	static uint8_t seen[sizeof(pattern)];
	kern_return_t kr = vm_map_read_bytes(rt->map, (uintptr_t)m.data.address, seen,
					     sizeof(seen));
	mach_port_name_t got[3] = { 0 };
	kern_return_t kr2 = vm_map_read_bytes(rt->map, (uintptr_t)m.ports.address, got,
					      sizeof(got));
	mach_port_type_t t0 = 0;
	mach_port_type(r, got[0], &t0);
	task_terminate_internal(rt);
	task_deallocate(rt);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS, "send %#x receive %#x", mr, rr);
	CHECK(m.data.size == sizeof(pattern) && m.data.address, "size %u at %p", m.data.size,
	      m.data.address);
	CHECK(kr == KERN_SUCCESS && memcmp(seen, pattern, sizeof(pattern)) == 0,
	      "the data differs (%d)", kr);
	CHECK(kr2 == KERN_SUCCESS && m.ports.count == 3, "ports %d count %u", kr2, m.ports.count);
	CHECK(t0 == MACH_PORT_TYPE_SEND && got[0] != got[1] && got[2] == MACH_PORT_NULL,
	      "names %#x %#x %#x, type %#x", got[0], got[1], got[2], t0);
	return 0;
}

SELFTEST(ool_larger_than_the_limit_is_refused)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	mach_msg_return_t mr = send_ool(s, p, (void *)0x1000, IPC_KMSG_MAX_OOL + 1, NULL, 0);
	st_ool_msg_t m;
	mach_msg_return_t rr = st_recv(s, p, &m, sizeof(m), 0, 0);
	st_space_done(s);
	CHECK(mr == MACH_SEND_TOO_LARGE, "mr %#x", mr);
	CHECK(rr == MACH_RCV_TIMED_OUT, "a message arrived: %#x", rr);
	return 0;
}

SELFTEST(ool_to_a_receiver_without_address_space_is_a_body_error)
{
	static uint8_t data[100];
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	mach_msg_return_t mr = send_ool(s, p, data, sizeof(data), NULL, 0);
	st_ool_msg_t m;
	mach_msg_return_t rr = st_recv(s, p, &m, sizeof(m), 0, 0);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS, "send %#x", mr);
	CHECK(rr == (MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE), "receive %#x", rr);
	return 0;
}
