// SPDX-License-Identifier: BSD-2-Clause
// read and write (with libc/readwrite.S), close, dup and dup2, and pipes
// used without the server
// (<machrv/pipe_ring.h>; docs/bsd.md, "Pipes without the server").
//
// The library keeps, for each descriptor, what it knows: nothing yet, a
// file (not a pipe), or a pipe end whose ring bsd_server mapped here
// (pipe_attach, asked at the descriptor's first read or write), with
// send rights to the pipe's two semaphores.  A read or write of such a
// descriptor, while this process holds the end's lease, moves the bytes
// through the ring and returns without a system call; when the ring is
// empty (full) it waits on the end's semaphore.  Anything else (no lease,
// a write of more than PIPE_BUF bytes, no reader left: SIGPIPE) is the
// system call, which bsd_server serves as it always did.
//
// Every call that makes, replaces or closes a descriptor passes through
// here or fdcalls.c, so what is known stays true; a forked child forgets
// the pipes (their rings and rights are its parent's), an exec'd program
// starts knowing nothing.
#include <errno.h>
#include <stdbool.h>
#include <unistd.h>
#include <mach/mach.h>
#include <mach/mach_traps.h>
#include <machrv/pipe_ring.h>
#include <machrv/bsd_ports.h>
#include "libc_private.h"

#define NFD	64			/* BSD_NOFILE */
/* The file is built -Os (CMakeLists.txt: every program links it); the
 * operations themselves, a pipe's every read and write, at -O2. */
#define HOT	__attribute__((optimize("O2")))
#define SC	__ATOMIC_SEQ_CST
#define SERVER	(-2)			/* the call goes to bsd_server */

enum { FD_UNKNOWN, FD_NOT_PIPE, FD_PIPE };

/* What is known of each descriptor (FD_*): its own array, which read and
 * write (libc/readwrite.S) look at before they go to the trap stub. */
uint8_t __bsd_fd_state[NFD];
#define fd_state __bsd_fd_state
_Static_assert(FD_NOT_PIPE == 1, "libc/readwrite.S says FD_NOT_PIPE is 1");

struct fdinfo {
	struct pipe_ring *ring;		/* FD_PIPE: mapped here by bsd_server */
	uint8_t		end;		/* PIPE_END_READ or PIPE_END_WRITE */
	uint32_t	owner;		/* FD_PIPE: the process that attached it (self_pid then) */
	semaphore_t	sem[2];		/* the ends' semaphores (one user reference each) */
};

static struct fdinfo fds[NFD];
/*
 * A descriptor not known yet is asked about (pipe_attach) only at its
 * ATTACH_AFTER-th read or write: a process that reads or writes a pipe a
 * few times (most of a pipeline's) makes its calls to bsd_server as it
 * always did, and never pays for the mapping, the rights or the
 * semaphores; one that goes on uses the ring from then on.
 */
#define ATTACH_AFTER	4
static uint8_t fd_calls[NFD];
/*
 * This process's pid once it attached a pipe (0 before, and in a forked
 * child until it does): an FD_PIPE entry another process (the parent)
 * made is stale, and treated as not known yet.  A forked child writes
 * only this word, not the table, so a fork does not copy the table's page.
 */
static uint32_t self_pid;
/* fd + 1 while this process waits on a pipe's semaphore (pipe_attach gives
 * bsd_server its address: a signal then wakes the wait, pipe_signal_defer). */
static volatile uint32_t waiting_fd;

/* fd's entry, if FD_PIPE, is this process's own (not a forked parent's). */
static inline bool mine(int fd)
{
	return fd_state[fd] != FD_PIPE || (self_pid && fds[fd].owner == self_pid);
}

int __bsd_pipe_copy(void *dst, const void *src, size_t n);
extern char __bsd_pipe_copy_end[], __bsd_pipe_copy_fault[];

/* Forget what is known of fd (its rights given back). */
static void forget(int fd)
{
	struct fdinfo *d = &fds[fd];

	if (fd_state[fd] == FD_PIPE && mine(fd)) {
		int saved = errno;
		(void)_kernelrpc_mach_port_deallocate_trap(mach_task_self(), d->sem[0]);
		(void)_kernelrpc_mach_port_deallocate_trap(mach_task_self(), d->sem[1]);
		errno = saved;
	}
	*d = (struct fdinfo){ 0 };
	fd_state[fd] = FD_UNKNOWN;
	fd_calls[fd] = 0;
}

