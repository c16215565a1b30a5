/* SPDX-License-Identifier: BSD-2-Clause */
/* MIG's return codes, the error reply, the server dispatch table, and the
 * run-time support every generated stub calls. */
#ifndef _MACH_MIG_ERRORS_H_
#define _MACH_MIG_ERRORS_H_

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/ndr.h>

#define MIG_TYPE_ERROR       -300  /* the reply's or request's layout is wrong */
#define MIG_REPLY_MISMATCH   -301  /* the reply is for another request */
#define MIG_REMOTE_ERROR     -302  /* the server reported an error */
#define MIG_BAD_ID           -303  /* the server does not know the request id */
#define MIG_BAD_ARGUMENTS    -304  /* the server found bad arguments */
#define MIG_NO_REPLY         -305  /* the server function sends no reply now */
#define MIG_EXCEPTION        -306  /* the server raised an exception */
#define MIG_ARRAY_TOO_LARGE  -307  /* an array does not fit the caller's buffer */
#define MIG_SERVER_DIED      -308  /* the server died: a send-once notification came back */
#define MIG_TRAILER_ERROR    -309  /* the trailer lacks what the routine needs */

#pragma pack(push, 4)
/* The reply a server sends when it only has a return code. */
typedef struct {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
} mig_reply_error_t;

/* The minimal request, used by the demux functions and server loops. */
typedef struct {
	mach_msg_header_t Head;
} mig_request_header_t;
#pragma pack(pop)

/* A server stub: decode the request, call the server, encode the reply. */
typedef void (*mig_stub_routine_t)(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP);
typedef mig_stub_routine_t mig_routine_t;
/* A demux function: TRUE when it knew the request id. */
typedef boolean_t (*mig_server_routine_t)(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP);

/* One entry of a subsystem's dispatch table. */
struct routine_descriptor {
	mig_stub_routine_t stub_routine;  /* NULL for a skipped id */
	unsigned int argc;                /* arguments in the server function */
	unsigned int descr_count;         /* descriptors in the request */
	mach_msg_size_t max_reply_msg;    /* largest reply, without trailer */
};
typedef struct routine_descriptor *routine_descriptor_t;

/* A generated subsystem: what server loops need to size buffers and what
 * tracing tools need to name requests. */
struct mig_subsystem {
	mig_server_routine_t server;      /* the demux function */
	mach_msg_id_t start;              /* first request id */
	mach_msg_id_t end;                /* one past the last */
	mach_msg_size_t maxsize;          /* largest request or reply */
	vm_address_t reserved;
	struct routine_descriptor routine[1];
};
typedef const struct mig_subsystem *mig_subsystem_t;

/* Fill an error reply in place, as the stubs do. */
static inline void mig_reply_set_error(mach_msg_header_t *OutHeadP, kern_return_t kr)
{
	mig_reply_error_t *r = (mig_reply_error_t *)OutHeadP;

	r->NDR = NDR_record;
	r->RetCode = kr;
}

/* Run-time support: libmach in MachRV tasks, the test harness on the host. */
extern mach_port_t mig_get_reply_port(void);
extern void mig_dealloc_reply_port(mach_port_t reply_port);
extern void mig_put_reply_port(mach_port_t reply_port);
extern mach_port_t mig_get_special_reply_port(void);
extern kern_return_t mig_allocate(vm_address_t *addr, vm_size_t size);
extern void mig_deallocate(vm_address_t addr, vm_size_t size);
extern int mig_strncpy(char *dest, const char *src, int len);

/* The kernel's own stubs (KernelUser) send through these. */
extern mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size);
extern mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size,
                                                  mach_msg_size_t rcv_size);

#endif /* _MACH_MIG_ERRORS_H_ */
