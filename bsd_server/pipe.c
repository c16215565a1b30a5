// SPDX-License-Identifier: BSD-2-Clause
// Pipes with POSIX semantics: a ring of PIPE_RING_SIZE bytes; a read
// waits while it is empty and a writer remains (EOF when none does); a
// write of at most PIPE_BUF bytes goes in whole or waits; a longer one
// goes in pieces, waiting for room; writing with no reader left is EPIPE
// and SIGPIPE; O_NONBLOCK makes each wait EAGAIN (or a short count).
// Waiting here is parking (syscall_park on the pipe); each change wakes
// the other side.
//
// The ring is shared memory (<machrv/pipe_ring.h>, docs/bsd.md "Pipes
// without the server"): a process may map it (pipe_attach) and, holding
// an end's lease, move bytes without a system call, waiting on the end's
// semaphore.  bsd_server is then one more user of the ring, and serves
// an end itself only while nobody holds its lease (end_take takes it back
// first).  Every change it makes wakes a direct waiter (its semaphore)
// and the calls parked here.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/termios.h>
#include <mach/semaphore.h>
#include <machrv/pipe_ring.h>
#include "bsd_server.h"

#define SC	__ATOMIC_SEQ_CST

struct pipe {
	struct pipe_ring *ring;	/* ours; mapped into the processes attached */
	int	readers, writers;	/* open files of each end */
	int	attached;		/* processes that mapped it (pipe_att) */
	semaphore_t sem[2];	/* each end's direct waiters' (made at the first attach) */
};

static long pipe_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n);
static long pipe_write(struct file *f, struct proc *p, uint64_t uaddr, size_t n);
static void pipe_close_read(struct file *f);
static void pipe_close_write(struct file *f);
static int pipe_stat(struct file *f, struct stat *st);
static int pipe_ioctl(struct file *f, struct proc *p, unsigned long cmd, uint64_t arg);
static long pipe_bad_rw(struct file *f, struct proc *p, uint64_t uaddr, size_t n);

static const struct fileops pipe_read_ops = {
	.fo_read = pipe_read, .fo_write = pipe_bad_rw, .fo_ioctl = pipe_ioctl,
	.fo_close = pipe_close_read, .fo_stat = pipe_stat,
};
static const struct fileops pipe_write_ops = {
	.fo_read = pipe_bad_rw, .fo_write = pipe_write, .fo_ioctl = pipe_ioctl,
	.fo_close = pipe_close_write, .fo_stat = pipe_stat,
};

static bool is_pipe(const struct file *f)
{
	return f->f_ops == &pipe_read_ops || f->f_ops == &pipe_write_ops;
}

static struct pipe_attach *attachment(struct proc *p, const struct pipe *pp)
{
	for (int i = 0; i < BSD_PIPE_ATTACH; i++)
		if (p->pipe_att[i].pp == pp)
			return &p->pipe_att[i];
	return NULL;
}

/* The pipe goes when no file names it and no process has it mapped. */
static void pipe_maybe_free(struct pipe *pp)
{
	if (pp->readers || pp->writers || pp->attached)
		return;
	for (int e = 0; e < 2; e++)
		if (MACH_PORT_VALID(pp->sem[e]))
			(void)semaphore_destroy(mach_task_self(), pp->sem[e]);
	(void)vm_deallocate(mach_task_self(), (vm_address_t)pp->ring, PIPE_RING_MAP_SIZE);
	free(pp);
}

/*
 * End e's direct waiters, if any, go on: a count each on its semaphore.
 * A waiter counts itself out once its wait is over, so a count given
 * for one that was just leaving only makes a later wait look once more.
 */
static void wake_direct(struct pipe *pp, int e)
{
	for (uint32_t n = __atomic_load_n(&pp->ring->end[e].direct, SC); n; n--)
		(void)semaphore_signal(pp->sem[e]);
}

/* Something changed: end e's direct waiter and every call parked on the pipe go on. */
static void pipe_wake(struct pipe *pp, int e)
{
	wake_direct(pp, e);
	__atomic_fetch_and(&pp->ring->end[PIPE_END_READ].waiting, ~PIPE_WAIT_SERVER, SC);
	__atomic_fetch_and(&pp->ring->end[PIPE_END_WRITE].waiting, ~PIPE_WAIT_SERVER, SC);
	syscall_wake(WAIT_PIPE, pp);
}

