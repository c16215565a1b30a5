/* SPDX-License-Identifier: BSD-2-Clause */
/* The Mach message: header, body and descriptors, trailers, options and
 * return codes.  The layout is OSF/XNU's for LP64: 32-bit port names, a
 * 24-byte header, and descriptors of 12 (port) or 16 (out-of-line) bytes
 * packed to 4 bytes, with the descriptor type in the last byte of each. */
#ifndef _MACH_MESSAGE_H_
#define _MACH_MESSAGE_H_

#include <stdint.h>
#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/machine/vm_types.h>

typedef natural_t mach_msg_timeout_t;
#define MACH_MSG_TIMEOUT_NONE ((mach_msg_timeout_t)0)

typedef unsigned int mach_msg_bits_t;
typedef natural_t mach_msg_size_t;
typedef integer_t mach_msg_id_t;
typedef unsigned int mach_msg_type_name_t;
typedef unsigned int mach_msg_copy_options_t;
typedef unsigned int mach_msg_descriptor_type_t;
typedef natural_t mach_msg_type_number_t;
typedef natural_t mach_msg_type_size_t;
typedef integer_t mach_msg_option_t;
typedef kern_return_t mach_msg_return_t;

/* msgh_bits: the remote and local dispositions, the voucher's, and flags. */
#define MACH_MSGH_BITS_ZERO          0x00000000U
#define MACH_MSGH_BITS_REMOTE_MASK   0x0000001fU
#define MACH_MSGH_BITS_LOCAL_MASK    0x00001f00U
#define MACH_MSGH_BITS_VOUCHER_MASK  0x001f0000U
#define MACH_MSGH_BITS_PORTS_MASK \
	(MACH_MSGH_BITS_REMOTE_MASK | MACH_MSGH_BITS_LOCAL_MASK | MACH_MSGH_BITS_VOUCHER_MASK)
#define MACH_MSGH_BITS_COMPLEX       0x80000000U
#define MACH_MSGH_BITS_USER          0x801f1f1fU
#define MACH_MSGH_BITS_CIRCULAR      0x10000000U
/*
 * MachRV: set by the kernel in a received message's bits when the message
 * belongs to traced work (<machrv/trace.h>); ignored in a message sent.
 */
#define MACH_MSGH_BITS_MACHRV_TRACED 0x00800000U

#define MACH_MSGH_BITS(remote, local) \
	((mach_msg_bits_t)((remote) | ((local) << 8)))
#define MACH_MSGH_BITS_SET_PORTS(remote, local, voucher) \
	((mach_msg_bits_t)(((remote) & 0x1fU) | (((local) & 0x1fU) << 8) | \
	                   (((voucher) & 0x1fU) << 16)))
#define MACH_MSGH_BITS_SET(remote, local, voucher, other) \
	(MACH_MSGH_BITS_SET_PORTS(remote, local, voucher) | \
	 ((other) & ~MACH_MSGH_BITS_PORTS_MASK))
#define MACH_MSGH_BITS_REMOTE(bits)  ((bits) & MACH_MSGH_BITS_REMOTE_MASK)
#define MACH_MSGH_BITS_LOCAL(bits)   (((bits) & MACH_MSGH_BITS_LOCAL_MASK) >> 8)
#define MACH_MSGH_BITS_VOUCHER(bits) (((bits) & MACH_MSGH_BITS_VOUCHER_MASK) >> 16)
#define MACH_MSGH_BITS_PORTS(bits)   ((bits) & MACH_MSGH_BITS_PORTS_MASK)
#define MACH_MSGH_BITS_OTHER(bits)   ((bits) & ~MACH_MSGH_BITS_PORTS_MASK)
#define MACH_MSGH_BITS_IS_COMPLEX(bits) (((bits) & MACH_MSGH_BITS_COMPLEX) != 0)

