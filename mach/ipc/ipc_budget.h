/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPC budgets: how much kernel memory a task may hold in messages.
 *
 * A message in the kernel (a kmsg, with its out-of-line data and port
 * arrays) is charged to one task's budget from send until it is received
 * or destroyed:
 *   - a message to a send-once right (a reply) to the task that holds the
 *     destination's receive right: it asked for the reply;
 *   - any other message to the sending task.
 * A user task's send that would take its charged budget past its limit is
 * refused with MACH_SEND_NO_BUFFER, and the sender gets the message back
 * (as for MACH_SEND_TIMED_OUT).  Messages the kernel sends (replies,
 * notifications) are charged but never refused, so a task's budget can
 * exceed its limit by one kernel reply at most: its next send is refused.
 * The kernel's own messages with no task to charge (from kernel threads)
 * are not charged.  So no task can pin more than its limit (plus one
 * message) of kernel memory, however many ports it holds.
 *
 * A new task takes its parent's limit; the first task ipc_budget_default.
 * The host-priv holder reads and sets limits (<machrv/task_limits.defs>,
 * docs/limits.md).
 *
 * A budget outlives its task while messages charged to it exist: the task
 * holds one reference, each charged kmsg another.
 */
#ifndef _IPC_IPC_BUDGET_H_
#define _IPC_IPC_BUDGET_H_
#include <stdbool.h>
#include <stdint.h>
#include <mach/message.h>

struct ipc_budget {
	uint64_t	used;		/* bytes charged (atomic) */
	uint64_t	limit;		/* bytes (atomic) */
	uint64_t	refused;	/* sends refused since creation (atomic) */
	uint32_t	refs;		/* the task's, and one per charged kmsg (atomic) */
};

struct ipc_kmsg;

/* ipc_budget_init: set ipc_budget_default from the memory the kernel manages (boot). */
void ipc_budget_init(uint64_t memory_bytes);
/* The limit of the first task, and of tasks made by the kernel. */
extern uint64_t ipc_budget_default;

/* ipc_budget_create: a budget with `limit', one reference (the task's); NULL without memory. */
struct ipc_budget *ipc_budget_create(uint64_t limit);
/* ipc_budget_release: drop a reference; the last frees it. */
void ipc_budget_release(struct ipc_budget *b);

/*
 * ipc_kmsg_charge_send: charge the copied-in `kmsg' a user task sends (its
 * buffer, out-of-line data and port arrays) to the budget it belongs to
 * (above), taking a reference to it; refuse it if that would pass the
 * limit.  `reply_awaited': the same mach_msg call receives on the
 * message's reply port; a kernel RPC sent so, with that port's queue
 * empty, is never refused (a task over its budget can still call the
 * kernel: MIG stubs call so).
 *   Locks: none held (locks the destination port briefly).
 *   Returns: MACH_MSG_SUCCESS (charged, or nothing to charge);
 *            MACH_SEND_NO_BUFFER (refused: nothing charged).
 */
mach_msg_return_t ipc_kmsg_charge_send(struct ipc_kmsg *kmsg, bool reply_awaited);
/*
 * ipc_kmsg_charge_kernel: charge a message the kernel sends on behalf of
 * the current thread's task (a reply to its kernel RPC, a notification, an
 * exception), never refusing it.  Not for messages sent from interrupts.
 */
void ipc_kmsg_charge_kernel(struct ipc_kmsg *kmsg);
/* ipc_kmsg_uncharge: give back what `kmsg' was charged (if anything); ipc_kmsg_free calls it. */
void ipc_kmsg_uncharge(struct ipc_kmsg *kmsg);

#endif /* _IPC_IPC_BUDGET_H_ */
