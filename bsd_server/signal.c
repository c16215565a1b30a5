// SPDX-License-Identifier: BSD-2-Clause
// Signals: posting (psignal), default actions, and running a handler on
// the process's own stack (docs/bsd.md, "How a signal is delivered").
//
// A handler starts in one of three places, and in each the same frame is
// built (build_frame): the registers the thread will resume with after
// the handler (its context), saved on its stack with the FP state and the
// signal mask, and the thread set with thread_set_state to run the
// handler with ra = the library's trampoline, which calls sigreturn.
//   (1) at the end of a system call (signal_deliver_at_reply): the
//       context is the thread after the call (a0 = result or -errno);
//       the kernel's reply itself sets a0 = sig, a1 = &info;
//   (2) a parked call interrupted (interrupt_parked): the context is the
//       thread returning -EINTR, or, with SA_RESTART, the thread at its
//       ecall again with its arguments (the call restarts);
//   (3) a thread running user code (deliver_running): thread_suspend,
//       and if no call of it is on its way to us, the frame is built
//       from its current registers; otherwise (1) delivers it.  A thread
//       inside a pipe operation of its own, or waiting in one
//       (<machrv/pipe_ring.h>), is asked to come by instead, and (1)
//       delivers it at that call's answer (pipe_signal_defer).
// An exception (exc.c) builds the frame from the faulting thread.
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <machrv/bsd_signal.h>
#include "bsd_server.h"

#define SIGBIT(sig)	(1ULL << (sig))
#define CANTMASK	(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define STOPSIGS	(SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
#define IGNSIGS		(SIGBIT(SIGURG) | SIGBIT(SIGCHLD) | SIGBIT(SIGWINCH) | SIGBIT(SIGCONT))
#define ALLSIGS		(((1ULL << BSD_NSIG) - 1) & ~1ULL)

enum sigdef { SD_TERM, SD_IGN, SD_STOP, SD_CONT };

static enum sigdef default_action(int sig)
{
	if (sig == SIGCONT)
		return SD_CONT;
	if (SIGBIT(sig) & STOPSIGS)
		return SD_STOP;
	if (SIGBIT(sig) & IGNSIGS)
		return SD_IGN;
	return SD_TERM;
}

/* The lowest pending signal p does not block, or 0. */
static int next_signal(struct proc *p)
{
	uint64_t ready = p->sig_pending & ~(p->sig_mask & ~CANTMASK);

	return ready ? bsd_ctz64(ready) : 0;
}

bool signal_would_interrupt(struct proc *p)
{
	int sig = next_signal(p);
	const struct sigacts *sa = &p->sigacts[sig];

	return sig && sa->handler != (uint64_t)SIG_DFL && sa->handler != (uint64_t)SIG_IGN &&
	       !(sa->flags & SA_RESTART);
}

static bool thread_state_get(thread_act_t th, riscv_thread_state_t *s, riscv_float_state_t *fs)
{
	mach_msg_type_number_t n = RISCV_THREAD_STATE_COUNT;

	if (thread_get_state(th, RISCV_THREAD_STATE, (thread_state_t)s, &n) != KERN_SUCCESS)
		return false;
	n = RISCV_FLOAT_STATE_COUNT;
	return thread_get_state(th, RISCV_FLOAT_STATE, (thread_state_t)fs, &n) == KERN_SUCCESS;
}

/*
 * build_frame: put the frame of handler `sig' on p's stack below
 * ctx->sp, and set `th' to run the handler.  `ctx' is where the thread
 * resumes after the handler; `mask' the signal mask to restore then.
 * Returns the frame's address, or 0 if it cannot be written (the stack is
 * bad): the caller ends the process.
 */
