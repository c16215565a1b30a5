/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel-RPC traps (<mach/mach_traps.h>) against the MIG messages they
 * stand for (<machrv/kernelrpc.h>): for good and bad arguments each trap
 * returns what the message returns and leaves the same rights and user
 * references behind; for a target that is no task port the trap does
 * nothing and says MACH_SEND_INVALID_DEST, and libmach's call answers as
 * the message does.  Also the poll: a receive with MACH_RCV_TIMEOUT and
 * timeout 0.  And a kernel call's reply received as any message is.
 */
#include <stddef.h>
#include <string.h>
#include <mach/mach_traps.h>
#include <machrv/kernelrpc.h>
#include <mach/ndr.h>
#include <mach/port_info.h>
#include "utest.h"

enum { VIA_TRAP, VIA_MSG };
static const char *const via_name[] = { "trap", "message" };

#define PORT_CALL(via, op, ...)						\
	((via) == VIA_TRAP ? _kernelrpc_mach_port_##op##_trap(__VA_ARGS__)	\
			   : _kernelrpc_mach_port_##op(__VA_ARGS__))
#define VM_CALL(via, op, ...)						\
	((via) == VIA_TRAP ? _kernelrpc_mach_vm_##op##_trap(__VA_ARGS__)	\
			   : _kernelrpc_vm_##op(__VA_ARGS__))

/* What a name denotes afterwards: its type and its send (or dead-name) user references. */
struct name_state {
	kern_return_t	type_kr;
	mach_port_type_t type;
	mach_port_urefs_t send, dead;
};

static struct name_state
state_of(mach_port_t task, mach_port_name_t name)
{
	struct name_state s = { 0 };
	s.type_kr = mach_port_type(task, name, &s.type);
	mach_port_get_refs(task, name, MACH_PORT_RIGHT_SEND, &s.send);
	mach_port_get_refs(task, name, MACH_PORT_RIGHT_DEAD_NAME, &s.dead);
	return s;
}

static bool
same_state(struct name_state a, struct name_state b)
{
	return a.type_kr == b.type_kr && a.type == b.type && a.send == b.send && a.dead == b.dead;
}

#define CHECK_SAME(kr, st, want)						\
	do {								\
		CHECK(kr[VIA_TRAP] == kr[VIA_MSG], "trap %#x, message %#x",	\
		      kr[VIA_TRAP], kr[VIA_MSG]);				\
		CHECK(kr[VIA_MSG] == (kern_return_t)(want), "message %#x, expected %#x", \
		      kr[VIA_MSG], (kern_return_t)(want));			\
		CHECK(same_state(st[VIA_TRAP], st[VIA_MSG]),		\
		      "after the trap: type %#x send %u dead %u; after the message: " \
		      "type %#x send %u dead %u", st[VIA_TRAP].type, st[VIA_TRAP].send, \
		      st[VIA_TRAP].dead, st[VIA_MSG].type, st[VIA_MSG].send,	\
		      st[VIA_MSG].dead);					\
	} while (0)

UTEST(kernelrpc_allocate_trap_matches_message)
{
	static const mach_port_right_t rights[] = {
		MACH_PORT_RIGHT_RECEIVE, MACH_PORT_RIGHT_PORT_SET, MACH_PORT_RIGHT_DEAD_NAME,
		MACH_PORT_RIGHT_SEND, MACH_PORT_RIGHT_SEND_ONCE, 77,
	};
	for (unsigned i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
		kern_return_t kr[2];
		struct name_state st[2];
		for (int via = 0; via < 2; via++) {
			mach_port_name_t name = MACH_PORT_NULL;
			kr[via] = PORT_CALL(via, allocate, mach_task_self(), rights[i], &name);
			st[via] = state_of(mach_task_self(), name);
			if (kr[via] == KERN_SUCCESS)
				KR(mach_port_destroy(mach_task_self(), name));
		}
		CHECK_SAME(kr, st, i < 3 ? KERN_SUCCESS : KERN_INVALID_VALUE);
	}
	return 0;
}

UTEST(kernelrpc_allocate_trap_to_a_bad_address_leaves_no_right)
{
	kern_return_t kr = _kernelrpc_mach_port_allocate_trap(mach_task_self(),
							       MACH_PORT_RIGHT_RECEIVE,
							       (mach_port_name_t *)8);
	CHECK(kr == KERN_INVALID_ADDRESS, "%#x", kr);
	return 0;	/* the leak check says no port was left */
}

/* destroy, deallocate and mod_refs on a send+receive name with 2 send urefs, a receive-only name, a bad name. */
UTEST(kernelrpc_destroy_deallocate_mod_refs_traps_match_messages)
{
	enum { SEND_RECV, RECV_ONLY, BAD_NAME, DEAD };
	static const struct { int op; int what; mach_port_right_t right; int delta; kern_return_t want; } cases[] = {
		{ 0, SEND_RECV, 0, 0, KERN_SUCCESS },		/* destroy */
		{ 0, BAD_NAME, 0, 0, KERN_INVALID_NAME },
		{ 0, DEAD, 0, 0, KERN_SUCCESS },
		{ 1, SEND_RECV, 0, 0, KERN_SUCCESS },		/* deallocate */
		{ 1, RECV_ONLY, 0, 0, KERN_INVALID_RIGHT },
		{ 1, BAD_NAME, 0, 0, KERN_INVALID_NAME },
		{ 1, DEAD, 0, 0, KERN_SUCCESS },
		{ 2, SEND_RECV, MACH_PORT_RIGHT_SEND, 3, KERN_SUCCESS },	/* mod_refs */
		{ 2, SEND_RECV, MACH_PORT_RIGHT_SEND, -2, KERN_SUCCESS },
		{ 2, SEND_RECV, MACH_PORT_RIGHT_SEND, -5, KERN_INVALID_VALUE },
		{ 2, SEND_RECV, MACH_PORT_RIGHT_RECEIVE, -1, KERN_SUCCESS },
		{ 2, SEND_RECV, MACH_PORT_RIGHT_PORT_SET, -1, KERN_INVALID_RIGHT },
		{ 2, SEND_RECV, MACH_PORT_RIGHT_NUMBER, 1, KERN_INVALID_VALUE },
		{ 2, RECV_ONLY, MACH_PORT_RIGHT_SEND, 1, KERN_INVALID_RIGHT },
		{ 2, BAD_NAME, MACH_PORT_RIGHT_SEND, 1, KERN_INVALID_NAME },
		{ 2, DEAD, MACH_PORT_RIGHT_DEAD_NAME, 1, KERN_SUCCESS },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kern_return_t kr[2];
		struct name_state st[2];
		for (int via = 0; via < 2; via++) {
			mach_port_name_t name = 0x12345603;
			if (cases[i].what == SEND_RECV) {
				name = ut_port_with_send();
				KR(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, 1));
			} else if (cases[i].what == RECV_ONLY) {
				name = ut_port();
			} else if (cases[i].what == DEAD) {
				KR(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_DEAD_NAME, &name));
			}
			mach_port_t self = mach_task_self();
			switch (cases[i].op) {
			case 0: kr[via] = PORT_CALL(via, destroy, self, name); break;
			case 1: kr[via] = PORT_CALL(via, deallocate, self, name); break;
			default:
				kr[via] = PORT_CALL(via, mod_refs, self, name, cases[i].right,
						    cases[i].delta);
			}
			st[via] = state_of(self, name);
			if (cases[i].what != BAD_NAME)
				mach_port_destroy(self, name);
		}
		CHECK(kr[VIA_TRAP] == kr[VIA_MSG] && same_state(st[0], st[1]) &&
		      kr[VIA_MSG] == cases[i].want,
		      "case %u: trap %#x (type %#x send %u), message %#x (type %#x send %u), "
		      "expected %#x", i, kr[0], st[0].type, st[0].send, kr[1], st[1].type,
		      st[1].send, cases[i].want);
	}
	return 0;
}

