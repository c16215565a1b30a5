/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Message queues: queueing a kmsg on its destination port, and receiving
 * from a port or a port set, with waiting, timeouts and interruption.
 * A receiver waits on the event of the port (or set) it receives from; a
 * sender blocked on a full queue waits on &port->ip_msgcount.
 *
 * The hand-off: the first thread to block receiving on an empty port
 * (not in a set) registers in port->ip_rcv_thread.  A sender that finds
 * it there, with the queue still empty and a message that fits, skips the
 * queue: the kmsg and its sequence number go straight into the thread,
 * its wait ends, and it becomes the sender's hart's next thread (the
 * sender usually blocks for the reply right after).
 */
#ifndef _IPC_IPC_MQUEUE_H_
#define _IPC_IPC_MQUEUE_H_
#include <mach/message.h>
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_object.h"
#include "ipc/ipc_port.h"
#include "kern/sched.h"

/*
 * ipc_mqueue_send: (3) queue `kmsg' on kmsg->ikm_remote.
 *   Returns: MACH_MSG_SUCCESS (queued, or destroyed because the port died);
 *   MACH_SEND_TIMED_OUT, MACH_SEND_INTERRUPTED: the kmsg is still the
 *   caller's (to be returned to the sender).
 *   With MACH_RCV_MSG in `option' (the sender receives next), a hand-off
 *   is direct: the receiver skips the run queue, and the caller must block
 *   or call sched_handoff_flush.
 */
mach_msg_return_t ipc_mqueue_send(ipc_kmsg_t kmsg, mach_msg_option_t option,
				  mach_msg_timeout_t timeout_ms);
/* ipc_mqueue_send_kernel: a kernel message; never waits (no queue limit). */
void ipc_mqueue_send_kernel(ipc_kmsg_t kmsg);
/*
 * ipc_mqueue_reply_direct: is `reply' (a kernel call's reply, to a
 * send-once right) the answer the current thread waits for, to receive
 * at once?  It is when the thread's mach_msg sent the request with its
 * reply port as the port it receives on next (ith_kcall) and
 * nothing could take the message before it: the port is alive, still
 * this thread's task's under the name it receives on, in no set, with no
 * message queued and no receiver waiting, and the reply fits.  Then the
 * reply is the thread's (ith_kcall_reply, with the port's next sequence
 * number), as if queued and taken at once; mach_msg's receive copies it
 * out.  Nothing is charged: the message is never queued.
 *   Locks: none held; takes the port's.
 *   Returns: true, the reply kept; false, nothing changed (send it).
 */
bool ipc_mqueue_reply_direct(ipc_kmsg_t reply, mach_msg_type_name_t dest_type);

/*
 * ipc_mqueue_receive: take the oldest message of the port or port set
 * `object' (one reference held by the caller).  `max_size' is the room in
 * the receiver's buffer for message plus trailer.
 *   Returns: MACH_MSG_SUCCESS (*kmsgp, *seqnop); MACH_RCV_TIMED_OUT;
 *   MACH_RCV_INTERRUPTED; MACH_RCV_PORT_DIED; MACH_RCV_IN_SET (the port is
 *   in a set: receive from the set); MACH_RCV_TOO_LARGE (*sizep = size
 *   needed; with MACH_RCV_LARGE the message stays queued, without it
 *   *kmsgp is the dequeued message, for the caller to destroy).
 */
mach_msg_return_t ipc_mqueue_receive(struct ipc_object *object, mach_msg_option_t option,
				     mach_msg_timeout_t timeout_ms, mach_msg_size_t max_size,
				     mach_msg_size_t trailer_size, ipc_kmsg_t *kmsgp,
				     mach_port_seqno_t *seqnop, mach_msg_size_t *sizep);

/*
 * ipc_mqueue_changed: the receive right of the locked `port' just left the
 * space it was in (moved into a message), the port just joined a port
 * set, or it dies.  Wakes every receiver of the port, the registered one
 * too (they return MACH_RCV_PORT_CHANGED, or _PORT_DIED, once they have
 * the lock), and withdraws the hand-off offer.
 */
static inline void
ipc_mqueue_changed(ipc_port_t port)
{
	thread_wakeup_registered((event_t)port, &port->ip_rcv_thread, -1);
	port->ip_rcv_thread = NULL;
}

/* Messages handed straight to a blocked receiver since boot (for tests and tools). */
extern unsigned long ipc_mqueue_handoffs;

#endif /* _IPC_IPC_MQUEUE_H_ */
