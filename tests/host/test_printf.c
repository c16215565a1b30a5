/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of the kernel's formatter (mach/lib/format.c), through vsnprintf. */
#include <string.h>
#include "check.h"

/* mach/lib/format.c, compiled for this test with its functions renamed k*. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static char buf[128];

#define FMT(expect, ...) do {						\
		ksnprintf(buf, sizeof(buf), __VA_ARGS__);		\
		if (strcmp(buf, expect) != 0) {				\
			printf("  got \"%s\", expected \"%s\"\n", buf, expect); \
			CHECK(strcmp(buf, expect) == 0);		\
		}							\
	} while (0)

TEST(integers_in_every_base)
{
	FMT("42 -42 0 4294967295", "%d %d %u %u", 42, -42, 0u, 4294967295u);
	FMT("ff FF 17", "%x %X %o", 255u, 255u, 15u);
	FMT("18446744073709551615 -9223372036854775807", "%lu %ld",
	    18446744073709551615UL, -9223372036854775807L);
	FMT("0x1f", "%#lx", 31UL);
	return 0;
}

TEST(width_zero_padding_and_left_justification)
{
	FMT("[   42][00042][42   ]", "[%5d][%05d][%-5d]", 42, 42, 42);
	FMT("[  -42][-0042][-42  ]", "[%5d][%05d][%-5d]", -42, -42, -42);
	FMT("[0000ffff]", "[%08x]", 0xffffu);
	return 0;
}

TEST(strings_chars_and_percent)
{
	FMT("[abc][  abc][abc  ][ab]", "[%s][%5s][%-5s][%.2s]", "abc", "abc", "abc", "abc");
	const char *volatile null = NULL;	/* hidden from -Wformat-overflow */
	FMT("(null) x %", "%s %c %%", null, 'x');
	return 0;
}

TEST(pointers_print_sixteen_hex_digits)
{
	FMT("0xffffffc080200000", "%p", (void *)0xffffffc080200000UL);
	FMT("0x0000000000000010", "%p", (void *)0x10);
	return 0;
}

TEST(snprintf_truncates_and_reports_the_full_length)
{
	char small[6];
	int n = ksnprintf(small, sizeof(small), "%s", "abcdefgh");
	CHECK(n == 8);
	CHECK(strcmp(small, "abcde") == 0);
	return 0;
}