UTEST(kernelrpc_insert_right_trap_matches_message)
{
	enum { OWN, OTHER, BAD };
	static const struct { int where; mach_msg_type_name_t disp; int poly; kern_return_t want; } cases[] = {
		{ OWN, MACH_MSG_TYPE_MAKE_SEND, OWN, KERN_SUCCESS },	/* name: its own port */
		{ OWN, MACH_MSG_TYPE_MAKE_SEND, OTHER, KERN_NAME_EXISTS },
		{ OWN, MACH_MSG_TYPE_COPY_SEND, OTHER, KERN_NAME_EXISTS },
		{ OWN, MACH_MSG_TYPE_MOVE_SEND, OTHER, KERN_NAME_EXISTS },
		{ OWN, MACH_MSG_TYPE_MAKE_SEND, BAD, MACH_SEND_INVALID_RIGHT },
		{ OWN, MACH_MSG_TYPE_MOVE_RECEIVE, BAD, MACH_SEND_INVALID_RIGHT },
		{ OWN, 42, OWN, MACH_SEND_INVALID_TYPE },
		{ BAD, MACH_MSG_TYPE_MAKE_SEND, OWN, KERN_INVALID_VALUE },	/* name MACH_PORT_NULL */
		{ BAD, MACH_MSG_TYPE_MAKE_SEND_ONCE, OTHER, KERN_INVALID_VALUE },
	};
	mach_port_t self = mach_task_self();
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kern_return_t kr[2];
		struct name_state st[2], other_st[2];
		for (int via = 0; via < 2; via++) {
			mach_port_t port = ut_port();
			mach_port_t other = ut_port_with_send();
			KR(mach_port_mod_refs(self, other, MACH_PORT_RIGHT_SEND, 1));
			mach_port_name_t name = cases[i].where == OWN ? port : MACH_PORT_NULL;
			mach_port_name_t poly = cases[i].poly == OWN ? port
					      : cases[i].poly == OTHER ? other : 0x12345603;
			kr[via] = PORT_CALL(via, insert_right, self, name, poly, cases[i].disp);
			st[via] = state_of(self, port);
			other_st[via] = state_of(self, other);
			KR(mach_port_destroy(self, port));
			KR(mach_port_destroy(self, other));
		}
		CHECK(kr[VIA_TRAP] == kr[VIA_MSG] && kr[VIA_MSG] == cases[i].want &&
		      same_state(st[0], st[1]) && same_state(other_st[0], other_st[1]),
		      "case %u: trap %#x (type %#x, other's send %u), message %#x (type %#x, "
		      "other's send %u), expected %#x", i, kr[0], st[0].type, other_st[0].send,
		      kr[1], st[1].type, other_st[1].send, cases[i].want);
	}
	return 0;
}