static uint64_t build_frame(struct proc *p, thread_act_t th, int sig, const riscv_thread_state_t *ctx,
			    const riscv_float_state_t *fs, uint64_t mask, int code)
{
	struct sigacts *sa = &p->sigacts[sig];
	struct bsd_sigframe frame;
	uint64_t sp = (ctx->sp - sizeof(frame)) & ~15ULL;

	memset(&frame, 0, sizeof(frame));
	frame.info.si_signo = sig;
	frame.info.si_code = code;
	frame.uc.uc_sigmask = mask;
	frame.uc.uc_magic = BSD_UCONTEXT_MAGIC;
	memcpy(frame.uc.gregs, ctx, sizeof(frame.uc.gregs));
	memcpy(frame.uc.fregs, fs->f, sizeof(frame.uc.fregs));
	frame.uc.fcsr = fs->fcsr;
	frame.handler = sa->handler;
	if (sp >= ctx->sp || !p->sigtramp || copyout(p, &frame, sp, sizeof(frame)) != 0)
		return 0;
	riscv_thread_state_t s = *ctx;
	s.pc = p->sigtramp;	/* __bsd_sigenter: the handler is in the frame */
	s.sp = sp;
	s.ra = 0;
	s.a0 = (uint64_t)sig;
	s.a1 = sp + offsetof(struct bsd_sigframe, info);
	s.a2 = sp + offsetof(struct bsd_sigframe, uc);
	if (thread_set_state(th, RISCV_THREAD_STATE, (thread_state_t)&s, RISCV_THREAD_STATE_COUNT) !=
	    KERN_SUCCESS)
		return 0;
	/* The handler runs with its mask added, and its own signal blocked. */
	p->sig_mask |= sa->mask | (sa->flags & SA_NODEFER ? 0 : SIGBIT(sig));
	p->sig_mask &= ~CANTMASK;
	if (sa->flags & SA_RESETHAND) {
		sa->handler = (uint64_t)SIG_DFL;
		sa->flags = 0;
	}
	return sp;
}

/* Write a0 and a1 (and the pc, if `pc' is not 0) of the context at `uc'. */
static void set_context(struct proc *p, uint64_t uc, uint64_t pc, int64_t a0, int64_t a1)
{
	int64_t a[2] = { a0, a1 };
	uint64_t gregs = uc + offsetof(struct bsd_ucontext, gregs);

	(void)copyout(p, a, gregs + 10 * sizeof(uint64_t), sizeof(a));
	if (pc)
		(void)copyout(p, &pc, gregs, sizeof(pc));
}

bool signal_finish_racing_call(struct proc *p, mach_port_seqno_t seqno, int64_t *a0, int64_t *a1)
{
	if (!p->race_pending || seqno >= p->race_seqno)
		return false;
	set_context(p, p->race_uc, 0, *a0, *a1);
	*a0 = p->race_args[0];
	*a1 = p->race_args[1];
	p->race_pending = false;
	return true;
}

/* Stop p (SIGSTOP and friends): the whole task is suspended; the parent hears. */
static void proc_stop(struct proc *p, int sig)
{
	if (p->stopped)
		return;
	p->stopped = true;
	p->stop_reported = false;
	p->stop_sig = sig;
	(void)task_suspend(p->task);
	if (p->parent && p->parent->state == PROC_ALIVE) {
		if (!(p->parent->sigacts[SIGCHLD].flags & SA_NOCLDSTOP))
			proc_signal(p->parent, SIGCHLD);
		syscall_wake(WAIT_CHILD, p->parent);
	}
}

/*
 * Act on the signals of p that need no thread: default actions (end,
 * stop, ignore).  Returns the first one with a handler (left pending),
 * or 0.  p may be a zombie on return.
 */
static int signal_take(struct proc *p)
{
	int sig;

	while (p->state == PROC_ALIVE && (sig = next_signal(p)) != 0) {
		struct sigacts *sa = &p->sigacts[sig];
		if (sa->handler == (uint64_t)SIG_IGN && sig != SIGKILL && sig != SIGSTOP) {
			p->sig_pending &= ~SIGBIT(sig);
			continue;
		}
		if (sa->handler != (uint64_t)SIG_DFL && sig != SIGKILL && sig != SIGSTOP)
			return sig;
		p->sig_pending &= ~SIGBIT(sig);
		switch (default_action(sig)) {
		case SD_TERM:
			proc_exit(p, W_EXITCODE(0, sig));
			return 0;
		case SD_STOP:
			proc_stop(p, sig);
			break;
		case SD_IGN:
		case SD_CONT:
			break;
		}
	}
	return 0;
}

/*
 * What parked call `w' of p returns when handler `sig' interrupts it: the
 * pc it resumes at (0: after the ecall), a0 and a1, and the signal mask
 * the handler's context restores.
 */
