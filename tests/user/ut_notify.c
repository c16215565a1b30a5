/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's notifications, received and taken apart by the stubs mig
 * makes from <mach/notify.defs>: the kernel's message layouts and mig's
 * must agree (no NDR record where no inline data follows, as in Apple's MIG).
 */
#include <string.h>
#include <mach/notify.h>
#include "utest.h"
#include "notifyServer.h"

/* What the do_mach_notify_* routines saw, for the test to check. */
static struct {
	int id;			/* which routine ran */
	mach_port_t notify;
	mach_port_name_t name;
	mach_port_t rights;
	mach_port_mscount_t mscount;
} seen;

kern_return_t
do_mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	seen.id = MACH_NOTIFY_PORT_DELETED;
	seen.notify = notify;
	seen.name = name;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	seen.id = MACH_NOTIFY_PORT_DESTROYED;
	seen.notify = notify;
	seen.rights = rights;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	seen.id = MACH_NOTIFY_NO_SENDERS;
	seen.notify = notify;
	seen.mscount = mscount;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_send_once(mach_port_t notify)
{
	seen.id = MACH_NOTIFY_SEND_ONCE;
	seen.notify = notify;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	seen.id = MACH_NOTIFY_DEAD_NAME;
	seen.notify = notify;
	seen.name = name;
	return KERN_SUCCESS;
}

/*
 * Receive one message on `port' and hand it to notify_server.  Returns the
 * id of the do_ routine that ran (0 if none did), or -1 if nothing came.
 */
static int
serve_one(mach_port_t port)
{
	union {
		mach_msg_header_t head;
		char room[256];
	} in, out;
	memset(&seen, 0, sizeof(seen));
	mach_msg_return_t mr = mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
					sizeof(in), port, 1000, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return -1;
	if (!notify_server(&in.head, &out.head))
		return 0;
	/* The routine's answer; a notification has no reply port, so no reply goes. */
	if (((mig_reply_error_t *)&out)->RetCode != KERN_SUCCESS || in.head.msgh_remote_port)
		return 0;
	return seen.id;
}

UTEST(notifications_are_served_by_the_mig_notify_stubs)
{
	mach_port_t n = ut_port(), prev;
	mach_port_t self = mach_task_self();

	/* no-senders: the last send right goes. */
	mach_port_t a = ut_port_with_send();
	KR(mach_port_request_notification(self, a, MACH_NOTIFY_NO_SENDERS, 0, n,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	KR(mach_port_deallocate(self, a));
	int id = serve_one(n);
	KR(mach_port_destroy(self, a));
	CHECK(id == MACH_NOTIFY_NO_SENDERS && seen.mscount == 1, "no-senders: id %d mscount %u",
	      id, seen.mscount);

	/* send-once: a send-once right dies unused. */
	mach_port_t so;
	mach_msg_type_name_t so_type;
	KR(mach_port_extract_right(self, n, MACH_MSG_TYPE_MAKE_SEND_ONCE, &so, &so_type));
	KR(mach_port_deallocate(self, so));
	id = serve_one(n);
	CHECK(id == MACH_NOTIFY_SEND_ONCE, "send-once: id %d", id);

	/* dead-name: the receive right behind our send right dies. */
	mach_port_t b = ut_port_with_send();
	KR(mach_port_insert_right(self, b, b, MACH_MSG_TYPE_MAKE_SEND));	/* 2 urefs */
	KR(mach_port_request_notification(self, b, MACH_NOTIFY_DEAD_NAME, 0, n,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	KR(mach_port_mod_refs(self, b, MACH_PORT_RIGHT_RECEIVE, -1));
	id = serve_one(n);
	CHECK(id == MACH_NOTIFY_DEAD_NAME && seen.name == b, "dead-name: id %d name %#x (%#x)",
	      id, seen.name, b);
	/* The notification carried one more reference to the dead name. */
	mach_port_urefs_t refs = 0;
	KR(mach_port_get_refs(self, b, MACH_PORT_RIGHT_DEAD_NAME, &refs));
	CHECK(refs == 3, "dead name urefs %u", refs);
	KR(mach_port_mod_refs(self, b, MACH_PORT_RIGHT_DEAD_NAME, -3));

	/*
	 * port-deleted: a watched send right goes while its port lives.  The
	 * receive right travels in a message queued on `q' first, so that the
	 * send right has a name of its own.
	 */
	mach_port_t d = ut_port_with_send(), q = ut_port();
	struct {
		mach_msg_header_t head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
	} carry;
	memset(&carry, 0, sizeof(carry));
	carry.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	carry.head.msgh_size = sizeof(carry);
	carry.head.msgh_remote_port = q;
	carry.body.msgh_descriptor_count = 1;
	carry.port.name = d;
	carry.port.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	carry.port.type = MACH_MSG_PORT_DESCRIPTOR;
	mach_msg_return_t mr = mach_msg(&carry.head, MACH_SEND_MSG, sizeof(carry), 0,
					MACH_PORT_NULL, 0, MACH_PORT_NULL);
	CHECK(mr == MACH_MSG_SUCCESS, "moving the receive right: %#x", mr);
	KR(mach_port_request_notification(self, d, MACH_NOTIFY_DEAD_NAME, 0, n,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	KR(mach_port_deallocate(self, d));	/* the only send right; the port lives */
	id = serve_one(n);
	CHECK(id == MACH_NOTIFY_PORT_DELETED && seen.name == d, "port-deleted: id %d name %#x (%#x)",
	      id, seen.name, d);
	KR(mach_port_destroy(self, q));		/* and with it the queued receive right */

	/* port-destroyed: the receive right comes back in the notification. */
	mach_port_t e = ut_port();
	KR(mach_port_request_notification(self, e, MACH_NOTIFY_PORT_DESTROYED, 0, n,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	KR(mach_port_destroy(self, e));
	id = serve_one(n);
	mach_port_type_t type = 0;
	kern_return_t kr = id == MACH_NOTIFY_PORT_DESTROYED ?
		mach_port_type(self, seen.rights, &type) : KERN_INVALID_NAME;
	CHECK(id == MACH_NOTIFY_PORT_DESTROYED && kr == KERN_SUCCESS &&
	      (type & MACH_PORT_TYPE_RECEIVE), "port-destroyed: id %d kr %#x type %#x", id, kr,
	      type);
	mach_port_destroy(self, seen.rights);

	mach_port_destroy(self, n);
	return 0;
}

/*
 * A dead name as the notify port of any request names nothing that could
 * be told: the request is as none, and the port's destruction, its last
 * sender's going and its death are quiet (found by scripts/fuzz: a
 * port-destroyed request to a dead notify port crashed the kernel when
 * the port was destroyed).
 */
UTEST(notification_requests_to_a_dead_notify_port_are_as_none)
{
	task_t self = mach_task_self();
	static const mach_msg_id_t ids[] = {
		MACH_NOTIFY_PORT_DESTROYED, MACH_NOTIFY_NO_SENDERS, MACH_NOTIFY_DEAD_NAME,
	};
	for (unsigned i = 0; i < 3; i++) {
		mach_port_t p = ut_port_with_send(), previous = MACH_PORT_NULL;
		kern_return_t kr = mach_port_request_notification(self, p, ids[i], 0, MACH_PORT_DEAD,
								  MACH_MSG_TYPE_MAKE_SEND_ONCE,
								  &previous);
		mach_port_deallocate(self, p);		/* the send right: no senders */
		mach_port_destroy(self, p);		/* port destroyed */
		CHECK(kr == KERN_SUCCESS || kr == KERN_INVALID_RIGHT, "request %d: %#x", ids[i], kr);
		CHECK(previous == MACH_PORT_NULL, "request %d: previous %#x", ids[i], previous);
	}
	return 0;
}
