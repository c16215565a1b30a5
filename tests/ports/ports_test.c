// SPDX-License-Identifier: BSD-2-Clause
// The port-inspection test (ports.conf, docs/port-rights.md): this task
// holds the host-priv port, makes rights of every kind, and checks what
// mach_port_space_info, mach_port_space_rights, mach_port_kernel_object,
// host_tasks and mach_port_set_label say about them, exactly; the unprivileged ports_peer is
// refused this task's space.  Then it prints the rights it made
// ("[MADE] name rights urefs leads-to") and asks lsmp to list it
// (lsmp -w lsmp.now ports_test): tests/ports/check_ports.py compares the two.
// One "[TEST] PASS/FAIL" line per fact; the exit status is the failures.
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <mach_debug/ipc_info.h>
#include <machrv/object_counts.h>
#include <servers/bootstrap.h>
#include "ports_proto.h"

#include "../common/fact.h"

#define ME mach_task_self()

static ipc_info_right_t rights[512];
static unsigned nrights;

// A snapshot of a space through mach_port_space_rights, into `rights'.
static kern_return_t
snapshot(mach_port_t task)
{
	ipc_info_right_array_t r;
	mach_msg_type_number_t n = 0;
	kern_return_t kr = mach_port_space_rights(task, &r, &n);
	nrights = 0;
	if (kr != KERN_SUCCESS)
		return kr;
	for (unsigned i = 0; i < n && i < 512; i++)
		rights[nrights++] = r[i];
	if (n)
		vm_deallocate(ME, (vm_address_t)r, n * sizeof(*r));
	return KERN_SUCCESS;
}

static const ipc_info_right_t *
find(mach_port_name_t name)
{
	for (unsigned i = 0; i < nrights; i++)
		if (rights[i].iir_name == name)
			return &rights[i];
	static const ipc_info_right_t none;
	return &none;
}

struct task_ref {
	mach_port_t port;
	unsigned id;
	int seen;
};

// host_tasks, and the tasks by name.
static kern_return_t
tasks_by_name(mach_port_t host_priv, const char *const *names, struct task_ref *out, int n)
{
	task_array_t list;
	mach_msg_type_number_t cnt = 0;
	kern_return_t kr = host_tasks(host_priv, &list, &cnt);
	if (kr != KERN_SUCCESS)
		return kr;
	for (unsigned i = 0; i < cnt; i++) {
		task_machrv_name_data_t nm;
		mach_msg_type_number_t c = TASK_MACHRV_NAME_COUNT;
		unsigned type, id;
		if (task_info(list[i], TASK_MACHRV_NAME, (task_info_t)&nm, &c) != KERN_SUCCESS ||
		    mach_port_kernel_object(ME, list[i], &type, &id) != KERN_SUCCESS)
			continue;
		for (int k = 0; k < n; k++)
			if (!strcmp(nm.name, names[k])) {
				out[k].port = list[i];
				out[k].id = id;
				out[k].seen++;
			}
	}
	return KERN_SUCCESS;
}