static void parked_outcome(struct proc *p, const struct parked *w, int sig, uint64_t *pc,
			   int64_t *a0, int64_t *a1, uint64_t *mask)
{
	const machrv_syscall_request_t *req = &w->req;
	bool restart = (p->sigacts[sig].flags & SA_RESTART) && w->io_done == 0 &&
		       (w->kind == WAIT_PIPE || w->kind == WAIT_TTY || w->kind == WAIT_CHILD);

	*pc = 0;
	*a0 = -EINTR;
	*a1 = 0;
	*mask = p->sig_mask;
	if (w->kind == WAIT_SIGSUSPEND) {
		*mask = w->saved_mask;
	} else if (restart) {
		*pc = req->pc;		/* the ecall again, a0..a5 as they were */
		*a0 = (int64_t)req->args[0];
		*a1 = (int64_t)req->args[1];
	} else if (w->io_done > 0) {
		*a0 = w->io_done;
	} else if (w->kind == WAIT_SLEEP && ARG(1)) {
		uint64_t now = now_ns(), left = w->deadline_ns > now ? w->deadline_ns - now : 0;
		struct timespec ts = { .tv_sec = (time_t)(left / 1000000000),
				       .tv_nsec = (long)(left % 1000000000) };
		(void)copyout(p, &ts, ARG(1), sizeof(ts));
	}
}

/* (2) p's parked call is interrupted by handler `sig'. */
static void interrupt_parked(struct proc *p, int sig)
{
	struct parked w = p->wait;
	riscv_thread_state_t s;
	riscv_float_state_t fs;

	proc_wait_kind(p, WAIT_NONE);
	p->wait.reply = MACH_PORT_NULL;
	p->in_syscall = false;
	if (!MACH_PORT_VALID(p->thread) || !thread_state_get(p->thread, &s, &fs)) {
		(void)mach_port_deallocate(mach_task_self(), w.reply);
		return;
	}
	uint64_t pc, mask;
	int64_t a0, a1;
	parked_outcome(p, &w, sig, &pc, &a0, &a1, &mask);
	if (p->race_pending && w.seqno < p->race_seqno) {
		/* The thread is already in a handler's frame: the outcome is its context's. */
		set_context(p, p->race_uc, pc, a0, a1);
		p->race_pending = false;
	} else {
		if (pc)
			s.pc = pc;
		s.a0 = (uint64_t)a0;
		s.a1 = (uint64_t)a1;
	}
	p->sig_pending &= ~SIGBIT(sig);
	uint64_t frame = build_frame(p, p->thread, sig, &s, &fs, mask, SI_USER);
	if (!frame) {
		(void)mach_port_deallocate(mach_task_self(), w.reply);
		proc_exit(p, W_EXITCODE(0, SIGSEGV));
		return;
	}
	syscall_reply(w.reply, 0, sig, (int64_t)(frame + offsetof(struct bsd_sigframe, info)));
}

bool signal_unpark_racing_call(struct proc *p)
{
	struct parked w = p->wait;

	if (w.kind == WAIT_NONE || !p->race_pending || w.seqno >= p->race_seqno)
		return false;
	/*
	 * The thread was set going in a handler's frame (deliver_running)
	 * while this call was on its way to us, and cannot reach the handler
	 * until the call is answered; parked, it would wait with the
	 * handler's signal blocked and nothing could interrupt it.  So the
	 * frame's signal interrupts it now, as if it had come while the call
	 * waited: the call's outcome goes into the frame's context, and the
	 * answer starts the handler.
	 */
	int sig = (int)p->race_args[0];
	uint64_t pc, mask;
	int64_t a0, a1;
	parked_outcome(p, &w, sig, &pc, &a0, &a1, &mask);
	if (w.kind == WAIT_SIGSUSPEND)	/* the handler runs with its mask over the old one */
		p->sig_mask = (mask | p->sigacts[sig].mask | SIGBIT(sig)) & ~CANTMASK;
	proc_wait_kind(p, WAIT_NONE);
	p->wait.reply = MACH_PORT_NULL;
	p->in_syscall = false;
	set_context(p, p->race_uc, pc, a0, a1);
	p->race_pending = false;
	syscall_reply(w.reply, 0, p->race_args[0], p->race_args[1]);
	return true;
}