/*
 * May bsd_server use end e now?  Its lease is taken back (holder 0);
 * if the holder is inside an operation, it is asked to tell us when it
 * is out (attention) and the caller parks: false.  A holder waiting
 * directly is woken to find its lease gone.
 */
static bool end_take(struct pipe *pp, int e)
{
	struct pipe_ring_end *en = &pp->ring->end[e];

	__atomic_store_n(&en->holder, 0, SC);
	if (__atomic_load_n(&en->busy, SC)) {
		/* Left set: only pipe_notify clears it (a signal may want it too). */
		__atomic_store_n(&en->attention, 1, SC);
		if (__atomic_load_n(&en->busy, SC))
			return false;
	}
	wake_direct(pp, e);
	return true;
}

/* Give end e's lease to p, if it has the ring mapped (after a call of p bsd_server served). */
static void end_grant(struct pipe *pp, int e, struct proc *p)
{
	if (attachment(p, pp))
		__atomic_store_n(&pp->ring->end[e].holder, (uint32_t)p->pid, SC);
}

/*
 * Park p's call on the pipe, telling direct users of end e that it waits.
 * A signal left pending for p while it was in a direct operation or wait
 * (pipe_signal_defer) interrupts the parked call at once.
 */
static long park(struct pipe *pp, int e, struct proc *p)
{
	__atomic_fetch_or(&pp->ring->end[e].waiting, PIPE_WAIT_SERVER, SC);
	syscall_park(p, WAIT_PIPE, pp);
	signal_pending_parked(p);
	return EJUSTRETURN;
}

static long pipe_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct pipe *pp = f->f_data;
	struct pipe_ring *r = pp->ring;

	if (n == 0)
		return 0;
	if (!end_take(pp, PIPE_END_READ))
		return park(pp, PIPE_END_READ, p);
	uint64_t head = r->head, tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
	if (tail == head) {
		if (pp->writers == 0)
			return 0;
		if (f->f_flag & O_NONBLOCK)
			return -EAGAIN;
		/* Said before looking again: a direct writer's bytes after this wake us. */
		__atomic_fetch_or(&r->end[PIPE_END_READ].waiting, PIPE_WAIT_SERVER, SC);
		if (__atomic_load_n(&r->tail, SC) == head)
			return park(pp, PIPE_END_READ, p);
		tail = r->tail;
	}
	size_t len = (size_t)(tail - head), want = n < len ? n : len;
	size_t at = (size_t)(head % PIPE_RING_SIZE);
	size_t first = PIPE_RING_SIZE - at < want ? PIPE_RING_SIZE - at : want;
	const uint8_t *bytes = PIPE_RING_BYTES(r);
	if (copyout(p, bytes + at, uaddr, first) ||
	    (want > first && copyout(p, bytes, uaddr + first, want - first)))
		return -EFAULT;
	__atomic_store_n(&r->head, head + want, SC);
	end_grant(pp, PIPE_END_READ, p);
	pipe_wake(pp, PIPE_END_WRITE);
	return (long)want;
}

static long pipe_write(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct pipe *pp = f->f_data;
	struct pipe_ring *r = pp->ring;
	int64_t before = p->wait.io_done;

	if (pp->readers == 0) {
		proc_signal(p, SIGPIPE);
		return before ? before : -EPIPE;
	}
	if (n == 0)
		return before;
	if (!end_take(pp, PIPE_END_WRITE))
		return park(pp, PIPE_END_WRITE, p);
	uint64_t tail = r->tail, head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
	size_t room = PIPE_RING_SIZE - (size_t)(tail - head);
	if (room == 0 || (n <= PIPE_RING_ATOMIC && room < n)) {
		if (f->f_flag & O_NONBLOCK)
			return before ? before : -EAGAIN;
		__atomic_fetch_or(&r->end[PIPE_END_WRITE].waiting, PIPE_WAIT_SERVER, SC);
		head = __atomic_load_n(&r->head, SC);
		room = PIPE_RING_SIZE - (size_t)(tail - head);
		if (room == 0 || (n <= PIPE_RING_ATOMIC && room < n))
			return park(pp, PIPE_END_WRITE, p);
	}
	size_t put = n < room ? n : room;
	size_t at = (size_t)(tail % PIPE_RING_SIZE);
	size_t first = PIPE_RING_SIZE - at < put ? PIPE_RING_SIZE - at : put;
	uint8_t *bytes = PIPE_RING_BYTES(r);
	if (copyin(p, uaddr, bytes + at, first) ||
	    (put > first && copyin(p, uaddr + first, bytes, put - first)))
		return before ? before : -EFAULT;
	__atomic_store_n(&r->tail, tail + put, SC);
	end_grant(pp, PIPE_END_WRITE, p);
	pipe_wake(pp, PIPE_END_READ);
	if (put < n && !(f->f_flag & O_NONBLOCK) && cur_req && cur_req->number == SYS_write) {
		/* The rest when there is room: the call waits, remembering what went. */
		__atomic_store_n(&r->end[PIPE_END_WRITE].holder, 0, SC);
		park(pp, PIPE_END_WRITE, p);
		p->wait.io_done = before + (int64_t)put;
		p->wait.req.args[1] += put;
		p->wait.req.args[2] -= put;
		return EJUSTRETURN;
	}
	return before + (long)put;
}

