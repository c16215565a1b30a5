/* SPDX-License-Identifier: BSD-2-Clause */
/* bsd_server's terminal line discipline (bsd_server/tty_ldisc.c), one rule a test. */
#include <string.h>
#include "check.h"
#include "tty_ldisc.h"

static struct tty_ldisc ld;
static enum tty_sig last_sig;

/* A terminal with the default settings, nothing typed. */
static void reset(void)
{
	tty_ldisc_init(&ld);
	last_sig = TTY_NOSIG;
}

/* Type the bytes of `s' (a string literal, NULs and all); the last signal asked for stays in last_sig. */
static void type(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		enum tty_sig sig = tty_ldisc_input(&ld, (unsigned char)s[i]);
		if (sig != TTY_NOSIG)
			last_sig = sig;
	}
}
#define TYPE(s) type((s), sizeof(s) - 1)

/* The echo so far, as a string, and forget it. */
static const char *echoed(void)
{
	static char out[TTY_ECHO_MAX + 1];
	memcpy(out, ld.echo, ld.echo_len);
	out[ld.echo_len] = '\0';
	ld.echo_len = 0;
	return out;
}

/* A read of up to n bytes, as a string ("<none>" when it would wait). */
static const char *rd(size_t n)
{
	static char out[TTY_INPUT_MAX + 1];
	if (!tty_ldisc_can_read(&ld, n))
		return "<none>";
	size_t got = tty_ldisc_read(&ld, out, n);
	out[got] = '\0';
	return out;
}

static void set_lflag(tcflag_t on, tcflag_t off)
{
	struct termios t = ld.t;
	t.c_lflag = (t.c_lflag | on) & ~off;
	tty_ldisc_setattr(&ld, &t);
}

TEST(canonical_line_is_readable_only_when_ended)
{
	reset();
	TYPE("abc");
	CHECK(strcmp(rd(100), "<none>") == 0);
	TYPE("\n");
	CHECK(strcmp(rd(100), "abc\n") == 0);
	CHECK(strcmp(rd(100), "<none>") == 0);
	return 0;
}

TEST(canonical_line_with_erase_and_kill)
{
	reset();
	TYPE("xyz\x15" "abx\x7f" "c\n");	/* ^U kills "xyz"; DEL takes back the x */
	CHECK(strcmp(rd(100), "abc\n") == 0);
	return 0;
}

TEST(erase_echoes_backspace_space_backspace)
{
	reset();
	TYPE("ab\x7f");
	CHECK(strcmp(echoed(), "ab\b \b") == 0);
	return 0;
}

TEST(ctrl_h_erases_too)
{
	reset();
	TYPE("ab\b\n");
	CHECK(strcmp(rd(100), "a\n") == 0);
	return 0;
}

TEST(erase_stops_at_the_start_of_the_line)
{
	reset();
	TYPE("a\n\x7f\x7f" "b\n");
	CHECK(strcmp(echoed(), "a\r\nb\r\n") == 0);
	CHECK(strcmp(rd(100), "a\n") == 0);
	CHECK(strcmp(rd(100), "b\n") == 0);
	return 0;
}

TEST(kill_erases_the_line_from_the_display)
{
	reset();
	TYPE("ab\x15");
	CHECK(strcmp(echoed(), "ab\b \b\b \b") == 0);
	return 0;
}

TEST(kill_without_echoe_echoes_the_kill_character_and_a_newline)
{
	reset();
	set_lflag(0, ECHOE);
	TYPE("ab\x15");
	CHECK(strcmp(echoed(), "ab\x15\r\n") == 0);
	return 0;
}

TEST(word_erase_takes_back_the_last_word_and_the_blanks_after_it)
{
	reset();
	TYPE("one two  \x17" "three\n");
	CHECK(strcmp(rd(100), "one three\n") == 0);
	return 0;
}

TEST(ctrl_d_at_the_start_of_a_line_is_end_of_file)
{
	reset();
	TYPE("\x04");
	CHECK(tty_ldisc_can_read(&ld, 100));
	CHECK(strcmp(rd(100), "") == 0);		/* read returns 0 */
	CHECK(strcmp(rd(100), "<none>") == 0);	/* once */
	CHECK(strcmp(echoed(), "") == 0);
	return 0;
}

TEST(ctrl_d_in_the_middle_of_a_line_finishes_it_without_itself)
{
	reset();
	TYPE("ab\x04");
	CHECK(strcmp(rd(100), "ab") == 0);
	CHECK(strcmp(rd(100), "<none>") == 0);	/* not an end of file */
	return 0;
}

TEST(ctrl_c_asks_for_sigint_and_flushes_the_line)
{
	reset();
	TYPE("done\nhalf");
	TYPE("\x03");
	CHECK(last_sig == TTY_SIGINT);
	CHECK(strcmp(rd(100), "<none>") == 0);	/* the complete line went too */
	TYPE("new\n");
	CHECK(strcmp(rd(100), "new\n") == 0);
	return 0;
}