UTEST(kernelrpc_member_traps_match_messages)
{
	/* op: 0 insert, 1 extract, 2 move; the port starts in the set or not; target a set or a port. */
	static const struct { int op; bool in_set; bool to_port; kern_return_t want; } cases[] = {
		{ 0, false, false, KERN_SUCCESS },
		{ 0, true, false, KERN_ALREADY_IN_SET },
		{ 0, false, true, KERN_INVALID_RIGHT },
		{ 1, true, false, KERN_SUCCESS },
		{ 1, false, false, KERN_NOT_IN_SET },
		{ 1, true, true, KERN_INVALID_RIGHT },
		{ 2, false, false, KERN_SUCCESS },
		{ 2, true, false, KERN_SUCCESS },
		{ 2, false, true, KERN_INVALID_RIGHT },
	};
	mach_port_t self = mach_task_self();
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kern_return_t kr[2];
		mach_port_name_array_t members[2];
		mach_msg_type_number_t count[2];
		for (int via = 0; via < 2; via++) {
			mach_port_t port = ut_port(), pset, other = ut_port();
			KR(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pset));
			if (cases[i].in_set)
				KR(mach_port_move_member(self, port, pset));
			mach_port_name_t to = cases[i].to_port ? other : pset;
			switch (cases[i].op) {
			case 0: kr[via] = PORT_CALL(via, insert_member, self, port, to); break;
			case 1: kr[via] = PORT_CALL(via, extract_member, self, port, to); break;
			default: kr[via] = PORT_CALL(via, move_member, self, port, to);
			}
			KR(mach_port_get_set_status(self, pset, &members[via], &count[via]));
			if (count[via])
				vm_deallocate(self, (vm_address_t)members[via],
					      count[via] * sizeof(mach_port_name_t));
			KR(mach_port_destroy(self, port));
			KR(mach_port_destroy(self, pset));
			KR(mach_port_destroy(self, other));
		}
		CHECK(kr[VIA_TRAP] == kr[VIA_MSG] && kr[VIA_MSG] == cases[i].want &&
		      count[0] == count[1],
		      "case %u: trap %#x (%u members), message %#x (%u members), expected %#x",
		      i, kr[0], count[0], kr[1], count[1], cases[i].want);
	}
	return 0;
}

UTEST(kernelrpc_vm_traps_match_messages)
{
	mach_port_t self = mach_task_self();
	for (int via = 0; via < 2; via++) {
		vm_address_t a = 0;
		KR(VM_CALL(via, allocate, self, &a, 3 * 4096, VM_FLAGS_ANYWHERE));
		CHECK(a != 0, "%s: no address", via_name[via]);
		*(volatile int *)a = 1;
		KR(VM_CALL(via, protect, self, a, 4096, FALSE, VM_PROT_READ));
		vm_region_basic_info_data_t info;
		mach_msg_type_number_t n = VM_REGION_BASIC_INFO_COUNT;
		vm_address_t ra = a;
		vm_size_t rs;
		mach_port_t obj;
		KR(vm_region(self, &ra, &rs, VM_REGION_BASIC_INFO, (vm_region_info_t)&info, &n,
			     &obj));
		CHECK(ra == a && info.protection == VM_PROT_READ, "%s: region %#lx prot %d",
		      via_name[via], (unsigned long)ra, info.protection);
		KR(VM_CALL(via, deallocate, self, a, 3 * 4096));
		vm_address_t m = 0;
		if (via == VIA_TRAP)
			KR(_kernelrpc_mach_vm_map_trap(self, &m, 4096, 0, VM_FLAGS_ANYWHERE,
						       VM_PROT_DEFAULT));
		else
			KR(_kernelrpc_vm_map(self, &m, 4096, 0, VM_FLAGS_ANYWHERE, MACH_PORT_NULL, 0,
					     FALSE, VM_PROT_DEFAULT, VM_PROT_ALL,
					     VM_INHERIT_DEFAULT));
		*(volatile int *)m = 2;
		KR(vm_deallocate(self, m, 4096));
	}
	/* Errors: bad flags, a range past user space, size 0 to map. */
	kern_return_t kr[2];
	vm_address_t a[2] = { 0, 0 };
	for (int via = 0; via < 2; via++)
		kr[via] = VM_CALL(via, allocate, self, &a[via], 4096, 0x100 | VM_FLAGS_ANYWHERE);
	CHECK(kr[0] == kr[1] && kr[0] == KERN_INVALID_ARGUMENT, "bad flags: %#x %#x", kr[0], kr[1]);
	for (int via = 0; via < 2; via++)
		kr[via] = VM_CALL(via, protect, self, ~(vm_address_t)0xfff, 8192, FALSE,
				  VM_PROT_READ);
	CHECK(kr[0] == kr[1] && kr[0] != KERN_SUCCESS, "protect past the end: %#x %#x", kr[0],
	      kr[1]);
	for (int via = 0; via < 2; via++)
		kr[via] = VM_CALL(via, deallocate, self, ~(vm_address_t)0xfff, 8192);
	CHECK(kr[0] == kr[1] && kr[0] != KERN_SUCCESS, "deallocate past the end: %#x %#x",
	      kr[0], kr[1]);
	vm_address_t m[2] = { 0, 0 };
	kr[0] = _kernelrpc_mach_vm_map_trap(self, &m[0], 0, 0, VM_FLAGS_ANYWHERE, VM_PROT_DEFAULT);
	kr[1] = _kernelrpc_vm_map(self, &m[1], 0, 0, VM_FLAGS_ANYWHERE, MACH_PORT_NULL, 0, FALSE,
				  VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_DEFAULT);
	CHECK(kr[0] == kr[1] && kr[0] != KERN_SUCCESS, "map of size 0: %#x %#x", kr[0], kr[1]);
	return 0;
}

/* vm_read_overwrite and vm_write: MachRV's traps (124, 125) or the message. */
static kern_return_t
copy_read(int via, mach_port_t task, vm_address_t from, vm_size_t size, void *to,
	  vm_size_t *got)
{
	return via == VIA_TRAP ? machrv_vm_read_overwrite_trap(task, from, size, (vm_address_t)to, got)
			       : _kernelrpc_vm_read_overwrite(task, from, size, (vm_address_t)to, got);
}

