// SPDX-License-Identifier: BSD-2-Clause
// A first Mach program: it sends a message to itself through a port.
//
//   scripts/run --program personalities/examples/hello_mach.c
//   scripts/test-program personalities/examples/hello_mach.c; echo $?
//
// A task names ports with small integers (port names), each naming a
// right: here a receive right (we own the queue) and a send right made
// from it (we may send to it).  mach_msg sends and receives messages:
// a header (where to, which rights travel, an id) and our data after it.
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>

struct greeting {
	mach_msg_header_t header;
	char text[32];
};

// What a receive buffer needs: the message and the trailer the kernel adds.
struct greeting_rcv {
	struct greeting msg;
	mach_msg_max_trailer_t trailer;
};

int main(void)
{
	mach_port_t port;
	kern_return_t kr;

	printf("Hello from a Mach task: my task port is 0x%x, my bootstrap port 0x%x\n",
	       mach_task_self(), bootstrap_port);

	// (1) A port: we hold its receive right; then make a send right for it.
	kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	if (kr != KERN_SUCCESS) {
		printf("mach_port_allocate: %s\n", mach_error_string(kr));
		return 1;
	}
	kr = mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS) {
		printf("mach_port_insert_right: %s\n", mach_error_string(kr));
		return 1;
	}

	// (2) Send a message to it; it waits in the port's queue.
	struct greeting out = {
		.header = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			.msgh_size = sizeof(out),
			.msgh_remote_port = port,
			.msgh_id = 1234,
		},
	};
	strcpy(out.text, "hello, port");
	mach_msg_return_t mr = mach_msg(&out.header, MACH_SEND_MSG, sizeof(out), 0,
					MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS) {
		printf("send: %s\n", mach_error_string(mr));
		return 1;
	}

	// (3) Receive it back (with a timeout, so a mistake cannot hang us).
	struct greeting_rcv in;
	mr = mach_msg(&in.msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(in), port,
		      1000, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS) {
		printf("receive: %s\n", mach_error_string(mr));
		return 1;
	}
	printf("received message %d: \"%s\"\n", in.msg.header.msgh_id, in.msg.text);

	// (4) Done with the port: destroying the receive right frees it.
	mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(mach_task_self(), port);   // our send right is now a dead name
	return 0;   // the exit status reaches the host: scripts/test-program exits with it
}
