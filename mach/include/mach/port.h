/* SPDX-License-Identifier: BSD-2-Clause */
/* Port names, rights and port types.  A port name is 32 bits (an index and
 * a generation) on every MachRV target, as in XNU. */
#ifndef _MACH_PORT_H_
#define _MACH_PORT_H_

#include <mach/boolean.h>
#include <mach/machine/vm_types.h>

typedef natural_t mach_port_name_t;
typedef mach_port_name_t *mach_port_name_array_t;

/* Outside the kernel a port is named by its 32-bit name. */
typedef mach_port_name_t mach_port_t;
typedef mach_port_t *mach_port_array_t;
/* What GNU MIG's user stubs and servers take for arrays sent only: the
 * names const, not the pointer (GNU Mach's <mach/port.h>). */
typedef const mach_port_name_t *const_mach_port_name_array_t;
typedef const mach_port_t *const_mach_port_array_t;

#define MACH_PORT_NULL  ((mach_port_t)0)
#define MACH_PORT_DEAD  ((mach_port_t)~0U)
#define MACH_PORT_VALID(name) \
	(((name) != MACH_PORT_NULL) && ((name) != MACH_PORT_DEAD))

/* The low byte of a name is the generation, the rest the index. */
#define MACH_PORT_INDEX(name)        ((name) >> 8)
#define MACH_PORT_GEN(name)          (((name) & 0xff) << 24)
#define MACH_PORT_MAKE(index, gen)   (((index) << 8) | ((gen) >> 24))

typedef natural_t mach_port_right_t;
#define MACH_PORT_RIGHT_SEND        ((mach_port_right_t)0)
#define MACH_PORT_RIGHT_RECEIVE     ((mach_port_right_t)1)
#define MACH_PORT_RIGHT_SEND_ONCE   ((mach_port_right_t)2)
#define MACH_PORT_RIGHT_PORT_SET    ((mach_port_right_t)3)
#define MACH_PORT_RIGHT_DEAD_NAME   ((mach_port_right_t)4)
#define MACH_PORT_RIGHT_NUMBER      ((mach_port_right_t)5)

typedef natural_t mach_port_type_t;
typedef mach_port_type_t *mach_port_type_array_t;
#define MACH_PORT_TYPE(right)        ((mach_port_type_t)(1U << ((right) + 16)))
#define MACH_PORT_TYPE_NONE          ((mach_port_type_t)0)
#define MACH_PORT_TYPE_SEND          MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND)
#define MACH_PORT_TYPE_RECEIVE       MACH_PORT_TYPE(MACH_PORT_RIGHT_RECEIVE)
#define MACH_PORT_TYPE_SEND_ONCE     MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_SET      MACH_PORT_TYPE(MACH_PORT_RIGHT_PORT_SET)
#define MACH_PORT_TYPE_DEAD_NAME     MACH_PORT_TYPE(MACH_PORT_RIGHT_DEAD_NAME)
#define MACH_PORT_TYPE_SEND_RECEIVE  (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)
#define MACH_PORT_TYPE_SEND_RIGHTS   (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_RIGHTS   (MACH_PORT_TYPE_SEND_RIGHTS | MACH_PORT_TYPE_RECEIVE)
#define MACH_PORT_TYPE_PORT_OR_DEAD  (MACH_PORT_TYPE_PORT_RIGHTS | MACH_PORT_TYPE_DEAD_NAME)
#define MACH_PORT_TYPE_ALL_RIGHTS    (MACH_PORT_TYPE_PORT_OR_DEAD | MACH_PORT_TYPE_PORT_SET)
#define MACH_PORT_TYPE_DNREQUEST     0x80000000U

typedef natural_t mach_port_urefs_t;
typedef integer_t mach_port_delta_t;
typedef natural_t mach_port_seqno_t;
typedef natural_t mach_port_mscount_t;
typedef natural_t mach_port_msgcount_t;
typedef natural_t mach_port_rights_t;
typedef unsigned int mach_port_srights_t;

