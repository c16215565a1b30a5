/* SPDX-License-Identifier: BSD-2-Clause */
/* The regular-expression matcher (personalities/bsd/libutil/bre.c). */
#include <string.h>
#include "bre.h"
#include "check.h"

/* 1 match, 0 no match, -1 the pattern did not compile. */
static int m(const char *pat, int flags, const char *s)
{
	const char *err;
	size_t so, eo;
	struct bre *re = bre_compile(pat, flags, &err);

	if (re == NULL)
		return -1;
	int r = bre_match(re, s, strlen(s), &so, &eo);
	bre_free(re);
	return r;
}

/* The extent of the first match as "so-eo", or "none". */
static const char *where(const char *pat, int flags, const char *s)
{
	static char buf[32];
	const char *err;
	size_t so, eo;
	struct bre *re = bre_compile(pat, flags, &err);

	if (re == NULL)
		return "error";
	if (bre_match(re, s, strlen(s), &so, &eo))
		snprintf(buf, sizeof(buf), "%zu-%zu", so, eo);
	else
		snprintf(buf, sizeof(buf), "none");
	bre_free(re);
	return buf;
}

TEST(literal_matches_anywhere) { CHECK(m("bc", 0, "abcd") == 1); return 0; }
TEST(literal_absent_does_not_match) { CHECK(m("xy", 0, "abcd") == 0); return 0; }
TEST(dot_matches_any_character) { CHECK(m("a.c", 0, "abc") == 1); CHECK(m("a.c", 0, "ac") == 0); return 0; }
TEST(caret_anchors_at_start) { CHECK(m("^ab", 0, "abc") == 1); CHECK(m("^bc", 0, "abc") == 0); return 0; }
TEST(dollar_anchors_at_end) { CHECK(m("bc$", 0, "abc") == 1); CHECK(m("ab$", 0, "abc") == 0); return 0; }
TEST(caret_in_middle_of_bre_is_literal) { CHECK(m("a^b", 0, "a^b") == 1); return 0; }
TEST(dollar_in_middle_of_bre_is_literal) { CHECK(m("a$b", 0, "a$b") == 1); return 0; }
TEST(star_repeats_zero_or_more) { CHECK(strcmp(where("ab*c", 0, "xacx"), "1-3") == 0); CHECK(strcmp(where("ab*c", 0, "abbbc"), "0-5") == 0); return 0; }
TEST(star_is_greedy) { CHECK(strcmp(where("a.*b", 0, "aXbYb"), "0-5") == 0); return 0; }
TEST(leading_star_is_literal) { CHECK(m("*a", 0, "x*a") == 1); CHECK(m("*a", 0, "xa") == 0); return 0; }
TEST(star_after_caret_is_literal) { CHECK(m("^*a", 0, "*a") == 1); return 0; }
TEST(bracket_matches_a_set) { CHECK(m("[abc]x", 0, "bx") == 1); CHECK(m("[abc]x", 0, "dx") == 0); return 0; }
TEST(bracket_range) { CHECK(m("^[0-9][0-9]*$", 0, "2024") == 1); CHECK(m("^[0-9][0-9]*$", 0, "20a4") == 0); return 0; }
TEST(negated_bracket) { CHECK(m("^[^a-z]*$", 0, "ABC1") == 1); CHECK(m("^[^a-z]*$", 0, "ABc") == 0); return 0; }
TEST(bracket_with_leading_close_bracket) { CHECK(m("[]a]", 0, "]") == 1); return 0; }
TEST(character_class) { CHECK(m("^[[:alpha:]][[:digit:]]$", 0, "a1") == 1); CHECK(m("[[:space:]]", 0, "ab") == 0); return 0; }
TEST(bad_character_class_is_an_error) { CHECK(m("[[:nope:]]", 0, "a") == -1); return 0; }
TEST(unclosed_bracket_is_an_error) { CHECK(m("[abc", 0, "a") == -1); return 0; }
TEST(interval_exact) { CHECK(m("^a\\{3\\}$", 0, "aaa") == 1); CHECK(m("^a\\{3\\}$", 0, "aa") == 0); return 0; }
TEST(interval_range) { CHECK(m("^a\\{2,3\\}$", 0, "aaa") == 1); CHECK(m("^a\\{2,3\\}$", 0, "aaaa") == 0); return 0; }
TEST(interval_open_ended) { CHECK(m("^a\\{2,\\}$", 0, "aaaaa") == 1); CHECK(m("^a\\{2,\\}$", 0, "a") == 0); return 0; }
TEST(bad_interval_is_an_error) { CHECK(m("a\\{3,1\\}", 0, "a") == -1); return 0; }
TEST(group_and_backreference) { CHECK(m("^\\(ab*\\)x\\1$", 0, "abbxabb") == 1); CHECK(m("^\\(ab*\\)x\\1$", 0, "abbxab") == 0); return 0; }
TEST(backreference_backtracks) { CHECK(m("\\(a*\\)b\\1$", 0, "aaabaa") == 1); return 0; }
TEST(group_star_repeats) { CHECK(m("^\\(ab\\)*$", 0, "ababab") == 1); CHECK(m("^\\(ab\\)*$", 0, "ababa") == 0); return 0; }
TEST(backreference_to_unknown_group_is_an_error) { CHECK(m("\\(a\\)\\2", 0, "aa") == -1); return 0; }
TEST(unbalanced_group_is_an_error) { CHECK(m("\\(ab", 0, "ab") == -1); return 0; }
TEST(bre_plus_and_question_are_literal) { CHECK(m("a+b?", 0, "a+b?") == 1); CHECK(m("a+b?", 0, "aab") == 0); return 0; }
TEST(escaped_dot_is_literal) { CHECK(m("a\\.b", 0, "a.b") == 1); CHECK(m("a\\.b", 0, "axb") == 0); return 0; }
TEST(icase_matches_either_case) { CHECK(m("hello", BRE_ICASE, "HeLLo") == 1); CHECK(m("[a-c]x", BRE_ICASE, "BX") == 1); return 0; }
TEST(ere_plus) { CHECK(m("^ab+c$", BRE_EXTENDED, "abbc") == 1); CHECK(m("^ab+c$", BRE_EXTENDED, "ac") == 0); return 0; }
TEST(ere_question) { CHECK(m("^ab?c$", BRE_EXTENDED, "ac") == 1); CHECK(m("^ab?c$", BRE_EXTENDED, "abbc") == 0); return 0; }
TEST(ere_alternation) { CHECK(m("^(cat|dog)s?$", BRE_EXTENDED, "dogs") == 1); CHECK(m("^(cat|dog)s?$", BRE_EXTENDED, "cow") == 0); return 0; }
TEST(ere_top_level_alternation) { CHECK(m("^a$|^b$", BRE_EXTENDED, "b") == 1); CHECK(m("^a$|^b$", BRE_EXTENDED, "ab") == 0); return 0; }
TEST(ere_interval) { CHECK(m("^x{2}$", BRE_EXTENDED, "xx") == 1); CHECK(m("^x{2}$", BRE_EXTENDED, "x") == 0); return 0; }
TEST(ere_escaped_paren_is_literal) { CHECK(m("\\(x\\)", BRE_EXTENDED, "(x)") == 1); return 0; }
TEST(empty_pattern_matches_everything) { CHECK(m("", 0, "") == 1); CHECK(m("", 0, "abc") == 1); return 0; }
TEST(long_line_with_dot_star_does_not_recurse_per_character)
{
	static char line[200001];
	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 2] = 'b';
	CHECK(m("^a.*b$", 0, line) == 1);
	return 0;
}
TEST(first_match_is_leftmost) { CHECK(strcmp(where("o", 0, "foo"), "1-2") == 0); return 0; }
TEST(repeat_of_a_group_that_can_match_empty_ends)
{
	CHECK(m("^\\(a*\\)*b$", 0, "aab") == 1);
	CHECK(m("^\\(a*\\)*b$", 0, "aac") == 0);
	CHECK(m("^(x?)*$", BRE_EXTENDED, "xx") == 1);
	return 0;
}