static kern_return_t
copy_write(int via, mach_port_t task, vm_address_t to, const void *from, vm_size_t size)
{
	return via == VIA_TRAP ? machrv_vm_write_trap(task, to, (vm_offset_t)from,
						      (mach_msg_type_number_t)size)
			       : _kernelrpc_vm_write(task, to, (vm_offset_t)from,
						     (mach_msg_type_number_t)size);
}

/*
 * The copy traps move the same bytes as the messages, in and out of
 * another task, at any alignment, across pages and in pieces larger than
 * the kernel's 512-byte bounce buffer; and fail with the same codes.
 */
UTEST(kernelrpc_copy_traps_match_messages)
{
	mach_port_t self = mach_task_self();
	task_t child;
	KR(task_create(self, NULL, 0, FALSE, &child));
	vm_address_t region = 0, ro = 0;
	KR(vm_allocate(child, &region, 3 * 4096, VM_FLAGS_ANYWHERE));
	KR(vm_allocate(child, &ro, 4096, VM_FLAGS_ANYWHERE));
	KR(vm_protect(child, ro, 4096, FALSE, VM_PROT_READ));
	static uint8_t out[3000], back[2][3002];
	for (unsigned i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7 + 3);
	const struct { vm_size_t at, len; } cases[] = {
		{ 0, 1 }, { 5, 3 }, { 4096 - 2, 5 }, { 100, 513 }, { 4096 - 700, 3000 },
	};
	for (unsigned c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (int via = 0; via < 2; via++) {
			vm_address_t at = region + cases[c].at + (vm_address_t)via * 4096 / 2;
			vm_size_t got = 0;
			memset(back[via], 0, sizeof(back[via]));
			KR(copy_write(via, child, at, out + c, cases[c].len));
			KR(copy_read(1 - via, child, at, cases[c].len, back[via] + 1, &got));
			CHECK(got == cases[c].len && !memcmp(back[via] + 1, out + c, got) &&
			      back[via][0] == 0 && back[via][got + 1] == 0,
			      "case %u, written by %s: %lu bytes back", c, via_name[via],
			      (unsigned long)got);
		}
	}
	/* The errors, each asked both ways. */
	static const uint8_t mine_ro[4096] __attribute__((aligned(4096))) = { 1 };
	kern_return_t kr[2];
	vm_size_t got;
	for (int via = 0; via < 2; via++)
		kr[via] = copy_read(via, child, region + 3 * 4096 + 0x100000, 8, back[0], &got);
	CHECK(kr[0] == kr[1] && kr[0] == KERN_INVALID_ADDRESS, "read unmapped: %#x %#x", kr[0],
	      kr[1]);
	for (int via = 0; via < 2; via++)
		kr[via] = copy_write(via, child, ro + 8, out, 8);
	CHECK(kr[0] == kr[1] && kr[0] == KERN_PROTECTION_FAILURE, "write read-only: %#x %#x",
	      kr[0], kr[1]);
	for (int via = 0; via < 2; via++)
		kr[via] = copy_read(via, child, region, 8, (void *)mine_ro, &got);
	CHECK(kr[0] == kr[1] && kr[0] == KERN_PROTECTION_FAILURE,
	      "read into my read-only page: %#x %#x", kr[0], kr[1]);
	for (int via = 0; via < 2; via++)
		kr[via] = copy_read(via, child, ~(vm_address_t)0 - 4, 16, back[0], &got);
	CHECK(kr[0] == kr[1] && kr[0] == KERN_INVALID_ARGUMENT, "a range that wraps: %#x %#x",
	      kr[0], kr[1]);
	for (int via = 0; via < 2; via++)
		kr[via] = copy_write(via, child, region, out, 0);
	CHECK(kr[0] == kr[1] && kr[0] == KERN_SUCCESS, "write of nothing: %#x %#x", kr[0], kr[1]);
	/* A source the caller cannot read: the send fails, nothing is written. */
	uint8_t before[8], after[8];
	KR(copy_read(VIA_MSG, child, region, 8, before, &got));
	for (int via = 0; via < 2; via++)
		kr[via] = copy_write(via, child, region, (const void *)0x1000, 8);
	KR(copy_read(VIA_MSG, child, region, 8, after, &got));
	CHECK(kr[0] == kr[1] && kr[0] == MACH_SEND_INVALID_MEMORY && !memcmp(before, after, 8),
	      "write from an unreadable source: %#x %#x", kr[0], kr[1]);
	/* A target that is no task: the traps fall back, as the others do. */
	CHECK(machrv_vm_write_trap(0x12345603, region, (vm_offset_t)out, 1) ==
	      MACH_SEND_INVALID_DEST, "no task: write");
	mach_port_t host = mach_host_self();
	CHECK(machrv_vm_read_overwrite_trap(host, region, 1, (vm_address_t)back[0], &got) ==
	      MACH_SEND_INVALID_DEST, "no task: read");
	KR(mach_port_deallocate(self, host));
	CHECK(vm_write(0x12345603, region, (vm_offset_t)out, 1) == MACH_SEND_INVALID_DEST,
	      "libmach's vm_write to no task");
	KR(ut_task_end(child));
	return 0;
}

static kern_return_t
notify_call(int via, mach_port_t task, mach_port_name_t name, mach_msg_id_t msgid,
	    mach_port_t notify, mach_msg_type_name_t poly, mach_port_t *previous)
{
	return via == VIA_TRAP
		? _kernelrpc_mach_port_request_notification_trap(task, name, msgid, 0, notify, poly,
								  previous)
		: _kernelrpc_mach_port_request_notification(task, name, msgid, 0, notify, poly,
							    previous);
}