typedef struct mach_port_status {
	mach_port_name_t mps_pset;
	mach_port_seqno_t mps_seqno;
	mach_port_mscount_t mps_mscount;
	mach_port_msgcount_t mps_qlimit;
	mach_port_msgcount_t mps_msgcount;
	mach_port_rights_t mps_sorights;
	boolean_t mps_srights;
	boolean_t mps_pdrequest;
	boolean_t mps_nsrequest;
	natural_t mps_flags;
} mach_port_status_t;

#define MACH_PORT_QLIMIT_DEFAULT ((mach_port_msgcount_t)5)
#define MACH_PORT_QLIMIT_MAX     ((mach_port_msgcount_t)16)
#define MACH_PORT_QLIMIT_ZERO    ((mach_port_msgcount_t)0)
#define MACH_PORT_QLIMIT_BASIC   MACH_PORT_QLIMIT_DEFAULT

/* mps_flags bits. */
#define MACH_PORT_STATUS_FLAG_TEMPOWNER   0x01
#define MACH_PORT_STATUS_FLAG_GUARDED     0x02

#define MACH_PORT_STATUS_COUNT \
	((natural_t)(sizeof(mach_port_status_t) / sizeof(natural_t)))

/* mach_port_get_attributes / mach_port_set_attributes: the flavors and
 * what each reads or writes, in natural_t units. */
typedef int mach_port_flavor_t;
typedef integer_t *mach_port_info_t;
#define MACH_PORT_INFO_MAX 17
typedef integer_t mach_port_info_data_t[MACH_PORT_INFO_MAX];

#define MACH_PORT_LIMITS_INFO       1   /* mach_port_limits_t: get and set */
#define MACH_PORT_RECEIVE_STATUS    2   /* mach_port_status_t: get only */
#define MACH_PORT_DNREQUESTS_SIZE   3   /* one natural_t: get (and set, ignored) */

typedef struct mach_port_limits {
	mach_port_msgcount_t mpl_qlimit;
} mach_port_limits_t;

#define MACH_PORT_LIMITS_INFO_COUNT \
	((natural_t)(sizeof(mach_port_limits_t) / sizeof(natural_t)))
#define MACH_PORT_RECEIVE_STATUS_COUNT MACH_PORT_STATUS_COUNT
#define MACH_PORT_DNREQUESTS_SIZE_COUNT 1

/* A receiver's own value attached to a port (mach_port_set_context). */
typedef uint64_t mach_port_context_t;

/* mach_port_construct's options (XNU's layout and flag values). */
typedef struct mach_port_options {
	uint32_t		flags;	/* MPO_* */
	mach_port_limits_t	mpl;	/* with MPO_QLIMIT */
	union {
		uint64_t	reserved[2];
		mach_port_name_t work_interval_port;
	};
} mach_port_options_t;
typedef mach_port_options_t *mach_port_options_ptr_t;

#define MPO_CONTEXT_AS_GUARD	0x01	/* the context is the port's guard */
#define MPO_QLIMIT		0x02	/* set the queue limit to mpl.mpl_qlimit */
#define MPO_TEMPOWNER		0x04
#define MPO_IMPORTANCE_RECEIVER	0x08
#define MPO_INSERT_SEND_RIGHT	0x10	/* also a send right, under the same name */
#define MPO_STRICT		0x20
#define MPO_DENAP_RECEIVER	0x40
#define MPO_IMMOVABLE_RECEIVE	0x80
#define MPO_FILTER_MSG		0x100
#define MPO_TG_BLOCK_TRACKING	0x200

#ifndef __cplusplus
_Static_assert(MACH_PORT_STATUS_COUNT <= MACH_PORT_INFO_MAX, "status fits mach_port_info_t");
#endif

#endif /* _MACH_PORT_H_ */