void __bsd_fd_not_pipe(int fd)
{
	if ((unsigned)fd >= NFD)
		return;
	if (fd_state[fd] == FD_PIPE)
		forget(fd);
	fd_state[fd] = FD_NOT_PIPE;
}

void __bsd_fd_unknown(int fd)
{
	if (fd >= 0 && fd < NFD)
		forget(fd);
}

void __bsd_pipe_fork_child(void)
{
	/* The parent's rings are not mapped here, its rights are not ours:
	 * its entries are stale from now on (mine). */
	self_pid = 0;
}

/* pipe_attach(fd, reply, copy_lo, copy_hi, copy_fix, wait_word) (1002): a0 and a1 of its answer. */
static long pipe_attach(int fd, mach_port_t reply, long *end)
{
	register long a0 __asm__("a0") = fd;
	register long a1 __asm__("a1") = (long)reply;
	register long a2 __asm__("a2") = (long)__bsd_pipe_copy;
	register long a3 __asm__("a3") = (long)__bsd_pipe_copy_end;
	register long a4 __asm__("a4") = (long)__bsd_pipe_copy_fault;
	register long a5 __asm__("a5") = (long)&waiting_fd;
	register long a7 __asm__("a7") = 1002;	/* SYS_pipe_attach */
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
			 : "memory");
	*end = a1;
	return a0;
}

/*
 * Ask bsd_server for fd's pipe ring; fds[fd] says what came of it.  The
 * first ask names no port: a descriptor that is no pipe is told so at
 * once (ESPIPE), with nothing made here; a pipe's rights then come to a
 * receive right made for the second ask.
 */
static void attach(int fd)
{
	struct fdinfo *d = &fds[fd];
	long end;

	fd_state[fd] = FD_NOT_PIPE;	/* unless all goes well */
	if (pipe_attach(fd, MACH_PORT_NULL, &end) != -EINVAL)
		return;			/* not a pipe (or no such descriptor) */
	mach_port_t reply;
	if (_kernelrpc_mach_port_allocate_trap(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
					       &reply) != KERN_SUCCESS)
		return;
	long ring = pipe_attach(fd, reply, &end);
	struct {
		bsd_ports_msg_t m;
		mach_msg_max_trailer_t trailer;
	} in;
	/* (Traps, not libmach's calls: every program links this file, and
	 * the MIG stubs behind those would make it a page bigger.) */
	bool ok = !(ring < 0 && ring > -4096) &&
		  mach_msg_trap(&in.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(in), reply,
				0, MACH_PORT_NULL) == MACH_MSG_SUCCESS;
	(void)_kernelrpc_mach_port_mod_refs_trap(mach_task_self(), reply, MACH_PORT_RIGHT_RECEIVE,
						 -1);
	if (!ok)
		return;			/* no room for more pipes: the server's way */
	/* bsd_server's message (sys_mach.c, give_rights): two send rights. */
	if (in.m.head.msgh_id != BSD_PORTS_MSG_ID || in.m.body.msgh_descriptor_count != 2)
		return;
	if (!self_pid)
		self_pid = (uint32_t)getpid();
	d->ring = (struct pipe_ring *)ring;
	d->end = (uint8_t)end;
	d->owner = self_pid;
	d->sem[0] = in.m.port[0].name;
	d->sem[1] = in.m.port[1].name;
	fd_state[fd] = FD_PIPE;
}

/* The pipe end of fd, attached if not yet asked; NULL: not one to use directly. */
static inline struct fdinfo *pipe_end(int fd, int end)
{
	if ((unsigned)fd >= NFD)
		return NULL;
	struct fdinfo *d = &fds[fd];
	if (__builtin_expect(fd_state[fd] == FD_UNKNOWN || !mine(fd), 0)) {
		if (++fd_calls[fd] < ATTACH_AFTER)
			return NULL;	/* the system call, as a pipe used briefly makes it */
		attach(fd);
	}
	return fd_state[fd] == FD_PIPE && d->end == end ? d : NULL;
}

