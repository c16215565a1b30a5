/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for the IPC self-tests (see st_ipc.h). */
#include "st_ipc.h"
#include "ipc/ipc_right.h"
#include "kern/panic.h"
#include "lib/string.h"

ipc_space_t
st_space(void)
{
	ipc_space_t space;

	if (ipc_space_create(&space) != KERN_SUCCESS)
		panic("st_space: no space");
	return space;
}

void
st_space_done(ipc_space_t space)
{
	ipc_space_terminate(space);
	ipc_space_release(space);
}

mach_port_name_t
st_port(ipc_space_t space, int with_send)
{
	mach_port_name_t name;

	if (mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &name) != KERN_SUCCESS)
		panic("st_port: allocate failed");
	if (with_send) {
		ipc_port_t port;
		mach_msg_type_name_t type;
		if (mach_port_extract_right(space, name, MACH_MSG_TYPE_MAKE_SEND, &port, &type) ||
		    mach_port_insert_right(space, name, port, type))
			panic("st_port: make-send failed");
	}
	return name;
}

mach_port_name_t
st_give(ipc_space_t from, mach_port_name_t name, mach_msg_type_name_t disposition,
	ipc_space_t to)
{
	ipc_port_t port;
	mach_msg_type_name_t type;
	mach_port_name_t got = MACH_PORT_NULL;

	if (mach_port_extract_right(from, name, disposition, &port, &type) != KERN_SUCCESS)
		panic("st_give: extract failed");
	is_lock(to);
	kern_return_t kr = ipc_right_copyout(to, &port->ip_object, type, &got);
	is_unlock(to);
	if (kr != KERN_SUCCESS)
		panic("st_give: copyout failed");
	return got;
}

mach_port_urefs_t
st_refs(ipc_space_t space, mach_port_name_t name, mach_port_right_t right)
{
	mach_port_urefs_t refs = 0;

	if (mach_port_get_refs(space, name, right, &refs) != KERN_SUCCESS)
		return (mach_port_urefs_t)-1;
	return refs;
}

mach_port_type_t
st_type(ipc_space_t space, mach_port_name_t name)
{
	mach_port_type_t type = 0;

	if (mach_port_type(space, name, &type) != KERN_SUCCESS)
		return 0;
	return type;
}

mach_msg_return_t
st_send(ipc_space_t space, mach_port_name_t dest, mach_msg_type_name_t dd,
	mach_port_name_t reply, mach_msg_type_name_t rd, mach_msg_id_t id, uint32_t value,
	mach_msg_option_t extra, mach_msg_timeout_t timeout)
{
	st_msg_t m;

	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(dd, reply ? rd : 0);
	m.header.msgh_remote_port = dest;
	m.header.msgh_local_port = reply;
	m.header.msgh_id = id;
	m.value = value;
	return mach_msg_call(space, (uintptr_t)&m, MACH_SEND_MSG | extra,
			       sizeof(m.header) + sizeof(m.value), 0, 0, timeout, 0);
}

mach_msg_return_t
st_send_port(ipc_space_t space, mach_port_name_t dest, mach_port_name_t carried,
	     mach_msg_type_name_t cd, mach_msg_option_t extra, mach_msg_timeout_t timeout)
{
	st_port_msg_t m;

	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	m.header.msgh_remote_port = dest;
	m.header.msgh_id = 1000;
	m.body.msgh_descriptor_count = 1;
	m.port.name = carried;
	m.port.disposition = cd;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.value = 0x5eed;
	return mach_msg_call(space, (uintptr_t)&m, MACH_SEND_MSG | extra, sizeof(m), 0, 0,
			       timeout, 0);
}

mach_msg_return_t
st_recv(ipc_space_t space, mach_port_name_t name, void *m, mach_msg_size_t size,
	mach_msg_option_t extra, mach_msg_timeout_t timeout)
{
	mach_msg_option_t opt = MACH_RCV_MSG | extra;

	if (!(extra & MACH_RCV_TIMEOUT) && timeout == 0)
		opt |= MACH_RCV_TIMEOUT;	/* poll */
	else if (timeout)
		opt |= MACH_RCV_TIMEOUT;
	return mach_msg_call(space, (uintptr_t)m, opt, 0, size, name, timeout, 0);
}
