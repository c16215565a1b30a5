// SPDX-License-Identifier: BSD-2-Clause
// The terminal's line discipline (see tty_ldisc.h for the rules).
#include <string.h>
#include "tty_ldisc.h"

/* Is `c' the control character at index `i' (and that one not disabled)? */
static bool cc_is(const struct tty_ldisc *ld, int i, unsigned char c)
{
	return ld->t.c_cc[i] != _POSIX_VDISABLE && ld->t.c_cc[i] == c;
}

static bool canonical(const struct tty_ldisc *ld)
{
	return (ld->t.c_lflag & ICANON) != 0;
}

void tty_ldisc_init(struct tty_ldisc *ld)
{
	memset(ld, 0, sizeof(*ld));
	ld->t.c_iflag = ICRNL | IXON;
	ld->t.c_oflag = OPOST | ONLCR;
	ld->t.c_cflag = CS8 | CREAD | CLOCAL;
	ld->t.c_lflag = ECHO | ECHOE | ECHOK | ICANON | ISIG | IEXTEN;
	memset(ld->t.c_cc, _POSIX_VDISABLE, sizeof(ld->t.c_cc));
	ld->t.c_cc[VEOF] = 0x04;	/* ^D */
	ld->t.c_cc[VERASE] = 0x7f;	/* DEL */
	ld->t.c_cc[VERASE2] = 0x08;	/* ^H */
	ld->t.c_cc[VWERASE] = 0x17;	/* ^W */
	ld->t.c_cc[VKILL] = 0x15;	/* ^U */
	ld->t.c_cc[VINTR] = 0x03;	/* ^C */
	ld->t.c_cc[VQUIT] = 0x1c;	/* ^\ */
	ld->t.c_cc[VSUSP] = 0x1a;	/* ^Z */
	ld->t.c_cc[VLNEXT] = 0x16;	/* ^V */
	ld->t.c_cc[VSTART] = 0x11;	/* ^Q */
	ld->t.c_cc[VSTOP] = 0x13;	/* ^S */
	ld->t.c_cc[VMIN] = 1;
	ld->t.c_cc[VTIME] = 0;
	ld->t.c_ispeed = B115200;
	ld->t.c_ospeed = B115200;
}

void tty_ldisc_flush(struct tty_ldisc *ld)
{
	ld->len = ld->ready = 0;
	ld->lhead = ld->nlines = 0;
	ld->lnext = false;
}

size_t tty_ldisc_pending(const struct tty_ldisc *ld)
{
	return canonical(ld) ? ld->ready : ld->len;
}

void tty_ldisc_setattr(struct tty_ldisc *ld, const struct termios *t)
{
	bool was = canonical(ld);

	ld->t = *t;
	if (was && !canonical(ld)) {
		ld->lhead = ld->nlines = 0;	/* every byte readable */
		ld->ready = ld->len;
	} else if (!was && canonical(ld)) {
		ld->lhead = ld->nlines = 0;	/* every byte the line being edited */
		ld->ready = 0;
	}
	ld->lnext = false;
}

size_t tty_ldisc_output(const struct termios *t, const char *in, size_t n, char *out, size_t room,
			size_t *used)
{
	bool onlcr = (t->c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR);
	size_t i = 0, o = 0;

	for (; i < n; i++) {
		if (onlcr && in[i] == '\n') {
			if (room - o < 2)
				break;
			out[o++] = '\r';
		} else if (o == room) {
			break;
		}
		out[o++] = in[i];
	}
	*used = i;
	return o;
}

/* Echo bytes (through output processing); what does not fit is lost. */
static void echo(struct tty_ldisc *ld, const char *s, size_t n)
{
	size_t used;

	ld->echo_len += tty_ldisc_output(&ld->t, s, n, ld->echo + ld->echo_len,
					 TTY_ECHO_MAX - ld->echo_len, &used);
}

