// SPDX-License-Identifier: BSD-2-Clause
// Port rights, step 4 (docs/port-rights.md): send-once rights and replies.
// A request carries a send-once right to the client's reply port
// (MAKE_SEND_ONCE); the server replies once with it (MOVE_SEND_ONCE) and
// the right is gone.  We play both sides.
//
//   scripts/run --program personalities/examples/ports_4_send_once.c
#include <stdio.h>
#include <mach/mach.h>

struct msg {
	mach_msg_header_t header;
	int value;
};

struct msg_rcv {
	struct msg m;
	mach_msg_max_trailer_t trailer;
};

static const char *kind(mach_port_t name)
{
	mach_port_type_t t;
	if (mach_port_type(mach_task_self(), name, &t) != KERN_SUCCESS)
		return "no such name";
	return t & MACH_PORT_TYPE_SEND_ONCE ? "send-once" : t & MACH_PORT_TYPE_SEND ? "send" :
	       t & MACH_PORT_TYPE_RECEIVE ? "receive" : "other";
}

static kern_return_t send(mach_port_t dest, mach_msg_type_name_t dbits, mach_port_t reply,
			  mach_msg_type_name_t rbits, int value)
{
	struct msg m = {
		.header = { .msgh_bits = MACH_MSGH_BITS(dbits, rbits), .msgh_size = sizeof(m),
			    .msgh_remote_port = dest, .msgh_local_port = reply, .msgh_id = 4 },
		.value = value,
	};
	return mach_msg(&m.header, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL,
			MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

static struct msg_rcv receive(mach_port_t port)
{
	struct msg_rcv r = { 0 };
	kern_return_t kr = mach_msg(&r.m.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r),
				    port, 1000, MACH_PORT_NULL);
	if (kr != MACH_MSG_SUCCESS)
		printf("receive on 0x%x: %s\n", port, mach_error_string(kr));
	return r;
}

int main(void)
{
	mach_port_t server, reply;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &server);
	mach_port_insert_right(mach_task_self(), server, server, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply);

	// The client: a request with a send-once right for the answer.
	send(server, MACH_MSG_TYPE_COPY_SEND, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE, 20);
	// The server: the request's reply right is a send-once right.
	struct msg_rcv req = receive(server);
	mach_port_t so = req.m.header.msgh_remote_port;
	printf("server got %d; its reply right 0x%x is %s\n", req.m.value, so, kind(so));
	kern_return_t kr = send(so, MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_PORT_NULL, 0, 21);
	printf("reply: %s; 0x%x is now: %s\n", mach_error_string(kr), so, kind(so));
	struct msg_rcv ans = receive(reply);
	printf("client got %d\n", ans.m.value);

	// What goes wrong (docs/port-rights.md, step 4):
	send(server, MACH_MSG_TYPE_COPY_SEND, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE, 30);
	req = receive(server);
	so = req.m.header.msgh_remote_port;
	// (a) COPY_SEND of a send-once right: it cannot be copied.
	kr = send(so, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 31);
	printf("mistake (a) COPY_SEND of a send-once right: %s (0x%x)\n", mach_error_string(kr), kr);
	// (b) replying twice: the first reply used the right up.
	send(so, MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_PORT_NULL, 0, 31);
	kr = send(so, MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_PORT_NULL, 0, 32);
	printf("mistake (b) a second reply: %s (0x%x)\n", mach_error_string(kr), kr);
	ans = receive(reply);
	// (c) dropping a send-once right unused: the kernel tells the reply
	//     port with a send-once notification, so a client never waits forever.
	send(server, MACH_MSG_TYPE_COPY_SEND, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE, 40);
	req = receive(server);
	mach_port_deallocate(mach_task_self(), req.m.header.msgh_remote_port);
	ans = receive(reply);
	printf("mistake (c) dropped unused: the client gets message id %d "
	       "(MACH_NOTIFY_SEND_ONCE is %d)\n", ans.m.header.msgh_id, MACH_NOTIFY_SEND_ONCE);
	return 0;
}