TEST(ctrl_backslash_asks_for_sigquit)
{
	reset();
	TYPE("\x1c");
	CHECK(last_sig == TTY_SIGQUIT);
	return 0;
}

TEST(ctrl_z_asks_for_sigtstp)
{
	reset();
	TYPE("\x1a");
	CHECK(last_sig == TTY_SIGTSTP);
	return 0;
}

TEST(noflsh_keeps_the_input_on_a_signal)
{
	reset();
	set_lflag(NOFLSH, 0);
	TYPE("ab\x03" "c\n");
	CHECK(last_sig == TTY_SIGINT);
	CHECK(strcmp(rd(100), "abc\n") == 0);
	return 0;
}

TEST(isig_off_passes_ctrl_c_as_a_byte)
{
	reset();
	set_lflag(0, ISIG);
	TYPE("a\x03\n");
	CHECK(last_sig == TTY_NOSIG);
	CHECK(strcmp(rd(100), "a\x03\n") == 0);
	return 0;
}

TEST(icrnl_makes_cr_a_newline)
{
	reset();
	TYPE("hi\r");
	CHECK(strcmp(rd(100), "hi\n") == 0);
	CHECK(strcmp(echoed(), "hi\r\n") == 0);
	return 0;
}

TEST(without_icrnl_cr_is_a_byte_of_the_line)
{
	reset();
	struct termios t = ld.t;
	t.c_iflag &= ~(tcflag_t)ICRNL;
	tty_ldisc_setattr(&ld, &t);
	TYPE("a\rb\n");
	CHECK(strcmp(rd(100), "a\rb\n") == 0);
	return 0;
}

TEST(igncr_drops_cr_and_inlcr_makes_newline_cr)
{
	reset();
	struct termios t = ld.t;
	t.c_iflag = IGNCR | INLCR;
	t.c_lflag &= ~(tcflag_t)ICANON;
	tty_ldisc_setattr(&ld, &t);
	TYPE("a\rb\n");
	CHECK(strcmp(rd(100), "ab\r") == 0);
	return 0;
}

TEST(istrip_clears_the_top_bit)
{
	reset();
	struct termios t = ld.t;
	t.c_iflag |= ISTRIP;
	tty_ldisc_setattr(&ld, &t);
	TYPE("\xc1\n");
	CHECK(strcmp(rd(100), "A\n") == 0);
	return 0;
}

TEST(echo_off_echoes_nothing)
{
	reset();
	set_lflag(0, ECHO);
	TYPE("secret\x7f\n");
	CHECK(strcmp(echoed(), "") == 0);
	CHECK(strcmp(rd(100), "secre\n") == 0);
	return 0;
}

TEST(echonl_echoes_the_newline_with_echo_off)
{
	reset();
	set_lflag(ECHONL, ECHO);
	TYPE("pw\n");
	CHECK(strcmp(echoed(), "\r\n") == 0);
	return 0;
}

TEST(noncanonical_vmin_1_gives_bytes_at_once)
{
	reset();
	set_lflag(0, ICANON | ECHO);
	TYPE("x");
	CHECK(strcmp(rd(100), "x") == 0);
	TYPE("\x7f\x04");			/* no editing, no end of file */
	CHECK(strcmp(rd(100), "\x7f\x04") == 0);
	return 0;
}

TEST(noncanonical_vmin_3_waits_for_three_bytes_or_the_read_size)
{
	reset();
	struct termios t = ld.t;
	t.c_lflag &= ~(tcflag_t)ICANON;
	t.c_cc[VMIN] = 3;
	tty_ldisc_setattr(&ld, &t);
	TYPE("ab");
	CHECK(strcmp(rd(100), "<none>") == 0);
	CHECK(strcmp(rd(1), "a") == 0);		/* a read of 1 needs 1 */
	TYPE("cd");
	CHECK(strcmp(rd(100), "bcd") == 0);
	return 0;
}

TEST(a_read_never_takes_bytes_of_the_next_line)
{
	reset();
	TYPE("one\ntwo\n");
	CHECK(strcmp(rd(2), "on") == 0);
	CHECK(strcmp(rd(100), "e\n") == 0);
	CHECK(strcmp(rd(100), "two\n") == 0);
	return 0;
}

TEST(leaving_canonical_mode_makes_the_partial_line_readable)
{
	reset();
	TYPE("a\nbc");
	set_lflag(0, ICANON);
	CHECK(strcmp(rd(100), "a\nbc") == 0);
	return 0;
}

TEST(lnext_takes_the_next_byte_literally)
{
	reset();
	TYPE("a\x16\x03\x16\x7f\n");
	CHECK(last_sig == TTY_NOSIG);
	CHECK(strcmp(rd(100), "a\x03\x7f\n") == 0);
	return 0;
}

TEST(a_full_line_can_still_be_ended_and_the_overflow_is_counted)
{
	reset();
	for (int i = 0; i < TTY_INPUT_MAX + 10; i++)
		TYPE("x");
	CHECK(ld.dropped == 11);
	TYPE("\n");
	CHECK(tty_ldisc_avail(&ld) == TTY_INPUT_MAX);
	return 0;
}

