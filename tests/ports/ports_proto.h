/* SPDX-License-Identifier: BSD-2-Clause */
/* The messages between ports_test and ports_peer (tests/ports). */
#ifndef _TESTS_PORTS_PROTO_H_
#define _TESTS_PORTS_PROTO_H_
#include <mach/mach.h>

#define PEER_MSG_ID 4242
/* ports_peer's label for its service port, set before it receives. */
#define PEER_LABEL "service port of ports_peer"

/* A task port to try to read, and a send-once right for the answer. */
struct peer_request {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t task;
};

struct peer_request_rcv {
	struct peer_request req;
	mach_msg_max_trailer_t trailer;
};

/* What the kernel answered the unprivileged peer. */
struct peer_reply {
	mach_msg_header_t header;
	kern_return_t other_space_info;		/* mach_port_space_info(other task) */
	kern_return_t other_space_rights;	/* mach_port_space_rights(other task) */
	kern_return_t other_kernel_object;	/* mach_port_kernel_object(other task, 0x101) */
	kern_return_t own_space_info;
	kern_return_t own_space_rights;
};

struct peer_reply_rcv {
	struct peer_reply rep;
	mach_msg_max_trailer_t trailer;
};

#endif
