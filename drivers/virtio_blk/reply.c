// SPDX-License-Identifier: BSD-2-Clause
// Late replies: the request thread answers a device.defs request with
// MIG_NO_REPLY, and the interrupt thread sends the reply when the device
// is done, built exactly as the MIG server stub would have built it
// (device/device.defs; the layouts are the generated __Reply__ structs).
#include <string.h>
#include <mach/mach.h>
#include "deviceServer.h"
#include "vblk.h"

union vblk_reply_msg {
	mig_reply_error_t			error;
	__Reply__device_device_read_t		read;
	__Reply__device_device_read_inband_t	read_inband;
	__Reply__device_device_write_t		write;
	__Reply__device_device_set_status_t	status;
};

// send: one reply; the reply right is used up either way (a dead one is
// dropped).  Returns the send's result.
static mach_msg_return_t send(struct vblk_request *r, mach_msg_header_t *h)
{
	h->msgh_bits |= MACH_MSGH_BITS(r->reply_type, 0);
	h->msgh_remote_port = r->reply;
	h->msgh_local_port = MACH_PORT_NULL;
	h->msgh_voucher_port = MACH_PORT_NULL;
	h->msgh_id = r->reply_id;
	mach_msg_return_t mr = mach_msg(h, MACH_SEND_MSG, h->msgh_size, 0, MACH_PORT_NULL,
					MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	return mr;
}

// vblk_reply: the reply to `r' (data: its bounce buffer).  A client whose
// reply port died costs nothing: its right is released and the data,
// never copied, stays in the pool for the next request.
void vblk_reply(struct vblk_request *r, const void *data)
{
	union vblk_reply_msg m;
	memset(&m, 0, sizeof(m.error));
	mach_msg_header_t *h = &m.error.Head;
	if (r->error != D_SUCCESS) {
		m.error.NDR = NDR_record;
		m.error.RetCode = r->error;
		h->msgh_size = sizeof(m.error);
	} else if (r->op == VBLK_READ) {
		h->msgh_bits = MACH_MSGH_BITS_COMPLEX;
		h->msgh_size = sizeof(m.read);
		m.read.msgh_body.msgh_descriptor_count = 1;
		// The pool is contiguous memory, never shared copy-on-write: the
		// kernel copies these bytes into the message as it sends it.
		m.read.data = (mach_msg_ool_descriptor_t){
			.address = (void *)data,
			.size = r->bytes,
			.deallocate = FALSE,
			.copy = MACH_MSG_PHYSICAL_COPY,
			.type = MACH_MSG_OOL_DESCRIPTOR,
		};
		m.read.NDR = NDR_record;
		m.read.dataCnt = r->bytes;
	} else if (r->op == VBLK_READ_INBAND) {
		m.read_inband.NDR = NDR_record;
		m.read_inband.RetCode = KERN_SUCCESS;
		m.read_inband.dataCnt = r->inband_len;
		memcpy(m.read_inband.data, data, r->inband_len);
		h->msgh_size = (mach_msg_size_t)(sizeof(m.read_inband) - IO_INBAND_MAX +
						 ((r->inband_len + 3) & ~3u));
	} else if (r->op == VBLK_WRITE || r->op == VBLK_WRITE_INBAND) {
		m.write.NDR = NDR_record;
		m.write.RetCode = KERN_SUCCESS;
		m.write.bytes_written = (int)(r->op == VBLK_WRITE ? r->bytes : r->inband_len);
		h->msgh_size = sizeof(m.write);
	} else {			// VBLK_FLUSH, VBLK_CLOSE: a return code alone
		m.status.NDR = NDR_record;
		m.status.RetCode = KERN_SUCCESS;
		h->msgh_size = sizeof(m.status);
	}
	mach_msg_return_t mr = send(r, h);
	if (mr == MACH_SEND_NO_BUFFER || mr == MACH_SEND_TOO_LARGE) {
		// No kernel memory for the data: say so instead.
		memset(&m, 0, sizeof(m.error));
		m.error.NDR = NDR_record;
		m.error.RetCode = D_NO_MEMORY;
		h->msgh_size = sizeof(m.error);
		mr = send(r, h);
	}
	if (mr != MACH_MSG_SUCCESS)
		mach_port_deallocate(mach_task_self(), r->reply);	// a dead name now
}
