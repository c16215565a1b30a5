// SPDX-License-Identifier: BSD-2-Clause
// Server loops over a MIG demux function: receive a request, let the demux
// build the reply, send it (or destroy the request when the server says
// so), as Mach's mach_msg_server does.
#include <stdbool.h>
#include <stdlib.h>
#include <mach/mach.h>

/*
 * prepare_reply: hand the request in `in' to `demux', which builds the
 * reply in `out'.  What the request held is destroyed when the server
 * function failed (it did not take the rights and memory), as MIG's
 * ownership rules say.  Returns: true when `out' is to be sent.
 */
static bool prepare_reply(boolean_t (*demux)(mach_msg_header_t *, mach_msg_header_t *),
                          mach_msg_header_t *in, mach_msg_header_t *out)
{
	mig_reply_error_t *reply = (mig_reply_error_t *)out;

	(void)demux(in, out);
	if (!(out->msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		if (reply->RetCode == MIG_NO_REPLY)
			return false;
		if (reply->RetCode != KERN_SUCCESS) {
			// The server refused the request: what it carried is ours to free.
			in->msgh_remote_port = MACH_PORT_NULL;
			mach_msg_destroy(in);
		}
	}
	if (!MACH_PORT_VALID(out->msgh_remote_port)) {
		// A simpleroutine, or no reply port: nothing to send.
		mach_msg_destroy(out);
		return false;
	}
	return true;
}

/* A reply that could not be sent: the client is gone; drop what it held. */
static void reply_not_sent(mach_msg_header_t *out, mach_msg_return_t mr)
{
	if (mr == MACH_SEND_INVALID_DEST || mr == MACH_SEND_TIMED_OUT)
		mach_msg_destroy(out);
}

/* Serve the request in `in' and send its reply.  Returns: the send's
 * result, or MACH_MSG_SUCCESS when nothing was sent. */
static mach_msg_return_t serve_one(boolean_t (*demux)(mach_msg_header_t *, mach_msg_header_t *),
                                   mach_msg_header_t *in, mach_msg_header_t *out,
                                   mach_msg_option_t options)
{
	if (!prepare_reply(demux, in, out))
		return MACH_MSG_SUCCESS;
	mach_msg_return_t mr = mach_msg(out, MACH_SEND_MSG | (options & MACH_SEND_TIMEOUT),
	                                out->msgh_size, 0, MACH_PORT_NULL,
	                                MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	reply_not_sent(out, mr);
	return mr;
}

/* Receive one request into `in' (room for `size' bytes) and serve it. */
static mach_msg_return_t receive_and_serve(boolean_t (*demux)(mach_msg_header_t *, mach_msg_header_t *),
                                           mach_msg_header_t *in, mach_msg_header_t *out,
                                           mach_msg_size_t size, mach_port_t rcv_name,
                                           mach_msg_option_t options)
{
	mach_msg_return_t mr = mach_msg(in, MACH_RCV_MSG | (options & ~MACH_SEND_MSG), 0, size,
	                                rcv_name, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return serve_one(demux, in, out, options);
}

/* Room for a request or reply of max_size bytes and the largest trailer. */
static mach_msg_size_t buffer_size(mach_msg_size_t max_size)
{
	return round_msg(max_size) + MAX_TRAILER_SIZE;
}

/*
 * mach_msg_server_once: serve one request on rcv_name (a receive right or
 * port set).  max_size: the largest request or reply (a subsystem's
 * maxsize).  Returns: the receive's error, or the reply's send result.
 */
mach_msg_return_t mach_msg_server_once(boolean_t (*demux)(mach_msg_header_t *, mach_msg_header_t *),
                                       mach_msg_size_t max_size, mach_port_t rcv_name,
                                       mach_msg_option_t options)
{
	mach_msg_size_t size = buffer_size(max_size);
	mach_msg_header_t *in = malloc(size), *out = malloc(size);
	mach_msg_return_t mr = MACH_RCV_TOO_LARGE;

	if (in && out)
		mr = receive_and_serve(demux, in, out, size, rcv_name, options);
	free(in);
	free(out);
	return mr;
}

/* Receive errors are the server's to report; send errors are a client's
 * (it died, or its reply port went away) and do not stop the loop. */
static int is_receive_error(mach_msg_return_t mr)
{
	return (mr & ~(mach_msg_return_t)0x3fff) == (MACH_RCV_IN_PROGRESS & ~0x3fff);
}

/*
 * mach_msg_server: serve requests until a receive fails.  Each reply is
 * sent and the next request received in one mach_msg (SEND|RCV), as
 * Mach's mach_msg_server does: one trap per request, and the kernel can
 * hand the processor straight to the client waiting for the reply.
 */
mach_msg_return_t mach_msg_server(boolean_t (*demux)(mach_msg_header_t *, mach_msg_header_t *),
                                  mach_msg_size_t max_size, mach_port_t rcv_name,
                                  mach_msg_option_t options)
{
	mach_msg_size_t size = buffer_size(max_size);
	mach_msg_header_t *in = malloc(size), *out = malloc(size);
	mach_msg_option_t rcv = MACH_RCV_MSG | (options & ~(MACH_SEND_MSG | MACH_SEND_TIMEOUT));
	mach_msg_return_t mr = MACH_RCV_TOO_LARGE;

	if (in && out)
		mr = mach_msg(in, rcv, 0, size, rcv_name, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	while (in && out && mr == MACH_MSG_SUCCESS) {
		if (!prepare_reply(demux, in, out)) {
			mr = mach_msg(in, rcv, 0, size, rcv_name, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
			continue;
		}
		// The next request lands in `out', which then becomes `in'.
		mr = mach_msg(out, MACH_SEND_MSG | (options & MACH_SEND_TIMEOUT) | rcv, out->msgh_size,
		              size, rcv_name, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		if (mr == MACH_MSG_SUCCESS) {
			mach_msg_header_t *t = in;
			in = out;
			out = t;
		} else if (!is_receive_error(mr)) {
			// The send failed and nothing was received.
			reply_not_sent(out, mr);
			mr = mach_msg(in, rcv, 0, size, rcv_name, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		}
	}
	free(in);
	free(out);
	return mr;
}
