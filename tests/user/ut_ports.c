/* SPDX-License-Identifier: BSD-2-Clause */
/* User-mode tests of port rights through the mach_port interface (MIG to the kernel). */
#include <string.h>
#include "utest.h"

UTEST(port_allocate_gives_a_receive_right)
{
	mach_port_t p = ut_port();
	mach_port_type_t type = 0;
	KR(mach_port_type(mach_task_self(), p, &type));
	KR(mach_port_destroy(mach_task_self(), p));
	CHECK(type == MACH_PORT_TYPE_RECEIVE, "type %#x", type);
	return 0;
}

UTEST(insert_make_send_names_send_and_receive_together)
{
	mach_port_t p = ut_port_with_send();
	mach_port_type_t type = 0;
	mach_port_urefs_t refs = 0;
	KR(mach_port_type(mach_task_self(), p, &type));
	KR(mach_port_get_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, &refs));
	KR(mach_port_destroy(mach_task_self(), p));
	CHECK(type == MACH_PORT_TYPE_SEND_RECEIVE, "type %#x", type);
	CHECK(refs == 1, "send urefs %u", refs);
	return 0;
}

UTEST(mod_refs_and_deallocate_count_user_references)
{
	mach_port_t p = ut_port_with_send();
	mach_port_urefs_t refs = 0;
	KR(mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, 2));
	KR(mach_port_deallocate(mach_task_self(), p));
	KR(mach_port_get_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, &refs));
	kern_return_t below = mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, -5);
	KR(mach_port_destroy(mach_task_self(), p));
	CHECK(refs == 2, "urefs %u after +2 -1", refs);
	CHECK(below == KERN_INVALID_VALUE, "mod_refs below zero: %#x", below);
	return 0;
}

UTEST(destroyed_name_is_invalid)
{
	mach_port_t p = ut_port();
	KR(mach_port_destroy(mach_task_self(), p));
	mach_port_type_t type;
	kern_return_t kr = mach_port_type(mach_task_self(), p, &type);
	CHECK(kr == KERN_INVALID_NAME, "type of a destroyed name: %#x", kr);
	return 0;
}

UTEST(allocate_name_takes_the_chosen_name_once)
{
	/* Past the first table page, and past every index in use now. */
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t nn, nt;
	KR(mach_port_names(mach_task_self(), &names, &nn, &types, &nt));
	unsigned index = 300;
	for (unsigned i = 0; i < nn; i++)
		if (MACH_PORT_INDEX(names[i]) >= index)
			index = MACH_PORT_INDEX(names[i]) + 1;
	vm_deallocate(mach_task_self(), (vm_address_t)names, nn * sizeof(*names));
	vm_deallocate(mach_task_self(), (vm_address_t)types, nt * sizeof(*types));
	mach_port_t name = (index << 8) | 3;
	KR(mach_port_allocate_name(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, name));
	kern_return_t again = mach_port_allocate_name(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
						      name);
	KR(mach_port_destroy(mach_task_self(), name));
	CHECK(again == KERN_NAME_EXISTS, "second allocate_name: %#x", again);
	return 0;
}

UTEST(calls_on_a_bad_name_say_invalid_name)
{
	mach_port_type_t type;
	kern_return_t kr = mach_port_type(mach_task_self(), 0x12345607, &type);
	kern_return_t kr2 = mach_port_deallocate(mach_task_self(), 0x4567);
	CHECK(kr == KERN_INVALID_NAME && kr2 == KERN_INVALID_NAME, "%#x %#x", kr, kr2);
	return 0;
}

UTEST(port_names_lists_every_name)
{
	mach_port_t p = ut_port(), q = ut_port_with_send();
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t n = 0, nt = 0;
	KR(mach_port_names(mach_task_self(), &names, &n, &types, &nt));
	int found = 0;
	for (mach_msg_type_number_t i = 0; i < n; i++) {
		if (names[i] == p && types[i] == MACH_PORT_TYPE_RECEIVE)
			found++;
		if (names[i] == q && types[i] == MACH_PORT_TYPE_SEND_RECEIVE)
			found++;
	}
	vm_deallocate(mach_task_self(), (vm_address_t)names, n * sizeof(*names));
	vm_deallocate(mach_task_self(), (vm_address_t)types, nt * sizeof(*types));
	mach_port_destroy(mach_task_self(), p);
	mach_port_destroy(mach_task_self(), q);
	CHECK(n == nt && found == 2, "%u names, found %d of 2", n, found);
	return 0;
}

