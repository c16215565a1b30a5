/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's lexer (personalities/bsd/sh/lex.c): one fact per test. */
#include <string.h>
#include "check.h"
#include "sh.h"

/* The kinds of the tokens of src, as a string of names: "word ; word". */
static const char *kinds(const char *src)
{
	static char buf[512];
	struct lexer lx;

	buf[0] = '\0';
	lex_init(&lx, src, strlen(src));
	for (;;) {
		struct token t = lex_next(&lx);
		if (t.kind == T_EOF)
			break;
		if (buf[0])
			strcat(buf, " ");
		if (t.kind == T_WORD || t.kind == T_IO_NUMBER) {
			strcat(buf, t.kind == T_WORD ? "W:" : "N:");
			strncat(buf, t.text, t.len);
		} else {
			strcat(buf, tok_name(t.kind));
		}
		if (t.kind == T_INCOMPLETE || t.kind == T_ERROR)
			break;
	}
	return buf;
}

TEST(blanks_separate_words)
{
	CHECK(strcmp(kinds("echo  a\tb"), "W:echo W:a W:b") == 0);
	return 0;
}

TEST(operators_need_no_blanks)
{
	CHECK(strcmp(kinds("a|b&&c||d;e&"), "W:a | W:b && W:c || W:d ; W:e &") == 0);
	return 0;
}

TEST(double_semicolon_is_one_token)
{
	CHECK(strcmp(kinds("a;;b"), "W:a ;; W:b") == 0);
	return 0;
}

TEST(redirection_operators)
{
	CHECK(strcmp(kinds("a <b >c >>d <&0 >&2 <>e >|f"),
		     "W:a < W:b > W:c >> W:d <& W:0 >& W:2 <> W:e >| W:f") == 0);
	return 0;
}

TEST(digits_before_redirection_are_io_number)
{
	CHECK(strcmp(kinds("cmd 2>err"), "W:cmd N:2 > W:err") == 0);
	return 0;
}

TEST(digits_with_blank_before_redirection_are_a_word)
{
	CHECK(strcmp(kinds("echo 2 >f"), "W:echo W:2 > W:f") == 0);
	return 0;
}

TEST(single_quotes_keep_operators_in_the_word)
{
	CHECK(strcmp(kinds("echo 'a | b;c'"), "W:echo W:'a | b;c'") == 0);
	return 0;
}

TEST(double_quotes_keep_blanks_in_the_word)
{
	CHECK(strcmp(kinds("echo \"a  b\"x"), "W:echo W:\"a  b\"x") == 0);
	return 0;
}

TEST(backslash_quotes_an_operator)
{
	CHECK(strcmp(kinds("echo a\\;b"), "W:echo W:a\\;b") == 0);
	return 0;
}

TEST(command_substitution_is_one_word)
{
	CHECK(strcmp(kinds("echo $(ls | wc -l) x"), "W:echo W:$(ls | wc -l) W:x") == 0);
	return 0;
}

TEST(nested_command_substitution_is_one_word)
{
	CHECK(strcmp(kinds("x=$(echo $(echo ')'))"), "W:x=$(echo $(echo ')'))") == 0);
	return 0;
}

TEST(arithmetic_is_one_word)
{
	CHECK(strcmp(kinds("echo $((1 + (2 * 3)))"), "W:echo W:$((1 + (2 * 3)))") == 0);
	return 0;
}

TEST(braced_parameter_is_one_word)
{
	CHECK(strcmp(kinds("echo ${x:-a b}"), "W:echo W:${x:-a b}") == 0);
	return 0;
}

TEST(backquotes_are_one_word)
{
	CHECK(strcmp(kinds("echo `a | b`"), "W:echo W:`a | b`") == 0);
	return 0;
}

TEST(comment_runs_to_end_of_line)
{
	CHECK(strcmp(kinds("a # b ; c\nd"), "W:a newline W:d") == 0);
	return 0;
}

TEST(hash_inside_a_word_is_not_a_comment)
{
	CHECK(strcmp(kinds("echo a#b $#"), "W:echo W:a#b W:$#") == 0);
	return 0;
}

TEST(backslash_newline_joins_lines)
{
	CHECK(strcmp(kinds("ec\\\nho a \\\n b"), "W:ec\\\nho W:a W:b") == 0);
	return 0;
}

TEST(unclosed_single_quote_is_incomplete)
{
	CHECK(strcmp(kinds("echo 'abc"), "W:echo end of file") == 0);
	struct lexer lx;
	lex_init(&lx, "'abc", 4);
	CHECK(lex_next(&lx).kind == T_INCOMPLETE);
	return 0;
}

TEST(unclosed_command_substitution_is_incomplete)
{
	struct lexer lx;
	lex_init(&lx, "$(echo a", 8);
	CHECK(lex_next(&lx).kind == T_INCOMPLETE);
	return 0;
}

TEST(newline_counts_lines)
{
	struct lexer lx;
	lex_init(&lx, "a\nb\nc", 5);
	lex_next(&lx);
	lex_next(&lx);
	lex_next(&lx);
	lex_next(&lx);
	struct token t = lex_next(&lx);
	CHECK(t.kind == T_WORD && t.line == 3);
	return 0;
}

TEST(parentheses_are_operators)
{
	CHECK(strcmp(kinds("(a)"), "( W:a )") == 0);
	return 0;
}