/*
 * XNU's trap 77 answers as the message: a request made, a request
 * replaced (the old send-once right back, named), and the refusals, the
 * notify right destroyed with them (its port gets the send-once
 * notification).
 */
UTEST(kernelrpc_request_notification_trap_matches_message)
{
	mach_port_t self = mach_task_self();
	for (int via = 0; via < 2; via++) {
		/* A send right to p: its no-senders request waits (else it fires at once). */
		mach_port_t p = ut_port_with_send(), n1 = ut_port(), n2 = ut_port();
		mach_port_t prev1 = 0x1234, prev2 = 0x1234;
		kern_return_t k1 = notify_call(via, self, p, MACH_NOTIFY_NO_SENDERS, n1,
					       MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev1);
		kern_return_t k2 = notify_call(via, self, p, MACH_NOTIFY_NO_SENDERS, n2,
					       MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev2);
		mach_port_type_t t = 0;
		kern_return_t kt = mach_port_type(self, prev2, &t);
		CHECK(k1 == KERN_SUCCESS && prev1 == MACH_PORT_NULL && k2 == KERN_SUCCESS &&
		      kt == KERN_SUCCESS && t == MACH_PORT_TYPE_SEND_ONCE,
		      "%s: %#x prev %#x, %#x prev %#x type %#x", via_name[via], k1, prev1, k2, prev2,
		      t);
		/* The old right answers to n1. */
		mach_msg_header_t h = { .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
					.msgh_size = sizeof(h), .msgh_remote_port = prev2,
					.msgh_id = 77 };
		KR(mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
		ut_msg_t m;
		mach_msg_return_t r = ut_recv(n1, &m, 1000);
		CHECK(r == MACH_MSG_SUCCESS && m.header.msgh_id == 77, "%s: n1 got %#x id %d",
		      via_name[via], r, m.header.msgh_id);
		/* Refusals: a bad msgid, a right of the wrong kind; the notify right goes. */
		mach_port_t prev3 = 0x1234;
		kern_return_t k3 = notify_call(via, self, p, 0x999, n1, MACH_MSG_TYPE_MAKE_SEND_ONCE,
					       &prev3);
		r = ut_recv(n1, &m, 1000);
		CHECK(k3 == KERN_INVALID_VALUE && r == MACH_MSG_SUCCESS &&
		      m.header.msgh_id == MACH_NOTIFY_SEND_ONCE,
		      "%s: bad msgid %#x, n1 got %#x id %d", via_name[via], k3, r, m.header.msgh_id);
		kern_return_t k4 = notify_call(via, self, p, MACH_NOTIFY_NO_SENDERS, n1,
					       MACH_MSG_TYPE_MAKE_SEND, &prev3);
		kern_return_t k5 = notify_call(via, self, 0x7777, MACH_NOTIFY_NO_SENDERS, n1,
					       MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev3);
		CHECK(k4 == MIG_TYPE_ERROR && k5 == KERN_INVALID_NAME, "%s: %#x %#x", via_name[via],
		      k4, k5);
		/* With no senders left, n2 hears of it. */
		KR(mach_port_deallocate(self, p));
		struct {
			mach_no_senders_notification_t n;
			mach_msg_max_trailer_t trailer;
		} ns;
		r = mach_msg(&ns.n.not_header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(ns), n2,
			     1000, MACH_PORT_NULL);
		CHECK(r == MACH_MSG_SUCCESS && ns.n.not_header.msgh_id == MACH_NOTIFY_NO_SENDERS,
		      "%s: n2 got %#x id %d", via_name[via], r, ns.n.not_header.msgh_id);
		mach_port_destroy(self, p);
		mach_port_destroy(self, n1);
		mach_port_destroy(self, n2);
	}
	CHECK(_kernelrpc_mach_port_request_notification_trap(mach_task_self(), 1, 0, 0, 0, 0,
							     (mach_port_t *)0x10) ==
	      KERN_INVALID_ADDRESS, "a bad previous pointer");
	return 0;
}

/* The label mach_port_space_rights shows for `name' in our space ("?" if none found). */
static void
label_of(mach_port_name_t name, char out[MACH_PORT_LABEL_MAX])
{
	ipc_info_right_array_t rights;
	mach_msg_type_number_t n;
	strcpy(out, "?");
	if (mach_port_space_rights(mach_task_self(), &rights, &n) != KERN_SUCCESS)
		return;
	for (mach_msg_type_number_t i = 0; i < n; i++)
		if (rights[i].iir_name == name)
			strcpy(out, rights[i].iir_label);
	vm_deallocate(mach_task_self(), (vm_address_t)rights, n * sizeof(*rights));
}

/* MachRV's label trap (126) sets what the message sets and refuses as it does. */
UTEST(kernelrpc_label_trap_matches_message)
{
	mach_port_t self = mach_task_self();
	mach_port_t p = ut_port();
	char got[2][MACH_PORT_LABEL_MAX];
	kern_return_t kr[2];
	kr[0] = machrv_port_set_label_trap(self, p, "by the trap");
	label_of(p, got[0]);
	kr[1] = _kernelrpc_mach_port_set_label(self, p, "by the message");
	label_of(p, got[1]);
	CHECK(kr[0] == KERN_SUCCESS && kr[1] == KERN_SUCCESS && !strcmp(got[0], "by the trap") &&
	      !strcmp(got[1], "by the message"), "%#x '%s', %#x '%s'", kr[0], got[0], kr[1], got[1]);
	/* A label that ends just before an unmapped page is read up to its NUL only. */
	vm_address_t page = 0;
	KR(vm_allocate(self, &page, 2 * 4096, VM_FLAGS_ANYWHERE));
	KR(vm_deallocate(self, page + 4096, 4096));
	char *edge = (char *)page + 4096 - 6;
	memcpy(edge, "edge!", 6);
	kr[0] = machrv_port_set_label_trap(self, p, edge);
	label_of(p, got[0]);
	CHECK(kr[0] == KERN_SUCCESS && !strcmp(got[0], "edge!"), "%#x '%s'", kr[0], got[0]);
	/* The refusals. */
	static const char too_long[] = "0123456789012345678901234567890123456789012345678";
	mach_port_t send_only = ut_port_with_send();
	mach_port_t sr;
	mach_msg_type_name_t srt;
	KR(mach_port_extract_right(self, send_only, MACH_MSG_TYPE_MAKE_SEND, &sr, &srt));
	for (int via = 0; via < 2; via++)
		kr[via] = via == VIA_TRAP ? machrv_port_set_label_trap(self, p, too_long)
					  : _kernelrpc_mach_port_set_label(self, p, too_long);
	CHECK(kr[0] == kr[1] && kr[0] == KERN_INVALID_ARGUMENT, "too long: %#x %#x", kr[0], kr[1]);
	for (int via = 0; via < 2; via++)
		kr[via] = via == VIA_TRAP ? machrv_port_set_label_trap(self, 0x7777, "x")
					  : _kernelrpc_mach_port_set_label(self, 0x7777, "x");
	CHECK(kr[0] == kr[1] && kr[0] == KERN_INVALID_NAME, "no name: %#x %#x", kr[0], kr[1]);
	CHECK(machrv_port_set_label_trap(self, p, (const char *)(page + 4096)) ==
	      KERN_INVALID_ADDRESS, "an unreadable label");
	CHECK(machrv_port_set_label_trap(mach_host_self(), p, "x") == MACH_SEND_INVALID_DEST,
	      "no task");
	label_of(p, got[0]);
	CHECK(!strcmp(got[0], "edge!"), "a refused label changed it: '%s'", got[0]);
	KR(vm_deallocate(self, page, 4096));
	mach_port_destroy(self, p);
	mach_port_destroy(self, send_only);
	mach_port_deallocate(self, sr);
	return 0;
}

/*
 * Targets that are no task port: the trap says MACH_SEND_INVALID_DEST and
 * does nothing; libmach's call then says what the message says.
 */
UTEST(kernelrpc_traps_on_no_task_fall_back_to_the_message)
{
	mach_port_t self = mach_task_self();
	mach_port_t thread = mach_thread_self();	/* a kernel port, not a task's */
	task_t dead;
	KR(task_create(self, NULL, 0, FALSE, &dead));
	KR(task_terminate(dead));			/* the name becomes a dead name */
	mach_port_t user = ut_port();			/* a receive right, no send right */
	const mach_port_t targets[] = { 0x12345603, MACH_PORT_NULL, thread, dead, user };
	for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		mach_port_name_t name = 0x4242;
		kern_return_t trap = _kernelrpc_mach_port_allocate_trap(targets[i],
									 MACH_PORT_RIGHT_RECEIVE, &name);
		kern_return_t lib = mach_port_allocate(targets[i], MACH_PORT_RIGHT_RECEIVE, &name);
		kern_return_t msg = _kernelrpc_mach_port_allocate(targets[i],
								  MACH_PORT_RIGHT_RECEIVE, &name);
		/* (A task ended but not yet torn down is still a task port: the
		   trap then answers as the message, KERN_INVALID_TASK.) */
		bool fell_back = trap == MACH_SEND_INVALID_DEST ||
				 (targets[i] == dead && trap == msg);
		CHECK(fell_back && name == 0x4242 && lib == msg,
		      "target %u: trap %#x, libmach %#x, message %#x", i, trap, lib, msg);
		vm_address_t a = 0;
		trap = _kernelrpc_mach_vm_allocate_trap(targets[i], &a, 4096, VM_FLAGS_ANYWHERE);
		lib = vm_allocate(targets[i], &a, 4096, VM_FLAGS_ANYWHERE);
		kern_return_t vmsg = _kernelrpc_vm_allocate(targets[i], &a, 4096, VM_FLAGS_ANYWHERE);
		CHECK((trap == MACH_SEND_INVALID_DEST || (targets[i] == dead && trap == vmsg)) &&
		      a == 0 && lib == vmsg,
		      "target %u: vm trap %#x, libmach %#x, message %#x", i, trap, lib, vmsg);
		trap = _kernelrpc_mach_port_destroy_trap(targets[i], user);
		lib = mach_port_destroy(targets[i], user);
		CHECK((trap == MACH_SEND_INVALID_DEST || (targets[i] == dead && trap == msg)) &&
		      lib == msg, "target %u: destroy trap %#x, libmach %#x", i, trap, lib);
	}
	mach_port_type_t type;
	KR(mach_port_type(self, user, &type));
	CHECK(type == MACH_PORT_TYPE_RECEIVE, "the user port: type %#x", type);
	KR(mach_port_destroy(self, user));
	KR(mach_port_deallocate(self, dead));
	KR(mach_port_deallocate(self, thread));
	return 0;
}