TEST(onlcr_makes_output_newlines_crlf)
{
	char out[16];
	size_t used;

	reset();
	size_t n = tty_ldisc_output(&ld.t, "a\nb\n", 4, out, sizeof(out), &used);
	CHECK(n == 6 && used == 4 && memcmp(out, "a\r\nb\r\n", 6) == 0);
	return 0;
}

TEST(without_opost_output_goes_as_it_is)
{
	char out[16];
	size_t used;

	reset();
	struct termios t = ld.t;
	t.c_oflag &= ~(tcflag_t)OPOST;
	size_t n = tty_ldisc_output(&t, "a\nb", 3, out, sizeof(out), &used);
	CHECK(n == 3 && used == 3 && memcmp(out, "a\nb", 3) == 0);
	return 0;
}

TEST(output_stops_where_the_room_ends_and_says_how_far_it_got)
{
	char out[3];
	size_t used;

	reset();
	size_t n = tty_ldisc_output(&ld.t, "ab\nc", 4, out, sizeof(out), &used);
	CHECK(n == 2 && used == 2);		/* "\r\n" does not fit after "ab" */
	return 0;
}

TEST(pending_counts_the_bytes_of_complete_lines_only_in_canonical_mode)
{
	reset();
	TYPE("one\ntwo\nthr");
	CHECK(tty_ldisc_pending(&ld) == 8);	/* "one\n" and "two\n", not "thr" */
	CHECK(tty_ldisc_avail(&ld) == 4);	/* a read takes the first line only */
	set_lflag(0, ICANON);
	CHECK(tty_ldisc_pending(&ld) == 11);	/* non-canonical: every byte */
	return 0;
}

TEST(flush_drops_the_complete_lines_and_the_line_being_edited)
{
	reset();
	TYPE("typed ahead\nhalf");
	tty_ldisc_flush(&ld);
	CHECK(tty_ldisc_pending(&ld) == 0 && !tty_ldisc_can_read(&ld, 100));
	TYPE("new\n");
	CHECK(strcmp(rd(100), "new\n") == 0);	/* nothing of the old line comes back */
	return 0;
}

static void set_iflag(tcflag_t on, tcflag_t off)
{
	struct termios t = ld.t;
	t.c_iflag = (t.c_iflag | on) & ~off;
	tty_ldisc_setattr(&ld, &t);
}

TEST(ixon_ctrl_s_stops_output_and_ctrl_q_starts_it_neither_stored_nor_echoed)
{
	reset();
	CHECK(ld.t.c_iflag & IXON);
	CHECK(ld.t.c_cc[VSTOP] == 0x13 && ld.t.c_cc[VSTART] == 0x11);
	TYPE("a\x13");
	CHECK(ld.ostopped);
	TYPE("\x13");
	CHECK(ld.ostopped);		/* a second ^S: still stopped */
	TYPE("b\x11" "c\r");
	CHECK(!ld.ostopped);
	CHECK(strcmp(echoed(), "abc\r\n") == 0);
	CHECK(strcmp(rd(100), "abc\n") == 0);
	return 0;
}

TEST(ixon_works_in_raw_mode_too)
{
	reset();
	set_lflag(0, ICANON | ECHO);
	TYPE("x\x13y");
	CHECK(ld.ostopped);
	TYPE("\x11");
	CHECK(!ld.ostopped);
	CHECK(strcmp(rd(100), "xy") == 0);
	return 0;
}

TEST(without_ixon_ctrl_s_and_ctrl_q_are_ordinary_bytes)
{
	reset();
	set_iflag(0, IXON);
	TYPE("\x13\x11\r");
	CHECK(!ld.ostopped);
	CHECK(strcmp(rd(100), "\x13\x11\n") == 0);
	return 0;
}

TEST(a_literal_next_ctrl_s_is_stored_and_stops_nothing)
{
	reset();
	TYPE("\x16\x13\r");
	CHECK(!ld.ostopped);
	CHECK(strcmp(rd(100), "\x13\n") == 0);
	return 0;
}

TEST(with_ixany_any_byte_starts_output_and_is_stored)
{
	reset();
	set_iflag(IXANY, 0);
	TYPE("\x13");
	CHECK(ld.ostopped);
	TYPE("z");
	CHECK(!ld.ostopped);
	TYPE("\r");
	CHECK(strcmp(rd(100), "z\n") == 0);
	set_iflag(0, IXANY);
	TYPE("\x13z");
	CHECK(ld.ostopped);		/* without IXANY only ^Q starts it */
	return 0;
}

TEST(vstop_equal_to_vstart_toggles)
{
	reset();
	struct termios t = ld.t;
	t.c_cc[VSTART] = 0x13;
	tty_ldisc_setattr(&ld, &t);
	TYPE("\x13");
	CHECK(ld.ostopped);
	TYPE("\x13");
	CHECK(!ld.ostopped);
	return 0;
}
