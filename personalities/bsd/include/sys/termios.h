/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Terminal settings (picolibc's <termios.h> includes this; it has none):
 * FreeBSD's struct termios, flag values and ioctl numbers, which
 * bsd_server's /dev/console understands (tcgetattr is TIOCGETA, tcflush
 * TIOCFLUSH, ...), and <sys/filio.h> (FIONREAD; <sys/ioctl.h> includes
 * both).
 */
#ifndef _SYS_TERMIOS_H_
#define _SYS_TERMIOS_H_
#include <stdint.h>
#include <sys/types.h>
#include <sys/filio.h>	/* FIONREAD, which the console answers too */

typedef unsigned int	tcflag_t;
typedef unsigned char	cc_t;
typedef unsigned int	speed_t;

#define NCCS		20
#define VEOF		0
#define VEOL		1
#define VERASE		3
#define VKILL		5
#define VINTR		8
#define VQUIT		9
#define VSUSP		10
#define VSTART		12	/* ^Q: output again (IXON) */
#define VSTOP		13	/* ^S: output suspended (IXON) */
#define VMIN		16
#define VTIME		17

/* c_iflag */
#define IGNBRK		0x00000001
#define BRKINT		0x00000002
#define INLCR		0x00000040
#define IGNCR		0x00000080
#define ICRNL		0x00000100
#define IXON		0x00000200	/* VSTOP and VSTART typed stop and start output */
#define IXOFF		0x00000400	/* (input flow control: not done) */
#define IXANY		0x00000800	/* any byte typed starts output again */
/* c_oflag */
#define OPOST		0x00000001
#define ONLCR		0x00000002
/* c_cflag */
#define CS8		0x00000300
#define CREAD		0x00000800
#define CLOCAL		0x00008000
/* c_lflag */
#define ECHOE		0x00000002
#define ECHOK		0x00000004
#define ECHO		0x00000008
#define ECHONL		0x00000010
#define ISIG		0x00000080
#define ICANON		0x00000100
#define IEXTEN		0x00000400
#define TOSTOP		0x00400000
#define NOFLSH		0x80000000

#define TCSANOW		0
#define TCSADRAIN	1
#define TCSAFLUSH	2

/* tcflush: which queue (FreeBSD's values). */
#define TCIFLUSH	1	/* what was typed and not read */
#define TCOFLUSH	2	/* what was written and not sent */
#define TCIOFLUSH	3
/* tcflow: output suspended or resumed; the stop or start character sent. */
#define TCOOFF		1
#define TCOON		2
#define TCIOFF		3
#define TCION		4

#define B0		0
#define B9600		9600
#define B38400		38400
#define B115200		115200

struct termios {
	tcflag_t	c_iflag;
	tcflag_t	c_oflag;
	tcflag_t	c_cflag;
	tcflag_t	c_lflag;
	cc_t		c_cc[NCCS];
	speed_t		c_ispeed;
	speed_t		c_ospeed;
};

/* ioctl requests (FreeBSD's _IOR/_IOW encoding of 't' requests). */
#define TIOCGETA	0x402c7413UL	/* _IOR('t', 19, struct termios) */
#define TIOCSETA	0x802c7414UL	/* _IOW('t', 20, struct termios) */
#define TIOCSETAW	0x802c7415UL
#define TIOCSETAF	0x802c7416UL
#define TIOCGPGRP	0x40047477UL	/* _IOR('t', 119, int) */
#define TIOCSPGRP	0x80047476UL	/* _IOW('t', 118, int) */
#define TIOCFLUSH	0x80047410UL	/* _IOW('t', 16, int): FREAD 1, FWRITE 2 (0: both) */
#define TIOCDRAIN	0x2000745eUL	/* _IO('t', 94): wait until written out */
#define TIOCSCTTY	0x20007461UL	/* _IO('t', 97): a session leader's controlling terminal */
#define TIOCNOTTY	0x20007471UL	/* _IO('t', 113): leave the controlling terminal */
#define TIOCSTOP	0x2000746fUL	/* _IO('t', 111): suspend output */
#define TIOCSTART	0x2000746eUL	/* _IO('t', 110): resume output */

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);
int tcflush(int fd, int queue);
int tcdrain(int fd);
int tcflow(int fd, int action);
speed_t cfgetispeed(const struct termios *t);
speed_t cfgetospeed(const struct termios *t);
int cfsetispeed(struct termios *t, speed_t s);
int cfsetospeed(struct termios *t, speed_t s);
void cfmakeraw(struct termios *t);
int ioctl(int fd, unsigned long request, ...);

#endif /* _SYS_TERMIOS_H_ */