/* Another task's port takes the trap (as in XNU), with the message's results. */
UTEST(kernelrpc_traps_work_on_another_task)
{
	mach_port_t self = mach_task_self();
	task_t child;
	KR(task_create(self, NULL, 0, FALSE, &child));
	kern_return_t kr[2];
	struct name_state st[2];
	mach_port_name_t name[2];
	for (int via = 0; via < 2; via++) {
		kr[via] = PORT_CALL(via, allocate, child, MACH_PORT_RIGHT_RECEIVE, &name[via]);
		st[via] = state_of(child, name[via]);
	}
	CHECK_SAME(kr, st, KERN_SUCCESS);
	for (int via = 0; via < 2; via++)
		kr[via] = PORT_CALL(via, deallocate, child, name[via]);	/* a receive right */
	CHECK(kr[0] == kr[1] && kr[0] == KERN_INVALID_RIGHT, "deallocate: %#x %#x", kr[0], kr[1]);
	for (int via = 0; via < 2; via++) {
		kr[via] = PORT_CALL(via, destroy, child, name[via]);
		st[via] = state_of(child, name[via]);
	}
	CHECK_SAME(kr, st, KERN_SUCCESS);
	vm_address_t a[2] = { 0, 0 };
	for (int via = 0; via < 2; via++)
		kr[via] = VM_CALL(via, allocate, child, &a[via], 4096, VM_FLAGS_ANYWHERE);
	CHECK(kr[0] == kr[1] && kr[0] == KERN_SUCCESS && a[0] && a[1], "vm_allocate: %#x %#x",
	      kr[0], kr[1]);
	KR(ut_task_end(child));
	return 0;
}

