// SPDX-License-Identifier: BSD-2-Clause
// Devices: /dev/console (and /dev/tty), /dev/null, /dev/zero.
//
// /dev/console is a terminal (docs/bsd.md, "The terminal"): one reader
// thread takes the bytes typed from the console driver as they come
// (console_read_raw) and feeds them to the line discipline (tty_ldisc.c),
// writes its echo, posts the signals it asks for to the foreground process
// group, and wakes the reads parked on the terminal (WAIT_TTY).  Writes go
// through the discipline's output processing to console_write_raw.  Echo
// and writes are sent under bsd_lock, and the driver answers a write only
// once its bytes are in the UART, so what processes write and the echo of
// what is typed reach the screen in the order bsd_server took them.
//
// Job control: the console is the controlling terminal of one session:
// init's at first; a session leader takes it for its session with
// TIOCSCTTY when no living session has it, or by setting the foreground
// group (the shell init starts with setsid: init's session still has it),
// as does any process once the terminal's session has no process left.
// When the session's leader (the controlling process) exits or gives it
// up (TIOCNOTTY), the foreground group gets SIGHUP and SIGCONT and the
// terminal belongs to no session.  A process of that session outside the
// foreground group that reads gets SIGTTIN for its group (EIO if it
// ignores or blocks SIGTTIN, or its group is orphaned); one that writes
// with TOSTOP set gets SIGTTOU.  Setting attributes or the foreground
// group from the background sends nothing (the shell's children call
// tcsetpgrp with SIGTTOU at its default).  A process that left the
// terminal with TIOCNOTTY (not the leader) is outside job control.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/dirent.h>
#include <sys/termios.h>
#include <sys/types.h>
#include <servers/bootstrap.h>
#include <servers/console.h>
#include "bsd_server.h"
#include "tty_ldisc.h"

_Static_assert(sizeof(struct termios) == 44, "FreeBSD's struct termios");

/* tcgetpgrp when there is no foreground group: FreeBSD's NO_PID, above every pid. */
#define TTY_NO_PGRP	100000
#define SIGBIT(sig)	(1ULL << (sig))
/* TIOCFLUSH's argument: FreeBSD's FREAD and FWRITE. */
#define TTY_FLUSH_READ	1
#define TTY_FLUSH_WRITE	2

struct tty {
	struct tty_ldisc ld;
	pid_t		sid;		/* the session it is the controlling terminal of (0: none yet) */
	pid_t		pgrp;		/* its foreground process group (0: none) */
	uint64_t	last_input_ns;	/* when bytes last came (VTIME) */
	bool		reader;		/* the reader thread runs */
	bool		gone;		/* the driver stopped answering: reads see end of file */
	bool		inited;		/* ld has its default settings */
	uint32_t	driver_dropped;	/* bytes the driver could not keep (console_read_raw) */
	mach_port_t	console;	/* the driver's port */
};

static struct tty console_tty;

static mach_port_t console_port(void)
{
	if (!MACH_PORT_VALID(console_tty.console) &&
	    bootstrap_look_up(bootstrap_port, "console", &console_tty.console) != KERN_SUCCESS)
		console_tty.console = MACH_PORT_NULL;
	return console_tty.console;
}

/* The foreground group, 0 if none: a group whose processes have all
 * gone is forgotten (as BSD clears t_pgrp when the group is freed). */
static pid_t tty_fg(struct tty *tp)
{
	if (tp->pgrp && !pgrp_exists(tp->pgrp, tp->sid))
		tp->pgrp = 0;
	return tp->pgrp;
}

/*
 * tty_job_check: may p read (SIGTTIN) or write (SIGTTOU) the terminal now?
 * A process of the terminal's session outside its foreground group may
 * not: its group gets `sig' and the call is parked (WAIT_TTY) until it
 * runs again (a new foreground group, typed input), or a handler
 * interrupts it.
 *   Locks:   bsd_lock held.
 *   Returns: 0 (go on), -EIO (SIGTTIN would not stop it: ignored, blocked,
 *            or the group is orphaned), EJUSTRETURN (parked; a handler
 *            may have answered already).  For SIGTTOU an ignored or
 *            blocked signal means go on, as in BSD.
 */
