// SPDX-License-Identifier: BSD-2-Clause
// Pipes with POSIX semantics: a PIPE_SIZE ring; a read waits while it is
// empty and a writer remains (EOF when none does); a write of at most
// PIPE_BUF bytes goes in whole or waits; a longer one goes in pieces,
// waiting for room; writing with no reader left is EPIPE and SIGPIPE;
// O_NONBLOCK makes each wait EAGAIN (or a short count).  Waiting is
// parking (syscall_park on the pipe); each change wakes the other side.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/termios.h>
#include "bsd_server.h"

#define PIPE_SIZE	8192
#define PIPE_ATOMIC	512	/* PIPE_BUF: <limits.h> says the same */

struct pipe {
	char	buf[PIPE_SIZE];
	size_t	head, len;	/* the bytes are buf[head..head+len) modulo PIPE_SIZE */
	int	readers, writers;
};

static long pipe_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct pipe *pp = f->f_data;

	if (n == 0)
		return 0;
	if (pp->len == 0) {
		if (pp->writers == 0)
			return 0;
		if (f->f_flag & O_NONBLOCK)
			return -EAGAIN;
		syscall_park(p, WAIT_PIPE, pp);
		return EJUSTRETURN;
	}
	size_t want = n < pp->len ? n : pp->len;
	size_t first = PIPE_SIZE - pp->head < want ? PIPE_SIZE - pp->head : want;
	if (copyout(p, pp->buf + pp->head, uaddr, first) ||
	    (want > first && copyout(p, pp->buf, uaddr + first, want - first)))
		return -EFAULT;
	pp->head = (pp->head + want) % PIPE_SIZE;
	pp->len -= want;
	syscall_wake(WAIT_PIPE, pp);
	return (long)want;
}

static long pipe_write(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct pipe *pp = f->f_data;
	int64_t before = p->wait.io_done;

	if (pp->readers == 0) {
		proc_signal(p, SIGPIPE);
		return before ? before : -EPIPE;
	}
	if (n == 0)
		return before;
	size_t room = PIPE_SIZE - pp->len;
	if (room == 0 || (n <= PIPE_ATOMIC && room < n)) {
		if (f->f_flag & O_NONBLOCK)
			return before ? before : -EAGAIN;
		syscall_park(p, WAIT_PIPE, pp);
		return EJUSTRETURN;
	}
	size_t put = n < room ? n : room;
	size_t tail = (pp->head + pp->len) % PIPE_SIZE;
	size_t first = PIPE_SIZE - tail < put ? PIPE_SIZE - tail : put;
	if (copyin(p, uaddr, pp->buf + tail, first) ||
	    (put > first && copyin(p, uaddr + first, pp->buf, put - first)))
		return before ? before : -EFAULT;
	pp->len += put;
	syscall_wake(WAIT_PIPE, pp);
	if (put < n && !(f->f_flag & O_NONBLOCK) && cur_req && cur_req->number == SYS_write) {
		/* The rest when there is room: the call waits, remembering what went. */
		syscall_park(p, WAIT_PIPE, pp);
		p->wait.io_done = before + (int64_t)put;
		p->wait.req.args[1] += put;
		p->wait.req.args[2] -= put;
		return EJUSTRETURN;
	}
	return before + (long)put;
}

static void pipe_close_read(struct file *f)
{
	struct pipe *pp = f->f_data;

	pp->readers--;
	syscall_wake(WAIT_PIPE, pp);	/* writers now get EPIPE */
	if (pp->readers == 0 && pp->writers == 0)
		free(pp);
}

static void pipe_close_write(struct file *f)
{
	struct pipe *pp = f->f_data;

	pp->writers--;
	syscall_wake(WAIT_PIPE, pp);	/* readers now get EOF */
	if (pp->readers == 0 && pp->writers == 0)
		free(pp);
}

static long pipe_bad_rw(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	(void)f, (void)p, (void)uaddr, (void)n;
	return -EBADF;
}

// fstat of either end: a FIFO, its unread bytes as the size.
static int pipe_stat(struct file *f, struct stat *st)
{
	struct pipe *pp = f->f_data;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_size = (off_t)pp->len;
	st->st_blksize = PIPE_SIZE;
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
	int n = f->f_ops->fo_read == pipe_read ? (int)pp->len : 0;
	return copyout(p, &n, arg, sizeof(n)) ? EFAULT : 0;
}

static const struct fileops pipe_read_ops = {
	.fo_read = pipe_read, .fo_write = pipe_bad_rw, .fo_ioctl = pipe_ioctl,
	.fo_close = pipe_close_read, .fo_stat = pipe_stat,
};
static const struct fileops pipe_write_ops = {
	.fo_read = pipe_bad_rw, .fo_write = pipe_write, .fo_ioctl = pipe_ioctl,
	.fo_close = pipe_close_write, .fo_stat = pipe_stat,
};

int sys_pipe(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	int rfd = fd_alloc(p, 0);
	if (rfd < 0)
		return -rfd;
	struct pipe *pp = calloc(1, sizeof(*pp));
	if (!pp)
		return ENFILE;
	struct file *rf = file_alloc(&pipe_read_ops, pp, O_RDONLY);
	if (!rf) {
		free(pp);
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
