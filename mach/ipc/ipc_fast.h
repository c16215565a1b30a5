/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPC fast path: the common case of an RPC, with no kmsg.
 *
 * A thread receiving on a port (not a set) with nothing queued and no
 * timeout waits in ipc_fast_receive, marked ith_fast_wait.  A sender of a
 * simple message of at most IPC_FAST_MAX bytes whose header carries the
 * RPC shapes (a copied send right or a moved send-once right to the
 * destination; none, or a send-once right made from a receive right, for
 * the reply) that finds such a receiver copies the message straight into
 * the receiver's thread (ith_fast_msg), translates the two header rights
 * with one lookup each, and makes the receiver this hart's next thread.
 * The receiver names the reply right in its space and copies the message
 * and trailer out in one go.
 *
 * Everything else misses (IPC_FAST_MISS, nothing done) and takes the
 * general path (mach_msg.c), which a fast receiver also understands: a
 * general sender hands it a kmsg (ith_kmsg) as to any waiting receiver.
 *   Locks: the sender's space, then the destination port; each port alone.
 */
#ifndef _IPC_IPC_FAST_H_
#define _IPC_IPC_FAST_H_
#include <mach/message.h>
#include "ipc/ipc_space.h"

#define IPC_FAST_MISS	((mach_msg_return_t)-1)
/* A miss because the destination is a kernel object: its reply will be queued already. */
#define IPC_FAST_MISS_KERNEL	((mach_msg_return_t)-2)

/*
 * ipc_fast_send: deliver the message at `msg' to a receiver waiting in
 * ipc_fast_receive.  `option' & MACH_RCV_MSG: this thread is about to
 * receive, so the receiver runs when it blocks (a direct hand-off).
 *   Returns: MACH_MSG_SUCCESS; IPC_FAST_MISS or IPC_FAST_MISS_KERNEL
 *   (nothing happened).
 */
mach_msg_return_t ipc_fast_send(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
				mach_msg_size_t send_size);

/*
 * ipc_fast_receive: receive on the port `rcv_name' names, waiting without
 * a timeout; IPC_FAST_MISS (nothing done) for a port set, a queued
 * message, a timeout, or another receiver already waiting.
 *   Returns what mach_msg's receive does.
 */
mach_msg_return_t ipc_fast_receive(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
				   mach_msg_size_t rcv_size, mach_port_name_t rcv_name);

#endif /* _IPC_IPC_FAST_H_ */
