/* SPDX-License-Identifier: BSD-2-Clause */
/* A host stand-in for the kernel's mach_msg: the request is copied in (port
 * dispositions turned into received rights, out-of-line memory copied),
 * handed to a MIG demux, and the demux's reply is copied back the same way.
 * Knobs let tests corrupt replies and requests and watch what moved. */
#ifndef LOOPBACK_H
#define LOOPBACK_H

#include <mach/message.h>
#include <mach/mig_errors.h>

/* The server side the loopback calls; NULL means no server. */
extern mig_server_routine_t loopback_server;

/* What the last mach_msg() was asked. */
extern mach_msg_option_t loopback_last_option;
extern mach_msg_timeout_t loopback_last_timeout;
extern mach_port_t loopback_last_local;     /* the request's reply port */
extern mach_msg_bits_t loopback_last_bits;  /* the request's bits as sent */
extern mach_msg_bits_t loopback_last_reply_bits;  /* the reply's bits as the server sent them */
extern char loopback_last_request[4096];    /* its first bytes, as sent */

/* Trailer elements delivered to the server (MACH_RCV_TRAILER_*). */
extern int loopback_server_trailer;

/* Called on the reply before it is delivered, to corrupt it. */
extern void (*loopback_reply_hook)(mach_msg_header_t *reply);

/* Port rights that crossed, in order: name and received disposition. */
struct loopback_right {
	mach_port_t name;
	mach_msg_type_name_t disposition;
};
extern struct loopback_right loopback_rights[64];
extern int loopback_nrights;

/* Memory from mig_allocate() (and OOL copies) not yet deallocated. */
extern long loopback_live;
/* Requests the server loop destroyed after an error. */
extern int loopback_destroyed;
extern mach_port_t loopback_reply_ports_deallocated;

void loopback_reset(void);

/* Run the demux on a request as a server loop would; returns the reply's
 * RetCode, or KERN_SUCCESS for a complex reply. */
kern_return_t loopback_dispatch(mach_msg_header_t *req, mach_msg_header_t *rep);

#endif