/* The last file of end e closed: the other end's users hear it (EOF, EPIPE). */
static void end_closed(struct pipe *pp, int e)
{
	if (e == PIPE_END_READ)
		__atomic_store_n(&pp->ring->readers_gone, 1, SC);
	else
		__atomic_store_n(&pp->ring->writers_gone, 1, SC);
	pipe_wake(pp, !e);
}

static void pipe_close_read(struct file *f)
{
	struct pipe *pp = f->f_data;

	if (--pp->readers == 0)
		end_closed(pp, PIPE_END_READ);
	pipe_maybe_free(pp);
}

static void pipe_close_write(struct file *f)
{
	struct pipe *pp = f->f_data;

	if (--pp->writers == 0)
		end_closed(pp, PIPE_END_WRITE);
	pipe_maybe_free(pp);
}

static long pipe_bad_rw(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	(void)f, (void)p, (void)uaddr, (void)n;
	return -EBADF;
}

static size_t unread(const struct pipe *pp)
{
	return (size_t)(__atomic_load_n(&pp->ring->tail, SC) - __atomic_load_n(&pp->ring->head, SC));
}

// fstat of either end: a FIFO, its unread bytes as the size.
static int pipe_stat(struct file *f, struct stat *st)
{
	struct pipe *pp = f->f_data;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_size = (off_t)unread(pp);
	st->st_blksize = PIPE_RING_SIZE;
	return 0;
}

// FIONREAD: the unread bytes at the read end; at the write end 0 (as
// FreeBSD's, whose write end reads the other way, where nobody writes).
// Any other request is ENOTTY.
static int pipe_ioctl(struct file *f, struct proc *p, unsigned long cmd, uint64_t arg)
{
	struct pipe *pp = f->f_data;

	if (cmd != FIONREAD)
		return ENOTTY;
	int n = f->f_ops->fo_read == pipe_read ? (int)unread(pp) : 0;
	return copyout(p, &n, arg, sizeof(n)) ? EFAULT : 0;
}

void pipe_flags_changed(struct file *f)
{
	if (!is_pipe(f))
		return;
	struct pipe *pp = f->f_data;
	int e = f->f_ops == &pipe_read_ops ? PIPE_END_READ : PIPE_END_WRITE;
	__atomic_store_n(&pp->ring->end[e].nonblock, (f->f_flag & O_NONBLOCK) != 0, SC);
	wake_direct(pp, e);		/* a direct waiter looks again: EAGAIN now */
}

int sys_pipe(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	int rfd = fd_alloc(p, 0);
	if (rfd < 0)
		return -rfd;
	struct pipe *pp = calloc(1, sizeof(*pp));
	if (!pp)
		return ENFILE;
	vm_address_t ring = 0;
	if (vm_allocate(mach_task_self(), &ring, PIPE_RING_MAP_SIZE, VM_FLAGS_ANYWHERE) !=
	    KERN_SUCCESS) {
		free(pp);
		return ENFILE;
	}
	pp->ring = (struct pipe_ring *)ring;
	struct file *rf = file_alloc(&pipe_read_ops, pp, O_RDONLY);
	if (!rf) {
		pipe_maybe_free(pp);
		return ENFILE;
	}
	pp->readers = 1;
	p->fd[rfd] = rf;
	int wfd = fd_alloc(p, 0);
	struct file *wf = wfd >= 0 ? file_alloc(&pipe_write_ops, pp, O_WRONLY) : NULL;
	if (!wf) {
		p->fd[rfd] = NULL;
		file_release(rf);	/* frees the pipe */
		return wfd < 0 ? -wfd : ENFILE;
	}
	pp->writers = 1;
	p->fd[wfd] = wf;
	rv[0] = rfd;
	rv[1] = wfd;
	return 0;
}