static long tty_job_check(struct tty *tp, struct proc *p, int sig)
{
	pid_t fg = tty_fg(tp);

	if (p->sid != tp->sid || p->no_ctty || fg == 0 || p->pgid == fg)
		return 0;
	bool refused = p->sigacts[sig].handler == (uint64_t)SIG_IGN || (p->sig_mask & SIGBIT(sig));
	if (refused)
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_orphaned(p->pgid, p->sid))
		return -EIO;
	syscall_park(p, WAIT_TTY, &console_tty);
	pgrp_signal(p->pgid, sig);	/* a handler of p answers the parked call */
	return EJUSTRETURN;
}

/* Write bytes made by output processing (or echo) to the console as they are. */
static void tty_out(const char *buf, size_t n)
{
	mach_port_t port = console_port();

	if (n == 0)
		return;
	if (!MACH_PORT_VALID(port) ||
	    console_write_raw(port, (char *)buf, (mach_msg_type_number_t)n) != KERN_SUCCESS)
		(void)machrv_debug_write(buf, n);
}

/* Write the echo out, unless output is stopped (ld.ostopped: ^S typed
 * with IXON, or TIOCSTOP): then it waits in ld.echo for the start. */
static void tty_echo_flush(struct tty *tp)
{
	if (tp->ld.ostopped)
		return;
	tty_out(tp->ld.echo, tp->ld.echo_len);
	tp->ld.echo_len = 0;
}

/* The most one typed byte echoes (a kill erasing a full line, "\b \b" a byte). */
#define ECHO_ONE_MAX	(3 * TTY_INPUT_MAX)
_Static_assert(TTY_ECHO_MAX >= ECHO_ONE_MAX + CONSOLE_RAW_MAX, "room for the echo of a batch");

/*
 * The reader: the bytes typed, as the driver gives them, through the line
 * discipline.  Keyboard signals go to the foreground group as their byte
 * is taken, after the echo before it.  If the driver stops answering,
 * reads see end of file from then on.
 */
static void *tty_reader(void *arg)
{
	struct tty *tp = arg;
	char buf[CONSOLE_RAW_MAX];

	for (;;) {
		mach_msg_type_number_t n = 0;
		natural_t dropped = 0;
		kern_return_t kr = console_read_raw(tp->console, sizeof(buf), &dropped, buf, &n);
		if (kr == MACH_SEND_INTERRUPTED || kr == MACH_RCV_INTERRUPTED)
			continue;	/* ask again: the driver keeps bytes no reply took */
		mthread_mutex_lock(&bsd_lock);
		if (kr != KERN_SUCCESS || n > sizeof(buf)) {
			bsd_log("console: console_read_raw: %s; the terminal's input ends",
				mach_error_string(kr));
			tp->gone = true;
			tp->reader = false;
			syscall_wake(WAIT_TTY, tp);
			mthread_mutex_unlock(&bsd_lock);
			return NULL;
		}
		tp->driver_dropped = dropped;
		tp->last_input_ns = now_ns();
		for (mach_msg_type_number_t i = 0; i < n; i++) {
			if (tp->ld.echo_len > TTY_ECHO_MAX - ECHO_ONE_MAX)
				tty_echo_flush(tp);
			enum tty_sig sig = tty_ldisc_input(&tp->ld, (unsigned char)buf[i]);
			if (sig == TTY_NOSIG)
				continue;
			tty_echo_flush(tp);
			pid_t fg = tty_fg(tp);
			if (fg)
				pgrp_signal(fg, sig == TTY_SIGINT ? SIGINT :
						sig == TTY_SIGQUIT ? SIGQUIT : SIGTSTP);
		}
		tty_echo_flush(tp);
		syscall_wake(WAIT_TTY, tp);
		mthread_mutex_unlock(&bsd_lock);
	}
}

/* Start the reader if it does not run (bsd_lock held); false if there is no console. */
static bool tty_start_reader(struct tty *tp)
{
	if (tp->reader)
		return true;
	if (tp->gone || !MACH_PORT_VALID(console_port()))
		return false;
	mthread_t t;
	/* It runs parked calls again (reads, TOSTOP writes) and delivers signals. */
	mthread_attr_t attr = { .stack_size = 64 * 1024 };
	if (mthread_create(&t, &attr, tty_reader, tp) != 0)
		return false;
	tp->reader = true;
	return true;
}