/* (3) p runs user code (no call of it is with us): stop it and set it going in the handler. */
static void deliver_running(struct proc *p, int sig)
{
	riscv_thread_state_t s;
	riscv_float_state_t fs;
	mach_port_status_t st;
	mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;

	if (!MACH_PORT_VALID(p->thread) || thread_suspend(p->thread) != KERN_SUCCESS)
		return;
	/* In a pipe operation of its own, or waiting in one: not here; it
	 * comes by when it can (pipe_notify), and the answer delivers it. */
	if (pipe_signal_defer(p)) {
		(void)thread_resume(p->thread);
		return;
	}
	/* Stopped now: in user mode, or in the kernel with a call queued to us
	 * (then that call's answer delivers the signal: (1)). */
	if (mach_port_get_attributes(mach_task_self(), p->syscall_port, MACH_PORT_RECEIVE_STATUS,
				     (mach_port_info_t)&st, &n) == KERN_SUCCESS &&
	    st.mps_msgcount == 0 && thread_state_get(p->thread, &s, &fs)) {
		/* Stopped just after an ecall whose answer we sent: the kernel may
		 * not have written it into a0 and a1 yet; the context gets it. */
		if (p->last_answer_pc && s.pc == p->last_answer_pc) {
			s.a0 = (uint64_t)p->last_answer[0];
			if (p->last_answer_has_a1)
				s.a1 = (uint64_t)p->last_answer[1];
		}
		p->sig_pending &= ~SIGBIT(sig);
		uint64_t frame = build_frame(p, p->thread, sig, &s, &fs, p->sig_mask, SI_USER);
		if (!frame) {
			proc_exit(p, W_EXITCODE(0, SIGSEGV));
			return;
		}
		/*
		 * A call of the thread may be in a worker's hands already, not
		 * yet under bsd_lock (dequeued, so not in msgcount): its answer
		 * would land in the handler's a0 and a1.  Calls numbered below
		 * the port's next sequence number are such a call: its answer
		 * goes to this frame's context instead
		 * (signal_finish_racing_call).  The first frame's context is
		 * the one the call returns to.
		 */
		if (!p->race_pending) {
			p->race_pending = true;
			p->race_seqno = st.mps_seqno;
			p->race_uc = frame + offsetof(struct bsd_sigframe, uc);
		}
		p->race_args[0] = sig;
		p->race_args[1] = (int64_t)(frame + offsetof(struct bsd_sigframe, info));
	}
	(void)thread_resume(p->thread);
}

/* Deliver what can be delivered to p now. */
static void signal_check(struct proc *p)
{
	int sig = signal_take(p);

	if (!sig || p->state != PROC_ALIVE)
		return;
	if (p->wait.kind != WAIT_NONE)
		interrupt_parked(p, sig);
	else if (!p->in_syscall && !p->stopped)
		deliver_running(p, sig);
	/* else: a call of p is being served: its answer delivers it. */
}

void signal_pending_parked(struct proc *p)
{
	if (next_signal(p))
		signal_check(p);
}

void proc_signal(struct proc *p, int sig)
{
	if (p->state != PROC_ALIVE || sig <= 0 || sig >= BSD_NSIG)
		return;
	bool continued = false;
	if (sig == SIGCONT) {
		p->sig_pending &= ~STOPSIGS;
		if (p->stopped) {
			p->stopped = false;
			(void)task_resume(p->task);
			continued = true;
		}
	} else if (SIGBIT(sig) & STOPSIGS) {
		p->sig_pending &= ~SIGBIT(SIGCONT);
	}
	const struct sigacts *sa = &p->sigacts[sig];
	if (sig != SIGKILL && sig != SIGSTOP &&
	    (sa->handler == (uint64_t)SIG_IGN ||
	     (sa->handler == (uint64_t)SIG_DFL && default_action(sig) == SD_IGN) ||
	     (sa->handler == (uint64_t)SIG_DFL && sig == SIGCONT))) {
		/* Discarded at once, as BSD does; but what was posted while
		 * it was stopped (a SIGHUP with a handler) is delivered now. */
		if (continued)
			signal_check(p);
		return;
	}
	if (sig == SIGKILL) {
		proc_exit(p, W_EXITCODE(0, SIGKILL));
		return;
	}
	p->sig_pending |= SIGBIT(sig);
	signal_check(p);
}

