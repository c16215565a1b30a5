// SPDX-License-Identifier: BSD-2-Clause
// The system-call route, server side: the dispatch table made from the
// one table (personalities/bsd/syscalls.h), answering the kernel, and
// parked calls.  A request's life: (1) the kernel sends it to the
// process's syscall port; (2) a worker runs its handler under bsd_lock;
// (3a) the handler's answer goes back at once (syscall_reply), or a
// pending signal is delivered with it (signal_deliver_at_reply); or (3b)
// the handler parks it (syscall_park) and (4) a later event runs the
// handler again (syscall_wake, syscall_rerun), until it answers or a
// signal interrupts it (signal.c).
#include <machrv/trace_note.h>
#include <errno.h>
#include <string.h>
#include "bsd_server.h"

/* The handlers: one sys_<name> per line of the table. */
#define BSD_SYSCALL(number, name, nargs, stub) \
	int sys_##name(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2]);
#include "syscalls.h"
#undef BSD_SYSCALL

struct sysent {
	sy_call_t	sy_call;
	const char	*sy_name;
};

static const struct sysent sysent[] = {
#define BSD_SYSCALL(number, name, nargs, stub) [number] = { sys_##name, #name },
#include "syscalls.h"
#undef BSD_SYSCALL
};
#define NSYSENT	(sizeof(sysent) / sizeof(sysent[0]))

__thread const machrv_syscall_request_t *cur_req;
__thread mach_port_t cur_reply;
__thread mach_port_seqno_t cur_seqno;

/*
 * Answers are batched while a worker serves a request: they go out after
 * it drops bsd_lock (so a woken client never meets a held lock), the last
 * one in the same mach_msg as the worker's next receive.
 */
#define REPLY_BATCH	8
static __thread machrv_syscall_reply_t reply_batch[REPLY_BATCH];
static __thread int reply_count;
static __thread bool reply_batching;

