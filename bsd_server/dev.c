// SPDX-License-Identifier: BSD-2-Clause
// Devices: /dev/console (and /dev/tty), /dev/null, /dev/zero.
//
// /dev/console writes go to the console driver (console_write); input
// comes from the driver a line at a time (console_read_line, edited by the
// driver's own line discipline) through one reader thread, so a read
// parks (WAIT_TTY) instead of holding a worker.  tcgetattr/tcsetattr keep
// the settings; the modes the driver cannot do yet (raw input) are
// stored but not applied: docs/bsd.md, "The terminal".
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/termios.h>
#include <servers/bootstrap.h>
#include <servers/console.h>
#include "bsd_server.h"

_Static_assert(sizeof(struct termios) == 44, "FreeBSD's struct termios");

struct tty {
	struct termios	t;
	pid_t		pgrp;		/* the foreground process group */
	char		in[CONSOLE_LINE_MAX * 4];
	size_t		in_len;
	int		eofs;		/* end-of-input marks (^D) waiting to be read */
	bool		reader;		/* the reader thread runs */
	mach_port_t	console;	/* the driver's port */
};

static struct tty console_tty = {
	.t = {
		.c_iflag = ICRNL | IXON,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = CS8 | CREAD | CLOCAL,
		.c_lflag = ECHO | ECHOE | ECHOK | ICANON | ISIG | IEXTEN,
		.c_cc = { [VEOF] = 4, [VEOL] = 0xff, [VERASE] = 0x7f, [VKILL] = 0x15,
			  [VINTR] = 3, [VQUIT] = 0x1c, [VSUSP] = 0x1a, [VMIN] = 1, [VTIME] = 0 },
		.c_ispeed = B115200,
		.c_ospeed = B115200,
	},
};

static mach_port_t console_port(void)
{
	if (!MACH_PORT_VALID(console_tty.console) &&
	    bootstrap_look_up(bootstrap_port, "console", &console_tty.console) != KERN_SUCCESS)
		console_tty.console = MACH_PORT_NULL;
	return console_tty.console;
}

/* The reader: one line at a time from the driver, into the tty's buffer. */
static void *tty_reader(void *arg)
{
	struct tty *tp = arg;
	char line[CONSOLE_LINE_MAX];

	for (;;) {
		mach_msg_type_number_t n = sizeof(line);
		kern_return_t kr = console_read_line(tp->console, line, &n);
		mthread_mutex_lock(&bsd_lock);
		if (kr != KERN_SUCCESS || n == 0 || n > sizeof(line)) {
			tp->eofs++;		/* ^D on an empty line, or no console */
		} else {
			size_t room = sizeof(tp->in) - tp->in_len;
			if (n > room)
				n = (mach_msg_type_number_t)room;	/* overflow is dropped, as a full tty does */
			memcpy(tp->in + tp->in_len, line, n);
			tp->in_len += n;
		}
		syscall_wake(WAIT_TTY, tp);
		bool stop = kr != KERN_SUCCESS;
		if (stop)
			tp->reader = false;
		mthread_mutex_unlock(&bsd_lock);
		if (stop)
			return NULL;
	}
}

static long console_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct tty *tp = f->f_data;

	if (n == 0)
		return 0;
	if (tp->in_len == 0) {
		if (tp->eofs > 0) {
			tp->eofs--;
			return 0;
		}
		if (!MACH_PORT_VALID(console_port()))
			return 0;
		if (f->f_flag & O_NONBLOCK)
			return -EAGAIN;
		if (!tp->reader) {
			mthread_t t;
			mthread_attr_t attr = { .stack_size = 32 * 1024 };
			if (mthread_create(&t, &attr, tty_reader, tp) != 0)
				return -EIO;
			tp->reader = true;
		}
		syscall_park(p, WAIT_TTY, tp);
		return EJUSTRETURN;
	}
	/* Canonical: at most one line a read. */
	size_t len = tp->in_len;
	char *nl = memchr(tp->in, '\n', len);
	if (nl)
		len = (size_t)(nl - tp->in) + 1;
	if (len > n)
		len = n;
	if (copyout(p, tp->in, uaddr, len))
		return -EFAULT;
	memmove(tp->in, tp->in + len, tp->in_len - len);
	tp->in_len -= len;
	return (long)len;
}