/* (1) */
bool signal_deliver_at_reply(struct proc *p, mach_port_t reply, int error, int64_t rv0,
			     int64_t rv1, const machrv_syscall_request_t *req)
{
	if (p->state != PROC_ALIVE) {
		(void)mach_port_deallocate(mach_task_self(), reply);
		return true;
	}
	if (!(p->sig_pending & ~(p->sig_mask & ~CANTMASK)))
		return false;	/* the common case: nothing to deliver */
	int sig = signal_take(p);
	if (p->state != PROC_ALIVE) {
		(void)mach_port_deallocate(mach_task_self(), reply);
		return true;
	}
	if (!sig)
		return false;
	riscv_thread_state_t s;
	riscv_float_state_t fs;
	thread_act_t th = p->thread;
	if (req->thread_id != p->thread_id || !thread_state_get(th, &s, &fs))
		return false;	/* another thread's call: the signal waits for the main thread */
	s.a0 = error ? (uint64_t)-error : (uint64_t)rv0;
	s.a1 = error ? 0 : (uint64_t)rv1;
	p->sig_pending &= ~SIGBIT(sig);
	uint64_t frame = build_frame(p, th, sig, &s, &fs, p->sig_mask, SI_USER);
	if (!frame) {
		(void)mach_port_deallocate(mach_task_self(), reply);
		proc_exit(p, W_EXITCODE(0, SIGSEGV));
		return true;
	}
	syscall_reply(reply, 0, sig, (int64_t)(frame + offsetof(struct bsd_sigframe, info)));
	return true;
}

/* A handler's frame for an exception: the thread is stopped in the kernel
 * waiting for our answer to its exception message (exc.c). */
bool signal_deliver_exception(struct proc *p, thread_act_t th, int sig, int code)
{
	riscv_thread_state_t s;
	riscv_float_state_t fs;
	struct sigacts *sa = &p->sigacts[sig];

	if ((p->sig_mask & SIGBIT(sig)) || sa->handler == (uint64_t)SIG_DFL ||
	    sa->handler == (uint64_t)SIG_IGN || !thread_state_get(th, &s, &fs))
		return false;	/* blocked, ignored or default: the process ends */
	return build_frame(p, th, sig, &s, &fs, p->sig_mask, code) != 0;
}

void signal_exec_reset(struct proc *p)
{
	for (int sig = 1; sig < BSD_NSIG; sig++) {
		struct sigacts *sa = &p->sigacts[sig];
		if (sa->handler != (uint64_t)SIG_IGN)
			sa->handler = (uint64_t)SIG_DFL;
		sa->flags = 0;
		sa->mask = 0;
	}
	p->sigtramp = 0;
}

/* ---- the system calls ---- */

int sys_sigaction(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int sig = (int)ARG(0);
	struct sigaction act, old;

	(void)rv;
	if (sig <= 0 || sig >= BSD_NSIG)
		return EINVAL;
	if (ARG(1)) {
		int error = copyin(p, ARG(1), &act, sizeof(act));
		if (error)
			return error;
		if ((sig == SIGKILL || sig == SIGSTOP) && act.sa_handler != SIG_DFL)
			return EINVAL;
	}
	struct sigacts *sa = &p->sigacts[sig];
	memset(&old, 0, sizeof(old));
	old.sa_handler = (_sig_func_ptr)sa->handler;
	old.sa_mask = sa->mask;
	old.sa_flags = sa->flags;
	if (ARG(2)) {
		int error = copyout(p, &old, ARG(2), sizeof(old));
		if (error)
			return error;
	}
	if (ARG(1)) {
		sa->handler = (uint64_t)act.sa_handler;
		sa->mask = act.sa_mask & ALLSIGS & ~CANTMASK;
		sa->flags = act.sa_flags;
		if (ARG(3))
			p->sigtramp = ARG(3);
		/* Setting SIG_IGN (or SIG_DFL where that ignores) drops what is pending. */
		if (act.sa_handler == SIG_IGN ||
		    (act.sa_handler == SIG_DFL && default_action(sig) == SD_IGN))
			p->sig_pending &= ~SIGBIT(sig);
	}
	return 0;
}