/*
 * A read: canonical, a line (or its first n bytes); non-canonical, by
 * VMIN and VTIME (tenths of a second): MIN>0,TIME=0 waits for MIN bytes
 * (or n); MIN=0,TIME=0 returns what there is; MIN=0,TIME>0 waits for one
 * byte at most TIME from the call; MIN>0,TIME>0 waits for MIN bytes, or
 * TIME after the last byte came once one has.  A parked read runs again
 * when bytes come, when the deadline passes (the timer thread), or when
 * the foreground group changes.
 */
static long console_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct tty *tp = f->f_data;
	struct tty_ldisc *ld = &tp->ld;

	long r = tty_job_check(tp, p, SIGTTIN);
	if (r)
		return r;
	if (n == 0)
		return 0;
	if (!tty_start_reader(tp) && tty_ldisc_avail(ld) == 0)
		return 0;		/* no console: end of file */
	bool ready = tty_ldisc_can_read(ld, n);
	if (!ready && !(ld->t.c_lflag & ICANON)) {
		uint64_t now = now_ns(), time = ld->t.c_cc[VTIME] * 100000000ULL;
		size_t avail = tty_ldisc_avail(ld);
		if (ld->t.c_cc[VMIN] == 0 && time == 0) {
			ready = true;
		} else if (ld->t.c_cc[VMIN] == 0 && time) {
			if (p->wait.deadline_ns == 0)
				p->wait.deadline_ns = now + time;	/* the call's first run */
			ready = now >= p->wait.deadline_ns;
		} else if (time && avail > 0) {
			p->wait.deadline_ns = tp->last_input_ns + time;
			ready = now >= p->wait.deadline_ns;
		} else {
			p->wait.deadline_ns = 0;
		}
	}
	if (!ready) {
		if (tp->gone)
			return 0;
		if (f->f_flag & O_NONBLOCK)
			return -EAGAIN;
		syscall_park(p, WAIT_TTY, tp);
		if (p->wait.deadline_ns)
			timer_kick();
		return EJUSTRETURN;
	}
	/* The readable bytes are at the front of the input: copy, then take. */
	size_t take = tty_ldisc_avail(ld);
	if (take > n)
		take = n;
	if (take && copyout(p, ld->in, uaddr, take))
		return -EFAULT;
	return (long)tty_ldisc_read(ld, NULL, take);
}

static long console_write_op(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct tty *tp = f->f_data;
	char in[CONSOLE_WRITE_MAX / 2], out[CONSOLE_WRITE_MAX];
	size_t done = 0;

	if (tp->ld.t.c_lflag & TOSTOP) {
		long r = tty_job_check(tp, p, SIGTTOU);
		if (r)
			return r;
	}
	if (tp->ld.ostopped && n) {
		if (f->f_flag & O_NONBLOCK)
			return -EAGAIN;
		syscall_park(p, WAIT_TTY, tp);	/* run again by VSTART, IXANY or TIOCSTART */
		return EJUSTRETURN;
	}
	while (done < n) {
		size_t chunk = n - done < sizeof(in) ? n - done : sizeof(in);
		if (copyin(p, uaddr + done, in, chunk))
			return done ? (long)done : -EFAULT;
		/* Output processing at most doubles the bytes: one pass fits. */
		size_t used;
		tty_out(out, tty_ldisc_output(&tp->ld.t, in, chunk, out, sizeof(out), &used));
		done += chunk;
	}
	return (long)done;
}

/*
 * The session of `tp' ends its hold on it (its leader exited, or gave it
 * up with TIOCNOTTY): the foreground group gets SIGHUP and SIGCONT, and
 * the terminal belongs to no session, with no foreground group; output
 * runs again.  Locks: bsd_lock held.
 */
