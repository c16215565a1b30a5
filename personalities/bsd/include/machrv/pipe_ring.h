/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A pipe's ring, shared by bsd_server and the processes that use the pipe
 * directly (docs/bsd.md, "Pipes without the server"): bsd_server makes it
 * (its own memory) and maps it into a process that asks (pipe_attach,
 * with send rights to the pipe's two semaphores); the library then moves
 * bytes through it without a system call while the process holds the
 * end's lease, and waits on the end's semaphore when it must.
 *
 * The ring is single-producer, single-consumer: each end has one user at
 * a time, the process holding its lease (holder, a pid) or bsd_server
 * (holder 0: it serves the calls of every other process, as it always
 * did).  Only bsd_server changes a lease: it grants one to a process
 * that uses the end through it while nobody holds it, and takes it back
 * when another process uses the end, when the holder closes its last
 * descriptor of the pipe, execs or ends.
 *
 * The holder's operation, and bsd_server's taking a lease back, meet by
 * Dekker's rule (sequentially consistent stores, then loads):
 *   holder:  busy = 1; if holder != me or attention: busy = 0, use the server
 *            ... the bytes ... ; head or tail published ; busy = 0;
 *            if attention: tell the server (pipe_notify)
 *   server:  holder = 0; if busy: attention = 1; if still busy: wait
 *            for the notify (the caller's call parks)
 * Either the holder sees the lease gone, or the server sees it busy.
 * bsd_server also sets attention when a signal comes for a holder that is
 * busy or waiting directly (the signal is delivered at the reply of the
 * call the library then makes), and wakes such a waiter through the
 * end's semaphore.
 *
 * Waiting: a reader finding the ring empty counts itself in the read
 * end's `direct' and, the ring still empty, waits on the read end's
 * semaphore; whoever publishes bytes after that signals it once for each
 * waiter counted (two processes may wait on one end for a moment: the
 * holder, and one whose lease was just taken back).  The same for a
 * writer finding no room (the write end's).  A call parked in bsd_server
 * sets PIPE_WAIT_SERVER in `waiting': a direct operation that changes
 * the ring then calls pipe_notify, which reruns them.  While it waits
 * directly, the library says so in a word of its own memory (the fd + 1,
 * given with pipe_attach), which bsd_server reads before it delivers a
 * signal to the process (bsd_server/pipe.c, pipe_signal_defer).
 */
#ifndef _MACHRV_PIPE_RING_H_
#define _MACHRV_PIPE_RING_H_
#include <stdint.h>

#define PIPE_RING_SIZE		8192	/* bytes the ring holds (a power of 2) */
#define PIPE_RING_ATOMIC	512	/* PIPE_BUF: written whole or not at all */
#define PIPE_RING_DATA		4096	/* where the bytes start */
#define PIPE_RING_MAP_SIZE	(PIPE_RING_DATA + PIPE_RING_SIZE)

#define PIPE_END_READ		0
#define PIPE_END_WRITE		1

#define PIPE_WAIT_SERVER	2u	/* calls wait in bsd_server */

struct pipe_ring_end {
	uint32_t	holder;		/* the lease: a pid, or 0 (bsd_server's) */
	uint32_t	busy;		/* the holder is in an operation */
	uint32_t	waiting;	/* PIPE_WAIT_SERVER: calls wait in bsd_server */
	uint32_t	attention;	/* bsd_server asks the holder to call pipe_notify */
	uint32_t	nonblock;	/* the end's O_NONBLOCK */
	uint32_t	direct;		/* processes waiting on the end's semaphore */
	uint32_t	pad[2];
};

struct pipe_ring {
	uint64_t	head;		/* bytes read so far (the reader's) */
	uint64_t	tail;		/* bytes written so far (the writer's) */
	struct pipe_ring_end end[2];	/* PIPE_END_READ, PIPE_END_WRITE */
	uint32_t	readers_gone;	/* no read end is open: a write is EPIPE */
	uint32_t	writers_gone;	/* no write end is open: an empty read is EOF */
	/* The bytes: data[i % PIPE_RING_SIZE] at PIPE_RING_DATA. */
};

#define PIPE_RING_BYTES(r)	((uint8_t *)(r) + PIPE_RING_DATA)

#endif /* _MACHRV_PIPE_RING_H_ */