int sys_sigprocmask(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int how = (int)ARG(0);
	uint64_t set = 0, old = p->sig_mask;

	(void)rv;
	if (ARG(1)) {
		int error = copyin(p, ARG(1), &set, sizeof(sigset_t));
		if (error)
			return error;
		set &= ALLSIGS & ~CANTMASK;
		switch (how) {
		case SIG_BLOCK:
			p->sig_mask |= set;
			break;
		case SIG_UNBLOCK:
			p->sig_mask &= ~set;
			break;
		case SIG_SETMASK:
			p->sig_mask = set;
			break;
		default:
			return EINVAL;
		}
	}
	if (ARG(2)) {
		int error = copyout(p, &old, ARG(2), sizeof(sigset_t));
		if (error) {
			p->sig_mask = old;
			return error;
		}
	}
	return 0;		/* newly unblocked signals go out with this answer */
}

int sys_sigpending(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	uint64_t set = p->sig_pending & p->sig_mask;

	(void)rv;
	return copyout(p, &set, ARG(0), sizeof(sigset_t));
}

/* sigsuspend: wait with the given mask until a handler runs; the handler's
 * context returns -EINTR with the old mask (interrupt_parked). */
int sys_sigsuspend(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	uint64_t set;

	(void)rv;
	int error = copyin(p, ARG(0), &set, sizeof(sigset_t));
	if (error)
		return error;
	p->wait.saved_mask = p->sig_mask;
	p->sig_mask = set & ALLSIGS & ~CANTMASK;
	syscall_park(p, WAIT_SIGSUSPEND, p);
	signal_check(p);	/* something pending and now unblocked runs at once */
	return EJUSTRETURN;
}

int sys_sigreturn(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct bsd_ucontext uc;

	int error = copyin(p, ARG(0), &uc, sizeof(uc));
	if (error)
		return error;
	if (uc.uc_magic != BSD_UCONTEXT_MAGIC)
		return EINVAL;
	if (req->thread_id != p->thread_id)
		return EINVAL;
	riscv_float_state_t fs;
	memset(&fs, 0, sizeof(fs));
	memcpy(fs.f, uc.fregs, sizeof(fs.f));
	fs.fcsr = (uint32_t)uc.fcsr;
	if (thread_set_state(p->thread, RISCV_THREAD_STATE, (thread_state_t)uc.gregs,
			     RISCV_THREAD_STATE_COUNT) != KERN_SUCCESS ||
	    thread_set_state(p->thread, RISCV_FLOAT_STATE, (thread_state_t)&fs,
			     RISCV_FLOAT_STATE_COUNT) != KERN_SUCCESS)
		return EINVAL;
	p->sig_mask = uc.uc_sigmask & ALLSIGS & ~CANTMASK;
	/* The answer sets a0 and a1: those of the context. */
	rv[0] = (int64_t)uc.gregs[10];
	rv[1] = (int64_t)uc.gregs[11];
	return 0;
}

/* kill(-1, sig) reaches every process but init and the sender (FreeBSD's rule). */

/* kill's permission: root, or the real or effective uid of the sender is
 * the real or saved uid of the target (BSD's p_cansignal), or SIGCONT
 * within a session. */
static bool can_signal(struct proc *p, struct proc *q, int sig)
{
	const struct ucred *a = &p->cred, *b = &q->cred;

	if (a->euid == 0)
		return true;
	if (a->ruid == b->ruid || a->ruid == b->svuid || a->euid == b->ruid || a->euid == b->svuid)
		return true;
	return sig == SIGCONT && p->sid == q->sid;
}

int sys_kill(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	pid_t pid = (pid_t)ARG(0);
	int sig = (int)ARG(1);
	bool found = false, allowed = false;

	(void)rv;
	if (sig < 0 || sig >= BSD_NSIG)
		return EINVAL;
	if (pid > 0) {
		struct proc *q = proc_by_pid(pid);
		if (!q || q->state != PROC_ALIVE)
			return q ? 0 : ESRCH;	/* a zombie takes signals and ignores them */
		if (!can_signal(p, q, sig))
			return EPERM;
		if (sig)
			proc_signal(q, sig);
		return 0;
	}
	pid_t pgid = pid == 0 ? p->pgid : -pid;
	for (int i = 0; i < BSD_MAXPROC; i++) {
		struct proc *q = &proc_table[i];
		if (q->state != PROC_ALIVE)
			continue;
		if (pid == -1 ? (q == initproc || q == p) : q->pgid != pgid)
			continue;
		found = true;
		if (!can_signal(p, q, sig))
			continue;
		allowed = true;
		if (sig)
			proc_signal(q, sig);
	}
	if (!found)
		return ESRCH;
	return allowed ? 0 : EPERM;
}
