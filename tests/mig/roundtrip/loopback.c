/* SPDX-License-Identifier: BSD-2-Clause */
/* The loopback mach_msg and the MIG run-time (reply ports, mig_allocate)
 * for host round-trip tests.  One address space, one port name space:
 * names keep their values, dispositions change as the kernel's would. */
#include <stdlib.h>
#include <string.h>
#include "loopback.h"

NDR_record_t NDR_record = { 0, 0, 0, 0, NDR_INT_LITTLE_ENDIAN, NDR_CHAR_ASCII, NDR_FLOAT_IEEE, 0 };

mig_server_routine_t loopback_server;
mach_msg_option_t loopback_last_option;
mach_msg_timeout_t loopback_last_timeout;
mach_port_t loopback_last_local;
mach_msg_bits_t loopback_last_bits;
mach_msg_bits_t loopback_last_reply_bits;
char loopback_last_request[4096];
int loopback_server_trailer = MACH_RCV_TRAILER_AUDIT;
void (*loopback_reply_hook)(mach_msg_header_t *reply);
struct loopback_right loopback_rights[64];
int loopback_nrights;
long loopback_live;
int loopback_destroyed;
mach_port_t loopback_reply_ports_deallocated;
static mach_port_seqno_t seqno;

#define REPLY_PORT 0x7703
#define SPECIAL_REPLY_PORT 0x7707

void loopback_reset(void)
{
	loopback_server = NULL;
	loopback_last_option = 0;
	loopback_last_timeout = 0;
	loopback_last_local = 0;
	loopback_last_bits = 0;
	loopback_last_reply_bits = 0;
	loopback_server_trailer = MACH_RCV_TRAILER_AUDIT;
	loopback_reply_hook = NULL;
	loopback_nrights = 0;
	loopback_destroyed = 0;
	loopback_reply_ports_deallocated = 0;
}

mach_port_t mig_get_reply_port(void) { return REPLY_PORT; }
mach_port_t mig_get_special_reply_port(void) { return SPECIAL_REPLY_PORT; }
void mig_dealloc_reply_port(mach_port_t p) { loopback_reply_ports_deallocated = p; }
void mig_put_reply_port(mach_port_t p) { (void)p; }

kern_return_t mig_allocate(vm_address_t *addr, vm_size_t size)
{
	void *p = calloc(1, size ? size : 1);
	if (!p)
		return KERN_RESOURCE_SHORTAGE;
	loopback_live++;
	*addr = (vm_address_t)p;
	return KERN_SUCCESS;
}

void mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)size;
	if (addr) {
		free((void *)addr);
		loopback_live--;
	}
}

static mach_msg_type_name_t received(mach_msg_type_name_t d)
{
	switch (d) {
	case MACH_MSG_TYPE_MOVE_RECEIVE: case MACH_MSG_TYPE_COPY_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND: case MACH_MSG_TYPE_COPY_SEND: case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE: case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	default:
		return 0;
	}
}

static void log_right(mach_port_t name, mach_msg_type_name_t d)
{
	if (loopback_nrights < 64)
		loopback_rights[loopback_nrights++] = (struct loopback_right){ name, d };
}

/* (1) copy a message in and out again, as the kernel would on the way
 * from sender to receiver; returns a fresh buffer with a trailer. */
static mach_msg_header_t *transfer(const mach_msg_header_t *msg, int trailer_elems)
{
	mach_msg_size_t size = msg->msgh_size;
	mach_msg_header_t *k = calloc(1, size + sizeof(mach_msg_max_trailer_t) + 64);
	memcpy(k, msg, size);
	/* The receiver sees the reply port as remote and itself as local. */
	k->msgh_remote_port = msg->msgh_local_port;
	k->msgh_local_port = msg->msgh_remote_port;
	k->msgh_bits = MACH_MSGH_BITS_OTHER(msg->msgh_bits) |
	               MACH_MSGH_BITS(received(MACH_MSGH_BITS_LOCAL(msg->msgh_bits)),
	                              received(MACH_MSGH_BITS_REMOTE(msg->msgh_bits)));
	if (msg->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		mach_msg_body_t *body = (mach_msg_body_t *)(k + 1);
		char *d = (char *)(body + 1);
		for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++) {
			mach_msg_type_descriptor_t *td = (mach_msg_type_descriptor_t *)d;
			if (td->type == MACH_MSG_PORT_DESCRIPTOR) {
				mach_msg_port_descriptor_t *pd = (void *)d;
				pd->disposition = received(pd->disposition);
				log_right(pd->name, pd->disposition);
				d += sizeof(*pd);
			} else if (td->type == MACH_MSG_OOL_DESCRIPTOR) {
				mach_msg_ool_descriptor_t *od = (void *)d;
				void *copy = NULL;
				if (od->size) {
					vm_address_t a;
					mig_allocate(&a, od->size);
					copy = (void *)a;
					memcpy(copy, od->address, od->size);
					if (od->deallocate)
						mig_deallocate((vm_address_t)od->address, od->size);
				}
				od->address = copy;
				od->deallocate = 0;
				d += sizeof(*od);
			} else if (td->type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
				mach_msg_ool_ports_descriptor_t *pd = (void *)d;
				void *copy = NULL;
				if (pd->count) {
					vm_address_t a;
					mig_allocate(&a, pd->count * sizeof(mach_port_t));
					copy = (void *)a;
					memcpy(copy, pd->address, pd->count * sizeof(mach_port_t));
					for (mach_msg_size_t j = 0; j < pd->count; j++)
						log_right(((mach_port_t *)copy)[j], received(pd->disposition));
					if (pd->deallocate)
						mig_deallocate((vm_address_t)pd->address, pd->count * sizeof(mach_port_t));
				}
				pd->address = copy;
				pd->disposition = received(pd->disposition);
				pd->deallocate = 0;
				d += sizeof(*pd);
			} else {
				d += sizeof(mach_msg_ool_descriptor_t);
			}
		}
	}
	mach_msg_max_trailer_t *t = (mach_msg_max_trailer_t *)((char *)k + round_msg(size));
	memset(t, 0, sizeof(*t));
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = REQUESTED_TRAILER_SIZE(MACH_RCV_TRAILER_ELEMENTS(trailer_elems));
	t->msgh_seqno = seqno++;
	t->msgh_sender.val[0] = 501;   /* uid */
	t->msgh_sender.val[1] = 20;    /* gid */
	for (int i = 0; i < 8; i++)
		t->msgh_audit.val[i] = 100 + (unsigned)i;
	return k;
}

