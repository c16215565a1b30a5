/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the kernel tells about an IPC space: XNU's <mach_debug/ipc_info.h>
 * layouts (mach_port_space_info, 3223) and MachRV's fuller record of each
 * name (mach_port_space_rights, <mach/port_info.defs>).  docs/port-rights.md
 * and docs/objects/port.md say how to read them; lsmp prints them.
 */
#ifndef _MACH_DEBUG_IPC_INFO_H_
#define _MACH_DEBUG_IPC_INFO_H_
#include <mach/port.h>
#include <mach/machine/vm_types.h>

/* The space as a whole (XNU's layout; the tree fields are always 0). */
typedef struct ipc_info_space {
	natural_t iis_genno_mask;	/* the generation bits of a name */
	natural_t iis_table_size;	/* entries in the table (index 0 unused) */
	natural_t iis_table_next;	/* the size it would grow to */
	natural_t iis_tree_size;	/* unused: 0 */
	natural_t iis_tree_small;	/* unused: 0 */
	natural_t iis_tree_hash;	/* unused: 0 */
} ipc_info_space_t;

/* One name in use (XNU's layout). */
typedef struct ipc_info_name {
	mach_port_name_t iin_name;	/* the name, generation included */
	integer_t iin_collision;	/* always 0: MachRV names do not collide */
	mach_port_type_t iin_type;	/* MACH_PORT_TYPE_* (with _DNREQUEST) */
	mach_port_urefs_t iin_urefs;	/* user references */
	natural_t iin_object;		/* the port's or set's identity (below); 0 for a dead name */
	natural_t iin_next;		/* unused: 0 */
	natural_t iin_hash;		/* unused: 0 */
} ipc_info_name_t;
typedef ipc_info_name_t *ipc_info_name_array_t;

/* XNU's splay-tree entries; MachRV has no tree, so the array is always empty. */
typedef struct ipc_info_tree_name {
	ipc_info_name_t iitn_name;
	mach_port_name_t iitn_lchild;
	mach_port_name_t iitn_rchild;
} ipc_info_tree_name_t;
typedef ipc_info_tree_name_t *ipc_info_tree_name_array_t;

/*
 * An object's identity (iin_object, iir_object): an opaque 32-bit value,
 * the same in every space that names the same port or port set while it
 * lives, and different for two live objects.  It is not the kernel's
 * address.  A send right's receiver is the space whose receive right has
 * the same identity (or the kernel: iir_flags).
 */

/*
 * Kernel object types: what a port held by the kernel stands for
 * (mach_port_kernel_object's object_type, iir_kotype).  The numbers are
 * XNU's IKOT_* numbers, so tools written for XNU read them; IKOT_TEST is
 * MachRV's own (the kernel's self-tests).
 */
#define IPC_INFO_KOTYPE_NONE		0
#define IPC_INFO_KOTYPE_THREAD		1
#define IPC_INFO_KOTYPE_TASK		2
#define IPC_INFO_KOTYPE_HOST		3
#define IPC_INFO_KOTYPE_HOST_PRIV	4
#define IPC_INFO_KOTYPE_MASTER_DEVICE	19
#define IPC_INFO_KOTYPE_SEMAPHORE	23
#define IPC_INFO_KOTYPE_MEM_OBJ_CONTROL	32
#define IPC_INFO_KOTYPE_TEST		0x4d52

/*
 * A port label (mach_port_set_label, <mach/port_info.defs>): a short
 * readable name the holder of the receive right gives its port ("syscall
 * port of pid 7 (sh)"), at most MACH_PORT_LABEL_MAX - 1 characters.
 */
#define MACH_PORT_LABEL_MAX	48	/* bytes, the NUL included */
typedef char mach_port_label_t[64];	/* the request's field; longer than 47 is refused */
typedef const char *const_mach_port_label_t;	/* what a caller passes */

/*
 * MachRV: everything about one name (mach_port_space_rights).
 *   iir_kobject: for a task port the task's id, for a thread port the
 *   thread's id (the ids the kernel prints, "task NAME (id)"); for another
 *   kernel object an opaque identity; 0 when none.
 *   iir_receiver: the id of the task holding the receive right, 0 when no
 *   task does (see iir_flags); iir_receiver_name its name there.
 *   The queue fields describe the port whoever holds the receive right.
 *   iir_label: the port's label, NUL-terminated; "" for none, for a dead
 *   name and for a port set.
 */
typedef struct ipc_info_right {
	mach_port_name_t iir_name;
	mach_port_type_t iir_type;	/* MACH_PORT_TYPE_* (with _DNREQUEST) */
	mach_port_urefs_t iir_urefs;	/* user references (of send, or of the dead name) */
	natural_t iir_object;		/* identity, as iin_object */
	natural_t iir_kotype;		/* IPC_INFO_KOTYPE_* */
	natural_t iir_kobject;
	natural_t iir_receiver;		/* task id */
	mach_port_name_t iir_receiver_name;
	natural_t iir_flags;		/* IIR_* */
	natural_t iir_msgcount;		/* messages queued */
	natural_t iir_qlimit;		/* the queue limit */
	natural_t iir_seqno;		/* sequence number of the next message received */
	natural_t iir_mscount;		/* make-send count */
	natural_t iir_srights;		/* send rights anywhere (all spaces, messages, kernel) */
	natural_t iir_sorights;		/* send-once rights anywhere */
	natural_t iir_dnrequests;	/* dead-name requests registered on the port */
	char iir_label[MACH_PORT_LABEL_MAX];	/* the port's label (mach_port_set_label), or "" */
} ipc_info_right_t;
typedef ipc_info_right_t *ipc_info_right_array_t;

#define IIR_RECEIVER_KERNEL	0x01	/* a kernel object's port (or the kernel's own) */
#define IIR_IN_TRANSIT		0x02	/* the receive right is in a message */
#define IIR_DEAD		0x04	/* a dead name, or a port whose receive right is gone */
#define IIR_NSREQUEST		0x08	/* a no-senders notification is requested */
#define IIR_PDREQUEST		0x10	/* a port-destroyed notification is requested */
#define IIR_IN_PSET		0x20	/* the port is in a port set */

#ifndef __cplusplus
_Static_assert(sizeof(ipc_info_space_t) == 24, "XNU: ipc_info_space is 6 words");
_Static_assert(sizeof(ipc_info_name_t) == 28, "XNU: ipc_info_name is 7 words");
_Static_assert(sizeof(ipc_info_tree_name_t) == 36, "XNU: ipc_info_tree_name is 9 words");
_Static_assert(sizeof(ipc_info_right_t) == 112, "ipc_info_right is 28 words");
#endif

#endif /* _MACH_DEBUG_IPC_INFO_H_ */
