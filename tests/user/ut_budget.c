/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPC budgets (mach/ipc/ipc_budget.h): a task cannot pin more kernel
 * memory in messages than its limit, neither in messages it queues to its
 * own ports nor in kernel replies it never receives; a refused send gives
 * the message back; everything charged comes back when the messages go.
 */
#include <string.h>
#include <machrv/task_limits.h>
#include "utest.h"

#define KIB		1024
#define LIMIT		(1024 * KIB)	/* the limit the tests set */
#define OOL		(64 * KIB)	/* each message's out-of-line bytes */
#define NPORTS		64

/* The init task's bootstrap port is the host-priv port (as in ut_task.c). */
static mach_port_t
host_priv_port(void)
{
	return mach_bootstrap_port();
}

/* The bytes the messages carry. */
static vm_address_t ool_slot;
#define ool_data ut_kept_region(&ool_slot, OOL)

struct budget {
	int64_t limit, used, refused;
};

static struct budget
budget(void)
{
	struct budget b = { -1, -1, -1 };
	task_get_ipc_budget(mach_task_self(), &b.limit, &b.used, &b.refused);
	return b;
}

/* A message with one out-of-line region, sent without waiting. */
typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t ool;
	mach_msg_max_trailer_t trailer;		/* room for the message coming back */
} ool_msg_t;

