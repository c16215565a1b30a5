/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The terminal's line discipline: what becomes of the bytes typed on
 * /dev/console and of those written to it, by the termios settings
 * (FreeBSD's struct termios, <sys/termios.h>).  Pure code: no Mach calls,
 * no processes, no locks.  The caller (dev.c) feeds it the bytes typed,
 * writes out what it says to echo, posts the signals it asks for and reads
 * from it; it is tested on the host (tests/host/test_tty_ldisc.c).
 *
 * Input, one byte at a time (tty_ldisc_input), the rules in this order:
 *   ISTRIP               the top bit is cleared
 *   IXANY                any byte starts stopped output again (and goes on
 *                        through the rules below)
 *   IEXTEN and VLNEXT    the byte after ^V is taken as it is: no rule below applies
 *   IXON                 VSTOP (^S) stops output, VSTART (^Q) starts it
 *                        again (`ostopped'); neither is stored nor echoed
 *                        (VSTOP equal to VSTART toggles, as FreeBSD's)
 *   ISIG                 VINTR, VQUIT, VSUSP: the input is flushed (unless
 *                        NOFLSH), the byte is not stored, and the signal is
 *                        asked for (TTY_SIGINT, TTY_SIGQUIT, TTY_SIGTSTP)
 *   IGNCR, ICRNL, INLCR  CR is dropped, or made NL; NL is made CR
 *   ICANON               VERASE and VERASE2 (^H) take back the last byte of
 *                        the line being edited, VKILL the whole line, VWERASE
 *                        (with IEXTEN) the last word; VEOF ends the line
 *                        without being stored (at the start of a line it is
 *                        an end of file: that read returns 0); NL, VEOL and
 *                        VEOL2 end the line and are stored with it
 *   anything else        stored
 * A c_cc entry of _POSIX_VDISABLE (0xff) matches no byte.
 *
 * Echo (ECHO), into `echo' for the caller to write:
 *   a stored byte        itself
 *   erase, word erase    "\b \b" for each byte taken back (ECHOE), else the character
 *   kill                 "\b \b" for each byte (ECHOK and ECHOE), the kill
 *                        character and NL (ECHOK alone), else the character
 *   NL                   also with ECHO off, in canonical mode (ECHONL)
 *   VEOF, signals, ^V    nothing
 * Echo goes through output processing.  What does not fit TTY_ECHO_MAX is
 * not echoed.  Tabs and control characters count as one column each:
 * erasing one takes back one column.
 *
 * Reading.  Canonical: a read takes bytes of the first complete line only,
 * never of the next; what it leaves is read next time; a line ended by
 * VEOF at its start is an end of file (a read of 0 bytes).  Non-canonical:
 * every byte is readable; tty_ldisc_can_read says when a read is complete
 * by VMIN (the caller keeps VTIME's clock).  Switching ICANON off makes
 * every byte held readable (ends of file are forgotten); switching it on
 * makes the bytes held the line being edited.
 *
 * Room: TTY_INPUT_MAX bytes of input; in canonical mode the last one is
 * kept for a line's end, so a full line can still be ended.  At most
 * TTY_LINES_MAX complete lines wait.  A byte that finds no room is dropped
 * and counted.
 *
 * Output processing (tty_ldisc_output): with OPOST and ONLCR, NL is sent
 * as CR NL; without OPOST bytes go out as they are.
 *
 * Output stopped (`ostopped': IXON's VSTOP, or the caller's TIOCSTOP) holds
 * what is written and echoed: the caller writes nothing until it is
 * started again (VSTART, IXANY, TIOCSTART), and keeps the echo meanwhile.
 *
 * Not done: IXOFF (input flow control), VREPRINT, VDISCARD, VSTATUS,
 * VDSUSP, ECHOCTL, parity.
 */
#ifndef _BSD_TTY_LDISC_H_
#define _BSD_TTY_LDISC_H_
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/termios.h>

/* FreeBSD's, which the personality's <sys/termios.h> does not name (yet). */
#ifndef ISTRIP
#define ISTRIP		0x00000020
#endif
#ifndef VEOL2
#define VEOL2		2
#endif
#ifndef VWERASE
#define VWERASE		4
#endif
#ifndef VERASE2
#define VERASE2		7
#endif
#ifndef VLNEXT
#define VLNEXT		14
#endif
#ifndef _POSIX_VDISABLE
#define _POSIX_VDISABLE	0xff
#endif

#define TTY_INPUT_MAX	1024	/* bytes of input held (MAX_INPUT) */
#define TTY_LINES_MAX	128	/* complete lines waiting, canonical mode */
#define TTY_ECHO_MAX	4096	/* echo waiting for the caller: three times a full line and more */

/* The signals input asks for; the caller maps them to its signal numbers. */
enum tty_sig { TTY_NOSIG, TTY_SIGINT, TTY_SIGQUIT, TTY_SIGTSTP };

struct tty_ldisc {
	struct termios	t;
	/* Input.  Canonical: the complete lines, oldest first, then the line
	 * being edited (from `ready' to `len').  Non-canonical: all readable. */
	char		in[TTY_INPUT_MAX];
	size_t		len;
	size_t		ready;			/* canonical: bytes of complete lines */
	uint16_t	lines[TTY_LINES_MAX];	/* canonical: their lengths, a ring */
	unsigned	lhead, nlines;
	bool		lnext;			/* the last byte was VLNEXT */
	bool		ostopped;		/* output stopped: VSTOP typed, or TIOCSTOP */
	uint32_t	dropped;		/* input bytes that found no room */
	/* Echo to write, after output processing: the caller writes
	 * echo[0..echo_len) and sets echo_len to 0. */
	char		echo[TTY_ECHO_MAX];
	size_t		echo_len;
};

/* tty_ldisc_init: empty, with the default settings ("sane": canonical,
 * echo, signals, ICRNL, IXON, OPOST|ONLCR; FreeBSD's control characters),
 * output running. */
void tty_ldisc_init(struct tty_ldisc *ld);
/* tty_ldisc_setattr: new settings; the input stays (see "Switching" above). */
void tty_ldisc_setattr(struct tty_ldisc *ld, const struct termios *t);
/* tty_ldisc_flush: forget all input (TCSAFLUSH, a signal character). */
void tty_ldisc_flush(struct tty_ldisc *ld);
/*
 * tty_ldisc_input: one byte typed.  Stores it, or edits with it, adds its
 * echo to `echo', and returns the signal it asks for, or TTY_NOSIG.
 */
enum tty_sig tty_ldisc_input(struct tty_ldisc *ld, unsigned char c);
/* tty_ldisc_pending: bytes reads could take before more is typed
 * (FIONREAD): canonical, those of every complete line; non-canonical,
 * every byte held. */
size_t tty_ldisc_pending(const struct tty_ldisc *ld);
/* tty_ldisc_avail: bytes a read could take now (canonical: of the first
 * complete line; 0 also for an end of file, which can_read tells apart). */
size_t tty_ldisc_avail(const struct tty_ldisc *ld);
/*
 * tty_ldisc_can_read: would a read of up to `n' bytes be complete now?
 * Canonical: a complete line (or an end of file) waits.  Non-canonical:
 * at least min(VMIN, n) bytes wait (VMIN 0: at least one; the caller
 * decides what VTIME lets it return without).
 */
bool tty_ldisc_can_read(const struct tty_ldisc *ld, size_t n);
/*
 * tty_ldisc_read: take up to `n' readable bytes into `buf'; how many.
 * Canonical: from the first complete line only; 0 consumes an end of
 * file.  Call it when can_read says so (or VTIME's clock ran out).  The
 * readable bytes are the first of `in': a caller that copied them from
 * there already passes `buf' NULL.
 */
size_t tty_ldisc_read(struct tty_ldisc *ld, char *buf, size_t n);
/*
 * tty_ldisc_output: output processing of `n' bytes of `in' by settings
 * `t' into `out' (`room' bytes).  Returns the bytes made; *used is how
 * many of `in' they came from (less than n when `out' is full).
 */
size_t tty_ldisc_output(const struct termios *t, const char *in, size_t n, char *out, size_t room,
			size_t *used);

#endif /* _BSD_TTY_LDISC_H_ */