/* Dispositions: what sending does to the sender's right ... */
#define MACH_MSG_TYPE_MOVE_RECEIVE    16
#define MACH_MSG_TYPE_MOVE_SEND       17
#define MACH_MSG_TYPE_MOVE_SEND_ONCE  18
#define MACH_MSG_TYPE_COPY_SEND       19
#define MACH_MSG_TYPE_MAKE_SEND       20
#define MACH_MSG_TYPE_MAKE_SEND_ONCE  21
#define MACH_MSG_TYPE_COPY_RECEIVE    22
#define MACH_MSG_TYPE_DISPOSE_RECEIVE 24
#define MACH_MSG_TYPE_DISPOSE_SEND    25
#define MACH_MSG_TYPE_DISPOSE_SEND_ONCE 26
/* ... and the right the receiver finds. */
#define MACH_MSG_TYPE_PORT_NAME       15
#define MACH_MSG_TYPE_PORT_RECEIVE    MACH_MSG_TYPE_MOVE_RECEIVE
#define MACH_MSG_TYPE_PORT_SEND       MACH_MSG_TYPE_MOVE_SEND
#define MACH_MSG_TYPE_PORT_SEND_ONCE  MACH_MSG_TYPE_MOVE_SEND_ONCE
#define MACH_MSG_TYPE_LAST            22
/* A disposition chosen at run time (MIG's polymorphic). */
#define MACH_MSG_TYPE_POLYMORPHIC     ((mach_msg_type_name_t)-1)

#define MACH_MSG_TYPE_PORT_ANY(x) \
	(((x) >= MACH_MSG_TYPE_MOVE_RECEIVE) && ((x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE))
#define MACH_MSG_TYPE_PORT_ANY_SEND(x) \
	(((x) >= MACH_MSG_TYPE_MOVE_SEND) && ((x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE))
#define MACH_MSG_TYPE_PORT_ANY_RIGHT(x) \
	(((x) >= MACH_MSG_TYPE_MOVE_RECEIVE) && ((x) <= MACH_MSG_TYPE_MOVE_SEND_ONCE))

/* Names of data types, kept for .defs files and MIG; our messages carry no
 * per-item type descriptors. */
#define MACH_MSG_TYPE_UNSTRUCTURED 0
#define MACH_MSG_TYPE_BIT          0
#define MACH_MSG_TYPE_BOOLEAN      0
#define MACH_MSG_TYPE_INTEGER_16   1
#define MACH_MSG_TYPE_INTEGER_32   2
#define MACH_MSG_TYPE_CHAR         8
#define MACH_MSG_TYPE_BYTE         9
#define MACH_MSG_TYPE_INTEGER_8    9
#define MACH_MSG_TYPE_REAL         10
#define MACH_MSG_TYPE_INTEGER_64   11
#define MACH_MSG_TYPE_STRING       12
#define MACH_MSG_TYPE_STRING_C     12

/* Copy options of out-of-line memory. */
#define MACH_MSG_PHYSICAL_COPY  0
#define MACH_MSG_VIRTUAL_COPY   1
#define MACH_MSG_ALLOCATE       2
#define MACH_MSG_OVERWRITE      3

/* Descriptor types. */
#define MACH_MSG_PORT_DESCRIPTOR          0
#define MACH_MSG_OOL_DESCRIPTOR           1
#define MACH_MSG_OOL_PORTS_DESCRIPTOR     2
#define MACH_MSG_OOL_VOLATILE_DESCRIPTOR  3

#pragma pack(push, 4)

typedef struct {
	mach_msg_bits_t msgh_bits;
	mach_msg_size_t msgh_size;
	mach_port_t msgh_remote_port;
	mach_port_t msgh_local_port;
	mach_port_name_t msgh_voucher_port;
	mach_msg_id_t msgh_id;
} mach_msg_header_t;

/* XNU's name for the voucher field, before vouchers existed. */
#define msgh_reserved msgh_voucher_port

typedef struct {
	mach_msg_size_t msgh_descriptor_count;
} mach_msg_body_t;

typedef struct {
	natural_t pad1;
	mach_msg_size_t pad2;
	unsigned int pad3 : 24;
	mach_msg_descriptor_type_t type : 8;
} mach_msg_type_descriptor_t;

typedef struct {
	mach_port_t name;
	mach_msg_size_t pad1;
	unsigned int pad2 : 16;
	mach_msg_type_name_t disposition : 8;
	mach_msg_descriptor_type_t type : 8;
} mach_msg_port_descriptor_t;

typedef struct {
	void *address;
	unsigned int deallocate : 8;
	mach_msg_copy_options_t copy : 8;
	unsigned int pad1 : 8;
	mach_msg_descriptor_type_t type : 8;
	mach_msg_size_t size;
} mach_msg_ool_descriptor_t;

typedef struct {
	void *address;
	unsigned int deallocate : 8;
	mach_msg_copy_options_t copy : 8;
	mach_msg_type_name_t disposition : 8;
	mach_msg_descriptor_type_t type : 8;
	mach_msg_size_t count;
} mach_msg_ool_ports_descriptor_t;

typedef union {
	mach_msg_port_descriptor_t port;
	mach_msg_ool_descriptor_t out_of_line;
	mach_msg_ool_ports_descriptor_t ool_ports;
	mach_msg_type_descriptor_t type;
} mach_msg_descriptor_t;

typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
} mach_msg_base_t;

/* Trailers: the kernel appends one to every received message. */
typedef unsigned int mach_msg_trailer_type_t;
typedef unsigned int mach_msg_trailer_size_t;
#define MACH_MSG_TRAILER_FORMAT_0 0

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
} mach_msg_trailer_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
} mach_msg_seqno_trailer_t;

