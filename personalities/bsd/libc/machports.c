// SPDX-License-Identifier: BSD-2-Clause
// get_privileged_ports and task_for_pid (<machrv/bsd_ports.h>): the system
// calls take the name of a receive right made for the occasion, and
// bsd_server sends the rights to it in a message (bsd_server/sys_mach.c);
// the message is queued before the call returns, so it is taken at once.
#include <errno.h>
#include <stdbool.h>
#include <mach/mach.h>
#include <machrv/bsd_ports.h>
#include "libc_private.h"

// Make the receive right, make the call, take the message's two rights.
// Returns 0 or an errno value; on success *a and *b hold the rights.
static int ask(long (*call)(long, long), long arg, bool with_arg, mach_port_t *a,
	       mach_port_t *b)
{
	mach_port_t rcv;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &rcv) != KERN_SUCCESS)
		return ENOMEM;
	long r = with_arg ? call(arg, (long)rcv) : call((long)rcv, 0);
	int error = r < 0 ? errno : 0;
	struct {
		bsd_ports_msg_t m;
		mach_msg_max_trailer_t trailer;
	} in;
	if (!error) {
		kern_return_t kr = mach_msg(&in.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
					    sizeof(in), rcv, 0, MACH_PORT_NULL);
		if (kr != MACH_MSG_SUCCESS)
			error = EIO;
		else if (in.m.head.msgh_id != BSD_PORTS_MSG_ID ||
			 !(in.m.head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
			 in.m.body.msgh_descriptor_count != 2) {
			mach_msg_destroy(&in.m.head);
			error = EIO;
		} else {
			*a = in.m.port[0].name;
			*b = in.m.port[1].name;
		}
	}
	(void)mach_port_mod_refs(mach_task_self(), rcv, MACH_PORT_RIGHT_RECEIVE, -1);
	return error;
}

static long call_privileged(long rcv, long unused)
{
	(void)unused;
	return __sys_get_privileged_ports((mach_port_t)rcv);
}

static long call_task_for_pid(long pid, long rcv)
{
	return __sys_task_for_pid((int)pid, (mach_port_t)rcv);
}

int get_privileged_ports(mach_port_t *host_priv, mach_port_t *device_master)
{
	mach_port_t a = MACH_PORT_NULL, b = MACH_PORT_NULL;
	int error = ask(call_privileged, 0, false, &a, &b);
	if (error)
		return error;
	if (host_priv)
		*host_priv = a;
	else if (MACH_PORT_VALID(a))
		(void)mach_port_deallocate(mach_task_self(), a);
	if (device_master)
		*device_master = b;
	else if (MACH_PORT_VALID(b))
		(void)mach_port_deallocate(mach_task_self(), b);
	return 0;
}

kern_return_t task_for_pid(mach_port_t target_tport, int pid, mach_port_t *task)
{
	(void)target_tport;
	mach_port_t a = MACH_PORT_NULL, b = MACH_PORT_NULL;
	int error = ask(call_task_for_pid, pid, true, &a, &b);
	if (error) {
		errno = error;
		return KERN_FAILURE;
	}
	if (MACH_PORT_VALID(b))
		(void)mach_port_deallocate(mach_task_self(), b);
	*task = a;
	return KERN_SUCCESS;
}
