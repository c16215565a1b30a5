// SPDX-License-Identifier: BSD-2-Clause
// Port rights, step 6 (docs/port-rights.md): port sets.  One receive on a
// set takes the next message from any of its ports; msgh_local_port says
// which.  A server with many objects (one port each) serves them all so.
//
//   scripts/run --program personalities/examples/ports_6_port_sets.c
#include <stdio.h>
#include <mach/mach.h>

struct msg_rcv {
	mach_msg_header_t header;
	mach_msg_max_trailer_t trailer;
};

static kern_return_t send(mach_port_t dest, int id)
{
	mach_msg_header_t m = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
				.msgh_size = sizeof(m), .msgh_remote_port = dest, .msgh_id = id };
	return mach_msg(&m, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
			MACH_PORT_NULL);
}

int main(void)
{
	mach_port_t me = mach_task_self(), set, a, b;
	kern_return_t kr;
	mach_port_allocate(me, MACH_PORT_RIGHT_PORT_SET, &set);
	mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &a);
	mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &b);
	mach_port_insert_right(me, a, a, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_insert_right(me, b, b, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_insert_member(me, a, set);
	mach_port_insert_member(me, b, set);
	mach_port_name_array_t members;
	mach_msg_type_number_t n;
	mach_port_get_set_status(me, set, &members, &n);
	printf("set 0x%x has %u members: 0x%x 0x%x\n", set, n, members[0], members[1]);

	send(b, 601);
	send(a, 602);
	send(b, 603);
	for (int i = 0; i < 3; i++) {
		struct msg_rcv r;
		kr = mach_msg(&r.header, MACH_RCV_MSG, 0, sizeof(r), set, MACH_MSG_TIMEOUT_NONE,
			      MACH_PORT_NULL);
		printf("received id %d on 0x%x (%s)\n", r.header.msgh_id, r.header.msgh_local_port,
		       r.header.msgh_local_port == a ? "a" : "b");
	}

	// What goes wrong (docs/port-rights.md, step 6):
	// (a) a port goes in one set at a time.
	mach_port_t set2;
	mach_port_allocate(me, MACH_PORT_RIGHT_PORT_SET, &set2);
	kr = mach_port_insert_member(me, a, set2);
	printf("mistake (a) a member into a second set: %s (0x%x)\n", mach_error_string(kr), kr);
	// (b) a set has no send rights: messages go to its ports.
	kr = send(set, 604);
	printf("mistake (b) sending to the set: %s (0x%x)\n", mach_error_string(kr), kr);
	// (c) taking out a port that is not in the set.
	kr = mach_port_extract_member(me, a, set2);
	printf("mistake (c) extract from the wrong set: %s (0x%x)\n", mach_error_string(kr), kr);
	return 0;
}