void mach_msg_destroy(mach_msg_header_t *msg)
{
	if (!(msg->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return;
	mach_msg_body_t *body = (mach_msg_body_t *)(msg + 1);
	char *d = (char *)(body + 1);
	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count && i < 64; i++) {
		mach_msg_type_descriptor_t *td = (mach_msg_type_descriptor_t *)d;
		if (td->type == MACH_MSG_PORT_DESCRIPTOR) {
			d += sizeof(mach_msg_port_descriptor_t);
			continue;
		}
		mach_msg_ool_descriptor_t *od = (void *)d;
		if (td->type == MACH_MSG_OOL_DESCRIPTOR && od->size)
			mig_deallocate((vm_address_t)od->address, od->size);
		if (td->type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			mach_msg_ool_ports_descriptor_t *pd = (void *)d;
			if (pd->count)
				mig_deallocate((vm_address_t)pd->address, pd->count * sizeof(mach_port_t));
		}
		d += sizeof(mach_msg_ool_descriptor_t);
	}
}

/* What a server loop (mach_msg_server) does with one request. */
kern_return_t loopback_dispatch(mach_msg_header_t *req, mach_msg_header_t *rep)
{
	mig_reply_error_t *r = (mig_reply_error_t *)rep;
	if (!loopback_server)
		return MACH_SEND_INVALID_DEST;
	loopback_server(req, rep);
	if (rep->msgh_bits & MACH_MSGH_BITS_COMPLEX)
		return KERN_SUCCESS;
	if (r->RetCode != KERN_SUCCESS && r->RetCode != MIG_NO_REPLY) {
		/* The server did not take the request's rights and memory. */
		mach_msg_destroy(req);
		loopback_destroyed++;
	}
	return r->RetCode;
}

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
                           mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                           mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                           mach_port_name_t notify)
{
	(void)rcv_name;
	(void)notify;
	loopback_last_option = option;
	loopback_last_timeout = timeout;
	if (!(option & MACH_SEND_MSG))
		return MACH_RCV_INVALID_NAME;
	if (send_size != msg->msgh_size || send_size < sizeof(mach_msg_header_t) || (send_size & 3))
		return MACH_SEND_MSG_TOO_SMALL;
	if (!loopback_server)
		return MACH_SEND_INVALID_DEST;
	loopback_last_local = msg->msgh_local_port;
	loopback_last_bits = msg->msgh_bits;
	memcpy(loopback_last_request, msg, send_size < sizeof(loopback_last_request) ? send_size : sizeof(loopback_last_request));

	mach_msg_header_t *req = transfer(msg, loopback_server_trailer);
	union {
		mig_reply_error_t e;
		char buf[70000];
	} *out = calloc(1, sizeof(*out));
	kern_return_t kr = loopback_dispatch(req, &out->e.Head);
	free(req);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	if (!(option & MACH_RCV_MSG) || out->e.Head.msgh_remote_port == MACH_PORT_NULL) {
		/* A simple request: nothing comes back. */
	} else if (!(out->e.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) && kr == MIG_NO_REPLY) {
		mr = MACH_RCV_TIMED_OUT;   /* the reply would come later; we do not wait */
	} else {
		mach_msg_header_t *rep = transfer(&out->e.Head, GET_RCV_ELEMENTS(option));
		loopback_last_reply_bits = rep->msgh_bits;
		if (loopback_reply_hook)
			loopback_reply_hook(rep);
		mach_msg_size_t total = round_msg(rep->msgh_size) + REQUESTED_TRAILER_SIZE(option);
		if (total > rcv_size) {
			mach_msg_destroy(rep);
			mr = MACH_RCV_TOO_LARGE;
		} else {
			memcpy(msg, rep, total);
		}
		free(rep);
	}
	free(out);
	return mr;
}