/* ---- pipes used directly ---- */

/* p lets go of pp: its leases back to us, its waits and operations forgotten. */
static void detach(struct proc *p, struct pipe_attach *a, bool unmap)
{
	struct pipe *pp = a->pp;

	for (int e = 0; e < 2; e++) {
		struct pipe_ring_end *en = &pp->ring->end[e];
		if (__atomic_load_n(&en->holder, SC) != (uint32_t)p->pid)
			continue;
		__atomic_store_n(&en->holder, 0, SC);
		__atomic_store_n(&en->busy, 0, SC);
		__atomic_store_n(&en->attention, 0, SC);
	}
	if (unmap && MACH_PORT_VALID(p->task))
		(void)vm_deallocate(p->task, a->addr, PIPE_RING_MAP_SIZE);
	a->pp = NULL;
	p->pipe_natt--;
	pp->attached--;
	if (pp->readers || pp->writers)
		pipe_wake(pp, PIPE_END_READ);	/* calls parked for p's lease go on */
	pipe_maybe_free(pp);
}

void pipe_fd_forget(struct proc *p, const void *data)
{
	if (!p->pipe_natt)
		return;			/* the common case: no pipe used directly */
	struct pipe_attach *a = attachment(p, data);
	if (!a)
		return;
	for (int fd = 0; fd < BSD_NOFILE; fd++)
		if (p->fd[fd] && p->fd[fd]->f_data == data)
			return;		/* another descriptor of p names it */
	detach(p, a, true);
}

void pipe_detach_all(struct proc *p)
{
	for (int i = 0; i < BSD_PIPE_ATTACH; i++)
		if (p->pipe_att[i].pp)
			detach(p, &p->pipe_att[i], false);
	p->pipe_copy_lo = p->pipe_copy_hi = p->pipe_copy_fix = p->pipe_wait_word = 0;
}

bool pipe_signal_defer(struct proc *p)
{
	bool defer = false;

	if (!p->pipe_natt)
		return false;		/* no ring mapped: it cannot be in one */

	/* Inside an operation on an end it holds: it sees attention as it leaves. */
	for (int i = 0; i < BSD_PIPE_ATTACH; i++) {
		struct pipe *pp = p->pipe_att[i].pp;
		if (!pp)
			continue;
		for (int e = 0; e < 2; e++) {
			struct pipe_ring_end *en = &pp->ring->end[e];
			if (__atomic_load_n(&en->holder, SC) == (uint32_t)p->pid &&
			    __atomic_load_n(&en->busy, SC)) {
				__atomic_store_n(&en->attention, 1, SC);
				defer = true;
			}
		}
	}
	/* Waiting on a semaphore (its word says which descriptor): woken, it
	 * sees attention (its own end) or makes the system call (another's),
	 * whose answer, or park, delivers the signal. */
	uint32_t waiting = 0;
	if (p->pipe_wait_word && !copyin(p, p->pipe_wait_word, &waiting, sizeof(waiting)) &&
	    waiting) {
		struct file *f = fd_get(p, (int)waiting - 1);
		if (f && is_pipe(f)) {
			struct pipe *pp = f->f_data;
			int e = f->f_ops == &pipe_read_ops ? PIPE_END_READ : PIPE_END_WRITE;
			if (__atomic_load_n(&pp->ring->end[e].holder, SC) == (uint32_t)p->pid)
				__atomic_store_n(&pp->ring->end[e].attention, 1, SC);
			(void)semaphore_signal(pp->sem[e]);
		}
		defer = true;
	}
	return defer;
}

bool pipe_copy_fault(struct proc *p, thread_act_t thread)
{
	riscv_thread_state_t s;
	mach_msg_type_number_t n = RISCV_THREAD_STATE_COUNT;

	if (!p->pipe_copy_fix ||
	    thread_get_state(thread, RISCV_THREAD_STATE, (thread_state_t)&s, &n) != KERN_SUCCESS ||
	    s.pc < p->pipe_copy_lo || s.pc >= p->pipe_copy_hi)
		return false;
	s.pc = p->pipe_copy_fix;
	return thread_set_state(thread, RISCV_THREAD_STATE, (thread_state_t)&s,
				RISCV_THREAD_STATE_COUNT) == KERN_SUCCESS;
}