/* Come by (attention): -1 with EINTR if a handler that interrupts ran; else 0. */
static int come_by(int fd)
{
	return __sys_pipe_notify(fd) < 0 && errno == EINTR ? -1 : 0;
}

/*
 * Enter an operation on fd's end `en': busy, the lease ours, nothing
 * asked of us (if bsd_server asked, come by first).  0: in; SERVER: use
 * the system call (busy left clear); -1: EINTR (a handler ran).
 */
#define HOT_INLINE	HOT inline __attribute__((always_inline))

HOT_INLINE static int enter(int fd, struct pipe_ring_end *en)
{
	for (;;) {
		uint32_t idle = 0;
		if (!__atomic_compare_exchange_n(&en->busy, &idle, 1, false, SC, SC))
			return SERVER;	/* another thread of ours is in one */
		if (__atomic_load_n(&en->holder, SC) != self_pid) {
			__atomic_store_n(&en->busy, 0, SC);
			return SERVER;
		}
		if (!__atomic_load_n(&en->attention, SC))
			return 0;
		__atomic_store_n(&en->busy, 0, SC);
		if (come_by(fd))
			return -1;
	}
}

/* Copy n bytes between `buf' and the ring at position `pos' (wrapping
 * round), into the ring or out of it: 0, or -1 for a bad buffer. */
HOT_INLINE static int ring_copy(struct pipe_ring *r, uint64_t pos, void *buf, size_t n, bool in)
{
	size_t at = (size_t)(pos % PIPE_RING_SIZE);
	size_t first = PIPE_RING_SIZE - at < n ? PIPE_RING_SIZE - at : n;
	uint8_t *bytes = PIPE_RING_BYTES(r), *b = buf;

	if (in)
		return __bsd_pipe_copy(bytes + at, b, first) ||
				       (n > first && __bsd_pipe_copy(bytes, b + first, n - first))
			       ? -1 : 0;
	return __bsd_pipe_copy(b, bytes + at, first) ||
			       (n > first && __bsd_pipe_copy(b + first, bytes, n - first))
		       ? -1 : 0;
}

/* Leave it: if the other end's users wait in the server, or the server asked, say so. */
HOT static void leave(int fd, struct fdinfo *d, struct pipe_ring_end *en, int other)
{
	__atomic_store_n(&en->busy, 0, SC);
	struct pipe_ring_end *o = &d->ring->end[other];
	for (uint32_t n = __atomic_load_n(&o->direct, SC); n; n--)
		(void)semaphore_signal_trap(d->sem[other]);
	if ((__atomic_load_n(&o->waiting, SC) & PIPE_WAIT_SERVER) ||
	    __atomic_load_n(&en->attention, SC))
		(void)__sys_pipe_notify(fd);
}

/*
 * Wait on end e's semaphore while the ring is as it was seen (`seen': the
 * other side's position), counted first among the end's waiters
 * (`direct'), and with fd + 1 in waiting_fd.  False if the semaphore is
 * gone (the system call then).
 */
HOT static bool wait_turn(int fd, struct fdinfo *d, struct pipe_ring_end *en, int e, uint64_t seen)
{
	struct pipe_ring *r = d->ring;
	kern_return_t kr = KERN_SUCCESS;

	waiting_fd = (uint32_t)fd + 1;
	__atomic_fetch_add(&en->direct, 1, SC);
	bool still = e == PIPE_END_READ
			     ? __atomic_load_n(&r->tail, SC) == seen &&
				       !__atomic_load_n(&r->writers_gone, SC)
			     : __atomic_load_n(&r->head, SC) == seen &&
				       !__atomic_load_n(&r->readers_gone, SC);
	if (still && __atomic_load_n(&en->holder, SC) == self_pid &&
	    !__atomic_load_n(&en->attention, SC) && !__atomic_load_n(&en->nonblock, SC))
		kr = semaphore_wait_trap(d->sem[e]);
	__atomic_fetch_sub(&en->direct, 1, SC);
	waiting_fd = 0;
	return kr == KERN_SUCCESS;
}

