// SPDX-License-Identifier: BSD-2-Clause
// The client of ns_echo_server.c: it finds the service "echo" with
// bootstrap_look_up, sends a message with a reply port (a send-once right
// made from a receive right of its own) and waits for the answer.
//
//   scripts/test-program personalities/examples/ns_echo_client.c
//       --server echo=personalities/examples/ns_echo_server.c
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>

struct echo_msg {
	mach_msg_header_t head;
	char text[64];
};

int main(void)
{
	mach_port_t echo, reply;
	kern_return_t kr = bootstrap_look_up(bootstrap_port, "echo", &echo);

	if (kr != KERN_SUCCESS) {
		printf("ns_echo_client: bootstrap_look_up: %s\n", mach_error_string(kr));
		return 1;
	}
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply);
	struct {
		struct echo_msg m;
		mach_msg_max_trailer_t trailer;
	} r;
	struct echo_msg m = {
		.head = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
		                                      MACH_MSG_TYPE_MAKE_SEND_ONCE),
		          .msgh_size = sizeof(m), .msgh_remote_port = echo,
		          .msgh_local_port = reply, .msgh_id = 500 },
	};
	strcpy(m.text, "hello, name service");
	// Send the request, and receive the answer into r (room for the
	// trailer the kernel appends), in one call.
	mach_msg_return_t mr = mach_msg_overwrite(&m.head, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m),
	                                          sizeof(r), reply, MACH_MSG_TIMEOUT_NONE,
	                                          MACH_PORT_NULL, &r.m.head, sizeof(r));
	if (mr != MACH_MSG_SUCCESS) {
		printf("ns_echo_client: mach_msg_overwrite: %s\n", mach_error_string(mr));
		return 1;
	}
	printf("ns_echo_client: sent \"hello, name service\", got \"%s\" (id %d)\n",
	       r.m.text, r.m.head.msgh_id);
	return strcmp(r.m.text, "HELLO, NAME SERVICE") == 0 ? 0 : 1;
}