/*
 * pipe_attach(fd, reply, copy_lo, copy_hi, copy_fix, wait_word) (1002): map fd's
 * pipe's ring into the caller (once; again after exec) and send send
 * rights to its two semaphores to the caller's receive right `reply'
 * (every time: the library keeps one pair per descriptor).  The end's
 * lease is the caller's if nobody holds it.  [copy_lo, copy_hi) is the
 * library's copy routine: a bad access there resumes at copy_fix;
 * wait_word, a 32-bit word that holds fd + 1 while the library waits on
 * a semaphore (pipe_signal_defer reads it).
 *   Returns: rv0 the ring's address in the caller, rv1 the end
 *   (PIPE_END_READ or PIPE_END_WRITE); EBADF; ESPIPE (not a pipe);
 *   EINVAL (a pipe, but `reply' is MACH_PORT_NULL, or no receive right of
 *   the caller: the library asks first without one); ENOSPC (too many
 *   pipes mapped); ENOMEM.
 */
int sys_pipe_attach(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct file *f = fd_get(p, (int)ARG(0));

	if (!f)
		return EBADF;
	if (!is_pipe(f))
		return ESPIPE;
	struct pipe *pp = f->f_data;
	int e = f->f_ops == &pipe_read_ops ? PIPE_END_READ : PIPE_END_WRITE;
	if (!MACH_PORT_VALID((mach_port_t)ARG(1)))
		return EINVAL;		/* a pipe: ask again with a port for the rights */
	struct pipe_attach *a = attachment(p, pp);
	if (!a) {
		a = attachment(p, NULL);
		if (!a)
			return ENOSPC;
		/* Its semaphores at its first attach: a pipe only the server
		 * serves (a short pipeline's) costs none. */
		for (int i = 0; i < 2; i++)
			if (!MACH_PORT_VALID(pp->sem[i]) &&
			    semaphore_create(mach_task_self(), &pp->sem[i], SYNC_POLICY_FIFO, 0) !=
				    KERN_SUCCESS) {
				pp->sem[i] = MACH_PORT_NULL;
				return ENOMEM;
			}
		vm_address_t addr = 0;
		vm_prot_t cur, max;
		if (vm_remap(p->task, &addr, PIPE_RING_MAP_SIZE, 0, TRUE, mach_task_self(),
			     (vm_address_t)pp->ring, FALSE, &cur, &max, VM_INHERIT_NONE) !=
		    KERN_SUCCESS)
			return ENOMEM;
		a->pp = pp;
		a->addr = addr;
		p->pipe_natt++;
		pp->attached++;
	}
	int error = give_rights(p, (mach_port_t)ARG(1), pp->sem[0], pp->sem[1]);
	if (error)
		return error;
	p->pipe_copy_lo = ARG(2);
	p->pipe_copy_hi = ARG(3);
	p->pipe_copy_fix = ARG(4);
	p->pipe_wait_word = ARG(5);
	struct pipe_ring_end *en = &pp->ring->end[e];
	__atomic_store_n(&en->nonblock, (f->f_flag & O_NONBLOCK) != 0, SC);
	if (!__atomic_load_n(&en->holder, SC) && !__atomic_load_n(&en->busy, SC))
		__atomic_store_n(&en->holder, (uint32_t)p->pid, SC);
	rv[0] = (int64_t)a->addr;
	rv[1] = e;
	return 0;
}

/*
 * pipe_notify(fd) (1003): the library's word after a direct operation:
 * the calls parked on fd's pipe look again (it changed the ring, or left
 * an operation bsd_server waited for), and a signal deferred while it
 * was inside is delivered with this answer.
 *   Returns: 0; EINTR (the signal delivered now has a handler without
 *   SA_RESTART: a direct wait it ended is EINTR); EBADF; ESPIPE.
 */
int sys_pipe_notify(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct file *f = fd_get(p, (int)ARG(0));

	(void)rv;
	if (!f)
		return EBADF;
	if (!is_pipe(f))
		return ESPIPE;
	struct pipe *pp = f->f_data;
	for (int e = 0; e < 2; e++) {
		struct pipe_ring_end *en = &pp->ring->end[e];
		uint32_t h = __atomic_load_n(&en->holder, SC);
		if ((h == (uint32_t)p->pid || h == 0) && !__atomic_load_n(&en->busy, SC))
			__atomic_store_n(&en->attention, 0, SC);
	}
	pipe_wake(pp, PIPE_END_READ);
	wake_direct(pp, PIPE_END_WRITE);
	return signal_would_interrupt(p) ? EINTR : 0;
}