UTEST(port_set_receives_from_its_members)
{
	mach_port_t set, a = ut_port_with_send(), b = ut_port_with_send();
	KR(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &set));
	KR(mach_port_move_member(mach_task_self(), a, set));
	KR(mach_port_move_member(mach_task_self(), b, set));
	ut_send(b, MACH_MSG_TYPE_COPY_SEND, 0, 0, 5, 55);
	ut_msg_t m;
	mach_msg_return_t mr = ut_recv(set, &m, 100);
	mach_port_name_array_t members;
	mach_msg_type_number_t nm = 0;
	KR(mach_port_get_set_status(mach_task_self(), set, &members, &nm));
	vm_deallocate(mach_task_self(), (vm_address_t)members, nm * sizeof(*members));
	mach_port_destroy(mach_task_self(), a);
	mach_port_destroy(mach_task_self(), b);
	mach_port_destroy(mach_task_self(), set);
	CHECK(mr == MACH_MSG_SUCCESS && m.value == 55 && m.header.msgh_local_port == b,
	      "%#x value %d from %#x", mr, m.value, m.header.msgh_local_port);
	CHECK(nm == 2, "%u members", nm);
	return 0;
}

UTEST(queue_limit_from_set_attributes_makes_a_send_time_out)
{
	mach_port_t p = ut_port_with_send();
	mach_port_limits_t limits = { .mpl_qlimit = 1 };
	KR(mach_port_set_attributes(mach_task_self(), p, MACH_PORT_LIMITS_INFO,
				    (mach_port_info_t)&limits, MACH_PORT_LIMITS_INFO_COUNT));
	mach_msg_return_t first = ut_send(p, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 1);
	ut_msg_t m = { 0 };
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m.header.msgh_remote_port = p;
	mach_msg_return_t second = mach_msg(&m.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
					    sizeof(m.header), 0, 0, 0, 0);
	mach_port_limits_t got;
	mach_msg_type_number_t n = MACH_PORT_LIMITS_INFO_COUNT;
	KR(mach_port_get_attributes(mach_task_self(), p, MACH_PORT_LIMITS_INFO,
				    (mach_port_info_t)&got, &n));
	mach_port_destroy(mach_task_self(), p);
	CHECK(first == MACH_MSG_SUCCESS && second == MACH_SEND_TIMED_OUT, "%#x %#x", first, second);
	CHECK(got.mpl_qlimit == 1, "qlimit %u", got.mpl_qlimit);
	return 0;
}

static struct {
	mach_port_t port;
	mach_msg_return_t mr;
} blocked_sender;

/* Send one message to a full queue, waiting for room (no timeout). */
static void
send_when_room(void *arg)
{
	(void)arg;
	blocked_sender.mr = ut_send(blocked_sender.port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 2, 1);
}

UTEST(a_sender_waiting_on_a_full_member_of_a_set_is_let_in_by_a_receive_on_the_set)
{
	mach_port_t p = ut_port_with_send(), set;
	mach_port_limits_t limits = { .mpl_qlimit = 1 };
	KR(mach_port_set_attributes(mach_task_self(), p, MACH_PORT_LIMITS_INFO,
				    (mach_port_info_t)&limits, MACH_PORT_LIMITS_INFO_COUNT));
	KR(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &set));
	KR(mach_port_move_member(mach_task_self(), p, set));
	KR(ut_send(p, MACH_MSG_TYPE_COPY_SEND, 0, 0, 1, 1));	/* the queue is full */
	blocked_sender.port = p;
	blocked_sender.mr = MACH_SEND_INVALID_DEST;
	struct ut_thread t;
	KR(ut_thread(send_when_room, NULL, &t));
	ut_wait_blocked(t.thread);		/* waiting for room */
	ut_msg_t first, second;
	mach_msg_return_t r1 = ut_recv(set, &first, 5000);
	mach_msg_return_t r2 = ut_recv(set, &second, 5000);	/* the sender's, once let in */
	mach_port_destroy(mach_task_self(), p);	/* a sender still waiting: it ends now */
	mach_port_destroy(mach_task_self(), set);
	KR(ut_join(&t));
	CHECK(r1 == MACH_MSG_SUCCESS && first.header.msgh_id == 1, "first: %#x id %d", r1,
	      first.header.msgh_id);
	CHECK(r2 == MACH_MSG_SUCCESS && second.header.msgh_id == 2 &&
	      blocked_sender.mr == MACH_MSG_SUCCESS,
	      "second: %#x id %d; the sender: %#x", r2, second.header.msgh_id, blocked_sender.mr);
	return 0;
}

UTEST(no_senders_notification_comes_when_the_last_send_right_goes)
{
	mach_port_t p = ut_port_with_send(), n = ut_port(), previous = MACH_PORT_NULL;
	KR(mach_port_request_notification(mach_task_self(), p, MACH_NOTIFY_NO_SENDERS, 0, n,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous));
	KR(mach_port_deallocate(mach_task_self(), p));		/* the only send right */
	struct {
		mach_no_senders_notification_t n;
		mach_msg_max_trailer_t t;
	} msg;
	mach_msg_return_t mr = mach_msg(&msg.n.not_header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
					sizeof(msg), n, 1000, MACH_PORT_NULL);
	mach_port_destroy(mach_task_self(), p);
	mach_port_destroy(mach_task_self(), n);
	CHECK(mr == MACH_MSG_SUCCESS && msg.n.not_header.msgh_id == MACH_NOTIFY_NO_SENDERS,
	      "%#x id %d", mr, msg.n.not_header.msgh_id);
	CHECK(msg.n.not_count == 1, "mscount %u", msg.n.not_count);
	return 0;
}

