// SPDX-License-Identifier: BSD-2-Clause
// Port rights, step 5 (docs/port-rights.md): the kernel's notifications.
// No-senders: the receiver learns that the last send right went (a server
// closes the object the port stood for).  Dead name: a sender learns that
// the receive right went (its server died); its send right is now a dead
// name.  Both arrive as messages on a port we name in the request, with a
// send-once right made for them.
//
//   scripts/run --program personalities/examples/ports_5_notifications.c
#include <stdio.h>
#include <mach/mach.h>
#include <mach/notify.h>

union note {
	mach_msg_header_t header;
	mach_no_senders_notification_t no_senders;
	mach_dead_name_notification_t dead_name;
	struct {
		mach_msg_header_t header;
		char room[256];
	} any;
};

static union note wait_note(mach_port_t notify)
{
	union note n = { 0 };
	kern_return_t kr = mach_msg(&n.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(n),
				    notify, 1000, MACH_PORT_NULL);
	if (kr != MACH_MSG_SUCCESS)
		printf("  no notification: %s\n", mach_error_string(kr));
	return n;
}

int main(void)
{
	mach_port_t me = mach_task_self(), notify, object, previous;
	kern_return_t kr;
	mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &notify);

	// No-senders: a port with two send rights; tell us when none is left.
	mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &object);
	mach_port_insert_right(me, object, object, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_mod_refs(me, object, MACH_PORT_RIGHT_SEND, 1);
	kr = mach_port_request_notification(me, object, MACH_NOTIFY_NO_SENDERS, 0, notify,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	printf("no-senders request on 0x%x: %s\n", object, mach_error_string(kr));
	mach_port_deallocate(me, object);
	printf("one send right dropped, one left\n");
	mach_port_deallocate(me, object);
	union note n = wait_note(notify);
	printf("last one dropped: message id %d (MACH_NOTIFY_NO_SENDERS is %d), mscount %u\n",
	       n.header.msgh_id, MACH_NOTIFY_NO_SENDERS, n.no_senders.not_count);

	// Dead name: we hold a send right to `server' and ask to hear of its death.
	mach_port_t server;
	mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &server);
	mach_port_insert_right(me, server, server, MACH_MSG_TYPE_MAKE_SEND);
	kr = mach_port_request_notification(me, server, MACH_NOTIFY_DEAD_NAME, 0, notify,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	printf("dead-name request on 0x%x: %s\n", server, mach_error_string(kr));
	// The receive right goes (here: we destroy it; usually its task ends).
	mach_port_mod_refs(me, server, MACH_PORT_RIGHT_RECEIVE, -1);
	n = wait_note(notify);
	mach_port_type_t type = 0;
	mach_port_urefs_t dead = 0;
	mach_port_type(me, server, &type);
	mach_port_get_refs(me, server, MACH_PORT_RIGHT_DEAD_NAME, &dead);
	printf("receive right destroyed: message id %d (MACH_NOTIFY_DEAD_NAME is %d) "
	       "for 0x%x; 0x%x is %s with %u urefs\n", n.header.msgh_id, MACH_NOTIFY_DEAD_NAME,
	       n.dead_name.not_port, server,
	       type & MACH_PORT_TYPE_DEAD_NAME ? "a dead name" : "not dead", dead);
	// The notification holds a reference of the dead name too: two to drop.
	mach_port_mod_refs(me, server, MACH_PORT_RIGHT_DEAD_NAME, -(int)dead);

	// What goes wrong (docs/port-rights.md, step 5):
	mach_port_t sender;
	mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &sender);
	mach_port_insert_right(me, sender, sender, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_t only_send;
	mach_msg_type_name_t got;
	mach_port_extract_right(me, sender, MACH_MSG_TYPE_MAKE_SEND, &only_send, &got);
	// (a) no-senders on a dead name: only a receive right can ask.
	mach_port_t dn;
	mach_port_allocate(me, MACH_PORT_RIGHT_DEAD_NAME, &dn);
	kr = mach_port_request_notification(me, dn, MACH_NOTIFY_NO_SENDERS, 0, notify,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	printf("mistake (a) no-senders request on a dead name: %s (0x%x)\n", mach_error_string(kr), kr);
	// (b) a notification port we hold no receive right for (MAKE_SEND_ONCE needs it).
	kr = mach_port_request_notification(me, sender, MACH_NOTIFY_NO_SENDERS, 0, dn,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	printf("mistake (b) notify port is a dead name: %s (0x%x)\n", mach_error_string(kr), kr);
	// (c) an id that is not a notification the kernel sends on request.
	kr = mach_port_request_notification(me, sender, MACH_NOTIFY_SEND_ONCE, 0, notify,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	printf("mistake (c) MACH_NOTIFY_SEND_ONCE requested: %s (0x%x)\n", mach_error_string(kr), kr);
	return 0;
}
