/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The event trace (kern/trace.c): per-hart rings of <machrv/trace.h>
 * records, kept while tracing is on (machrv_trace.defs).  Every event site
 * is written
 *
 *	if (trace_on())
 *		trace_xxx(...);
 *
 * so that with tracing off a site costs one load and one branch.
 *
 * Who records.  A thread's work is traced when its task is traced
 * (task->trace_traced) or when it serves a message that came from traced
 * work (thread->trace_taint, set at each receive from the message's
 * TRF_TRACED flag; a message from the kernel itself, such as an interrupt
 * notification, leaves it as it was).  A message is traced when its sender's
 * work is, and when it goes to the reply port of a traced request
 * (port->ip_trace_reply), whoever sends it: a driver's interrupt thread
 * answering a request its request thread took, the kernel answering a
 * kernel-object RPC.  Traced messages reach user space
 * with MACH_MSGH_BITS_MACHRV_TRACED set in msgh_bits, so that servers add
 * their own records only then (machrv_trace_note, libmach).  Context
 * switches are recorded when the thread leaving or the one coming runs
 * traced work (so that each hart's instructions go to the right thread),
 * device interrupts whenever tracing is on; nothing else of untraced work
 * is, so that a busy untraced task cannot fill the rings.
 *
 * A message's trace tag (kmsg->ikm_trace, thread->ith_fast_trace for a
 * message handed over by the fast path): serial << 32 | sender task id << 8
 * | TRF_* flags; 0 when tracing was off at its send.
 *
 * Locks: a hart writes only its own ring, with interrupts off; no lock is
 * taken at an event site.  trace_start/stop/read take trace_lock.
 */
#ifndef _KERN_TRACE_H_
#define _KERN_TRACE_H_
#include <machrv/trace.h>
#include <mach/message.h>
#include "kern/thread.h"
#include "kern/task.h"

extern bool trace_active;

/* trace_on: are records being kept?  (The one check at every site.) */
static inline __attribute__((always_inline)) bool
trace_on(void)
{
	return __builtin_expect(__atomic_load_n(&trace_active, __ATOMIC_RELAXED), 0);
}

/* Is `th's work traced now? */
static inline bool
trace_thread_traced(const struct thread *th)
{
	return th && (th->trace_taint || (th->task && th->task->trace_traced));
}

/* A message's tag fields. */
#define TRACE_TAG_SERIAL(tag)	((uint32_t)((tag) >> 32))
#define TRACE_TAG_TASK(tag)	((uint32_t)((tag) >> 8) & 0xffffff)
#define TRACE_TAG_FLAGS(tag)	((uint32_t)(tag) & 0xff)

struct ipc_kmsg;
struct ipc_port;
struct trap_frame;

/*
 * trace_msg_tag: the tag of a message the current thread (or, `kernel',
 * the kernel itself) sends now; records TR_MSG_SEND if it is traced.
 * `h' is the header with msgh_id and msgh_size; `dest', `reply' the ports;
 * `once': sent to a send-once right; `ool_pages' and `rights' what it
 * carries besides its inline bytes.
 */
uint64_t trace_msg_tag(const mach_msg_header_t *h, struct ipc_port *dest,
		       struct ipc_port *reply, bool kernel, bool once, uint32_t ool_pages,
		       uint32_t rights);
/* trace_kmsg_send: trace_msg_tag for a kernel message, stored in kmsg->ikm_trace. */
void trace_kmsg_send(struct ipc_kmsg *kmsg, bool kernel);
/*
 * trace_msg_received: the current thread receives a message tagged `tag'
 * on `port' (header `h'): its taint follows the message, TR_MSG_RECV is
 * recorded if that is traced work.
 *   Returns: MACH_MSGH_BITS_MACHRV_TRACED if the receiver now does traced
 *            work (the caller ORs it into the header it copies out), or 0.
 */
mach_msg_bits_t trace_msg_received(uint64_t tag, const mach_msg_header_t *h,
				   const struct ipc_port *port);
/* trace_kobject: the kernel serves `kmsg' on its object port `port'. */
void trace_kobject(const struct ipc_kmsg *kmsg, const struct ipc_port *port,
		   unsigned kotype);
/* trace_trap_enter, trace_trap_exit: a Unix call (number >= 0) or a Mach trap (< 0). */
void trace_trap_enter(const struct trap_frame *tf, long number);
void trace_trap_exit(long number, uint64_t a0, uint64_t err, uint64_t reply_tag);
/* trace_switch: this hart runs `next' instead of `self' (hand-off: `handoff'). */
void trace_switch(const struct thread *self, const struct thread *next);
/* trace_fault, trace_fault_done: a user page fault on `addr' and how it ended. */
void trace_fault(uint64_t addr, unsigned access);
void trace_fault_done(kern_return_t kr);
/* trace_irq: device interrupt `irq', told to `port' (may be NULL). */
void trace_irq(uint32_t irq, const struct ipc_port *port);
/* trace_task_created: a new task is traced if the work creating it is. */
void trace_task_created(struct task *task);
/* trace_note_trap: the machrv_trace_note trap (a server's own record). */
long trace_note_trap(struct trap_frame *tf);

#endif /* _KERN_TRACE_H_ */
