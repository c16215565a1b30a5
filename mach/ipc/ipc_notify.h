/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Notifications the kernel sends (<mach/notify.h>).  Each consumes the
 * send-once right it is sent on.  None blocks: send-once messages are never
 * held back by a queue limit.  If the kernel has no memory for one, the
 * notification is lost and the right released.
 */
#ifndef _IPC_IPC_NOTIFY_H_
#define _IPC_IPC_NOTIFY_H_
#include <mach/port.h>
#include "ipc/ipc_port.h"

/*
 * ipc_notify_no_senders, ipc_notify_port_deleted, ipc_notify_dead_name:
 * send the notification with its one integer (the make-send count, or the
 * name) to `notify', charged to the task that asked for it.
 *   Locks:   no port locked (sending locks `notify'); a space may be.
 *   Refs:    consume the send-once right `notify' (nothing for IP_NULL or
 *            IP_DEAD).  Without memory for the message the notification
 *            is dropped silently.
 */
void ipc_notify_no_senders(ipc_port_t notify, mach_port_mscount_t mscount);
void ipc_notify_port_deleted(ipc_port_t notify, mach_port_name_t name);
void ipc_notify_dead_name(ipc_port_t notify, mach_port_name_t name);
/* ipc_notify_port_destroyed: carries `port's receive right (and its reference). */
void ipc_notify_port_destroyed(ipc_port_t notify, ipc_port_t port);
/* ipc_notify_send_once: the send-once right `port' is destroyed unused. */
void ipc_notify_send_once(ipc_port_t port);

#endif /* _IPC_IPC_NOTIFY_H_ */
