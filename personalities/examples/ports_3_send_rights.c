// SPDX-License-Identifier: BSD-2-Clause
// Port rights, step 3 (docs/port-rights.md): rights travel in messages.
// A port descriptor carries a right with a disposition: MOVE_SEND (ours
// goes), COPY_SEND (we keep ours), MAKE_SEND (made from our receive right).
// We send to ourselves, so each right arrives back in our own space, under
// the name it already has there.
//
//   scripts/run --program personalities/examples/ports_3_send_rights.c
#include <stdbool.h>
#include <stdio.h>
#include <mach/mach.h>

struct carry {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t right;
};

struct carry_rcv {
	struct carry msg;
	mach_msg_max_trailer_t trailer;
};

static mach_port_t mailbox, thing;

static unsigned urefs(mach_port_t name)
{
	mach_port_urefs_t n = 0;
	mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, &n);
	return n;
}

static unsigned mscount(mach_port_t name)
{
	mach_port_status_t st;
	mach_msg_type_number_t cnt = MACH_PORT_RECEIVE_STATUS_COUNT;
	mach_port_get_attributes(mach_task_self(), name, MACH_PORT_RECEIVE_STATUS,
				 (mach_port_info_t)&st, &cnt);
	return st.mps_mscount;
}

// Send `thing' with `disposition' to the mailbox; print what happened.
static void carry(const char *what, mach_msg_type_name_t disposition, bool complex)
{
	struct carry m = {
		.header = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
				     (complex ? MACH_MSGH_BITS_COMPLEX : 0),
			.msgh_size = sizeof(m), .msgh_remote_port = mailbox, .msgh_id = 3,
		},
		.body = { 1 },
		.right = { .name = thing, .disposition = disposition,
			   .type = MACH_MSG_PORT_DESCRIPTOR },
	};
	unsigned before = urefs(thing);
	kern_return_t kr = mach_msg(&m.header, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL,
				    MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (kr != MACH_MSG_SUCCESS) {
		printf("%-10s send: %s (0x%x)\n", what, mach_error_string(kr), kr);
		return;
	}
	unsigned sent = urefs(thing);
	struct carry_rcv r;
	kr = mach_msg(&r.msg.header, MACH_RCV_MSG, 0, sizeof(r), mailbox, MACH_MSG_TIMEOUT_NONE,
		      MACH_PORT_NULL);
	printf("%-10s urefs %u -> %u after send -> %u after receive; arrived as 0x%x%s\n", what,
	       before, sent, urefs(thing), r.msg.right.name,
	       r.msg.header.msgh_bits & MACH_MSGH_BITS_COMPLEX ? "" : " (not a right: just data)");
}

int main(void)
{
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &mailbox);
	mach_port_insert_right(mach_task_self(), mailbox, mailbox, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &thing);
	mach_port_insert_right(mach_task_self(), thing, thing, MACH_MSG_TYPE_MAKE_SEND);
	printf("thing is 0x%x, make-send count %u\n", thing, mscount(thing));

	carry("COPY_SEND", MACH_MSG_TYPE_COPY_SEND, true);
	carry("MOVE_SEND", MACH_MSG_TYPE_MOVE_SEND, true);
	carry("MAKE_SEND", MACH_MSG_TYPE_MAKE_SEND, true);
	printf("make-send count now %u\n", mscount(thing));

	// What goes wrong (docs/port-rights.md, step 3):
	mach_port_t only_recv;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &only_recv);
	mach_port_t saved = thing;
	// (a) COPY_SEND of a name with no send right (only a receive right).
	thing = only_recv;
	carry("mistake (a)", MACH_MSG_TYPE_COPY_SEND, true);
	// (b) descriptors without MACH_MSGH_BITS_COMPLEX: the kernel takes them for data.
	thing = saved;
	carry("mistake (b)", MACH_MSG_TYPE_COPY_SEND, false);
	// (c) MOVE_SEND of our last send right leaves the name with the receive right only.
	mach_port_mod_refs(mach_task_self(), thing, MACH_PORT_RIGHT_SEND, -(int)urefs(thing) + 1);
	carry("last MOVE", MACH_MSG_TYPE_MOVE_SEND, true);
	return 0;
}
