/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * MachRV's event trace: the record the kernel keeps in its per-hart rings,
 * what each kind of record holds, and the codes servers use for their own
 * records.  Shared by the kernel (mach/kern/trace.c), the servers (through
 * machrv_trace_note, libmach), the guest's `trace' program and the host's
 * scripts/trace, which decodes the records (docs/read-path.md).
 *
 * Control: machrv_trace.defs (trace_start, trace_stop, trace_read on the
 * host port).  A traced task's threads, and every thread while it serves a
 * message that came from traced work, record what they do; tasks created
 * by traced work are traced too (a fork or an exec on behalf of a traced
 * process), so tracing follows a process and its descendants.
 */
#ifndef _MACHRV_TRACE_H_
#define _MACHRV_TRACE_H_
#include <stdint.h>

/* One event: 64 bytes, little-endian, as the kernel stores it. */
typedef struct machrv_trace_record {
	uint64_t tr_instret;	/* rdinstret on the recording hart */
	uint64_t tr_cycle;	/* rdcycle on the recording hart */
	uint16_t tr_kind;	/* TR_* */
	uint8_t  tr_hart;	/* the hart's logical number */
	uint8_t  tr_flags;	/* TRF_* */
	uint32_t tr_aux;	/* per kind (below) */
	uint32_t tr_task;	/* the recording thread's task id; 0: the kernel */
	uint32_t tr_thread;	/* the recording thread's id */
	uint64_t tr_a[4];	/* per kind (below) */
} machrv_trace_record_t;

_Static_assert(sizeof(machrv_trace_record_t) == 64, "a trace record is 64 bytes");

/*
 * What trace_counts (4803) answers: totals of the traced work since
 * trace_start, kept even when the rings are full.
 */
enum {
	TRC_TRAPS,		/* traps entered (TR_TRAP_ENTER) */
	TRC_MESSAGES,		/* messages sent (TR_MSG_SEND) */
	TRC_INLINE_BYTES,	/* their inline bytes */
	TRC_OOL_PAGES,		/* their out-of-line pages */
	TRC_SWITCHES,		/* context switches from or to traced work */
	TRC_FAULTS,		/* page faults */
	TRC_RECORDS,		/* records made, kept or not */
	TRC_COUNT = 8
};
typedef uint64_t trace_counts_t[TRC_COUNT];

/* tr_flags */
#define TRF_TRACED	0x01	/* the event belongs to traced work */
#define TRF_KERNEL	0x02	/* sent by the kernel itself (a notification, an interrupt) */
#define TRF_SEND_ONCE	0x04	/* TR_MSG_SEND: to a send-once right (a reply, a notification) */

/*
 * Kinds.  "port" is a port's identity (as mach_port_space_info's
 * iin_object: equal in every space); "msg" the message's serial number,
 * the same in its send and its receive record.
 */
enum {
	TR_TRAP_ENTER = 1,	/* aux: Unix call number (>= 0) or Mach trap (< 0, as int32); a[0..3]: a0..a3 */
	TR_TRAP_EXIT,		/* aux: as TRAP_ENTER; a[0]: a0 returned, a[1]: errno (Unix) or 0 */
	TR_MSG_SEND,		/* aux: msgh_id; a[0]: msg; a[1]: destination port; a[2]: reply port (0: none);
				   a[3]: inline bytes | out-of-line pages << 32 | rights carried << 48 */
	TR_MSG_RECV,		/* aux: msgh_id; a[0]: msg; a[1]: port received on; a[2]: the sender's task id;
				   a[3]: inline bytes */
	TR_KOBJECT,		/* a kernel-object RPC served: aux: msgh_id; a[0]: msg; a[1]: port;
				   a[2]: kernel object kind (the kernel's IKOT_*, mach/ipc/ipc_port.h) */
	TR_SWITCH,		/* the hart switches threads: a[0]: to thread id; a[1]: to task id;
				   aux: 0 (a hand-off to a message's receiver is not told apart yet) */
	TR_FAULT,		/* a user page fault: a[0]: address; aux: access (VM_PROT_*) */
	TR_FAULT_DONE,		/* its end: a[0]: kern_return_t */
	TR_IRQ,			/* a device interrupt: aux: irq number; a[0]: the port told (0: none) */
	TR_TASK_NAME,		/* a task's name: a[0]: task id; aux: part (0, 1: 24 bytes each in a[1..3]) */
	TR_PORT_LABEL,		/* a port's label (mach_port_set_label): a[0]: port; aux: part, a[1..3] text */
	TR_NOTE,		/* a server's record: aux: TRN_* code; a[0], a[1]: numbers; a[2..3]: 16 bytes of text */
	TR_KIND_COUNT
};

/* Codes of servers' records (TR_NOTE's aux).  Numbers and text as listed. */
enum {
	TRN_SET_TRACED = 0,	/* no record: the thread's work is traced from now on if a0 != 0, not if 0
				   (a server resuming a call it parked: machrv_trace_set) */
	TRN_BSD_SYSCALL = 1,	/* bsd_server takes a call: a0: number, a1: pid; text: the program */
	TRN_BSD_RETURN,		/* its answer: a0: rv[0], a1: errno */
	TRN_FS_OP,		/* the file system serves: a0: inode, a1: bytes asked; text: the operation */
	TRN_FS_LOOKUP,		/* a path component looked up: a0: directory inode, a1: inode found (0: none); text: the name */
	TRN_FS_CACHE,		/* a block cache look-up: a0: block, a1: 1 hit / 0 miss; text: "hit" or "miss" */
	TRN_FS_READ_BLOCKS,	/* blocks read from the device: a0: first block, a1: count */
	TRN_BLK_REQUEST,	/* the disk driver's virtio request: a0: sector, a1: bytes; text: "read"/"write" */
	TRN_BLK_DONE,		/* its completion: a0: sector, a1: status */
	TRN_USER = 100,		/* programs' own records from here on */
};
/* Or'ed into a code: record it although this thread's work is not traced
 * (it finishes work that was: machrv_trace_note_for, <machrv/trace_note.h>). */
#define TRN_ON_BEHALF	0x80000000u

#endif /* _MACHRV_TRACE_H_ */
