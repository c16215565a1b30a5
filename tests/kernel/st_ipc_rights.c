/* SPDX-License-Identifier: BSD-2-Clause */
/* Self-tests of port rights: one fact each (names as in docs/objects/port.md). */
#include "kern/selftest.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "st_ipc.h"

SELFTEST(ipc_allocate_receive_gives_a_receive_right_only)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 0);
	mach_port_type_t type = st_type(s, p);
	mach_port_rights_t srights = 99;
	mach_port_get_srights(s, p, &srights);
	st_space_done(s);
	CHECK(type == MACH_PORT_TYPE_RECEIVE, "type %#x", type);
	CHECK(srights == 0, "srights %u", srights);
	return 0;
}

SELFTEST(ipc_make_send_increments_make_send_count)
{
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t p = st_port(s, 0);
	st_give(s, p, MACH_MSG_TYPE_MAKE_SEND, t);
	st_give(s, p, MACH_MSG_TYPE_MAKE_SEND, t);
	mach_port_status_t st;
	mach_port_get_receive_status(s, p, &st);
	mach_port_rights_t srights;
	mach_port_get_srights(s, p, &srights);
	st_space_done(t);
	st_space_done(s);
	CHECK(st.mps_mscount == 2, "mscount %u", st.mps_mscount);
	CHECK(srights == 1, "srights %u: the two rights merged into one name", srights);
	return 0;
}

SELFTEST(ipc_send_rights_merge_into_one_name_per_port)
{
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t p = st_port(s, 0);
	mach_port_name_t a = st_give(s, p, MACH_MSG_TYPE_MAKE_SEND, t);
	mach_port_name_t b = st_give(s, p, MACH_MSG_TYPE_MAKE_SEND, t);
	mach_port_urefs_t refs = st_refs(t, a, MACH_PORT_RIGHT_SEND);
	st_space_done(t);
	st_space_done(s);
	CHECK(a == b, "names %#x and %#x", a, b);
	CHECK(refs == 2, "urefs %u", refs);
	return 0;
}

SELFTEST(ipc_send_once_rights_get_a_new_name_each)
{
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t p = st_port(s, 0);
	mach_port_name_t a = st_give(s, p, MACH_MSG_TYPE_MAKE_SEND_ONCE, t);
	mach_port_name_t b = st_give(s, p, MACH_MSG_TYPE_MAKE_SEND_ONCE, t);
	mach_port_type_t ta = st_type(t, a);
	st_space_done(t);
	st_space_done(s);
	CHECK(a != b, "both send-once rights named %#x", a);
	CHECK(ta == MACH_PORT_TYPE_SEND_ONCE, "type %#x", ta);
	return 0;
}

SELFTEST(ipc_move_send_consumes_a_user_reference)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	mach_port_mod_refs(s, p, MACH_PORT_RIGHT_SEND, 2);	/* 3 urefs */
	/* Send to p (COPY_SEND), the body moving one of p's send rights. */
	mach_msg_return_t mr = st_send_port(s, p, p, MACH_MSG_TYPE_MOVE_SEND, 0, 0);
	mach_port_urefs_t refs = st_refs(s, p, MACH_PORT_RIGHT_SEND);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS, "send %#x", mr);
	CHECK(refs == 2, "urefs %u after MOVE_SEND from 3", refs);
	return 0;
}

SELFTEST(ipc_copy_send_leaves_user_references_alone)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	mach_msg_return_t mr = st_send_port(s, p, p, MACH_MSG_TYPE_COPY_SEND, 0, 0);
	mach_port_urefs_t refs = st_refs(s, p, MACH_PORT_RIGHT_SEND);
	mach_port_rights_t srights;
	mach_port_get_srights(s, p, &srights);
	st_space_done(s);
	CHECK(mr == MACH_MSG_SUCCESS, "send %#x", mr);
	CHECK(refs == 1, "urefs %u", refs);
	/* The entry's, and two in the queued message (its destination and its body). */
	CHECK(srights == 3, "srights %u", srights);
	return 0;
}

SELFTEST(ipc_deallocate_makes_the_name_stale)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 0);
	mach_port_name_t d;
	mach_port_allocate(s, MACH_PORT_RIGHT_DEAD_NAME, &d);
	kern_return_t kr1 = mach_port_deallocate(s, d);
	kern_return_t kr2 = mach_port_deallocate(s, d);
	mach_port_name_t again;
	mach_port_allocate(s, MACH_PORT_RIGHT_DEAD_NAME, &again);
	st_space_done(s);
	(void)p;
	CHECK(kr1 == KERN_SUCCESS, "first deallocate %d", kr1);
	CHECK(kr2 == KERN_INVALID_NAME, "second deallocate %d", kr2);
	CHECK(again != d, "a reused entry came back under the old name %#x", d);
	return 0;
}

SELFTEST(ipc_mod_refs_below_zero_is_invalid_value)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	kern_return_t kr = mach_port_mod_refs(s, p, MACH_PORT_RIGHT_SEND, -2);
	mach_port_urefs_t refs = st_refs(s, p, MACH_PORT_RIGHT_SEND);
	kern_return_t kr2 = mach_port_mod_refs(s, p, MACH_PORT_RIGHT_SEND_ONCE, -1);
	st_space_done(s);
	CHECK(kr == KERN_INVALID_VALUE, "mod_refs -2 of 1: %d", kr);
	CHECK(refs == 1, "urefs changed to %u", refs);
	CHECK(kr2 == KERN_INVALID_RIGHT, "mod_refs of a right it lacks: %d", kr2);
	return 0;
}