/* The sender's credentials, as the kernel vouches for them. */
typedef struct {
	unsigned int val[2];
} security_token_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
	security_token_t msgh_sender;
} mach_msg_security_trailer_t;

typedef struct {
	unsigned int val[8];
} audit_token_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
	security_token_t msgh_sender;
	audit_token_t msgh_audit;
} mach_msg_audit_trailer_t;

typedef mach_msg_audit_trailer_t mach_msg_max_trailer_t;

#pragma pack(pop)

#define MACH_MSG_TRAILER_MINIMUM_SIZE ((mach_msg_size_t)sizeof(mach_msg_trailer_t))
#define MAX_TRAILER_SIZE ((mach_msg_size_t)sizeof(mach_msg_max_trailer_t))
#define KERNEL_SECURITY_TOKEN_VALUE { { 0, 1 } }
#define KERNEL_AUDIT_TOKEN_VALUE { { 0, 0, 0, 0, 0, 0, 0, 0 } }

/* Messages are sized in multiples of 4 bytes; trailers start there. */
#define round_msg(x) (((mach_msg_size_t)(x) + 3U) & ~3U)

typedef struct {
	mach_msg_header_t header;
} mach_msg_empty_send_t;

typedef struct {
	mach_msg_header_t header;
	mach_msg_trailer_t trailer;
} mach_msg_empty_rcv_t;

typedef union {
	mach_msg_empty_send_t send;
	mach_msg_empty_rcv_t rcv;
} mach_msg_empty_t;

/* Options of mach_msg(). */
#define MACH_MSG_OPTION_NONE  0x00000000
#define MACH_SEND_MSG         0x00000001
#define MACH_RCV_MSG          0x00000002
#define MACH_RCV_LARGE        0x00000004
#define MACH_SEND_TIMEOUT     0x00000010
#define MACH_SEND_INTERRUPT   0x00000040
#define MACH_SEND_NOTIFY      0x00000080
#define MACH_SEND_ALWAYS      0x00010000
#define MACH_SEND_TRAILER     0x00020000
#define MACH_RCV_TIMEOUT      0x00000100
#define MACH_RCV_NOTIFY       0x00000200
#define MACH_RCV_INTERRUPT    0x00000400
#define MACH_RCV_OVERWRITE    0x00001000
#define MACH_SEND_SYNC_OVERRIDE 0x00100000

/* Which trailer the receiver asks for. */
#define MACH_RCV_TRAILER_NULL    0
#define MACH_RCV_TRAILER_SEQNO   1
#define MACH_RCV_TRAILER_SENDER  2
#define MACH_RCV_TRAILER_AUDIT   3
#define MACH_RCV_TRAILER_TYPE(x)     (((x) & 0xf) << 28)
#define MACH_RCV_TRAILER_ELEMENTS(x) (((x) & 0xf) << 24)
#define MACH_RCV_TRAILER_MASK        ((0xf << 24))
#define GET_RCV_ELEMENTS(y)          (((y) >> 24) & 0xf)
#define REQUESTED_TRAILER_SIZE(y) \
	((mach_msg_trailer_size_t)( \
	 (GET_RCV_ELEMENTS(y) == MACH_RCV_TRAILER_NULL) ? sizeof(mach_msg_trailer_t) : \
	 (GET_RCV_ELEMENTS(y) == MACH_RCV_TRAILER_SEQNO) ? sizeof(mach_msg_seqno_trailer_t) : \
	 (GET_RCV_ELEMENTS(y) == MACH_RCV_TRAILER_SENDER) ? sizeof(mach_msg_security_trailer_t) : \
	 sizeof(mach_msg_audit_trailer_t)))

