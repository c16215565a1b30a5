// SPDX-License-Identifier: BSD-2-Clause
// Terminal calls over ioctl (FreeBSD's requests): tcgetattr, tcsetattr,
// the foreground process group, tcflush, tcdrain, tcflow, speeds,
// cfmakeraw, and isatty.
#include <errno.h>
#include <sys/termios.h>
#include <termios.h>
#include <unistd.h>

int tcgetattr(int fd, struct termios *t)
{
	return ioctl(fd, TIOCGETA, t);
}

int tcsetattr(int fd, int action, const struct termios *t)
{
	switch (action) {
	case TCSANOW:
		return ioctl(fd, TIOCSETA, t);
	case TCSADRAIN:
		return ioctl(fd, TIOCSETAW, t);
	case TCSAFLUSH:
		return ioctl(fd, TIOCSETAF, t);
	default:
		errno = EINVAL;
		return -1;
	}
}

pid_t tcgetpgrp(int fd)
{
	int pgrp;

	if (ioctl(fd, TIOCGPGRP, &pgrp) < 0)
		return -1;
	return pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	int v = pgrp;

	return ioctl(fd, TIOCSPGRP, &v);
}

/* TIOCFLUSH's argument: FreeBSD's FREAD and FWRITE. */
#define FLUSH_READ	1
#define FLUSH_WRITE	2

int tcflush(int fd, int queue)
{
	int what;

	switch (queue) {
	case TCIFLUSH:
		what = FLUSH_READ;
		break;
	case TCOFLUSH:
		what = FLUSH_WRITE;
		break;
	case TCIOFLUSH:
		what = FLUSH_READ | FLUSH_WRITE;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	return ioctl(fd, TIOCFLUSH, &what);
}

int tcdrain(int fd)
{
	return ioctl(fd, TIOCDRAIN, 0);
}

/* TCIOFF and TCION send the terminal's stop and start characters
 * (FreeBSD's VSTOP ^S and VSTART ^Q: our termios has no slots for them). */
int tcflow(int fd, int action)
{
	struct termios t;
	char c;

	switch (action) {
	case TCOOFF:
		return ioctl(fd, TIOCSTOP, 0);
	case TCOON:
		return ioctl(fd, TIOCSTART, 0);
	case TCIOFF:
	case TCION:
		if (tcgetattr(fd, &t) < 0)
			return -1;
		c = (char)t.c_cc[action == TCIOFF ? VSTOP : VSTART];
		if ((unsigned char)c == 0xff)	/* _POSIX_VDISABLE: nothing to send */
			return 0;
		return write(fd, &c, 1) == 1 ? 0 : -1;
	default:
		errno = EINVAL;
		return -1;
	}
}

speed_t cfgetispeed(const struct termios *t) { return t->c_ispeed; }
speed_t cfgetospeed(const struct termios *t) { return t->c_ospeed; }
int cfsetispeed(struct termios *t, speed_t s) { t->c_ispeed = s; return 0; }
int cfsetospeed(struct termios *t, speed_t s) { t->c_ospeed = s; return 0; }

void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~(tcflag_t)OPOST;
	t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

int isatty(int fd)
{
	struct termios t;

	return tcgetattr(fd, &t) == 0;
}
