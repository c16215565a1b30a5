/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mach_msg: send a message, receive one, or both in one call.  The steps
 * are numbered as in ipc_kmsg.h: (1) get, (2) copyin, (3) queue,
 * (3') dequeue on the receive side, (4) copyout, (5) put.
 */
#ifndef _IPC_MACH_MSG_H_
#define _IPC_MACH_MSG_H_
#include <mach/message.h>
#include "ipc/ipc_space.h"
#include "ipc/mach_msg_args.h"

/*
 * Why the fast path (ipc_fast.h) did not take a message: its own type,
 * never a Mach return code.  Each is a miss with nothing changed; the
 * general path then does the whole call.
 */
typedef enum ipc_fast_miss {
	IPC_FAST_TAKEN = 0,		/* not a miss: the fast path did it */
	IPC_FAST_MISS_SHAPE,		/* options, size, alignment or header rights not an RPC's */
	IPC_FAST_MISS_NOT_RESIDENT,	/* the message cannot be read with interrupts off */
	IPC_FAST_MISS_NO_RECEIVER,	/* nobody waits this way, or something is queued first */
	IPC_FAST_MISS_KERNEL,		/* a kernel object's port: served in the sender's thread */
	IPC_FAST_MISS_RECEIVE,		/* the receive side cannot wait this way */
	IPC_FAST_MISS_SEND_TRIED,	/* a send alone that ipc_fast_send missed already */
} ipc_fast_miss_t;

/*
 * mach_msg_common: mach_msg for `space' as `args' says; `miss': why the
 * fast path missed already (IPC_FAST_MISS_KERNEL, IPC_FAST_MISS_SEND_TRIED:
 * the fast send need not be tried again), or IPC_FAST_MISS_SHAPE when it
 * was not tried.
 *   Returns: MACH_MSG_SUCCESS or one of the MACH_SEND_* / MACH_RCV_* codes;
 *   a send error ends the call before any receive.
 */
mach_msg_return_t mach_msg_common(ipc_space_t space, struct mach_msg_args *args,
				  ipc_fast_miss_t miss);

/*
 * mach_msg_call: mach_msg_common with the arguments one by one, for
 * kernel callers (the self-tests: `msg' in kernel memory for a kernel
 * thread).
 */
static inline mach_msg_return_t
mach_msg_call(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
	      mach_msg_size_t send_size, mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
	      mach_msg_timeout_t timeout, mach_port_name_t notify)
{
	struct mach_msg_args a = {
		.msg = msg, .option = option, .send_size = send_size, .rcv_size = rcv_size,
		.rcv_name = rcv_name, .timeout = timeout, .notify = notify,
	};
	return mach_msg_common(space, &a, IPC_FAST_MISS_SHAPE);
}

/* ipc_bootstrap: the IPC zones. */
void ipc_bootstrap(void);

#endif /* _IPC_MACH_MSG_H_ */