static long console_write_op(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	char buf[4096];
	size_t done = 0;

	(void)f;
	mach_port_t port = console_port();
	while (done < n) {
		size_t chunk = n - done < sizeof(buf) ? n - done : sizeof(buf);
		if (copyin(p, uaddr + done, buf, chunk))
			return done ? (long)done : -EFAULT;
		if (!MACH_PORT_VALID(port) ||
		    console_write(port, buf, (mach_msg_type_number_t)chunk) != KERN_SUCCESS)
			(void)machrv_debug_write(buf, chunk);
		done += chunk;
	}
	return (long)done;
}

static int console_ioctl(struct file *f, struct proc *p, unsigned long cmd, uint64_t arg)
{
	struct tty *tp = f->f_data;

	switch (cmd) {
	case TIOCGETA:
		return copyout(p, &tp->t, arg, sizeof(tp->t));
	case TIOCSETA:
	case TIOCSETAW:
	case TIOCSETAF: {
		struct termios t;
		int error = copyin(p, arg, &t, sizeof(t));
		if (!error)
			tp->t = t;
		if (!error && cmd == TIOCSETAF)
			tp->in_len = 0;
		return error;
	}
	case TIOCGPGRP: {
		int pgrp = tp->pgrp;
		return copyout(p, &pgrp, arg, sizeof(pgrp));
	}
	case TIOCSPGRP: {
		int pgrp;
		int error = copyin(p, arg, &pgrp, sizeof(pgrp));
		if (error)
			return error;
		if (pgrp <= 0)
			return EINVAL;
		tp->pgrp = pgrp;
		return 0;
	}
	default:
		return ENOTTY;
	}
}

// fstat of a device: a character device, readable and writable by all.
static int dev_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0666;
	st->st_nlink = 1;
	return 0;
}

static const struct fileops console_ops = {
	.fo_read = console_read, .fo_write = console_write_op, .fo_ioctl = console_ioctl,
	.fo_stat = dev_stat,
};

static long null_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	(void)f, (void)p, (void)uaddr, (void)n;
	return 0;
}

static long null_write(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	(void)f, (void)p, (void)uaddr;
	return (long)n;
}

static long zero_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	static const char zeros[4096];
	size_t done = 0;

	(void)f;
	while (done < n) {
		size_t chunk = n - done < sizeof(zeros) ? n - done : sizeof(zeros);
		if (copyout(p, zeros, uaddr + done, chunk))
			return done ? (long)done : -EFAULT;
		done += chunk;
	}
	return (long)done;
}

static const struct fileops null_ops = {
	.fo_read = null_read, .fo_write = null_write, .fo_stat = dev_stat,
};
static const struct fileops zero_ops = {
	.fo_read = zero_read, .fo_write = null_write, .fo_stat = dev_stat,
};

struct file *dev_open(const char *path, int flags, int *error)
{
	const struct fileops *ops;
	void *data = NULL;

	if (strcmp(path, "/dev/console") == 0 || strcmp(path, "/dev/tty") == 0) {
		ops = &console_ops;
		data = &console_tty;
	} else if (strcmp(path, "/dev/null") == 0) {
		ops = &null_ops;
	} else if (strcmp(path, "/dev/zero") == 0) {
		ops = &zero_ops;
	} else {
		*error = ENOENT;
		return NULL;
	}
	struct file *f = file_alloc(ops, data, flags & (O_ACCMODE | O_NONBLOCK | O_APPEND));
	if (!f)
		*error = ENFILE;
	return f;
}
