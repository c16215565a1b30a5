/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of boot-argument parsing (mach/kern/bootargs.c). */
#include <string.h>
#include "check.h"
#include "kern/bootargs.h"

TEST(words_and_key_values_are_found)
{
	char v[32];
	bootargs_set("selftest=pmap  panic=halt poweroff");
	CHECK(bootarg_has("poweroff"));
	CHECK(bootarg_has("selftest"));
	CHECK(bootarg_has("panic=halt"));
	CHECK(bootarg_value("selftest", v, sizeof(v)) && strcmp(v, "pmap") == 0);
	CHECK(bootarg_value("panic", v, sizeof(v)) && strcmp(v, "halt") == 0);
	return 0;
}

TEST(prefixes_of_words_do_not_match)
{
	char v[32];
	bootargs_set("selftests poweroffnow");
	CHECK(!bootarg_has("selftest"));
	CHECK(!bootarg_has("poweroff"));
	CHECK(!bootarg_value("selftest", v, sizeof(v)));
	return 0;
}

TEST(a_word_without_value_has_no_value)
{
	char v[8] = "x";
	bootargs_set("selftest");
	CHECK(!bootarg_value("selftest", v, sizeof(v)));
	return 0;
}

TEST(long_values_are_truncated_to_the_buffer)
{
	char v[4];
	bootargs_set("k=abcdefgh");
	CHECK(bootarg_value("k", v, sizeof(v)) && strcmp(v, "abc") == 0);
	return 0;
}

TEST(empty_and_missing_arguments)
{
	bootargs_set(NULL);
	CHECK(!bootarg_has("poweroff"));
	CHECK(strcmp(bootargs(), "") == 0);
	return 0;
}