static void tty_hangup(struct tty *tp)
{
	pid_t fg = tty_fg(tp);

	tp->sid = 0;
	tp->pgrp = 0;
	tp->ld.ostopped = false;
	tty_echo_flush(tp);
	if (fg) {
		pgrp_signal(fg, SIGHUP);
		pgrp_signal(fg, SIGCONT);
	}
	syscall_wake(WAIT_TTY, tp);	/* parked reads and writes see the change */
}

/*
 * A descriptor to the terminal that its session lost when its controlling
 * process exited: revoked, as FreeBSD's exit revokes the terminal's vnode
 * (deadfs): a read is at the end (0), a write EIO, an ioctl ENOTTY (so
 * isatty says no), fstat EBADF.
 */
static long dead_tty_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	(void)f, (void)p, (void)uaddr, (void)n;
	return 0;
}

static long dead_tty_write(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	(void)f, (void)p, (void)uaddr, (void)n;
	return -EIO;
}

static int dead_tty_ioctl(struct file *f, struct proc *p, unsigned long cmd, uint64_t arg)
{
	(void)f, (void)p, (void)cmd, (void)arg;
	return ENOTTY;
}

static const struct fileops dead_tty_ops = {
	.fo_read = dead_tty_read, .fo_write = dead_tty_write, .fo_ioctl = dead_tty_ioctl,
};

static const struct fileops console_ops;

/*
 * tty_revoke: every descriptor a living process of session `sid' has on
 * `tp' names a revoked file from now on (one for each open file it named,
 * so descriptors that shared one still do).  FreeBSD revokes every
 * descriptor on the terminal; here one terminal serves every session and
 * init's own descriptors are on it, so those of other sessions stay.  A
 * call of theirs parked on the terminal, run again by the hangup's wake,
 * finds the revoked file.  Locks: bsd_lock held.
 */
static bool revoked_here(const struct proc *q, pid_t sid)
{
	return q->state == PROC_ALIVE && q->sid == sid;
}

static void tty_revoke(struct tty *tp, pid_t sid)
{
	for (int i = 0; i < BSD_MAXPROC; i++) {
		if (!revoked_here(&proc_table[i], sid))
			continue;
		for (int fd = 0; fd < BSD_NOFILE; fd++) {
			struct file *f = proc_table[i].fd[fd];
			if (!f || f->f_ops != &console_ops || f->f_data != tp)
				continue;
			struct file *dead = file_alloc(&dead_tty_ops, NULL, f->f_flag);
			if (!dead)
				continue;	/* no memory: that one stays */
			/* This descriptor and every later one of the session sharing f. */
			bool first = true;
			for (int j = i; j < BSD_MAXPROC; j++) {
				struct proc *q = &proc_table[j];
				if (!revoked_here(q, sid))
					continue;
				for (int d = j == i ? fd : 0; d < BSD_NOFILE; d++) {
					if (q->fd[d] != f)
						continue;
					if (!first)
						file_hold(dead);
					first = false;
					q->fd[d] = dead;
					file_release(f);
				}
			}
		}
	}
}

void tty_proc_exit(struct proc *p)
{
	if (p->pid == p->sid && console_tty.sid == p->sid) {
		tty_revoke(&console_tty, p->sid);
		tty_hangup(&console_tty);
	}
}

