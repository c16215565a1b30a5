// SPDX-License-Identifier: BSD-2-Clause
// Port rights, step 8 (docs/port-rights.md): out-of-line memory and
// out-of-line port arrays.  An out-of-line descriptor carries a region of
// memory (the receiver gets it at an address of its own, and must
// vm_deallocate it); a port-array descriptor carries many rights at once.
//
//   scripts/run --program personalities/examples/ports_8_out_of_line.c
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>

struct ool {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t data;
	mach_msg_ool_ports_descriptor_t ports;
};
struct ool_rcv { struct ool m; mach_msg_max_trailer_t trailer; };

static unsigned urefs(mach_port_t name)
{
	mach_port_urefs_t n = 0;
	mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, &n);
	return n;
}

static kern_return_t send(mach_port_t dest, void *data, size_t size, mach_port_t *names,
			  unsigned count)
{
	struct ool m = {
		.header = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
					 MACH_MSGH_BITS_COMPLEX,
			    .msgh_size = sizeof(m), .msgh_remote_port = dest, .msgh_id = 8 },
		.body = { 2 },
		.data = { .address = data, .size = size, .deallocate = false,
			  .copy = MACH_MSG_VIRTUAL_COPY, .type = MACH_MSG_OOL_DESCRIPTOR },
		.ports = { .address = names, .count = count, .deallocate = false,
			   .copy = MACH_MSG_PHYSICAL_COPY, .disposition = MACH_MSG_TYPE_COPY_SEND,
			   .type = MACH_MSG_OOL_PORTS_DESCRIPTOR },
	};
	return mach_msg(&m.header, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL,
			MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

int main(void)
{
	mach_port_t me = mach_task_self(), box, p[3];
	kern_return_t kr;
	mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &box);
	mach_port_insert_right(me, box, box, MACH_MSG_TYPE_MAKE_SEND);
	for (int i = 0; i < 3; i++) {
		mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &p[i]);
		mach_port_insert_right(me, p[i], p[i], MACH_MSG_TYPE_MAKE_SEND);
	}
	vm_address_t page = 0;
	vm_allocate(me, &page, vm_page_size, VM_FLAGS_ANYWHERE);
	strcpy((char *)page, "a page of text, out of line");

	kr = send(box, (void *)page, vm_page_size, p, 3);
	printf("sent a page and 3 send rights: %s; urefs of 0x%x now %u\n",
	       mach_error_string(kr), p[0], urefs(p[0]));
	struct ool_rcv r;
	kr = mach_msg(&r.m.header, MACH_RCV_MSG, 0, sizeof(r), box, MACH_MSG_TIMEOUT_NONE,
		      MACH_PORT_NULL);
	mach_port_t *got = r.m.ports.address;
	printf("received: %s; the page at %s address, %u bytes: \"%s\"\n", mach_error_string(kr),
	       (vm_address_t)r.m.data.address == page ? "the same" : "another",
	       (unsigned)r.m.data.size, (char *)r.m.data.address);
	printf("%u rights: 0x%x 0x%x 0x%x (the names we had: 0x%x 0x%x 0x%x); urefs of 0x%x %u\n",
	       r.m.ports.count, got[0], got[1], got[2], p[0], p[1], p[2], p[0], urefs(p[0]));
	// Both regions are ours now: give them back.
	vm_deallocate(me, (vm_address_t)r.m.data.address, r.m.data.size);
	vm_deallocate(me, (vm_address_t)got, r.m.ports.count * sizeof(mach_port_t));

	// What goes wrong (docs/port-rights.md, step 8):
	// (a) an array holding a name we have no send right for.
	mach_port_t bad[3] = { p[0], 0x7777, p[2] };
	kr = send(box, (void *)page, vm_page_size, bad, 3);
	printf("mistake (a) a bad name in the port array: %s (0x%x)\n", mach_error_string(kr), kr);
	// (b) memory that is not there.
	kr = send(box, (void *)0x10, vm_page_size, p, 3);
	printf("mistake (b) out-of-line memory at 0x10: %s (0x%x)\n", mach_error_string(kr), kr);
	// (c) a receive buffer with no room for the descriptors.
	send(box, (void *)page, vm_page_size, p, 3);
	mach_msg_header_t small;
	kr = mach_msg(&small, MACH_RCV_MSG, 0, sizeof(small), box, MACH_MSG_TIMEOUT_NONE,
		      MACH_PORT_NULL);
	printf("mistake (c) receive into a header-sized buffer: %s (0x%x)\n", mach_error_string(kr),
	       kr);
	return 0;
}