typedef struct {
	mach_msg_header_t header;
	mach_msg_max_trailer_t trailer;
} poll_buf_t;

static mach_msg_return_t
poll_rcv(mach_port_t name, poll_buf_t *m)
{
	return mach_msg(&m->header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*m), name, 0,
			MACH_PORT_NULL);
}

static mach_msg_return_t
send_empty(mach_port_t dest, int id)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
		.msgh_size = sizeof(h),
		.msgh_remote_port = dest,
		.msgh_id = id,
	};
	return mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

UTEST(poll_of_a_port_times_out_when_empty_and_takes_a_message)
{
	mach_port_t p = ut_port();
	poll_buf_t m;
	mach_msg_return_t empty = poll_rcv(p, &m);
	KR(send_empty(p, 1234));
	mach_msg_return_t full = poll_rcv(p, &m);
	mach_msg_return_t again = poll_rcv(p, &m);
	KR(mach_port_destroy(mach_task_self(), p));
	CHECK(empty == MACH_RCV_TIMED_OUT, "empty: %#x", empty);
	CHECK(full == MACH_MSG_SUCCESS && m.header.msgh_id == 1234, "with a message: %#x id %d",
	      full, m.header.msgh_id);
	CHECK(again == MACH_RCV_TIMED_OUT, "emptied: %#x", again);
	return 0;
}

UTEST(poll_of_a_port_set_times_out_when_empty_and_takes_a_message)
{
	mach_port_t self = mach_task_self();
	mach_port_t a = ut_port(), b = ut_port(), pset;
	KR(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pset));
	poll_buf_t m;
	mach_msg_return_t none = poll_rcv(pset, &m);	/* no members */
	KR(mach_port_move_member(self, a, pset));
	KR(mach_port_move_member(self, b, pset));
	mach_msg_return_t empty = poll_rcv(pset, &m);
	mach_msg_return_t member = poll_rcv(a, &m);	/* a member is received through its set */
	KR(send_empty(b, 4321));
	mach_msg_return_t full = poll_rcv(pset, &m);
	mach_port_t from = m.header.msgh_local_port;
	mach_msg_return_t again = poll_rcv(pset, &m);
	KR(mach_port_destroy(self, a));
	KR(mach_port_destroy(self, b));
	KR(mach_port_destroy(self, pset));
	CHECK(none == MACH_RCV_TIMED_OUT && empty == MACH_RCV_TIMED_OUT, "empty: %#x %#x", none,
	      empty);
	CHECK(member == MACH_RCV_IN_SET, "poll of a member: %#x", member);
	CHECK(full == MACH_MSG_SUCCESS && m.header.msgh_id == 4321 && from == b,
	      "with a message: %#x id %d from %#x", full, m.header.msgh_id, from);
	CHECK(again == MACH_RCV_TIMED_OUT, "emptied: %#x", again);
	return 0;
}

UTEST(poll_of_a_bad_name_says_invalid_name)
{
	poll_buf_t m;
	mach_port_t dead;
	KR(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_DEAD_NAME, &dead));
	mach_msg_return_t bad = poll_rcv(0x12345603, &m);
	mach_msg_return_t dn = poll_rcv(dead, &m);
	KR(mach_port_deallocate(mach_task_self(), dead));
	CHECK(bad == MACH_RCV_INVALID_NAME && dn == MACH_RCV_INVALID_NAME, "%#x %#x", bad, dn);
	return 0;
}

/*
 * A kernel call by message, built by hand (mach_port_type, id 3201, as
 * MIG's stub builds it) so that its reply port and receive can be chosen:
 * the reply is received as any message on that port is, whether the
 * kernel gives it to the caller at once (ipc_mqueue_reply_direct) or
 * queues it (a message was there first, or the buffer is too small).
 */
typedef struct {
	mach_msg_header_t head;
	NDR_record_t ndr;
	mach_port_name_t name;
} type_request_t;

typedef struct {
	mach_msg_header_t head;
	NDR_record_t ndr;
	kern_return_t ret;
	mach_port_type_t type;
	mach_msg_max_trailer_t trailer;
} type_reply_t;

typedef union {
	type_request_t req;
	type_reply_t rep;
} type_msg_t;

static mach_msg_return_t
type_call(mach_port_t reply, mach_msg_option_t rcv_options, mach_msg_size_t rcv_size,
	  type_msg_t *m)
{
	memset(m, 0, sizeof(*m));
	m->req.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->req.head.msgh_size = sizeof(m->req);
	m->req.head.msgh_remote_port = mach_task_self();
	m->req.head.msgh_local_port = reply;
	m->req.head.msgh_id = 3201;
	m->req.ndr = NDR_record;
	m->req.name = reply;
	return mach_msg(&m->req.head, MACH_SEND_MSG | MACH_RCV_MSG | rcv_options, sizeof(m->req),
			rcv_size, reply, 0, MACH_PORT_NULL);
}