static int console_ioctl(struct file *f, struct proc *p, unsigned long cmd, uint64_t arg)
{
	struct tty *tp = f->f_data;

	switch (cmd) {
	case TIOCFLUSH: {	/* tcflush: output is never held, so only input goes */
		int what;
		int error = copyin(p, arg, &what, sizeof(what));
		if (error)
			return error;
		if (what == 0)
			what = TTY_FLUSH_READ | TTY_FLUSH_WRITE;
		if (what & TTY_FLUSH_READ)
			tty_ldisc_flush(&tp->ld);
		return 0;
	}
	case TIOCDRAIN:		/* tcdrain: writes are on the line when they return */
		return 0;
	case TIOCSTOP:
		tp->ld.ostopped = true;
		return 0;
	case TIOCSTART:
		tp->ld.ostopped = false;
		tty_echo_flush(tp);		/* the echo that waited */
		syscall_wake(WAIT_TTY, tp);	/* the writes that wait */
		return 0;
	case FIONREAD: {	/* canonical: the bytes of complete lines */
		int n = (int)tty_ldisc_pending(&tp->ld);
		return copyout(p, &n, arg, sizeof(n));
	}
	case TIOCSCTTY:
		/* A session leader whose session has no terminal takes this
		 * one, if no living session has it (FreeBSD's rule, without
		 * its stealing of a revoked terminal): its group foreground. */
		if (p->pid != p->sid)
			return EPERM;
		if (tp->sid == p->sid)
			return 0;
		if (tp->sid && session_exists(tp->sid))
			return EPERM;
		tp->sid = p->sid;
		tp->pgrp = p->pgid;
		tp->ld.ostopped = false;
		tty_echo_flush(tp);
		for (int i = 0; i < BSD_MAXPROC; i++)
			if (proc_table[i].sid == p->sid)
				proc_table[i].no_ctty = false;
		syscall_wake(WAIT_TTY, tp);
		return 0;
	case TIOCNOTTY:
		/* Leave the controlling terminal: its leader for the whole
		 * session (as its exit does), another process for itself. */
		if (tp->sid != p->sid || p->no_ctty)
			return ENOTTY;
		if (p->pid == p->sid)
			tty_hangup(tp);
		else
			p->no_ctty = true;
		return 0;
	case TIOCGETA:
		return copyout(p, &tp->ld.t, arg, sizeof(tp->ld.t));
	case TIOCSETA:		/* TCSANOW */
	case TIOCSETAW:		/* TCSADRAIN: writes are on the line when they return */
	case TIOCSETAF: {	/* TCSAFLUSH: and the input is dropped */
		struct termios t;
		int error = copyin(p, arg, &t, sizeof(t));
		if (error)
			return error;
		tty_ldisc_setattr(&tp->ld, &t);
		if (cmd == TIOCSETAF)
			tty_ldisc_flush(&tp->ld);
		syscall_wake(WAIT_TTY, tp);	/* a read may be complete by the new rules */
		return 0;
	}
	case TIOCGPGRP: {
		pid_t fg = tty_fg(tp);
		int pgrp = fg ? fg : TTY_NO_PGRP;
		return copyout(p, &pgrp, arg, sizeof(pgrp));
	}
	case TIOCSPGRP: {
		int pgrp;
		int error = copyin(p, arg, &pgrp, sizeof(pgrp));
		if (error)
			return error;
		/* Another session's process may not, but its session leader
		 * makes the console its session's controlling terminal (as
		 * TIOCSCTTY does in BSD: init starts the shell in a session of
		 * its own, where getty's open would have given it the
		 * terminal), and any process takes a terminal whose session
		 * has ended. */
		if (p->sid != tp->sid && tp->sid && p->pid != p->sid && session_exists(tp->sid))
			return ENOTTY;
		if (pgrp <= 0)
			return EINVAL;
		if (!pgrp_exists(pgrp, p->sid))
			return EPERM;
		tp->sid = p->sid;
		tp->pgrp = pgrp;
		syscall_wake(WAIT_TTY, tp);	/* a stopped background read may go on */
		return 0;
	}
	default:
		return ENOTTY;
	}
}

static int dev_stat(struct file *f, struct stat *st);

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

/*
 * The devices: bsd_server's own, found by name before any file system, as
 * FreeBSD's devfs mounted on /dev shows them: /dev lists exactly these
 * (the disk's /dev, if any, is covered: none of its names opens), each
 * with its own inode number on the device file system (st_dev DEVFS_DEV;
 * the root file system's is 1, vattr_to_stat) and 4.4BSD's device
 * numbers, every time the time bsd_server started.  All are readable
 * and writable by everyone (no login changes a terminal's owner yet).
 */
#define DEVFS_DEV	2
#define DEVFS_ROOT_INO	2	/* /dev itself, as devfs numbers it */

static const struct device {
	const char		*name;
	const struct fileops	*ops;
	ino_t			ino;
	int			major, minor;
} devices[] = {
	{ "console", &console_ops, 3, 0, 0 },
	{ "tty", &console_ops, 4, 1, 0 },	/* the controlling terminal: the console */
	{ "null", &null_ops, 5, 2, 2 },
	{ "zero", &zero_ops, 6, 2, 12 },
};
#define NDEVICES	(sizeof(devices) / sizeof(devices[0]))