static mach_msg_return_t
send_ool(mach_port_t dest, ool_msg_t *m)
{
	memset(m, 0, sizeof(*m));
	m->header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	m->header.msgh_size = sizeof(*m) - sizeof(m->trailer);
	m->header.msgh_remote_port = dest;
	m->header.msgh_id = 77;
	m->body.msgh_descriptor_count = 1;
	m->ool.address = ool_data;
	m->ool.size = OOL;
	m->ool.copy = MACH_MSG_PHYSICAL_COPY;
	m->ool.type = MACH_MSG_OOL_DESCRIPTOR;
	return mach_msg(&m->header, MACH_SEND_MSG | MACH_SEND_TIMEOUT, m->header.msgh_size, 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

UTEST(the_default_ipc_budget_is_reported_and_only_host_priv_sets_it)
{
	struct budget b = budget();
	mach_port_t host = mach_host_self();
	kern_return_t by_host = task_set_ipc_limit(host, mach_task_self(), LIMIT);
	mach_port_deallocate(mach_task_self(), host);
	kern_return_t tiny = task_set_ipc_limit(host_priv_port(), mach_task_self(), 1024);
	int64_t limit, used, refused;
	kern_return_t not_task = task_get_ipc_budget(host_priv_port(), &limit, &used, &refused);

	CHECK(b.limit >= 4 * 1024 * KIB && b.used >= 0 && b.used < b.limit,
	      "limit %lld, used %lld", (long long)b.limit, (long long)b.used);
	CHECK(by_host == KERN_INVALID_HOST, "set with the host name port: %#x", by_host);
	CHECK(tiny == KERN_INVALID_ARGUMENT, "a 1 KiB limit: %#x", tiny);
	CHECK(not_task == KERN_INVALID_ARGUMENT, "asked of the host port: %#x", not_task);
	CHECK(budget().limit == b.limit, "the limit moved to %lld", (long long)budget().limit);
	return 0;
}

/*
 * Messages queued to ports the task holds itself: it can fill each port's
 * queue, but across many ports the sends stop at the limit with
 * MACH_SEND_NO_BUFFER, the refused message comes back whole, and when the
 * ports go the budget is back where it was.
 */
UTEST(messages_queued_to_a_tasks_own_ports_stop_at_its_ipc_budget)
{
	struct budget before = budget();
	KR(task_set_ipc_limit(host_priv_port(), mach_task_self(), LIMIT));
	mach_port_t ports[NPORTS];
	for (int i = 0; i < NPORTS; i++)
		ports[i] = ut_port();

	static ool_msg_t m;
	int sent = 0;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	for (int round = 0; round < 5 && mr == MACH_MSG_SUCCESS; round++)
		for (int i = 0; i < NPORTS && mr == MACH_MSG_SUCCESS; i++)
			if ((mr = send_ool(ports[i], &m)) == MACH_MSG_SUCCESS)
				sent++;
	struct budget full = budget();
	/* The refused message came back: its region is ours again. */
	bool whole = mr == MACH_SEND_NO_BUFFER && m.ool.size == OOL && m.ool.address &&
		     memcmp(m.ool.address, ool_data, OOL) == 0;
	if (mr == MACH_SEND_NO_BUFFER)
		mach_msg_destroy(&m.header);
	for (int i = 0; i < NPORTS; i++)
		mach_port_destroy(mach_task_self(), ports[i]);
	struct budget after = budget();
	KR(task_set_ipc_limit(host_priv_port(), mach_task_self(), before.limit));

	CHECK(mr == MACH_SEND_NO_BUFFER, "after %d messages: %#x", sent, mr);
	CHECK(sent >= LIMIT / OOL / 2 && sent <= LIMIT / OOL, "%d messages of %d KiB sent",
	      sent, OOL / KIB);
	CHECK(full.used <= LIMIT && full.refused == before.refused + 1,
	      "used %lld of %d, refused %lld -> %lld", (long long)full.used, LIMIT,
	      (long long)before.refused, (long long)full.refused);
	CHECK(whole, "the refused message did not come back whole");
	CHECK(after.used == before.used, "used %lld before, %lld after the ports went",
	      (long long)before.used, (long long)after.used);
	return 0;
}

/*
 * Kernel replies the task never receives count too: vm_read requests sent
 * without waiting, whose reply port is never read, are refused once the
 * replies fill the budget.  Kernel calls that wait for their reply (as the
 * MIG stubs do) still work over the limit, so the task can look and
 * recover: destroying the reply port gives it all back.
 */
UTEST(kernel_replies_never_received_count_against_the_ipc_budget)
{
	struct budget before = budget();
	KR(task_set_ipc_limit(host_priv_port(), mach_task_self(), LIMIT));
	mach_port_t reply = ut_port();
	typedef struct {
		mach_msg_header_t Head;
		NDR_record_t NDR;
		vm_address_t address;
		vm_size_t size;
	} vm_read_request_t;
	vm_read_request_t req;
	int sent = 0;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	for (int i = 0; i < 64 && mr == MACH_MSG_SUCCESS; i++) {
		memset(&req, 0, sizeof(req));
		req.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		req.Head.msgh_size = sizeof(req);
		req.Head.msgh_remote_port = mach_task_self();
		req.Head.msgh_local_port = reply;
		req.Head.msgh_id = 3805;			/* vm_read */
		req.NDR = NDR_record;
		req.address = (vm_address_t)ool_data;
		req.size = OOL;					/* 64 KiB out of line */
		mr = mach_msg(&req.Head, MACH_SEND_MSG, sizeof(req), 0, MACH_PORT_NULL, 0,
			      MACH_PORT_NULL);
		if (mr == MACH_MSG_SUCCESS)
			sent++;
	}
	if (mr == MACH_SEND_NO_BUFFER)
		mach_msg_destroy(&req.Head);	/* it came back with its reply right */
	/* Over the limit now: a MIG call (send and receive its reply) still works. */
	struct budget full = budget();
	mach_port_destroy(mach_task_self(), reply);
	struct budget after = budget();
	KR(task_set_ipc_limit(host_priv_port(), mach_task_self(), before.limit));

	CHECK(mr == MACH_SEND_NO_BUFFER, "after %d requests: %#x", sent, mr);
	CHECK(sent >= LIMIT / OOL / 2 && sent <= LIMIT / OOL + 1, "%d requests answered", sent);
	CHECK(full.used > LIMIT / 2 && full.used <= LIMIT + OOL + 4096 * 2 &&
	      full.refused == before.refused + 1, "used %lld of %d, refused %lld",
	      (long long)full.used, LIMIT, (long long)full.refused);
	CHECK(after.used == before.used, "used %lld before, %lld after", (long long)before.used,
	      (long long)after.used);
	return 0;
}

/* A child task starts with its parent's limit. */
UTEST(a_child_task_starts_with_its_parents_ipc_limit)
{
	struct budget before = budget();
	KR(task_set_ipc_limit(host_priv_port(), mach_task_self(), 3 * LIMIT));
	task_t child;
	kern_return_t kc = task_create(mach_task_self(), NULL, 0, FALSE, &child);
	int64_t limit = 0, used = -1, refused = -1;
	if (kc == KERN_SUCCESS) {
		task_get_ipc_budget(child, &limit, &used, &refused);
		ut_task_end(child);
	}
	KR(task_set_ipc_limit(host_priv_port(), mach_task_self(), before.limit));
	CHECK(kc == KERN_SUCCESS, "task_create %#x", kc);
	CHECK(limit == 3 * LIMIT && used == 0 && refused == 0, "child: limit %lld used %lld",
	      (long long)limit, (long long)used);
	return 0;
}
