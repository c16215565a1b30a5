/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of the console driver's line discipline (drivers/console/line.c). */
#include <string.h>
#include "check.h"
#include "line.h"

static struct line_disc ld;
static char echo[256];
static size_t echo_len;

/* Type `s' (with its NUL-free bytes), collecting the echo. */
static void type(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char e[LINE_ECHO_MAX];
		size_t k = line_input(&ld, s[i], e);
		if (echo_len + k < sizeof(echo)) {
			memcpy(echo + echo_len, e, k);
			echo_len += k;
		}
	}
	echo[echo_len] = '\0';
}
#define TYPE(s) type((s), sizeof(s) - 1)

static void reset(void)
{
	line_init(&ld);
	echo_len = 0;
	echo[0] = '\0';
}

/* The next finished line as a string ("" for none or end of input). */
static const char *take(void)
{
	static char out[LINE_MAX + 1];
	size_t n = line_take(&ld, out);
	out[n] = '\0';
	return out;
}

TEST(a_line_is_given_only_after_enter)
{
	reset();
	TYPE("abc");
	CHECK(!line_ready(&ld));
	TYPE("\r");
	CHECK(line_ready(&ld));
	CHECK(strcmp(take(), "abc\n") == 0);
	CHECK(!line_ready(&ld));
	return 0;
}

TEST(typed_bytes_are_echoed_and_enter_echoes_crlf)
{
	reset();
	TYPE("hi\n");
	CHECK(strcmp(echo, "hi\r\n") == 0);
	return 0;
}

TEST(backspace_takes_back_the_last_byte_and_rubs_it_out)
{
	reset();
	TYPE("abx\x7f" "c\b" "d\n");
	CHECK(strcmp(take(), "abd\n") == 0);
	CHECK(strcmp(echo, "abx\b \bc\b \bd\r\n") == 0);
	return 0;
}

TEST(backspace_on_an_empty_line_does_nothing)
{
	reset();
	TYPE("\x7f\x7f" "a\n");
	CHECK(strcmp(echo, "a\r\n") == 0);
	CHECK(strcmp(take(), "a\n") == 0);
	return 0;
}

TEST(cr_lf_is_one_enter)
{
	reset();
	TYPE("a\r\nb\r\n");
	CHECK(strcmp(take(), "a\n") == 0);
	CHECK(strcmp(take(), "b\n") == 0);
	CHECK(!line_ready(&ld));
	return 0;
}

TEST(an_empty_enter_is_a_line_of_one_newline)
{
	reset();
	TYPE("\n");
	char out[LINE_MAX];
	CHECK(line_take(&ld, out) == 1 && out[0] == '\n');
	return 0;
}

TEST(ctrl_d_on_an_empty_line_is_an_empty_line)
{
	reset();
	TYPE("\x04");
	CHECK(line_ready(&ld));
	char out[LINE_MAX];
	CHECK(line_take(&ld, out) == 0);
	return 0;
}

TEST(ctrl_d_inside_a_line_is_ignored)
{
	reset();
	TYPE("ab\x04" "c\n");
	CHECK(strcmp(take(), "abc\n") == 0);
	return 0;
}

TEST(other_control_bytes_are_ignored)
{
	reset();
	TYPE("a\x01\x1b\t" "b\n");
	CHECK(strcmp(take(), "ab\n") == 0);
	CHECK(strcmp(echo, "ab\r\n") == 0);
	return 0;
}

TEST(a_line_keeps_at_most_line_max_minus_one_bytes)
{
	reset();
	for (int i = 0; i < LINE_MAX + 10; i++)
		TYPE("x");
	TYPE("\n");
	const char *l = take();
	CHECK(strlen(l) == LINE_MAX);
	CHECK(l[LINE_MAX - 1] == '\n' && l[LINE_MAX - 2] == 'x');
	return 0;
}

TEST(lines_come_out_in_order_and_a_full_queue_ignores_typing)
{
	reset();
	for (int i = 0; i < LINE_QUEUE; i++) {
		char l[3] = { (char)('a' + i), '\n', 0 };
		type(l, 2);
	}
	echo_len = 0;
	TYPE("z\n");
	CHECK(echo_len == 0);
	for (int i = 0; i < LINE_QUEUE; i++) {
		const char *l = take();
		CHECK(l[0] == 'a' + i && l[1] == '\n');
	}
	CHECK(!line_ready(&ld));
	TYPE("y\n");
	CHECK(strcmp(take(), "y\n") == 0);
	return 0;
}

TEST(drain_gives_back_finished_lines_end_of_input_and_the_partial_line_in_order)
{
	char out[64];

	reset();
	TYPE("ab\r\x04xy");		/* "ab\n", end of input, then "xy" being typed */
	size_t n = line_drain(&ld, out, sizeof(out));
	CHECK(n == 6 && memcmp(out, "ab\n\x04xy", 6) == 0);
	CHECK(!line_ready(&ld));
	TYPE("z\r");			/* empty afterwards: a new line starts clean */
	CHECK(strcmp(take(), "z\n") == 0);
	return 0;
}