/* Take back the last byte of the line being edited, with its echo. */
static void erase_one(struct tty_ldisc *ld, unsigned char c)
{
	if (ld->len == ld->ready)
		return;
	ld->len--;
	if (!(ld->t.c_lflag & ECHO))
		return;
	if (ld->t.c_lflag & ECHOE)
		echo(ld, "\b \b", 3);
	else
		echo(ld, (const char *)&c, 1);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The line being edited ends (canonical): its bytes become a complete line. */
static bool end_line(struct tty_ldisc *ld)
{
	if (ld->nlines == TTY_LINES_MAX)
		return false;
	ld->lines[(ld->lhead + ld->nlines) % TTY_LINES_MAX] = (uint16_t)(ld->len - ld->ready);
	ld->nlines++;
	ld->ready = ld->len;
	return true;
}

/* Store a byte: the line being edited (canonical) keeps its last byte of room for a line end. */
static bool store(struct tty_ldisc *ld, unsigned char c, bool line_end)
{
	size_t room = TTY_INPUT_MAX - (canonical(ld) && !line_end ? 1 : 0);

	if (ld->len >= room || (line_end && ld->nlines == TTY_LINES_MAX)) {
		ld->dropped++;
		return false;
	}
	ld->in[ld->len++] = (char)c;
	if (line_end)
		(void)end_line(ld);
	return true;
}

enum tty_sig tty_ldisc_input(struct tty_ldisc *ld, unsigned char c)
{
	const tcflag_t iflag = ld->t.c_iflag, lflag = ld->t.c_lflag;
	bool literal = ld->lnext;

	ld->lnext = false;
	if (iflag & ISTRIP)
		c &= 0x7f;
	if (iflag & IXANY)
		ld->ostopped = false;
	if (!literal) {
		if ((lflag & IEXTEN) && cc_is(ld, VLNEXT, c)) {
			ld->lnext = true;
			return TTY_NOSIG;
		}
		if (iflag & IXON) {
			/* VSTOP equal to VSTART toggles. */
			if (cc_is(ld, VSTOP, c) && (!ld->ostopped || !cc_is(ld, VSTART, c))) {
				ld->ostopped = true;
				return TTY_NOSIG;
			}
			if (cc_is(ld, VSTART, c)) {
				ld->ostopped = false;
				return TTY_NOSIG;
			}
		}
		if (lflag & ISIG) {
			enum tty_sig sig = cc_is(ld, VINTR, c) ? TTY_SIGINT :
					   cc_is(ld, VQUIT, c) ? TTY_SIGQUIT :
					   cc_is(ld, VSUSP, c) ? TTY_SIGTSTP : TTY_NOSIG;
			if (sig != TTY_NOSIG) {
				if (!(lflag & NOFLSH))
					tty_ldisc_flush(ld);
				return sig;
			}
		}
		if (c == '\r') {
			if (iflag & IGNCR)
				return TTY_NOSIG;
			if (iflag & ICRNL)
				c = '\n';
		} else if (c == '\n' && (iflag & INLCR)) {
			c = '\r';
		}
	}
	if (!canonical(ld)) {
		if (store(ld, c, false) && (lflag & ECHO))
			echo(ld, (const char *)&c, 1);
		return TTY_NOSIG;
	}
	if (!literal) {
		if (cc_is(ld, VERASE, c) || cc_is(ld, VERASE2, c)) {
			erase_one(ld, c);
			return TTY_NOSIG;
		}
		if (cc_is(ld, VKILL, c)) {
			if ((lflag & (ECHO | ECHOK | ECHOE)) == (ECHO | ECHOK | ECHOE)) {
				while (ld->len > ld->ready)
					erase_one(ld, c);
				return TTY_NOSIG;
			}
			ld->len = ld->ready;
			if (lflag & ECHO)
				echo(ld, (const char *)&c, 1);
			if ((lflag & (ECHO | ECHOK)) == (ECHO | ECHOK))
				echo(ld, "\n", 1);
			return TTY_NOSIG;
		}
		if ((lflag & IEXTEN) && cc_is(ld, VWERASE, c)) {
			while (ld->len > ld->ready && blank(ld->in[ld->len - 1]))
				erase_one(ld, c);
			while (ld->len > ld->ready && !blank(ld->in[ld->len - 1]))
				erase_one(ld, c);
			return TTY_NOSIG;
		}
		if (cc_is(ld, VEOF, c)) {
			if (!end_line(ld))
				ld->dropped++;
			return TTY_NOSIG;
		}
	}
	bool line_end = !literal && (c == '\n' || cc_is(ld, VEOL, c) || cc_is(ld, VEOL2, c));
	if (store(ld, c, line_end)) {
		if (lflag & ECHO)
			echo(ld, (const char *)&c, 1);
		else if (c == '\n' && (lflag & ECHONL))
			echo(ld, "\n", 1);
	}
	return TTY_NOSIG;
}

size_t tty_ldisc_avail(const struct tty_ldisc *ld)
{
	if (!canonical(ld))
		return ld->len;
	return ld->nlines ? ld->lines[ld->lhead] : 0;
}

bool tty_ldisc_can_read(const struct tty_ldisc *ld, size_t n)
{
	if (canonical(ld))
		return ld->nlines > 0;
	size_t min = ld->t.c_cc[VMIN];
	if (min == 0)
		min = 1;
	if (min > n)
		min = n;
	return ld->len >= min;
}

size_t tty_ldisc_read(struct tty_ldisc *ld, char *buf, size_t n)
{
	size_t take = tty_ldisc_avail(ld);

	if (take > n)
		take = n;
	if (buf)
		memcpy(buf, ld->in, take);
	memmove(ld->in, ld->in + take, ld->len - take);
	ld->len -= take;
	if (canonical(ld) && ld->nlines > 0) {
		ld->ready -= take;
		ld->lines[ld->lhead] = (uint16_t)(ld->lines[ld->lhead] - take);
		if (ld->lines[ld->lhead] == 0) {	/* the line is all read (or was an end of file) */
			ld->lhead = (ld->lhead + 1) % TTY_LINES_MAX;
			ld->nlines--;
		}
	}
	return take;
}