static int64_t devfs_time;	/* when bsd_server started (dev_init) */

static const struct device *dev_named(const char *path)
{
	if (strncmp(path, "/dev/", 5) != 0)
		return NULL;
	for (size_t i = 0; i < NDEVICES; i++)
		if (strcmp(path + 5, devices[i].name) == 0)
			return &devices[i];
	return NULL;
}

static void device_stat(const struct device *d, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = DEVFS_DEV;
	st->st_ino = d->ino;
	st->st_mode = S_IFCHR | 0666;
	st->st_nlink = 1;
	st->st_rdev = (dev_t)makedev(d->major, d->minor);
	st->st_blksize = 4096;
	st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec = devfs_time;
}

// fstat of an open device: what stat of its name says (the console's for
// /dev/tty, which opens the controlling terminal, as FreeBSD's does).
static int dev_stat(struct file *f, struct stat *st)
{
	const struct device *d = f->f_ops == &console_ops ? &devices[0] : f->f_data;
	device_stat(d, st);
	return 0;
}

void dev_init(void)
{
	devfs_time = realtime_ns() / 1000000000;
}

int dev_stat_path(const char *path, struct stat *st)
{
	const struct device *d = dev_named(path);
	if (!d)
		return ENOENT;
	device_stat(d, st);
	return 0;
}

long dev_readdir(uint64_t *cookie, ino_t dot, ino_t dotdot, void *buf, size_t n)
{
	size_t used = 0;
	for (uint64_t i = *cookie; i < 2 + NDEVICES; i++) {
		const char *name = i == 0 ? "." : i == 1 ? ".." : devices[i - 2].name;
		size_t namelen = strlen(name), len = _GENERIC_DIRLEN(namelen);
		if (used + len > n)
			break;
		struct dirent *d = (struct dirent *)((char *)buf + used);
		memset(d, 0, len);
		d->d_fileno = i == 0 ? dot : i == 1 ? dotdot : devices[i - 2].ino;
		d->d_reclen = (unsigned short)len;
		d->d_type = i < 2 ? DT_DIR : DT_CHR;
		d->d_namlen = (uint16_t)namelen;
		memcpy(d->d_name, name, namelen);
		d->d_off = (off_t)(i + 1);
		used += len;
		*cookie = i + 1;
	}
	return (long)used;
}

int dev_access(const char *path, uid_t euid, int mode)
{
	struct stat st;
	int e = dev_stat_path(path, &st);
	if (e)
		return e;
	/* Root's, so anyone else asks of the bits for others; root may read
	 * and write anything, and execute what has an x bit (as FreeBSD). */
	unsigned have = euid == 0 ? 6 | ((st.st_mode & 0111) ? 1 : 0)
				  : (st.st_mode & 07);
	return (mode & ~have) ? EACCES : 0;
}

struct file *dev_open(const char *path, int flags, int *error)
{
	const struct device *dev = dev_named(path);
	const struct fileops *ops = dev ? dev->ops : NULL;
	void *data = (void *)(uintptr_t)dev;

	if (ops == &console_ops) {
		data = &console_tty;
		/* The first open (init's descriptors): the console becomes the
		 * controlling terminal of init's session, init's group in the
		 * foreground, and its input is taken from the driver from now
		 * on, so a ^C reaches a program that never reads. */
		if (!console_tty.reader && !console_tty.gone) {
			if (!console_tty.inited)
				tty_ldisc_init(&console_tty.ld);
			console_tty.inited = true;
			if (!console_tty.sid && initproc && initproc->state == PROC_ALIVE) {
				console_tty.sid = initproc->sid;
				console_tty.pgrp = initproc->pgid;
			}
			(void)tty_start_reader(&console_tty);
		}
	} else if (!ops) {
		*error = ENOENT;
		return NULL;
	}
	if (flags & O_DIRECTORY) {
		*error = ENOTDIR;
		return NULL;
	}
	struct file *f = file_alloc(ops, data, flags & (O_ACCMODE | O_NONBLOCK | O_APPEND));
	if (!f)
		*error = ENFILE;
	return f;
}
