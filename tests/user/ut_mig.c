/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Stubs mig makes from GNU Mach's and the Hurd's constructs
 * (mig_wire.defs), through the real kernel: the dispositions the stubs
 * name are the rights that arrive, and rights sent away leave the sender.
 */
#include <string.h>
#include "utest.h"
#include "mig_wire.h"
#include "mig_wireServer.h"

/* What the server functions saw. */
static struct {
	mach_msg_type_name_t replyPoly;
	mach_msg_bits_t bits;		/* the last request's header bits as received */
	int code;
	mach_msg_type_name_t rcv_type, snd_type;
} seen;

kern_return_t S_wire_hello(mach_port_t server, mach_port_t reply, mach_msg_type_name_t replyPoly,
			   int x, int *y)
{
	(void)server;
	(void)reply;
	seen.replyPoly = replyPoly;
	*y = x + 1;
	return KERN_SUCCESS;
}

kern_return_t S_wire_reply_to(mach_port_t reply_port, int code)
{
	(void)reply_port;
	seen.code = code;
	return KERN_SUCCESS;
}

/* The rights arrive in this same task: say what they are, then drop them. */
kern_return_t S_wire_give(mach_port_t server, mach_port_t rcv, mach_port_t snd, int *n)
{
	mach_port_type_t t = 0;
	(void)server;
	mach_port_type(mach_task_self(), rcv, &t);
	seen.rcv_type = (t & MACH_PORT_TYPE_RECEIVE) ? MACH_MSG_TYPE_PORT_RECEIVE : 0;
	mach_port_mod_refs(mach_task_self(), rcv, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_type(mach_task_self(), snd, &t);
	seen.snd_type = (t & MACH_PORT_TYPE_SEND) ? MACH_MSG_TYPE_PORT_SEND : 0;
	mach_port_deallocate(mach_task_self(), snd);
	*n = 2;
	return KERN_SUCCESS;
}

static boolean_t
demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	seen.bits = in->msgh_bits;
	return mig_wire_server(in, out);
}

/* A thread serving one request on the port. */
static void
serve_one(void *arg)
{
	mach_msg_server_once(demux, mig_wire_subsystem.maxsize, (mach_port_t)(uintptr_t)arg, 0);
}

UTEST(mig_hurd_reply_port_arrives_as_a_send_once_right_and_the_server_is_told)
{
	mach_port_t port = ut_port_with_send();
	struct ut_thread t;
	int y = 0;

	memset(&seen, 0, sizeof(seen));
	KR(ut_thread(serve_one, (void *)(uintptr_t)port, &t));
	KR(wire_hello(port, 41, &y));
	KR(ut_join(&t));
	CHECK(y == 42, "y %d", y);
	CHECK(MACH_MSGH_BITS_REMOTE(seen.bits) == MACH_MSG_TYPE_PORT_SEND_ONCE, "bits %#x", seen.bits);
	CHECK(seen.replyPoly == MACH_MSG_TYPE_PORT_SEND_ONCE, "replyPoly %u", seen.replyPoly);
	KR(mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1));
	KR(mach_port_deallocate(mach_task_self(), port));
	return 0;
}

UTEST(mig_polymorphic_request_port_made_or_moved_as_the_caller_says)
{
	mach_port_t port = ut_port();
	mach_port_t once = MACH_PORT_NULL;
	mach_msg_type_name_t got = 0;
	mach_port_type_t type = 0;

	memset(&seen, 0, sizeof(seen));
	/* Made from the receive right: the request arrives on a send-once right. */
	KR(wire_reply_to(port, MACH_MSG_TYPE_MAKE_SEND_ONCE, 7));
	KR(mach_msg_server_once(demux, mig_wire_subsystem.maxsize, port, 0));
	CHECK(seen.code == 7, "code %d", seen.code);
	CHECK(MACH_MSGH_BITS_LOCAL(seen.bits) == MACH_MSG_TYPE_PORT_SEND_ONCE, "bits %#x", seen.bits);
	/* Moved: the caller's send-once right is gone once sent. */
	KR(mach_port_extract_right(mach_task_self(), port, MACH_MSG_TYPE_MAKE_SEND_ONCE, &once, &got));
	KR(wire_reply_to(once, MACH_MSG_TYPE_MOVE_SEND_ONCE, 8));
	CHECK(mach_port_type(mach_task_self(), once, &type) == KERN_INVALID_NAME,
	      "the send-once right %#x is still here (type %#x)", once, type);
	KR(mach_msg_server_once(demux, mig_wire_subsystem.maxsize, port, 0));
	CHECK(seen.code == 8, "code %d", seen.code);
	CHECK(MACH_MSGH_BITS_LOCAL(seen.bits) == MACH_MSG_TYPE_PORT_SEND_ONCE, "bits %#x", seen.bits);
	KR(mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1));
	return 0;
}

UTEST(mig_dealloc_ports_leave_the_sender)
{
	mach_port_t port = ut_port_with_send();
	mach_port_t rcv = ut_port(), snd = ut_port_with_send();
	mach_port_urefs_t refs = 9;
	mach_port_type_t type = 0;
	struct ut_thread t;
	int n = 0;

	memset(&seen, 0, sizeof(seen));
	KR(ut_thread(serve_one, (void *)(uintptr_t)port, &t));
	KR(wire_give(port, rcv, snd, &n));
	KR(ut_join(&t));
	CHECK(n == 2, "n %d", n);
	CHECK(seen.rcv_type == MACH_MSG_TYPE_PORT_RECEIVE, "receive right did not arrive");
	CHECK(seen.snd_type == MACH_MSG_TYPE_PORT_SEND, "send right did not arrive");
	/* The server dropped what it got: nothing stayed with the sender. */
	CHECK(mach_port_type(mach_task_self(), rcv, &type) == KERN_INVALID_NAME,
	      "receive right %#x still here (type %#x)", rcv, type);
	KR(mach_port_get_refs(mach_task_self(), snd, MACH_PORT_RIGHT_SEND, &refs));
	CHECK(refs == 0, "%u send references left", refs);
	KR(mach_port_mod_refs(mach_task_self(), snd, MACH_PORT_RIGHT_RECEIVE, -1));
	KR(mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1));
	KR(mach_port_deallocate(mach_task_self(), port));
	return 0;
}