SELFTEST(ipc_insert_right_refuses_a_taken_name_and_a_second_name)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 0), q = st_port(s, 0);
	ipc_port_t port;
	mach_msg_type_name_t type;
	mach_port_extract_right(s, p, MACH_MSG_TYPE_MAKE_SEND, &port, &type);
	kern_return_t taken = mach_port_insert_right(s, q, port, type);
	kern_return_t second = mach_port_insert_right(s, 0x4242, port, type);
	kern_return_t same = mach_port_insert_right(s, p, port, type);
	st_space_done(s);
	CHECK(taken == KERN_NAME_EXISTS, "insert under another port's name: %d", taken);
	CHECK(second == KERN_RIGHT_EXISTS, "insert under a second name: %d", second);
	CHECK(same == KERN_SUCCESS, "insert under its own name: %d", same);
	return 0;
}

SELFTEST(ipc_rename_moves_the_rights_to_the_new_name)
{
	ipc_space_t s = st_space();
	mach_port_name_t p = st_port(s, 1);
	mach_port_name_t n = MACH_PORT_MAKE(77, 5U << 24);
	kern_return_t kr = mach_port_rename(s, p, n);
	mach_port_type_t old = st_type(s, p), fresh = st_type(s, n);
	mach_msg_return_t mr = st_send(s, n, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 1, 0, 0);
	st_msg_t m;
	mach_msg_return_t rr = st_recv(s, n, &m, sizeof(m), 0, 0);
	st_space_done(s);
	CHECK(kr == KERN_SUCCESS, "rename %d", kr);
	CHECK(old == 0 && fresh == MACH_PORT_TYPE_SEND_RECEIVE, "types %#x %#x", old, fresh);
	CHECK(mr == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS, "send %#x receive %#x", mr, rr);
	CHECK(m.header.msgh_local_port == n, "received on %#x", m.header.msgh_local_port);
	return 0;
}

SELFTEST(ipc_receiver_death_turns_send_rights_into_dead_names)
{
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t p = st_port(s, 0);
	mach_port_name_t sp = st_give(s, p, MACH_MSG_TYPE_MAKE_SEND, t);
	mach_port_mod_refs(t, sp, MACH_PORT_RIGHT_SEND, 2);
	mach_port_destroy(s, p);
	mach_port_type_t type = st_type(t, sp);
	mach_port_urefs_t refs = st_refs(t, sp, MACH_PORT_RIGHT_DEAD_NAME);
	mach_msg_return_t mr = st_send(t, sp, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 1, 0, 0);
	st_space_done(t);
	st_space_done(s);
	CHECK(type == MACH_PORT_TYPE_DEAD_NAME, "type %#x", type);
	CHECK(refs == 3, "dead-name urefs %u (the send right had 3)", refs);
	CHECK(mr == MACH_SEND_INVALID_DEST, "send to a dead name: %#x", mr);
	return 0;
}

SELFTEST(ipc_port_set_receives_from_its_members)
{
	ipc_space_t s = st_space();
	mach_port_name_t a = st_port(s, 1), b = st_port(s, 1), set;
	mach_port_allocate(s, MACH_PORT_RIGHT_PORT_SET, &set);
	kern_return_t k1 = mach_port_move_member(s, a, set);
	kern_return_t k2 = mach_port_move_member(s, b, set);
	st_send(s, b, MACH_MSG_TYPE_COPY_SEND, 0, 0, 7, 0xb, 0, 0);
	st_msg_t m;
	mach_msg_return_t direct = st_recv(s, b, &m, sizeof(m), 0, 0);
	mach_msg_return_t viaset = st_recv(s, set, &m, sizeof(m), 0, 0);
	mach_port_name_t from = m.header.msgh_local_port;
	kern_return_t out = mach_port_move_member(s, b, MACH_PORT_NULL);
	kern_return_t out2 = mach_port_move_member(s, b, MACH_PORT_NULL);
	st_space_done(s);
	CHECK(k1 == KERN_SUCCESS && k2 == KERN_SUCCESS, "move_member %d %d", k1, k2);
	CHECK(direct == MACH_RCV_IN_SET, "receive on a member: %#x", direct);
	CHECK(viaset == MACH_MSG_SUCCESS && from == b, "receive on the set: %#x from %#x", viaset,
	      from);
	CHECK(out == KERN_SUCCESS && out2 == KERN_NOT_IN_SET, "leaving: %d then %d", out, out2);
	return 0;
}

SELFTEST(ipc_space_termination_releases_every_right)
{
	size_t ports = ipc_port_count();
	ipc_space_t s = st_space(), t = st_space();
	mach_port_name_t p = st_port(s, 1);
	st_give(s, p, MACH_MSG_TYPE_MAKE_SEND, t);
	st_give(s, p, MACH_MSG_TYPE_MAKE_SEND_ONCE, t);
	st_send(s, p, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 1, 0, 0);	/* queued */
	st_space_done(s);
	st_space_done(t);
	CHECK(ipc_port_count() == ports, "%ld ports left", (long)(ipc_port_count() - ports));
	return 0;
}
