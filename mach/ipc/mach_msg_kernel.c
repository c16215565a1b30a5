/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel as a client: the messages MIG KernelUser stubs build (ports
 * as handles into the calling thread's table, ipc_kobject.h), sent from the
 * current thread, with the reply received on the thread's private reply
 * port and turned back into handle form.  Exceptions use this.
 */
#include "ipc/ipc_budget.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_right.h"
#include "kern/sched.h"
#include "lib/string.h"

ipc_port_t
thread_rpc_reply_port(thread_t th)
{
	if (!th->ith_rpc_reply)
		th->ith_rpc_reply = ipc_port_create();
	return th->ith_rpc_reply;
}

mach_port_t
mig_get_reply_port(void)
{
	return IPC_KPORT_REPLY;
}

void
mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

/* A reply port that failed in receive may get a late reply: replace it. */
void
mig_dealloc_reply_port(mach_port_t port)
{
	thread_t self = current_thread();

	(void)port;
	if (self->ith_rpc_reply) {
		ip_lock(self->ith_rpc_reply);
		ipc_port_destroy(self->ith_rpc_reply);
		self->ith_rpc_reply = IP_NULL;
	}
}

/* A handle and its disposition as a right (see ipc_kobject.c). */
static ipc_port_t
kernel_right(mach_port_t handle, mach_msg_type_name_t disposition)
{
	mach_msg_type_name_t held;

	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return ipc_kport_take(handle, &held);
	case MACH_MSG_TYPE_COPY_SEND:
		return ipc_port_copy_send(ipc_kport_get(handle));
	case MACH_MSG_TYPE_MAKE_SEND:
		return ipc_port_make_send(ipc_kport_get(handle));
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (handle == IPC_KPORT_REPLY)
			return ipc_port_make_send_once(thread_rpc_reply_port(current_thread()));
		return ipc_port_make_send_once(ipc_kport_get(handle));
	default:
		return IP_NULL;
	}
}

/* Build the kernel form of a handle-form message.  NULL without memory. */
static ipc_kmsg_t
kmsg_from_handles(mach_msg_header_t *msg, mach_msg_size_t size)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(size);

	if (!kmsg)
		return NULL;
	memcpy(&kmsg->ikm_header, msg, size);
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_type_name_t rd = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	mach_msg_type_name_t ld = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	h->msgh_size = size;
	kmsg->ikm_remote = kernel_right(h->msgh_remote_port, rd);
	kmsg->ikm_local = h->msgh_local_port ? kernel_right(h->msgh_local_port, ld) : IP_NULL;
	h->msgh_bits = (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(ipc_object_copyin_type(rd),
				      kmsg->ikm_local ? ipc_object_copyin_type(ld) : 0);
	if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		mach_msg_body_t *body = (mach_msg_body_t *)(h + 1);
		uint8_t *d = (uint8_t *)(body + 1);
		for (uint32_t i = 0; i < body->msgh_descriptor_count; i++) {
			mach_msg_descriptor_type_t type = ipc_desc_type(d);
			if (type == MACH_MSG_PORT_DESCRIPTOR) {
				mach_msg_port_descriptor_t *ud = (mach_msg_port_descriptor_t *)d;
				mach_msg_type_name_t disp = ud->disposition;
				ipc_port_t port = kernel_right(ud->name, disp);
				ipc_kdesc_port_t *kd = (ipc_kdesc_port_t *)d;
				kd->port = port;
				kd->disposition = ipc_object_copyin_type(disp);
			} else if (type == MACH_MSG_OOL_DESCRIPTOR ||
				   type == MACH_MSG_OOL_VOLATILE_DESCRIPTOR) {
				/* The message gets its own copy; the caller keeps its buffer. */
				mach_msg_ool_descriptor_t *o = (mach_msg_ool_descriptor_t *)d;
				void *buf = o->size ? ipc_ool_alloc(o->size) : NULL;
				if (buf)
					memcpy(buf, o->address, o->size);
				o->address = buf;
				if (!buf)
					o->size = 0;
				o->copy = MACH_MSG_PHYSICAL_COPY;
				o->deallocate = 0;
			} else {
				/* Kernel clients send no port arrays: none. */
				mach_msg_ool_ports_descriptor_t *o = (void *)d;
				o->address = NULL;
				o->count = 0;
			}
			kmsg->ikm_ndesc_in++;
			d += ipc_desc_size(type);
		}
	}
	kmsg->ikm_sender = (security_token_t)KERNEL_SECURITY_TOKEN_VALUE;
	return kmsg;
}

mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size)
{
	ipc_kmsg_t kmsg = kmsg_from_handles(msg, send_size);

	if (!kmsg)
		return MACH_SEND_NO_BUFFER;
	if (!IP_VALID(kmsg->ikm_remote)) {
		ipc_kmsg_destroy(kmsg);
		return MACH_SEND_INVALID_DEST;
	}
	ipc_kmsg_charge_kernel(kmsg);
	mach_msg_return_t mr = ipc_mqueue_send(kmsg, MACH_SEND_INTERRUPT, 0);
	if (mr != MACH_MSG_SUCCESS)
		ipc_kmsg_destroy(kmsg);
	return mr;
}

mach_msg_return_t
mach_msg_rpc_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size,
			 mach_msg_size_t rcv_size)
{
	mach_msg_return_t mr = mach_msg_send_from_kernel(msg, send_size);
	if (mr != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(IPC_KPORT_REPLY);	/* may hold a send-once notification */
		return mr;
	}

	ipc_port_t reply = thread_rpc_reply_port(current_thread());
	ipc_kmsg_t kmsg;
	mach_port_seqno_t seqno;
	mach_msg_size_t needed;
	mr = ipc_mqueue_receive(&reply->ip_object, MACH_RCV_INTERRUPT, 0, rcv_size,
				sizeof(mach_msg_trailer_t), &kmsg, &seqno, &needed);
	if (mr != MACH_MSG_SUCCESS) {
		if (kmsg) {
			ipc_kmsg_consume_dest(kmsg);
			ipc_kmsg_destroy(kmsg);
		}
		mig_dealloc_reply_port(IPC_KPORT_REPLY);
		return mr;
	}
	/* Back to handle form: the kernel "receives" the reply's rights. */
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_type_name_t rt = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	mach_msg_type_name_t lt = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	ipc_kmsg_consume_dest(kmsg);		/* the send-once right to our reply port */
	h->msgh_remote_port = ipc_kport_put(kmsg->ikm_local, lt);
	h->msgh_local_port = IPC_KPORT_REPLY;
	h->msgh_bits = (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) | MACH_MSGH_BITS(lt, rt);
	kmsg->ikm_local = IP_NULL;
	if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		mach_msg_body_t *body = (mach_msg_body_t *)(h + 1);
		uint8_t *d = (uint8_t *)(body + 1);
		for (uint32_t i = 0; i < kmsg->ikm_ndesc_in; i++) {
			mach_msg_descriptor_type_t type = ipc_desc_type(d);
			if (type == MACH_MSG_PORT_DESCRIPTOR) {
				ipc_kdesc_port_t *kd = (ipc_kdesc_port_t *)d;
				mach_msg_type_name_t t = kd->disposition;
				mach_port_t handle = ipc_kport_put(kd->port, t);
				mach_msg_port_descriptor_t *ud = (mach_msg_port_descriptor_t *)d;
				ud->name = handle;
				ud->pad1 = 0;
				ud->disposition = t;
			} else if (type == MACH_MSG_OOL_DESCRIPTOR ||
				   type == MACH_MSG_OOL_VOLATILE_DESCRIPTOR) {
				/* No kernel client takes out-of-line data: drop it. */
				ipc_ool_release((mach_msg_ool_descriptor_t *)d);
			}
			d += ipc_desc_size(type);
		}
		kmsg->ikm_ndesc_in = 0;
	}
	mach_msg_size_t size = h->msgh_size;
	if (size > rcv_size)
		size = rcv_size;
	memcpy(msg, h, size);
	ipc_kmsg_free(kmsg);
	return MACH_MSG_SUCCESS;
}

void
mach_msg_destroy(mach_msg_header_t *msg)
{
	mach_msg_type_name_t held;
	mach_port_t remote = msg->msgh_remote_port;

	if (remote && remote != IPC_KPORT_REPLY) {
		ipc_port_t p = ipc_kport_take(remote, &held);
		if (IP_VALID(p))
			ipc_object_destroy(&p->ip_object, held == IPC_KPORT_ANY ?
					   MACH_MSG_TYPE_PORT_SEND : held);
	}
	if (!(msg->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return;
	mach_msg_body_t *body = (mach_msg_body_t *)(msg + 1);
	uint8_t *d = (uint8_t *)(body + 1);
	for (uint32_t i = 0; i < body->msgh_descriptor_count; i++) {
		mach_msg_descriptor_type_t type = ipc_desc_type(d);
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			mach_msg_port_descriptor_t *ud = (mach_msg_port_descriptor_t *)d;
			ipc_port_t p = ipc_kport_take(ud->name, &held);
			if (IP_VALID(p))
				ipc_object_destroy(&p->ip_object, held == IPC_KPORT_ANY ?
						   MACH_MSG_TYPE_PORT_SEND : held);
		}
		d += ipc_desc_size(type);
	}
}
