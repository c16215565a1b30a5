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

/*
 * mach_msg_common: mach_msg for `space' with the message buffer at `msg'
 * (user memory of the current task, or kernel memory for a kernel thread).
 *   Returns: MACH_MSG_SUCCESS or one of the MACH_SEND_* / MACH_RCV_* codes;
 *   a send error ends the call before any receive.
 */
mach_msg_return_t mach_msg_common(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
				  mach_msg_size_t send_size, mach_msg_size_t rcv_size,
				  mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
				  mach_port_name_t notify);

/*
 * mach_msg_trap_common: mach_msg_common with the arguments of the trap
 * frame `tf'; `miss': why ipc_fast_rpc missed (see ipc_fast.h:
 * IPC_FAST_MISS_KERNEL, the fast send need not be tried), or IPC_FAST_MISS.
 */
struct trap_frame;
mach_msg_return_t mach_msg_trap_common(ipc_space_t space, const struct trap_frame *tf,
				       mach_msg_return_t miss);

/* ipc_bootstrap: the IPC zones. */
void ipc_bootstrap(void);

#endif /* _IPC_MACH_MSG_H_ */
