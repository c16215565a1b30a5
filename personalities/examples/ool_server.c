// SPDX-License-Identifier: BSD-2-Clause
// Out-of-line memory between tasks, the server: it checks in "sum",
// receives a message carrying 1 MiB out of line (the kernel maps the pages
// into this task, copy-on-write, at an address of its choosing), adds the
// bytes up, replies with the sum and deallocates the memory it was given.
// Its client is ool_client.c:
//
//   scripts/test-program personalities/examples/ool_client.c
//       --server sum=personalities/examples/ool_server.c
#include <stdio.h>
#include <stdint.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>

struct ool_request {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t data;
};

struct sum_reply {
	mach_msg_header_t head;
	uint64_t sum;
};

int main(void)
{
	mach_port_t port;

	if (bootstrap_check_in(bootstrap_port, "sum", &port) != KERN_SUCCESS)
		return 1;
	for (;;) {
		struct {
			struct ool_request r;
			mach_msg_max_trailer_t trailer;
		} in;
		in.r.head.msgh_size = sizeof(in);
		in.r.head.msgh_local_port = port;
		if (mach_msg_receive(&in.r.head) != MACH_MSG_SUCCESS)
			continue;
		const uint8_t *p = in.r.data.address;
		uint64_t sum = 0;
		for (mach_msg_size_t i = 0; i < in.r.data.size; i++)
			sum += p[i];
		printf("ool_server: %u bytes arrived out of line at %p; their sum is %llu\n",
		       in.r.data.size, in.r.data.address, (unsigned long long)sum);
		// The memory is ours now: give it back when done.
		vm_deallocate(mach_task_self(), (vm_address_t)in.r.data.address, in.r.data.size);
		struct sum_reply out = {
			.head = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
			          .msgh_size = sizeof(out),
			          .msgh_remote_port = in.r.head.msgh_remote_port,
			          .msgh_id = in.r.head.msgh_id + 100 },
			.sum = sum,
		};
		(void)mach_msg_send(&out.head);
	}
}