static void reply_send(machrv_syscall_reply_t *rep)
{
	mach_port_t reply = rep->head.msgh_remote_port;

	if (mach_msg(&rep->head, MACH_SEND_MSG, sizeof(*rep), 0, MACH_PORT_NULL,
		     MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		(void)mach_port_deallocate(mach_task_self(), reply);	/* the thread is gone */
}

void syscall_reply(mach_port_t reply, int error, int64_t rv0, int64_t rv1)
{
	machrv_syscall_reply_t rep;

	memset(&rep, 0, sizeof(rep));
	rep.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	rep.head.msgh_size = sizeof(rep);
	rep.head.msgh_remote_port = reply;
	rep.head.msgh_id = MACHRV_SYSCALL_MSG_ID + 100;
	rep.ndr = NDR_record;
	rep.retcode = KERN_SUCCESS;
	rep.error = error;
	rep.rv[0] = rv0;
	rep.rv[1] = rv1;
	if (reply_batching && reply_count < REPLY_BATCH)
		reply_batch[reply_count++] = rep;
	else
		reply_send(&rep);
}

void syscall_batch_begin(void)
{
	reply_batching = true;
	reply_count = 0;
}

bool syscall_batch_end(machrv_syscall_reply_t *last)
{
	reply_batching = false;
	if (reply_count == 0)
		return false;
	*last = reply_batch[--reply_count];
	return true;
}

void syscall_batch_send(void)
{
	for (int i = 0; i < reply_count; i++)
		reply_send(&reply_batch[i]);
	reply_count = 0;
}

/* Run the handler of `req' for p with reply right `reply'; answer unless parked. */
static void syscall_run(struct proc *p, const machrv_syscall_request_t *req, mach_port_t reply,
			mach_port_seqno_t seqno)
{
	int64_t rv[2] = { 0, 0 };
	int error = ENOSYS;
	/* A handler may wake other parked calls, which run nested here. */
	const machrv_syscall_request_t *outer_req = cur_req;
	mach_port_t outer_reply = cur_reply;
	mach_port_seqno_t outer_seqno = cur_seqno;
	int outer_traced = machrv_traced;

	cur_req = req;
	cur_reply = reply;
	cur_seqno = seqno;
	p->in_syscall = true;
	machrv_trace_set(p->traced);	/* a parked call run again: traced as it came */
	machrv_trace_note(TRN_BSD_SYSCALL, (uint64_t)req->number, (uint64_t)p->pid, p->name);
	if (req->number >= 0 && (uint64_t)req->number < NSYSENT && sysent[req->number].sy_call)
		error = sysent[req->number].sy_call(p, req, rv);
	machrv_trace_note(TRN_BSD_RETURN, (uint64_t)rv[0], (uint64_t)error, NULL);
	cur_req = outer_req;
	cur_reply = outer_reply;
	cur_seqno = outer_seqno;
	if (error == EJUSTRETURN) {
		machrv_trace_set(outer_traced);
		/* answered, parked, or no answer (exit, exec) */
		if (p->state == PROC_ALIVE && p->wait.kind != WAIT_NONE && p->race_pending)
			(void)signal_unpark_racing_call(p);
		return;
	}
	p->in_syscall = false;
	if (error == ERESTART)
		error = EINTR;	/* a handler may not park without syscall_park */
	if (p->race_pending) {
		int64_t a0 = error ? -error : rv[0], a1 = error ? 0 : rv[1];
		if (signal_finish_racing_call(p, seqno, &a0, &a1)) {
			error = 0;
			rv[0] = a0;
			rv[1] = a1;
		}
	}
	if (!signal_deliver_at_reply(p, reply, error, rv[0], rv[1], req)) {
		p->last_answer_pc = req->pc + 4;
		p->last_answer[0] = error ? -error : rv[0];
		p->last_answer[1] = rv[1];
		p->last_answer_has_a1 = error == 0;
		syscall_reply(reply, error, error ? 0 : rv[0], error ? 0 : rv[1]);
	}
	machrv_trace_set(outer_traced);
}

void syscall_serve(struct proc *p, machrv_syscall_request_t *req, mach_port_seqno_t seqno)
{
	mach_port_t reply = req->head.msgh_remote_port;

	if (p->state != PROC_ALIVE || p->wait.kind != WAIT_NONE) {
		/* A second thread's call while one is parked: one call at a time. */
		syscall_reply(reply, p->state == PROC_ALIVE ? EDEADLK : ESRCH, 0, 0);
		return;
	}
	/* A new call: nothing carried over from the last one. */
	p->traced = (req->head.msgh_bits & MACH_MSGH_BITS_MACHRV_TRACED) != 0;
	p->wait.deadline_ns = 0;
	p->wait.io_done = 0;
	/* The first call numbered after a racing frame: there was no race. */
	if (p->race_pending && seqno >= p->race_seqno)
		p->race_pending = false;
	syscall_run(p, req, reply, seqno);
}

void syscall_park(struct proc *p, enum wait_kind kind, void *chan)
{
	p->wait.kind = kind;
	p->wait.chan = chan;
	p->wait.reply = cur_reply;
	p->wait.seqno = cur_seqno;
	if (&p->wait.req != cur_req)
		p->wait.req = *cur_req;
}

void syscall_rerun(struct proc *p)
{
	if (p->wait.kind == WAIT_NONE)
		return;
	machrv_syscall_request_t req = p->wait.req;
	mach_port_t reply = p->wait.reply;
	p->wait.kind = WAIT_NONE;
	p->wait.reply = MACH_PORT_NULL;
	syscall_run(p, &req, reply, p->wait.seqno);
}

void syscall_wake(enum wait_kind kind, void *chan)
{
	for (int i = 0; i < BSD_MAXPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == PROC_ALIVE && p->wait.kind == kind && p->wait.chan == chan)
			syscall_rerun(p);
	}
}

void syscall_drop(struct proc *p)
{
	if (p->wait.kind == WAIT_NONE)
		return;
	(void)mach_port_deallocate(mach_task_self(), p->wait.reply);
	p->wait.kind = WAIT_NONE;
	p->wait.reply = MACH_PORT_NULL;
	p->in_syscall = false;
}

void syscall_drop_park(struct proc *p)
{
	p->wait.kind = WAIT_NONE;
	p->wait.reply = MACH_PORT_NULL;
}