#define SEQNO_TRAILER \
	(MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) | \
	 MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER))

UTEST(kernel_call_replies_take_the_reply_ports_sequence_numbers)
{
	mach_port_t p = ut_port();
	type_msg_t m;
	mach_port_seqno_t seqno[3];
	for (int i = 0; i < 3; i++) {
		mach_msg_return_t mr = type_call(p, SEQNO_TRAILER, sizeof(m.rep), &m);
		CHECK(mr == MACH_MSG_SUCCESS && m.rep.head.msgh_id == 3301 &&
		      m.rep.ret == KERN_SUCCESS && m.rep.type == MACH_PORT_TYPE_RECEIVE,
		      "call %d: %#x id %d ret %#x type %#x", i, mr, m.rep.head.msgh_id, m.rep.ret,
		      m.rep.type);
		CHECK(m.rep.head.msgh_local_port == p && m.rep.head.msgh_remote_port == MACH_PORT_NULL,
		      "call %d: received on %#x (port %#x), reply port %#x", i,
		      m.rep.head.msgh_local_port, p, m.rep.head.msgh_remote_port);
		security_token_t kernel = KERNEL_SECURITY_TOKEN_VALUE;
		CHECK(m.rep.trailer.msgh_sender.val[0] == kernel.val[0] &&
		      m.rep.trailer.msgh_sender.val[1] == kernel.val[1],
		      "call %d: sender %u.%u, not the kernel", i, m.rep.trailer.msgh_sender.val[0],
		      m.rep.trailer.msgh_sender.val[1]);
		seqno[i] = m.rep.trailer.msgh_seqno;
	}
	/* A message queued next takes the number after the replies'. */
	KR(send_empty(p, 55));
	poll_buf_t b;
	mach_msg_return_t mr = mach_msg(&b.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT | SEQNO_TRAILER,
					0, sizeof(b), p, 0, MACH_PORT_NULL);
	KR(mach_port_destroy(mach_task_self(), p));
	CHECK(seqno[1] == seqno[0] + 1 && seqno[2] == seqno[0] + 2, "replies' numbers %u %u %u",
	      seqno[0], seqno[1], seqno[2]);
	CHECK(mr == MACH_MSG_SUCCESS && b.header.msgh_id == 55 &&
	      b.trailer.msgh_seqno == seqno[0] + 3,
	      "the next message: %#x id %d number %u (the replies' %u to %u)", mr,
	      b.header.msgh_id, b.trailer.msgh_seqno, seqno[0], seqno[2]);
	return 0;
}

UTEST(kernel_call_reply_comes_after_a_message_queued_first)
{
	mach_port_t p = ut_port();
	type_msg_t m;
	poll_buf_t b;
	KR(send_empty(p, 777));
	mach_msg_return_t first = type_call(p, 0, sizeof(m.rep), &m);
	int first_id = m.rep.head.msgh_id;
	mach_msg_return_t reply = poll_rcv(p, &b);
	int reply_id = b.header.msgh_id;
	mach_msg_return_t none = poll_rcv(p, &b);
	KR(mach_port_destroy(mach_task_self(), p));
	CHECK(first == MACH_MSG_SUCCESS && first_id == 777, "the call received %#x id %d, not 777",
	      first, first_id);
	CHECK(reply == MACH_MSG_SUCCESS && reply_id == 3301, "then %#x id %d, not the reply",
	      reply, reply_id);
	CHECK(none == MACH_RCV_TIMED_OUT, "then %#x, not an empty port", none);
	return 0;
}

UTEST(kernel_call_reply_too_large_for_the_buffer_is_destroyed_or_kept)
{
	mach_port_t p = ut_port();
	type_msg_t m;
	poll_buf_t b;
	mach_msg_return_t small = type_call(p, 0, sizeof(mach_msg_header_t), &m);
	/* The destroyed reply's send-once right says so (a send-once notification). */
	mach_msg_return_t notified = poll_rcv(p, &b);
	int notify_id = b.header.msgh_id;
	mach_msg_return_t gone = poll_rcv(p, &b);
	mach_msg_return_t large = type_call(p, MACH_RCV_LARGE, sizeof(mach_msg_header_t), &m);
	mach_msg_size_t needed = m.rep.head.msgh_size;
	mach_msg_return_t kept = mach_msg(&m.rep.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
					  sizeof(m.rep), p, 0, MACH_PORT_NULL);
	KR(mach_port_destroy(mach_task_self(), p));
	CHECK(small == MACH_RCV_TOO_LARGE && notified == MACH_MSG_SUCCESS &&
	      notify_id == MACH_NOTIFY_SEND_ONCE && gone == MACH_RCV_TIMED_OUT,
	      "without MACH_RCV_LARGE: %#x, then %#x id %d, then %#x (the reply destroyed)", small,
	      notified, notify_id, gone);
	CHECK(large == MACH_RCV_TOO_LARGE && needed >= offsetof(type_reply_t, trailer),
	      "with MACH_RCV_LARGE: %#x, %u bytes needed", large, needed);
	CHECK(kept == MACH_MSG_SUCCESS && m.rep.head.msgh_id == 3301 && m.rep.ret == KERN_SUCCESS,
	      "the kept reply: %#x id %d ret %#x", kept, m.rep.head.msgh_id, m.rep.ret);
	return 0;
}
