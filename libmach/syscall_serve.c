/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * machrv_syscall_serve (<mach/mach_traps.h>): the trap (traps.S), and the
 * request of a call that came in registers finished in the buffer as the
 * message form would have delivered it, with its seqno trailer
 * (<machrv/syscall_msg.h>, "Serving in registers").
 */
#include <stdint.h>
#include <string.h>
#include <mach/mach_traps.h>
#include <mach/ndr.h>
#include <machrv/syscall_msg.h>

mach_msg_return_t
machrv_syscall_serve(mach_msg_header_t *msg, mach_msg_option_t option, mach_msg_size_t send_size,
		     mach_msg_size_t rcv_size, mach_port_name_t rcv_name, int answer, int64_t rv0,
		     int64_t rv1)
{
	mach_msg_return_t mr = machrv_syscall_serve_trap(msg, option, send_size, rcv_size, rcv_name,
							 answer, rv0, rv1);
	if (mr != MACHRV_SYSCALL_SERVED)
		return mr;
	machrv_syscall_request_t *req = (machrv_syscall_request_t *)msg;
	uint64_t port_seqno;
	memcpy(&port_seqno, &req->head.msgh_remote_port, sizeof(port_seqno));	/* the trap's t2 */
	req->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, MACH_MSG_TYPE_PORT_SEND);
	req->head.msgh_size = sizeof(*req);
	req->head.msgh_remote_port = MACHRV_SYSCALL_REPLY_HELD;
	req->head.msgh_local_port = (mach_port_name_t)port_seqno;
	req->head.msgh_voucher_port = MACH_PORT_NULL;
	req->head.msgh_id = MACHRV_SYSCALL_MSG_ID;
	req->ndr = NDR_record;
	/* The trailer the receive asked for: the kernel sends calls this way only
	 * when it fits and asks for no more than the sequence number. */
	mach_msg_max_trailer_t *t = (mach_msg_max_trailer_t *)((uint8_t *)msg + sizeof(*req));
	mach_msg_size_t tsize = REQUESTED_TRAILER_SIZE(option);
	memset(t, 0, tsize);
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = tsize;
	if (tsize >= sizeof(mach_msg_seqno_trailer_t))
		t->msgh_seqno = (mach_port_seqno_t)(port_seqno >> 32);
	return MACH_MSG_SUCCESS;
}
