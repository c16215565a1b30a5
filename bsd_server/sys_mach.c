// SPDX-License-Identifier: BSD-2-Clause
// MachRV's own system calls that hand Mach rights to root's processes:
// get_privileged_ports (the Hurd's: the host-priv and device master ports)
// and task_for_pid (XNU's idea: another process's task port), so a Unix
// program such as lsmp can read every task's rights (docs/bsd.md, "Mach
// rights for root").
//
// A system call's answer carries numbers, not rights, so the rights travel
// in a Mach message: the caller's library allocates a receive right and
// passes its name; bsd_server makes a send-once right to it from the
// caller's task (mach_port_extract_right) and sends it a message with two
// port descriptors.  The kernel names the rights in the caller's space as
// any received right (a port already named there keeps its name and gains
// a user reference), and the library takes the message before it returns.
#include <errno.h>
#include <mach/mach.h>
#include <machrv/bsd_ports.h>
#include "bsd_server.h"


/*
 * give_rights: send copies of send rights `a' and `b' (either may be
 * MACH_PORT_NULL) to the receive right `name' of p's task.
 *   Locks:   bsd_lock held; the calls never wait for a worker (the
 *            extraction is a kernel RPC, a send to a send-once right
 *            never blocks).
 *   Returns: 0; EINVAL (`name' is not a receive right of p's task);
 *            ENOMEM (the message could not be sent).
 */
int give_rights(struct proc *p, mach_port_t name, mach_port_t a, mach_port_t b)
{
	mach_port_t reply;
	mach_msg_type_name_t type;

	if (!MACH_PORT_VALID(name) ||
	    mach_port_extract_right(p->task, name, MACH_MSG_TYPE_MAKE_SEND_ONCE, &reply, &type) !=
		    KERN_SUCCESS)
		return EINVAL;
	bsd_ports_msg_t m = {
		.head = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0) |
				     MACH_MSGH_BITS_COMPLEX,
			.msgh_size = sizeof(m),
			.msgh_remote_port = reply,
			.msgh_id = BSD_PORTS_MSG_ID,
		},
		.body = { 2 },
		.port = {
			{ .name = a, .disposition = MACH_MSG_TYPE_COPY_SEND,
			  .type = MACH_MSG_PORT_DESCRIPTOR },
			{ .name = b, .disposition = MACH_MSG_TYPE_COPY_SEND,
			  .type = MACH_MSG_PORT_DESCRIPTOR },
		},
	};
	kern_return_t kr = mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
				    MACH_PORT_NULL, 0, MACH_PORT_NULL);
	if (kr != MACH_MSG_SUCCESS) {
		/* Not sent (a destroyed message released its rights already). */
		if (kr == MACH_SEND_INVALID_DEST || kr == MACH_SEND_INVALID_RIGHT ||
		    kr == MACH_SEND_INVALID_HEADER)
			(void)mach_port_deallocate(mach_task_self(), reply);
		return ENOMEM;
	}
	return 0;
}

/*
 * get_privileged_ports(reply) (1000): the host-priv port and the device
 * master port bsd_server was started with (MACH_PORT_NULL for one it does
 * not hold), in a message to the caller's receive right `reply'.
 *   Returns: 0; EPERM (the caller's effective uid is not 0); EINVAL.
 */
int sys_get_privileged_ports(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	if (p->cred.euid != 0)
		return EPERM;
	return give_rights(p, (mach_port_t)ARG(0), bsd_host_priv, bsd_device_master);
}

/*
 * task_for_pid(pid, reply) (1001): the task port of the living process
 * `pid' (a zombie has none), in a message to `reply'.
 *   Returns: 0; EPERM (not root); ESRCH (no such living process); EINVAL.
 */
int sys_task_for_pid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	if (p->cred.euid != 0)
		return EPERM;
	struct proc *q = proc_by_pid((pid_t)ARG(0));
	if (!q || q->state != PROC_ALIVE || !MACH_PORT_VALID(q->task))
		return ESRCH;
	return give_rights(p, (mach_port_t)ARG(1), q->task, MACH_PORT_NULL);
}