UTEST(set_mscount_sets_the_make_send_count)
{
	mach_port_t p = ut_port();
	KR(mach_port_set_mscount(mach_task_self(), p, 5));
	KR(mach_port_insert_right(mach_task_self(), p, p, MACH_MSG_TYPE_MAKE_SEND));
	mach_port_status_t st;
	mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;
	KR(mach_port_get_attributes(mach_task_self(), p, MACH_PORT_RECEIVE_STATUS,
				    (mach_port_info_t)&st, &n));
	mach_port_destroy(mach_task_self(), p);
	CHECK(st.mps_mscount == 6, "make-send count %u, expected 5 + 1", st.mps_mscount);
	return 0;
}

UTEST(insert_and_extract_member_move_a_port_in_and_out_of_a_set)
{
	mach_port_t set, p = ut_port();
	KR(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &set));
	KR(mach_port_insert_member(mach_task_self(), p, set));
	kern_return_t twice = mach_port_insert_member(mach_task_self(), p, set);
	mach_port_array_t members = NULL;
	mach_msg_type_number_t n = 0;
	KR(mach_port_get_set_status(mach_task_self(), set, &members, &n));
	bool listed = n == 1 && members[0] == p;
	vm_deallocate(mach_task_self(), (vm_address_t)members, n * sizeof(*members));
	KR(mach_port_extract_member(mach_task_self(), p, set));
	kern_return_t again = mach_port_extract_member(mach_task_self(), p, set);
	mach_port_destroy(mach_task_self(), p);
	mach_port_destroy(mach_task_self(), set);
	CHECK(twice == KERN_ALREADY_IN_SET, "inserting twice: %#x", twice);
	CHECK(listed, "get_set_status: %u members", n);
	CHECK(again == KERN_NOT_IN_SET, "extracting twice: %#x", again);
	return 0;
}

UTEST(port_context_reads_back)
{
	mach_port_t p = ut_port();
	mach_port_context_t ctx = 0;
	KR(mach_port_set_context(mach_task_self(), p, 0x5eed1234));
	KR(mach_port_get_context(mach_task_self(), p, &ctx));
	mach_port_destroy(mach_task_self(), p);
	CHECK(ctx == 0x5eed1234, "context %#lx", (unsigned long)ctx);
	return 0;
}

/* A receiver blocked on a port, and what its receive returned. */
static struct {
	mach_port_t port;
	mach_msg_option_t extra;
	mach_msg_return_t mr;
} waiter;

static void
receive_once(void *arg)
{
	(void)arg;
	ut_msg_t m;
	memset(&m, 0, sizeof(m));
	waiter.mr = mach_msg(&m.header, MACH_RCV_MSG | waiter.extra, 0, sizeof(m), waiter.port,
			     MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

/*
 * As in Mach: a thread receiving on a port that then joins a port set is
 * woken at once with MACH_RCV_PORT_CHANGED (not at the next message, and
 * not with MACH_RCV_IN_SET); a new receive on the port says MACH_RCV_IN_SET.
 * Both the fast path's wait (a plain receive) and the general one
 * (MACH_RCV_LARGE takes the general path) are tried.
 */
UTEST(a_receiver_on_a_port_moved_into_a_set_gets_rcv_port_changed)
{
	static const mach_msg_option_t ways[] = { 0, MACH_RCV_LARGE };
	for (unsigned w = 0; w < 2; w++) {
		mach_port_t set;
		KR(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &set));
		waiter.port = ut_port();
		waiter.extra = ways[w];
		waiter.mr = MACH_MSG_SUCCESS;
		struct ut_thread t;
		KR(ut_thread(receive_once, NULL, &t));
		ut_wait_blocked(t.thread);
		KR(mach_port_move_member(mach_task_self(), waiter.port, set));
		kern_return_t kj = ut_join(&t);
		ut_msg_t m;
		mach_msg_return_t again = ut_recv(waiter.port, &m, 0);
		mach_port_destroy(mach_task_self(), waiter.port);
		mach_port_destroy(mach_task_self(), set);
		CHECK(kj == KERN_SUCCESS, "way %u: the receiver never woke", w);
		CHECK(waiter.mr == MACH_RCV_PORT_CHANGED, "way %u: the receive returned %#x", w,
		      waiter.mr);
		CHECK(again == MACH_RCV_IN_SET, "way %u: a new receive returned %#x", w, again);
	}
	return 0;
}
