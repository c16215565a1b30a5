/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Threads: the unit of execution.  A thread has a kernel stack, saved kernel
 * registers while it is switched out, and (for user threads) a trap frame at
 * the top of its kernel stack holding its user registers.
 *
 * States (Mach's TH_* bits): a thread is running or runnable (TH_RUN), or
 * waiting for an event (TH_WAIT), and may also be suspended (TH_SUSP) or
 * terminating (TH_TERMINATE).  `on_cpu' says whether its registers are live
 * on a hart; a thread is on the run queue only when TH_RUN and not on_cpu.
 *   Locks: sched_lock covers state, on_cpu, run and wait queue links, wait
 *   fields and priorities (kern/sched.h).
 *   Refs:  the creator gets one reference; the scheduler holds one until the
 *          thread has terminated and switched out for the last time.
 */
#ifndef _KERN_THREAD_H_
#define _KERN_THREAD_H_
#include <stdint.h>
#include <stdbool.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include "lib/queue.h"
#include "riscv/context.h"
#include "riscv/trap.h"
#include "riscv/fpu.h"
#include "ipc/ipc_kobject.h"
#include "ipc/mach_msg_args.h"

#define IPC_FAST_MAX	256			/* header and body (ipc/ipc_fast.h) */
#define IPC_FAST_BUF	(IPC_FAST_MAX + 80)	/* and the largest trailer */
#define ITH_UNIX_CALL_REGS	1		/* ith_fast_regs's values */
#define ITH_UNIX_CALL_HELD	2
#define ITH_UNIX_ANSWER_REGS	1

#define TH_WAIT		0x01	/* waiting for an event */
#define TH_SUSP		0x02	/* suspended */
#define TH_RUN		0x04	/* running or runnable */
#define TH_UNINT	0x08	/* the wait cannot be interrupted */
#define TH_TERMINATE	0x10	/* ending: switched out for the last time soon */
#define TH_IDLE		0x80	/* a hart's idle thread */

/* Priorities, as in XNU: 0 lowest, 127 highest. */
#define NRQS		128
#define MAXPRI		127
#define BASEPRI_DEFAULT	31
#define MINPRI		0

typedef uintptr_t event_t;

struct task;
struct pmap;
struct ipc_port;
struct exception_action;

struct thread {
	struct context	context;	/* kernel registers while switched out */
	queue_chain_t	links;		/* run queue or wait bucket */
	queue_chain_t	timeout_links;	/* the timeout list while a deadline is set */

	struct task	*task;		/* NULL for kernel threads */
	struct pmap	*pmap;		/* the address space it runs in (as XNU's thread->map) */
	queue_chain_t	task_threads;	/* task->threads */
	void		*kstack;	/* base of the kernel stack */
	uint64_t	kstack_top;
	struct trap_frame *user_frame;	/* top of kstack; user threads only */
	struct fpu_state fpu;		/* user threads' FP registers (riscv/fpu.h) */
	struct ipc_port	*ith_self;	/* the thread port (kernel receive right) */
	struct ipc_kports ith_kports;	/* rights held during a kernel call (ipc_kobject.h) */
	struct ipc_port	*ith_rpc_reply;	/* replies to the kernel's own RPCs (receiver: none) */
	struct exception_action *exc_actions;	/* EXC_TYPES_COUNT of them, or NULL */
	/*
	 * What a return to user mode looks at (ast_user_pending), in one word
	 * so that it is one load; the first two bytes also say whether a wait
	 * ends before it starts (ast_wait_ends).
	 */
	union {
		struct {
			bool	aborted;	/* thread_abort: the next wait ends interrupted */
			bool	terminate_requested;	/* end at the next return to user mode */
			bool	suspended;	/* task lock: suspend_count != 0 */
			uint8_t	ast_spare;
		};
		uint16_t	ast_wait_ends;	/* aborted or terminate_requested */
		uint32_t	ast_bits;	/* any of them */
	};

	/* A message handed straight to this thread blocked in receive (ipc_mqueue.c). */
	struct ipc_kmsg	*ith_kmsg;
	uint32_t	ith_seqno;
	uint32_t	ith_rcv_max;	/* room for message and trailer */
	uint32_t	ith_rcv_trailer;

	/* The fast path (ipc/ipc_fast.h): a message delivered straight into the thread. */
	/*
	 * Registered: a fast sender may deliver (non-zero, ipc/ipc_fast_steps.h:
	 * FAST_WAIT, or FAST_WAIT_REGS when the message may come in registers).
	 */
	uint8_t		ith_fast_wait;
	bool		ith_fast_got;	/* ith_fast_msg holds a message */
	bool		ith_fast_ports;	/* ... whose port descriptors carry rights to name */
	struct ipc_object *ith_fast_object;	/* the port or set it waits on (a reference, but for its own ith_rpc_reply) */
	struct ipc_port	*ith_fast_reply;	/* the reply right carried, or NULL */
	uint32_t	ith_fast_total;	/* bytes to copy out: message and trailer */
	/*
	 * A Unix personality's worker serving calls in registers
	 * (kern/unix_serve.c, machrv_syscall_serve): while it waits there, a
	 * Unix call may be delivered into its registers (ith_fast_regs, the
	 * call's reply right in ith_fast_reply), or, one that offers bytes,
	 * into its buffer with the right held too; the right
	 * it then holds for
	 * the call it serves, until it answers (in registers, or by a message
	 * once named: machrv_syscall_reply_port) or drops it.
	 */
	bool		ith_unix_serving;	/* waits in machrv_syscall_serve */
	/*
	 * How a Unix call or its answer was delivered (one byte: the fast
	 * path's receiver tests it once): to a worker, ITH_UNIX_CALL_REGS (the
	 * call in user_frame) or ITH_UNIX_CALL_HELD (a message, its right held,
	 * not named); to the caller, ITH_UNIX_ANSWER_REGS (the answer in
	 * user_frame already).
	 */
	uint8_t		ith_fast_regs;
	bool		ith_fast_out;	/* an answer in registers with bytes (ith_fast_msg) */
	struct ipc_port	*ith_unix_reply;	/* the held send-once right, or NULL */
	/*
	 * unix_fast's copy of the task's syscall port (itk_syscall) as this
	 * thread last saw it, with a reference of its own (not a send right),
	 * so that a Unix call takes neither the task's lock nor a reference:
	 * while it equals itk_syscall, it is the port.  Set by unix_fast's
	 * first call, changed by the long way (unix_call) when the task's
	 * port changed, dropped as the thread ends (thread_terminate_user_self).
	 */
	struct ipc_port	*ith_syscall_port;
	/*
	 * A kernel call's reply taken straight (ipc_mqueue_reply_direct):
	 * while this thread's mach_msg sends a request whose reply it will
	 * receive next, the port it receives on and the room it has; then the
	 * reply, taken off no queue, and its sequence number.
	 */
	struct {
		struct ipc_port	*port;	/* NULL: no reply awaited this way */
		mach_port_name_t name;	/* its name in the thread's task */
		uint32_t	max;	/* room for message and trailer */
		uint32_t	trailer;	/* the trailer asked for */
	} ith_kcall;
	uint32_t	ith_kcall_seqno;
	struct ipc_kmsg	*ith_kcall_reply;
	/* The mach_msg trap's arguments, decoded once (ipc/mach_msg_args.h). */
	struct mach_msg_args ith_msg_args;
	/* The message and trailer as received, but for the reply port's name. */
	uint64_t	ith_fast_msg[IPC_FAST_BUF / 8];

	int		state;		/* TH_* */
	bool		on_cpu;
	bool		on_runq;
	bool		dying;		/* counted among the terminating (sched_terminating) */
	struct cpu	*handoff_slot;	/* the hart whose hand-off slot holds it, or NULL */
	int		sched_pri;
	int		base_pri;
	int		quantum;	/* ticks left in this time slice */
	unsigned	last_cpu;

	event_t		wait_event;	/* what it waits for (TH_WAIT) */
	int		wait_result;	/* THREAD_AWAKENED, ... */
	uint64_t	wait_deadline;	/* time base units; 0: none */

	int		suspend_count;	/* task lock: thread_suspend minus thread_resume (suspended) */

	void		(*start)(void *arg);	/* kernel threads: what to run */
	void		*start_arg;
	bool		intr_saved;	/* interrupt state across a switch */

	/* The event trace (kern/trace.h). */
	bool		trace_taint;	/* serving a message of traced work */
	uint64_t	ith_fast_trace;	/* the trace tag of the message in ith_fast_msg */

	int		ref_count;	/* atomic */
	uint64_t	id;
	char		name[24];
};
typedef struct thread *thread_t;

#define THREAD_NULL	((thread_t)0)

/* kern/thread.c */
void thread_bootstrap(void);	/* zones; the boot hart's first thread */
void thread_init_cpu(unsigned cpu);	/* this hart's idle thread, from its boot context */

/*
 * kernel_thread_create: a new kernel thread running start(arg) at priority
 * `pri', made runnable.  When start returns the thread terminates.
 *   Refs:    returns one reference for the caller (thread_deallocate it).
 *   Returns: the thread, or THREAD_NULL without memory.
 */
thread_t kernel_thread_create(const char *name, void (*start)(void *), void *arg, int pri);
/*
 * kernel_thread_alloc: a thread with a kernel stack whose first switch-in
 * runs th->start(th->start_arg); not runnable yet.  kernel_thread_free
 * undoes it (for a thread that never ran).
 */
thread_t kernel_thread_alloc(const char *name, int pri);
/* kernel_thread_free: free a thread from kernel_thread_alloc that never ran (stack and struct). */
void kernel_thread_free(thread_t th);
/* thread_reference: one more reference to `th' (atomic; no lock). */
void thread_reference(thread_t th);
/*
 * thread_deallocate: drop one reference; the last frees the struct (its
 * kernel stack went when it was reaped).  NULL is ignored.
 */
void thread_deallocate(thread_t th);
/* thread_terminate_self: end the current thread; does not return. */
void thread_terminate_self(void) __attribute__((noreturn));
/* thread_join: wait until `th' has terminated and left its hart. */
void thread_join(thread_t th);
/* thread_join_timeout: the same, for at most `ms' (0: no limit); true if it ended. */
bool thread_join_timeout(thread_t th, uint64_t ms);

/* thread_count: threads in existence (kernel ones included), for leak checks. */
size_t thread_count(void);

/* kern/task.c: what a user thread does on its way back to user mode. */
void thread_user_ast(void);
void thread_terminate_user_self(void) __attribute__((noreturn));

#endif /* _KERN_THREAD_H_ */