HOT static long direct_read(int fd, struct fdinfo *d, void *buf, size_t n)
{
	struct pipe_ring *r = d->ring;
	struct pipe_ring_end *en = &r->end[PIPE_END_READ];

	for (;;) {
		int in = enter(fd, en);
		if (in)
			return in;
		/* The end first: a writer's last bytes are in the ring before it. */
		bool eof = __atomic_load_n(&r->writers_gone, SC);
		uint64_t head = r->head, tail = __atomic_load_n(&r->tail, SC);
		if (tail != head) {
			size_t len = (size_t)(tail - head), want = n < len ? n : len;
			if (ring_copy(r, head, buf, want, false)) {
				leave(fd, d, en, PIPE_END_WRITE);
				errno = EFAULT;
				return -1;
			}
			__atomic_store_n(&r->head, head + want, SC);
			leave(fd, d, en, PIPE_END_WRITE);
			return (long)want;
		}
		bool nonblock = __atomic_load_n(&en->nonblock, SC);
		__atomic_store_n(&en->busy, 0, SC);
		if (eof)
			return 0;
		if (nonblock) {
			errno = EAGAIN;
			return -1;
		}
		if (!wait_turn(fd, d, en, PIPE_END_READ, tail))
			return SERVER;	/* the semaphore went: the pipe is going */
	}
}

HOT static long direct_write(int fd, struct fdinfo *d, const void *buf, size_t n)
{
	struct pipe_ring *r = d->ring;
	struct pipe_ring_end *en = &r->end[PIPE_END_WRITE];

	for (;;) {
		int in = enter(fd, en);
		if (in)
			return in;
		if (__atomic_load_n(&r->readers_gone, SC)) {
			__atomic_store_n(&en->busy, 0, SC);
			return SERVER;	/* EPIPE and SIGPIPE are the server's */
		}
		uint64_t tail = r->tail, head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
		if (PIPE_RING_SIZE - (size_t)(tail - head) >= n) {
			if (ring_copy(r, tail, (void *)buf, n, true)) {
				leave(fd, d, en, PIPE_END_READ);
				errno = EFAULT;
				return -1;
			}
			__atomic_store_n(&r->tail, tail + n, SC);
			leave(fd, d, en, PIPE_END_READ);
			return (long)n;
		}
		bool nonblock = __atomic_load_n(&en->nonblock, SC);
		__atomic_store_n(&en->busy, 0, SC);
		if (nonblock) {
			errno = EAGAIN;
			return -1;
		}
		if (!wait_turn(fd, d, en, PIPE_END_WRITE, head))
			return SERVER;
	}
}

/* read's and write's way (libc/readwrite.S) for a descriptor that may be a pipe. */
HOT ssize_t __bsd_read_maybe_pipe(int fd, void *buf, size_t n)
{
	struct fdinfo *d = pipe_end(fd, PIPE_END_READ);

	if (d && n) {
		long r = direct_read(fd, d, buf, n);
		if (r != SERVER)
			return r;
	}
	return __sys_read(fd, buf, n);
}

HOT ssize_t __bsd_write_maybe_pipe(int fd, const void *buf, size_t n)
{
	struct fdinfo *d = pipe_end(fd, PIPE_END_WRITE);

	if (d && n && n <= PIPE_RING_ATOMIC) {
		long r = direct_write(fd, d, buf, n);
		if (r != SERVER)
			return r;
	}
	return __sys_write(fd, buf, n);
}

int close(int fd)
{
	long r = __sys_close(fd);

	if (r == 0 && (unsigned)fd < NFD) {
		if (fd_state[fd] == FD_PIPE)
			forget(fd);
		fd_state[fd] = FD_UNKNOWN;
		fd_calls[fd] = 0;
	}
	return (int)r;
}

int dup(int fd)
{
	long r = __sys_dup(fd);

	if (r >= 0 && r < NFD && fd >= 0 && fd < NFD) {
		forget((int)r);
		if (fd_state[fd] == FD_NOT_PIPE)
			fd_state[r] = FD_NOT_PIPE;
	}
	return (int)r;
}

int dup2(int from, int to)
{
	long r = __sys_dup2(from, to);

	if (r >= 0 && from != to && to >= 0 && to < NFD) {
		forget(to);
		if (from >= 0 && from < NFD && fd_state[from] == FD_NOT_PIPE)
			fd_state[to] = FD_NOT_PIPE;
	}
	return (int)r;
}
