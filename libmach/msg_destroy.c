// SPDX-License-Identifier: BSD-2-Clause
// mach_msg_destroy(): release everything a message holds, as if it had
// been received and thrown away: the rights in its header and port
// descriptors, and its out-of-line memory and port arrays.
#include <mach/mach.h>

/*
 * destroy_right: release one right of type `type' named `name', by what a
 * receiver would have got: a send or send-once right is deallocated, a
 * receive right destroyed.  MAKE_SEND and MAKE_SEND_ONCE (a message never
 * sent) make the right and release it, so that the make-send count and
 * notifications are as if it had been sent; COPY_SEND holds nothing.
 */
static void destroy_right(mach_port_t name, mach_msg_type_name_t type)
{
	mach_port_t task = mach_task_self();
	mach_port_t right;
	mach_msg_type_name_t got;

	if (!MACH_PORT_VALID(name))
		return;
	switch (type) {
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		(void)mach_port_deallocate(task, name);
		break;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		(void)mach_port_mod_refs(task, name, MACH_PORT_RIGHT_RECEIVE, -1);
		break;
	case MACH_MSG_TYPE_MAKE_SEND:
		if (mach_port_insert_right(task, name, name, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS)
			(void)mach_port_deallocate(task, name);
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (mach_port_extract_right(task, name, MACH_MSG_TYPE_MAKE_SEND_ONCE,
		                            &right, &got) == KERN_SUCCESS)
			(void)mach_port_deallocate(task, right);
		break;
	default:
		break;
	}
}

/* The size of a descriptor of this type, as it sits in the message. */
static mach_msg_size_t descriptor_size(mach_msg_descriptor_type_t type)
{
	return type == MACH_MSG_PORT_DESCRIPTOR ? sizeof(mach_msg_port_descriptor_t)
	                                        : sizeof(mach_msg_ool_descriptor_t);
}

void mach_msg_destroy(mach_msg_header_t *msg)
{
	mach_msg_bits_t bits = msg->msgh_bits;

	destroy_right(msg->msgh_remote_port, MACH_MSGH_BITS_REMOTE(bits));
	destroy_right(msg->msgh_local_port, MACH_MSGH_BITS_LOCAL(bits));
	if (!MACH_MSGH_BITS_IS_COMPLEX(bits))
		return;

	// Descriptors are walked within msgh_size; a message too short for
	// what it claims is only destroyed as far as it goes.
	const char *end = (const char *)msg + msg->msgh_size;
	const mach_msg_body_t *body = (const mach_msg_body_t *)(msg + 1);
	if ((const char *)(body + 1) > end)
		return;
	const char *p = (const char *)(body + 1);
	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++) {
		const mach_msg_descriptor_t *d = (const mach_msg_descriptor_t *)p;
		if (p + sizeof(mach_msg_type_descriptor_t) > end ||
		    p + descriptor_size(d->type.type) > end)
			return;
		switch (d->type.type) {
		case MACH_MSG_PORT_DESCRIPTOR:
			destroy_right(d->port.name, d->port.disposition);
			break;
		case MACH_MSG_OOL_DESCRIPTOR:
		case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
			if (d->out_of_line.size != 0)
				mig_deallocate((vm_address_t)d->out_of_line.address,
				               d->out_of_line.size);
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR: {
			mach_port_t *names = d->ool_ports.address;
			for (mach_msg_size_t j = 0; j < d->ool_ports.count; j++)
				destroy_right(names[j], d->ool_ports.disposition);
			if (d->ool_ports.count != 0)
				mig_deallocate((vm_address_t)names,
				               d->ool_ports.count * sizeof(mach_port_t));
			break;
		}
		default:
			return;   // unknown layout: nothing past it can be trusted
		}
		p += descriptor_size(d->type.type);
	}
}