int main(void)
{
	kern_return_t kr;
	mach_port_t host_priv = MACH_PORT_NULL;
	// The first output looks the console up: its rights come now, not mid-test.
	printf("ports_test: start\n");
	fflush(stdout);
	mach_port_array_t given;
	mach_msg_type_number_t ngiven = 0;
	if (mach_ports_lookup(ME, &given, &ngiven) == KERN_SUCCESS && ngiven >= 1)
		host_priv = given[0];

	// ---- rights made here ----
	mach_port_t r, r2, r3, dn, ps, so, peer;
	mach_msg_type_name_t got;
	mach_port_allocate(ME, MACH_PORT_RIGHT_RECEIVE, &r);
	mach_port_insert_right(ME, r, r, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_mod_refs(ME, r, MACH_PORT_RIGHT_SEND, 2);		// 3 user references
	mach_port_allocate(ME, MACH_PORT_RIGHT_RECEIVE, &r2);
	mach_port_extract_right(ME, r2, MACH_MSG_TYPE_MAKE_SEND_ONCE, &so, &got);
	mach_port_allocate(ME, MACH_PORT_RIGHT_DEAD_NAME, &dn);
	mach_port_mod_refs(ME, dn, MACH_PORT_RIGHT_DEAD_NAME, 1);	// 2 user references
	mach_port_allocate(ME, MACH_PORT_RIGHT_PORT_SET, &ps);
	mach_port_move_member(ME, r, ps);
	// r3: three messages sent, one received, queue limit 7, no-senders asked.
	// Its send rights: ours, and one in each queued message (its destination).
	mach_port_allocate(ME, MACH_PORT_RIGHT_RECEIVE, &r3);
	mach_port_insert_right(ME, r3, r3, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_limits_t lim = { .mpl_qlimit = 7 };
	mach_port_set_attributes(ME, r3, MACH_PORT_LIMITS_INFO, (mach_port_info_t)&lim,
				 MACH_PORT_LIMITS_INFO_COUNT);
	for (int i = 0; i < 3; i++) {
		mach_msg_header_t m = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			.msgh_size = sizeof(m), .msgh_remote_port = r3, .msgh_id = 100 + i,
		};
		mach_msg(&m, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	}
	struct { mach_msg_header_t h; mach_msg_max_trailer_t t; } rcv;
	mach_msg(&rcv.h, MACH_RCV_MSG, 0, sizeof(rcv), r3, 0, MACH_PORT_NULL);
	mach_port_t previous;
	mach_port_request_notification(ME, r3, MACH_NOTIFY_NO_SENDERS, 0, r2,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);

	// ---- XNU's view: mach_port_space_info ----
	ipc_info_space_t info;
	ipc_info_name_array_t table;
	ipc_info_tree_name_array_t tree;
	mach_msg_type_number_t ntable = 0, ntree = 0;
	kr = mach_port_space_info(ME, &info, &table, &ntable, &tree, &ntree);
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t nnames = 0, ntypes = 0;
	mach_port_names(ME, &names, &nnames, &types, &ntypes);
	const ipc_info_name_t *ir = NULL, *iso = NULL, *idn = NULL, *ips = NULL, *ir2 = NULL;
	for (unsigned i = 0; kr == KERN_SUCCESS && i < ntable; i++) {
		if (table[i].iin_name == r) ir = &table[i];
		if (table[i].iin_name == r2) ir2 = &table[i];
		if (table[i].iin_name == so) iso = &table[i];
		if (table[i].iin_name == dn) idn = &table[i];
		if (table[i].iin_name == ps) ips = &table[i];
	}
	FACT("space_info_counts_every_name_and_has_no_tree",
	     kr == KERN_SUCCESS && ntable == nnames && ntree == 0 && info.iis_genno_mask == 0xff &&
	     info.iis_table_size > ntable,
	     "kr %d, %u entries, %u names, tree %u, mask 0x%x, table %u", kr, ntable, nnames, ntree,
	     info.iis_genno_mask, info.iis_table_size);
	FACT("space_info_shows_receive_and_send_with_three_urefs",
	     ir && ir->iin_type == (MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_SEND) && ir->iin_urefs == 3,
	     "type 0x%x urefs %u", ir ? ir->iin_type : 0, ir ? ir->iin_urefs : 0);
	FACT("space_info_shows_send_once_with_one_uref",
	     iso && iso->iin_type == MACH_PORT_TYPE_SEND_ONCE && iso->iin_urefs == 1,
	     "type 0x%x urefs %u", iso ? iso->iin_type : 0, iso ? iso->iin_urefs : 0);
	FACT("space_info_shows_dead_name_with_two_urefs_and_no_object",
	     idn && idn->iin_type == MACH_PORT_TYPE_DEAD_NAME && idn->iin_urefs == 2 &&
	     idn->iin_object == 0,
	     "type 0x%x urefs %u object %x", idn ? idn->iin_type : 0, idn ? idn->iin_urefs : 0,
	     idn ? idn->iin_object : 0);
	FACT("space_info_shows_port_set",
	     ips && ips->iin_type == MACH_PORT_TYPE_PORT_SET && ips->iin_urefs == 0 && ips->iin_object,
	     "type 0x%x", ips ? ips->iin_type : 0);
	FACT("send_once_right_has_the_identity_of_its_ports_receive_right",
	     iso && ir2 && ir && iso->iin_object == ir2->iin_object && ir->iin_object != ir2->iin_object &&
	     ir->iin_object != 0,
	     "so %x r2 %x r %x", iso ? iso->iin_object : 0, ir2 ? ir2->iin_object : 0,
	     ir ? ir->iin_object : 0);

	// ---- MachRV's view: mach_port_space_rights ----
	kr = snapshot(ME);
	int agree = kr == KERN_SUCCESS && nrights == ntable;
	for (unsigned i = 0; agree && i < ntable; i++) {
		const ipc_info_right_t *x = find(table[i].iin_name);
		agree = x->iir_type == table[i].iin_type && x->iir_urefs == table[i].iin_urefs &&
			x->iir_object == table[i].iin_object;
	}
	FACT("space_rights_and_space_info_agree_on_every_name", agree, "kr %d, %u vs %u", kr,
	     nrights, ntable);
	const ipc_info_right_t *x3 = find(r3);
	FACT("receive_right_shows_queue_seqno_limit_and_make_send_count",
	     x3->iir_msgcount == 2 && x3->iir_seqno == 1 && x3->iir_qlimit == 7 &&
	     x3->iir_mscount == 1 && x3->iir_srights == 3 && x3->iir_receiver_name == r3,
	     "msgs %u seqno %u qlimit %u mscount %u srights %u rname 0x%x", x3->iir_msgcount,
	     x3->iir_seqno, x3->iir_qlimit, x3->iir_mscount, x3->iir_srights, x3->iir_receiver_name);
	FACT("no_senders_request_is_shown", (x3->iir_flags & IIR_NSREQUEST) &&
	     !(find(r)->iir_flags & IIR_NSREQUEST), "flags %x", x3->iir_flags);
	FACT("send_once_rights_are_counted_at_the_port",
	     find(r2)->iir_sorights == 2 && find(r2)->iir_srights == 0, "sorights %u srights %u",
	     find(r2)->iir_sorights, find(r2)->iir_srights);
	FACT("port_in_a_set_is_shown_in_the_set", (find(r)->iir_flags & IIR_IN_PSET) &&
	     !(find(r3)->iir_flags & IIR_IN_PSET), "flags %x", find(r)->iir_flags);
	FACT("own_ports_have_no_kernel_object",
	     find(r)->iir_kotype == IPC_INFO_KOTYPE_NONE && find(r)->iir_kobject == 0 &&
	     !(find(r)->iir_flags & (IIR_RECEIVER_KERNEL | IIR_DEAD | IIR_IN_TRANSIT)),
	     "kotype %u flags %x", find(r)->iir_kotype, find(r)->iir_flags);

	// ---- port labels (mach_port_set_label) ----
	static char l47[48], l48[49], l100[101];	// 47, 48 and 100 characters
	memset(l47, 'a', 47);
	memset(l48, 'b', 48);
	memset(l100, 'c', 100);
	kern_return_t klbl = mach_port_set_label(ME, r3, "the test's queue r3");
	kern_return_t klbl2 = mach_port_set_label(ME, r2, "r2, the test's reply port");
	snapshot(ME);
	FACT("label_set_on_a_receive_right_is_shown_at_its_name",
	     klbl == KERN_SUCCESS && !strcmp(find(r3)->iir_label, "the test's queue r3"),
	     "kr %d, label \"%s\"", klbl, find(r3)->iir_label);
	FACT("label_is_shown_at_every_right_to_the_port_and_only_there",
	     klbl2 == KERN_SUCCESS && !strcmp(find(so)->iir_label, "r2, the test's reply port") &&
	     find(r)->iir_label[0] == 0 && find(dn)->iir_label[0] == 0 && find(ps)->iir_label[0] == 0,
	     "kr %d, send-once \"%s\", r \"%s\"", klbl2, find(so)->iir_label, find(r)->iir_label);
	kern_return_t k47 = mach_port_set_label(ME, r2, l47);
	snapshot(ME);
	int kept47 = !strcmp(find(r2)->iir_label, l47);
	kern_return_t k48 = mach_port_set_label(ME, r2, l48);
	kern_return_t k100 = mach_port_set_label(ME, r2, l100);
	snapshot(ME);
	FACT("label_of_47_characters_is_kept_and_longer_ones_are_refused",
	     k47 == KERN_SUCCESS && kept47 && k48 == KERN_INVALID_ARGUMENT &&
	     k100 == KERN_INVALID_ARGUMENT && !strcmp(find(r2)->iir_label, l47),
	     "47: %d (%s), 48: %d, 100: %d, now \"%s\"", k47, kept47 ? "kept" : "not kept", k48,
	     k100, find(r2)->iir_label);
	kern_return_t kso = mach_port_set_label(ME, so, "x");
	kern_return_t kdn = mach_port_set_label(ME, dn, "x");
	kern_return_t kps = mach_port_set_label(ME, ps, "x");
	kern_return_t khp = mach_port_set_label(ME, host_priv, "x");
	kern_return_t kun = mach_port_set_label(ME, 0x7777, "x");
	FACT("label_needs_the_receive_right_and_a_name_in_use",
	     kso == KERN_INVALID_RIGHT && kdn == KERN_INVALID_RIGHT && kps == KERN_INVALID_RIGHT &&
	     khp == KERN_INVALID_RIGHT && kun == KERN_INVALID_NAME,
	     "send-once %d dead %d set %d host-priv %d unused %d", kso, kdn, kps, khp, kun);
	kern_return_t kclr = mach_port_set_label(ME, r2, "");
	snapshot(ME);
	FACT("empty_label_clears_it", kclr == KERN_SUCCESS && find(r2)->iir_label[0] == 0 &&
	     find(so)->iir_label[0] == 0, "kr %d, \"%s\"", kclr, find(r2)->iir_label);
	// A labelled port gives its label back when it dies (every zone object counted).
	int leaked = 1;
	struct machrv_object_counts c0, c1;
	for (int attempt = 0; attempt < 3 && leaked; attempt++) {
		mach_msg_type_number_t cn = MACHRV_OBJECT_COUNTS_COUNT;
		host_info(mach_host_self(), HOST_MACHRV_OBJECT_COUNTS, (host_info_t)&c0, &cn);
		for (int i = 0; i < 64; i++) {
			mach_port_t p;
			mach_port_allocate(ME, MACH_PORT_RIGHT_RECEIVE, &p);
			mach_port_set_label(ME, p, "a port that dies at once");
			mach_port_set_label(ME, p, "relabelled: the same buffer");
			mach_port_mod_refs(ME, p, MACH_PORT_RIGHT_RECEIVE, -1);
		}
		cn = MACHRV_OBJECT_COUNTS_COUNT;
		host_info(mach_host_self(), HOST_MACHRV_OBJECT_COUNTS, (host_info_t)&c1, &cn);
		leaked = c1.zone_objects != c0.zone_objects || c1.ports != c0.ports;
	}
	FACT("labelled_ports_give_their_labels_back_when_they_die", !leaked,
	     "zone objects %u -> %u, ports %u -> %u", c0.zone_objects, c1.zone_objects, c0.ports,
	     c1.ports);

	// ---- kernel objects ----
	const char *const names_wanted[] = { "bootstrap", "console", "ports_peer", "lsmp",
					     "ports_test" };
	struct task_ref t[5] = { 0 };
	kr = tasks_by_name(host_priv, names_wanted, t, 5);
	FACT("host_tasks_lists_every_started_task_once",
	     kr == KERN_SUCCESS && t[0].seen == 1 && t[1].seen == 1 && t[2].seen == 1 &&
	     t[3].seen == 1 && t[4].seen == 1,
	     "kr %d, seen %d %d %d %d %d", kr, t[0].seen, t[1].seen, t[2].seen, t[3].seen, t[4].seen);
	task_array_t list;
	mach_msg_type_number_t cnt;
	kern_return_t kr1 = host_tasks(mach_host_self(), &list, &cnt);
	kern_return_t kr2 = host_tasks(ME, &list, &cnt);
	FACT("host_tasks_refuses_a_port_that_is_not_host_priv",
	     kr1 == KERN_INVALID_HOST && kr2 == KERN_INVALID_HOST, "host %d, task %d", kr1, kr2);
	unsigned type = 99, addr = 99;
	kr = mach_port_kernel_object(ME, ME, &type, &addr);
	FACT("kernel_object_of_own_task_port_is_a_task_with_its_id",
	     kr == KERN_SUCCESS && type == IPC_INFO_KOTYPE_TASK && addr == t[4].id && addr != 0,
	     "kr %d type %u id %u (host_tasks: %u)", kr, type, addr, t[4].id);
	kr = mach_port_kernel_object(ME, mach_host_self(), &type, &addr);
	kr1 = mach_port_kernel_object(ME, host_priv, &type, &addr);
	unsigned type1 = type;
	mach_port_kernel_object(ME, mach_host_self(), &type, &addr);
	FACT("kernel_object_of_host_ports", kr == KERN_SUCCESS && type == IPC_INFO_KOTYPE_HOST &&
	     kr1 == KERN_SUCCESS && type1 == IPC_INFO_KOTYPE_HOST_PRIV, "host %d/%u priv %d/%u",
	     kr, type, kr1, type1);
	kr = mach_port_kernel_object(ME, mach_thread_self(), &type, &addr);
	FACT("kernel_object_of_thread_port_is_a_thread", kr == KERN_SUCCESS &&
	     type == IPC_INFO_KOTYPE_THREAD && addr != 0, "kr %d type %u", kr, type);
	kr = mach_port_kernel_object(ME, r, &type, &addr);
	FACT("kernel_object_of_own_port_is_none", kr == KERN_SUCCESS &&
	     type == IPC_INFO_KOTYPE_NONE && addr == 0, "kr %d type %u addr %u", kr, type, addr);
	kr = mach_port_kernel_object(ME, so, &type, &addr);
	kr1 = mach_port_kernel_object(ME, dn, &type, &addr);
	kr2 = mach_port_kernel_object(ME, 0x7777, &type, &addr);
	FACT("kernel_object_refuses_send_once_dead_and_unused_names",
	     kr == KERN_INVALID_RIGHT && kr1 == KERN_INVALID_RIGHT && kr2 == KERN_INVALID_NAME,
	     "send-once %d dead %d unused %d", kr, kr1, kr2);

	// ---- a send right's receiver, matched in the receiver's space ----
	kr = bootstrap_look_up(bootstrap_port, "ports_peer", &peer);
	snapshot(ME);
	unsigned dn_before = find(peer)->iir_dnrequests;
	mach_port_request_notification(ME, peer, MACH_NOTIFY_DEAD_NAME, 0, r2,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	snapshot(ME);
	ipc_info_right_t xp = *find(peer);
	FACT("dead_name_request_is_shown_on_the_name_and_counted_at_the_port",
	     (xp.iir_type & MACH_PORT_TYPE_DNREQUEST) && xp.iir_dnrequests == dn_before + 1,
	     "type 0x%x, requests %u then %u", xp.iir_type, dn_before, xp.iir_dnrequests);

	// ---- the unprivileged peer tries to read this space ----
	mach_port_t reply;
	mach_port_allocate(ME, MACH_PORT_RIGHT_RECEIVE, &reply);
	struct peer_request req = {
		.header = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
				     MACH_MSGH_BITS_COMPLEX,
			.msgh_size = sizeof(req), .msgh_remote_port = peer, .msgh_local_port = reply,
			.msgh_id = PEER_MSG_ID,
		},
		.body = { 1 },
		.task = { .name = ME, .disposition = MACH_MSG_TYPE_COPY_SEND,
			  .type = MACH_MSG_PORT_DESCRIPTOR },
	};
	struct peer_reply_rcv ans = { 0 };
	kr = mach_msg(&req.header, MACH_SEND_MSG, sizeof(req), 0, MACH_PORT_NULL,
		      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (kr == MACH_MSG_SUCCESS)
		kr = mach_msg(&ans.rep.header, MACH_RCV_MSG, 0, sizeof(ans), reply,
			      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	FACT("task_without_host_priv_cannot_read_another_space",
	     kr == KERN_SUCCESS && ans.rep.other_space_info == KERN_NO_ACCESS &&
	     ans.rep.other_space_rights == KERN_NO_ACCESS &&
	     ans.rep.other_kernel_object == KERN_NO_ACCESS,
	     "kr %d: space_info %d space_rights %d kernel_object %d", kr,
	     ans.rep.other_space_info, ans.rep.other_space_rights, ans.rep.other_kernel_object);
	FACT("task_without_host_priv_reads_its_own_space",
	     ans.rep.own_space_info == KERN_SUCCESS && ans.rep.own_space_rights == KERN_SUCCESS,
	     "space_info %d space_rights %d", ans.rep.own_space_info, ans.rep.own_space_rights);
	// The peer labelled its port before it received our request.
	snapshot(ME);
	FACT("label_set_in_one_space_is_shown_in_another",
	     !strcmp(find(peer)->iir_label, PEER_LABEL), "\"%s\"", find(peer)->iir_label);
	/*
	 * Only now is the peer surely holding its receive right: the look-up
	 * may come before its check-in has moved the right to it (the right
	 * in transit has no receiver to name).  It answered, so it has it.
	 */
	xp = *find(peer);
	kr = snapshot(t[2].port);
	const ipc_info_right_t *recv = find(xp.iir_receiver_name);
	FACT("send_right_names_its_receiver_whose_receive_right_has_the_same_identity",
	     kr == KERN_SUCCESS && xp.iir_receiver == t[2].id && xp.iir_receiver != 0 &&
	     (recv->iir_type & MACH_PORT_TYPE_RECEIVE) && recv->iir_object == xp.iir_object,
	     "kr %d receiver %u (peer %u) name 0x%x type 0x%x objects %x %x", kr, xp.iir_receiver,
	     t[2].id, xp.iir_receiver_name, recv->iir_type, recv->iir_object, xp.iir_object);

	// ---- what lsmp must show: the rights made above ----
	unsigned me = t[4].id, peer_id = t[2].id;
	printf("[MADE] 0x%x recv,send 3 queue 0/5\n", r);
	printf("[MADE] 0x%x recv 0 queue 0/5 seqno 0 mscount 0 send rights 0 send-once 3\n", r2);
	printf("[MADE] 0x%x recv,send 1 queue 2/7 seqno 1 mscount 1 send rights 3 send-once 0 "
	       "no-senders-req: the test's queue r3\n", r3);
	printf("[MADE] 0x%x send-once 1 -> ports_test (%u) 0x%x\n", so, me, r2);
	printf("[MADE] 0x%x dead-name 2 dead\n", dn);
	printf("[MADE] 0x%x port-set 0\n", ps);
	printf("[MADE] 0x%x send+dnreq 1 -> ports_peer (%u) 0x%x %s\n", peer, peer_id,
	       xp.iir_receiver_name, PEER_LABEL);
	printf("[MADE] 0x%x send 1 -> kernel: host-priv port\n", host_priv);
	printf("ports_test: %d failed\n", failures);
	fflush(stdout);

	// The moment: lsmp lists this task while we wait for its answer.
	mach_port_t now;
	kr = bootstrap_look_up(bootstrap_port, "lsmp.now", &now);
	mach_msg_header_t ask = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		.msgh_size = sizeof(ask), .msgh_remote_port = now, .msgh_local_port = reply,
		.msgh_id = 1,
	};
	kr = mach_msg(&ask, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(ask), sizeof(rcv), reply,
		      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	printf("ports_test: lsmp answered: %s\n", mach_error_string(kr));
	return failures;
}
