/* SPDX-License-Identifier: BSD-2-Clause */
/* Self-tests of notifications: no-senders, dead-name, port-deleted, port-destroyed, send-once. */
#include "kern/selftest.h"
#include "lib/string.h"
#include "st_ipc.h"

typedef struct {
	mach_msg_header_t header;
	NDR_record_t ndr;
	uint32_t value;
	uint8_t room[96];
} st_notification_t;

/* Ask for notification `id' on `name', delivered to port `to' (same space). */
static kern_return_t
request(ipc_space_t s, mach_port_name_t name, mach_msg_id_t id, mach_port_name_t to)
{
	ipc_port_t notify, previous;
	mach_msg_type_name_t type;
	kern_return_t kr = mach_port_extract_right(s, to, MACH_MSG_TYPE_MAKE_SEND_ONCE, &notify,
						   &type);
	if (kr != KERN_SUCCESS)
		return kr;
	return mach_port_request_notification(s, name, id, 0, notify, &previous);
}

SELFTEST(notify_no_senders_after_the_last_send_right_is_dropped)
{
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t p = st_port(s, 0), n = st_port(s, 0);
	mach_port_name_t sp = st_give(s, p, MACH_MSG_TYPE_MAKE_SEND, t);
	kern_return_t kr = request(s, p, MACH_NOTIFY_NO_SENDERS, n);
	st_notification_t m;
	mach_msg_return_t early = st_recv(s, n, &m, sizeof(m), 0, 0);
	mach_port_deallocate(t, sp);
	mach_msg_return_t mr = st_recv(s, n, &m, sizeof(m), 0, 0);
	st_space_done(t);
	st_space_done(s);
	CHECK(kr == KERN_SUCCESS, "request %d", kr);
	CHECK(early == MACH_RCV_TIMED_OUT, "notified while a sender was left: %#x", early);
	CHECK(mr == MACH_MSG_SUCCESS && m.header.msgh_id == MACH_NOTIFY_NO_SENDERS,
	      "mr %#x id %d", mr, m.header.msgh_id);
	CHECK(m.value == 1, "mscount %u", m.value);
	return 0;
}

SELFTEST(notify_dead_name_when_the_receive_right_dies)
{
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t p = st_port(s, 0), n = st_port(t, 0);
	mach_port_name_t sp = st_give(s, p, MACH_MSG_TYPE_MAKE_SEND, t);
	kern_return_t kr = request(t, sp, MACH_NOTIFY_DEAD_NAME, n);
	mach_port_type_t with_request = st_type(t, sp);
	mach_port_destroy(s, p);
	st_notification_t m;
	mach_msg_return_t mr = st_recv(t, n, &m, sizeof(m), 0, 0);
	mach_port_urefs_t refs = st_refs(t, sp, MACH_PORT_RIGHT_DEAD_NAME);
	st_space_done(t);
	st_space_done(s);
	CHECK(kr == KERN_SUCCESS, "request %d", kr);
	CHECK(with_request & MACH_PORT_TYPE_DNREQUEST, "type %#x lacks DNREQUEST", with_request);
	CHECK(mr == MACH_MSG_SUCCESS && m.header.msgh_id == MACH_NOTIFY_DEAD_NAME,
	      "mr %#x id %d", mr, m.header.msgh_id);
	CHECK(m.value == sp, "named %#x, expected %#x", m.value, sp);
	CHECK(refs == 2, "dead name urefs %u: the notification adds one", refs);
	return 0;
}

SELFTEST(notify_port_deleted_when_a_watched_send_right_is_dropped)
{
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t p = st_port(s, 0), n = st_port(t, 0);
	mach_port_name_t sp = st_give(s, p, MACH_MSG_TYPE_MAKE_SEND, t);
	request(t, sp, MACH_NOTIFY_DEAD_NAME, n);
	mach_port_deallocate(t, sp);
	st_notification_t m;
	mach_msg_return_t mr = st_recv(t, n, &m, sizeof(m), 0, 0);
	st_space_done(t);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS && m.header.msgh_id == MACH_NOTIFY_PORT_DELETED,
	      "mr %#x id %d", mr, m.header.msgh_id);
	CHECK(m.value == sp, "named %#x, expected %#x", m.value, sp);
	return 0;
}

SELFTEST(notify_port_destroyed_hands_back_the_receive_right)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 0), n = st_port(s, 0);
	request(s, p, MACH_NOTIFY_PORT_DESTROYED, n);
	mach_port_destroy(s, p);
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
		uint8_t room[64];
	} m;
	mach_msg_return_t mr = st_recv(s, n, &m, sizeof(m), 0, 0);
	mach_port_type_t type = st_type(s, m.port.name);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS && m.header.msgh_id == MACH_NOTIFY_PORT_DESTROYED,
	      "mr %#x id %d", mr, m.header.msgh_id);
	CHECK(type == MACH_PORT_TYPE_RECEIVE, "the right came back as type %#x", type);
	return 0;
}

SELFTEST(notify_send_once_when_a_send_once_right_is_deallocated)
{
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t p = st_port(s, 0);
	mach_port_name_t so = st_give(s, p, MACH_MSG_TYPE_MAKE_SEND_ONCE, t);
	mach_port_deallocate(t, so);
	st_notification_t m;
	mach_msg_return_t mr = st_recv(s, p, &m, sizeof(m), 0, 0);
	st_space_done(t);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS && m.header.msgh_id == MACH_NOTIFY_SEND_ONCE,
	      "mr %#x id %d", mr, m.header.msgh_id);
	return 0;
}