/* Return codes of mach_msg(). */
#define MACH_MSG_SUCCESS            0x00000000
#define MACH_MSG_MASK               0x00003e00
#define MACH_MSG_IPC_SPACE          0x00002000
#define MACH_MSG_VM_SPACE           0x00001000
#define MACH_MSG_IPC_KERNEL         0x00000800
#define MACH_MSG_VM_KERNEL          0x00000400

#define MACH_SEND_IN_PROGRESS       0x10000001
#define MACH_SEND_INVALID_DATA      0x10000002
#define MACH_SEND_INVALID_DEST      0x10000003
#define MACH_SEND_TIMED_OUT         0x10000004
#define MACH_SEND_INVALID_VOUCHER   0x10000005
#define MACH_SEND_INTERRUPTED       0x10000007
#define MACH_SEND_MSG_TOO_SMALL     0x10000008
#define MACH_SEND_INVALID_REPLY     0x10000009
#define MACH_SEND_INVALID_RIGHT     0x1000000a
#define MACH_SEND_INVALID_NOTIFY    0x1000000b
#define MACH_SEND_INVALID_MEMORY    0x1000000c
#define MACH_SEND_NO_BUFFER         0x1000000d
#define MACH_SEND_TOO_LARGE         0x1000000e
#define MACH_SEND_INVALID_TYPE      0x1000000f
#define MACH_SEND_INVALID_HEADER    0x10000010
#define MACH_SEND_INVALID_TRAILER   0x10000011
#define MACH_SEND_INVALID_RT_OOL_SIZE 0x10000015

#define MACH_RCV_IN_PROGRESS        0x10004001
#define MACH_RCV_INVALID_NAME       0x10004002
#define MACH_RCV_TIMED_OUT          0x10004003
#define MACH_RCV_TOO_LARGE          0x10004004
#define MACH_RCV_INTERRUPTED        0x10004005
#define MACH_RCV_PORT_CHANGED       0x10004006
#define MACH_RCV_INVALID_NOTIFY     0x10004007
#define MACH_RCV_INVALID_DATA       0x10004008
#define MACH_RCV_PORT_DIED          0x10004009
#define MACH_RCV_IN_SET             0x1000400a
#define MACH_RCV_HEADER_ERROR       0x1000400b
#define MACH_RCV_BODY_ERROR         0x1000400c
#define MACH_RCV_INVALID_TYPE       0x1000400d
#define MACH_RCV_SCATTER_SMALL      0x1000400e
#define MACH_RCV_INVALID_TRAILER    0x1000400f
#define MACH_RCV_IN_PROGRESS_TIMED  0x10004011

#ifndef __cplusplus
_Static_assert(sizeof(mach_msg_header_t) == 24, "mach_msg_header_t is 24 bytes");
_Static_assert(sizeof(mach_msg_port_descriptor_t) == 12, "port descriptors are 12 bytes");
_Static_assert(sizeof(mach_msg_ool_descriptor_t) == 16, "OOL descriptors are 16 bytes");
_Static_assert(sizeof(mach_msg_ool_ports_descriptor_t) == 16, "OOL-ports descriptors are 16 bytes");
#endif

/* Send and/or receive a message: the one IPC primitive. */
extern mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
                                  mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                                  mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                                  mach_port_name_t notify);

/*
 * The textbook forms (XNU's libsyscall, GNU Mach's libmach):
 *   mach_msg_send(msg):    mach_msg(msg, MACH_SEND_MSG, msg->msgh_size, ...);
 *   mach_msg_receive(msg): mach_msg(msg, MACH_RCV_MSG, 0, msg->msgh_size,
 *                          msg->msgh_local_port, ...): the buffer's size
 *                          and port come from the header the caller filled;
 *   mach_msg_overwrite:    mach_msg, receiving into rcv_msg (of rcv_size
 *                          bytes) instead of msg when rcv_msg is not NULL.
 */
extern mach_msg_return_t mach_msg_send(mach_msg_header_t *msg);
extern mach_msg_return_t mach_msg_receive(mach_msg_header_t *msg);
extern mach_msg_return_t mach_msg_overwrite(mach_msg_header_t *msg, mach_msg_option_t option,
                                            mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                                            mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                                            mach_port_name_t notify, mach_msg_header_t *rcv_msg,
                                            mach_msg_size_t rcv_limit);

/* Release the rights and out-of-line memory a received message holds. */
extern void mach_msg_destroy(mach_msg_header_t *msg);

#endif /* _MACH_MESSAGE_H_ */
