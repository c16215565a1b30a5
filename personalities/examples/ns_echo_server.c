// SPDX-License-Identifier: BSD-2-Clause
// Two tasks finding each other through the name service (bootstrap): this
// server checks in the service "echo" and answers each message, on the
// send-once right it carries, with its text in capitals.  Its client is
// ns_echo_client.c:
//
//   scripts/test-program personalities/examples/ns_echo_client.c
//       --server echo=personalities/examples/ns_echo_server.c
//
// (--server declares the service for this task, as the boot.conf line
// "--service=echo ns_echo_server" would, and starts it first.)
#include <ctype.h>
#include <stdio.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>

struct echo_msg {
	mach_msg_header_t head;
	char text[64];
};

int main(void)
{
	mach_port_t port;
	kern_return_t kr = bootstrap_check_in(bootstrap_port, "echo", &port);

	if (kr != KERN_SUCCESS) {
		printf("ns_echo_server: bootstrap_check_in: %s\n", mach_error_string(kr));
		return 1;
	}
	printf("ns_echo_server: checked in \"echo\"\n");
	for (;;) {
		struct {
			struct echo_msg m;
			mach_msg_max_trailer_t trailer;
		} in;
		in.m.head.msgh_size = sizeof(in);
		in.m.head.msgh_local_port = port;
		if (mach_msg_receive(&in.m.head) != MACH_MSG_SUCCESS)
			continue;
		struct echo_msg out = {
			// The reply goes to the send-once right the request carried.
			.head = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
			          .msgh_size = sizeof(out),
			          .msgh_remote_port = in.m.head.msgh_remote_port,
			          .msgh_id = in.m.head.msgh_id + 100 },
		};
		for (int i = 0; i < 63 && in.m.text[i]; i++)
			out.text[i] = (char)toupper((unsigned char)in.m.text[i]);
		(void)mach_msg_send(&out.head);
	}
}
