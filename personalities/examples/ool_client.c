// SPDX-License-Identifier: BSD-2-Clause
// Out-of-line memory between tasks, the client: it fills 1 MiB (from
// vm_allocate) and sends it to the "sum" server (ool_server.c) in an
// out-of-line descriptor, which moves pages, not bytes: the kernel maps
// them into the server copy-on-write.  The server's answer is checked.
//
//   scripts/test-program personalities/examples/ool_client.c
//       --server sum=personalities/examples/ool_server.c
#include <stdio.h>
#include <stdint.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>

#define SIZE (1024 * 1024)

int main(void)
{
	mach_port_t sum_port, reply;
	vm_address_t buf = 0;
	uint64_t expect = 0;

	if (bootstrap_look_up(bootstrap_port, "sum", &sum_port) != KERN_SUCCESS)
		return 1;
	vm_allocate(mach_task_self(), &buf, SIZE, VM_FLAGS_ANYWHERE);
	for (int i = 0; i < SIZE; i++) {
		((uint8_t *)buf)[i] = (uint8_t)(i * 7);
		expect += (uint8_t)(i * 7);
	}
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply);
	struct {
		mach_msg_header_t head;
		mach_msg_body_t body;
		mach_msg_ool_descriptor_t data;
	} req = {
		.head = { .msgh_bits = MACH_MSGH_BITS_COMPLEX |
		                       MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		          .msgh_size = sizeof(req), .msgh_remote_port = sum_port,
		          .msgh_local_port = reply, .msgh_id = 600 },
		.body = { 1 },
		.data = { .address = (void *)buf, .size = SIZE, .deallocate = FALSE,
		          .copy = MACH_MSG_VIRTUAL_COPY, .type = MACH_MSG_OOL_DESCRIPTOR },
	};
	struct {
		mach_msg_header_t head;
		uint64_t sum;
		mach_msg_max_trailer_t trailer;
	} rep;
	printf("ool_client: sending %d bytes at %p out of line\n", SIZE, (void *)buf);
	mach_msg_return_t mr = mach_msg_overwrite(&req.head, MACH_SEND_MSG | MACH_RCV_MSG,
	                                          sizeof(req), sizeof(rep), reply,
	                                          MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL,
	                                          &rep.head, sizeof(rep));
	if (mr != MACH_MSG_SUCCESS) {
		printf("ool_client: %s\n", mach_error_string(mr));
		return 1;
	}
	printf("ool_client: the server summed %llu, expected %llu\n",
	       (unsigned long long)rep.sum, (unsigned long long)expect);
	return rep.sum == expect ? 0 : 1;
}
