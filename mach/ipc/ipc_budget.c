/* SPDX-License-Identifier: BSD-2-Clause */
/* IPC budgets: the kernel memory a task holds in messages (ipc/ipc_budget.h). */
#include "ipc/ipc_budget.h"
#include "ipc/ipc_kmsg.h"
#include "kern/task.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

#define IPC_BUDGET_MIN	(4ULL << 20)	/* never less than 4 MiB: room for a few large messages */

uint64_t ipc_budget_default = IPC_BUDGET_MIN;
static struct zone budget_zone;

void
ipc_budget_init(uint64_t memory_bytes)
{
	zone_init(&budget_zone, "ipc budgets", sizeof(struct ipc_budget), 0);
	/* An eighth of memory: a task can hold a lot in flight, never most of it. */
	uint64_t limit = memory_bytes / 8;
	ipc_budget_default = limit > IPC_BUDGET_MIN ? limit : IPC_BUDGET_MIN;
}

struct ipc_budget *
ipc_budget_create(uint64_t limit)
{
	struct ipc_budget *b = zalloc(&budget_zone);

	if (b) {
		b->limit = limit;
		b->refs = 1;
	}
	return b;
}

void
ipc_budget_release(struct ipc_budget *b)
{
	if (b && __atomic_sub_fetch(&b->refs, 1, __ATOMIC_ACQ_REL) == 0)
		zfree(&budget_zone, b);
}

/* The kernel memory `kmsg' holds: its buffer, out-of-line data and port arrays. */
static uint64_t
kmsg_footprint(ipc_kmsg_t kmsg)
{
	uint64_t bytes = kmsg->ikm_order == IKM_ORDER_ZONE ? IKM_ZONE_SIZE
							    : (uint64_t)PAGE_SIZE << kmsg->ikm_order;
	mach_msg_header_t *h = &kmsg->ikm_header;

	if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return bytes;
	uint8_t *d = (uint8_t *)((mach_msg_body_t *)(h + 1) + 1);
	for (uint32_t i = 0; i < kmsg->ikm_ndesc_in; i++) {
		mach_msg_descriptor_type_t type = ipc_desc_type(d);
		if (type == MACH_MSG_OOL_DESCRIPTOR || type == MACH_MSG_OOL_VOLATILE_DESCRIPTOR)
			bytes += round_page(((mach_msg_ool_descriptor_t *)d)->size);
		else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			bytes += (uint64_t)((mach_msg_ool_ports_descriptor_t *)d)->count *
				 sizeof(ipc_port_t);
		d += ipc_desc_size(type);
	}
	return bytes;
}

/* The budget of the task holding `port's receive right, referenced; NULL if none. */
static struct ipc_budget *
receiver_budget(ipc_port_t port)
{
	struct ipc_budget *b = NULL;

	ip_lock(port);
	ipc_space_t space = port->ip_receiver;
	if (ip_active(port) && space && space->is_task && space->is_task->itk_budget) {
		b = space->is_task->itk_budget;
		__atomic_fetch_add(&b->refs, 1, __ATOMIC_RELAXED);
	}
	ip_unlock(port);
	return b;
}

static mach_msg_return_t
kmsg_charge(ipc_kmsg_t kmsg, struct ipc_budget *sender_budget, bool may_refuse)
{
	struct ipc_budget *b;
	if (kmsg->ikm_budget)
		return MACH_MSG_SUCCESS;	/* charged once, from send to receive */
	bool reply = MACH_MSGH_BITS_REMOTE(kmsg->ikm_header.msgh_bits) ==
		     MACH_MSG_TYPE_PORT_SEND_ONCE;

	if (reply && IP_VALID(kmsg->ikm_remote) && (b = receiver_budget(kmsg->ikm_remote)))
		;
	else if (sender_budget)
		__atomic_fetch_add(&(b = sender_budget)->refs, 1, __ATOMIC_RELAXED);
	else
		return MACH_MSG_SUCCESS;	/* the kernel's, to no task: not charged */

	uint64_t bytes = kmsg_footprint(kmsg);
	uint64_t used = __atomic_add_fetch(&b->used, bytes, __ATOMIC_RELAXED);
	if (may_refuse && used > __atomic_load_n(&b->limit, __ATOMIC_RELAXED)) {
		__atomic_fetch_sub(&b->used, bytes, __ATOMIC_RELAXED);
		__atomic_fetch_add(&b->refused, 1, __ATOMIC_RELAXED);
		ipc_budget_release(b);
		return MACH_SEND_NO_BUFFER;
	}
	kmsg->ikm_budget = b;
	kmsg->ikm_charge = bytes;
	return MACH_MSG_SUCCESS;
}

/* The current task's budget, or NULL in a kernel thread. */
static struct ipc_budget *
current_budget(void)
{
	task_t task = current_task();
	return task ? task->itk_budget : NULL;
}

mach_msg_return_t
ipc_kmsg_charge_send(ipc_kmsg_t kmsg, bool reply_awaited)
{
	/*
	 * A kernel RPC whose caller waits for the reply on an empty reply
	 * port is never refused: the reply is taken at once, and a task over
	 * its budget must still be able to call the kernel (to destroy the
	 * ports that hold its messages).
	 */
	ipc_port_t dest = kmsg->ikm_remote, reply = kmsg->ikm_local;
	bool rpc = reply_awaited && IP_VALID(dest) && IP_VALID(reply) &&
		   __atomic_load_n(&dest->ip_receiver, __ATOMIC_RELAXED) == ipc_space_kernel &&
		   __atomic_load_n(&reply->ip_msgcount, __ATOMIC_RELAXED) == 0;
	return kmsg_charge(kmsg, current_budget(), !rpc);
}

void
ipc_kmsg_charge_kernel(ipc_kmsg_t kmsg)
{
	(void)kmsg_charge(kmsg, current_budget(), false);
}

void
ipc_kmsg_uncharge(ipc_kmsg_t kmsg)
{
	struct ipc_budget *b = kmsg->ikm_budget;

	if (!b)
		return;
	kmsg->ikm_budget = NULL;
	__atomic_fetch_sub(&b->used, kmsg->ikm_charge, __ATOMIC_RELAXED);
	ipc_budget_release(b);
}
