/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's parser (personalities/bsd/sh/parse.c): each test parses one
 * text and compares the tree, printed by tree_print, with the expected. */
#include <string.h>
#include "check.h"
#include "sh.h"

/* The first complete command of src as a printed tree, or "ERROR: msg",
 * "INCOMPLETE", "EOF". */
static const char *tree(const char *src)
{
	static char buf[1024];
	struct arena a = { 0 };
	struct parser p;
	struct node *n;

	parse_init(&p, src, strlen(src), &a);
	enum parse_status st = parse_command(&p, &n);
	if (st == P_OK)
		tree_print(n, buf, sizeof(buf));
	else if (st == P_ERROR)
		snprintf(buf, sizeof(buf), "ERROR: %s", p.err);
	else
		snprintf(buf, sizeof(buf), st == P_EOF ? "EOF" : "INCOMPLETE");
	arena_free(&a);
	return buf;
}

#define TREE(src, want) do {						\
		const char *got = tree(src);				\
		if (strcmp(got, want) != 0) {				\
			printf("  got:  %s\n  want: %s\n", got, want);	\
			return 1;					\
		}							\
	} while (0)

TEST(simple_command_keeps_its_words)
{
	TREE("echo a 'b c'", "(cmd echo a 'b c')");
	return 0;
}

TEST(assignments_come_before_words)
{
	TREE("A=1 B=2 env x=3", "(cmd A=1 B=2 env x=3)");
	return 0;
}

TEST(redirections_attach_to_the_command)
{
	TREE("cmd <in >out 2>&1 a", "(cmd cmd a <in >out 2>&1)");
	return 0;
}

TEST(redirection_alone_is_a_command)
{
	TREE(">file", "(cmd >file)");
	return 0;
}

TEST(pipeline_of_three)
{
	TREE("a | b | c", "(pipe (cmd a) (cmd b) (cmd c))");
	return 0;
}

TEST(and_or_are_left_associative)
{
	TREE("a && b || c", "(or (and (cmd a) (cmd b)) (cmd c))");
	return 0;
}

TEST(pipe_binds_tighter_than_and)
{
	TREE("a | b && c", "(and (pipe (cmd a) (cmd b)) (cmd c))");
	return 0;
}

TEST(semicolon_makes_a_list)
{
	TREE("a; b", "(list (cmd a) (cmd b))");
	return 0;
}

TEST(ampersand_marks_background)
{
	TREE("a & b", "(list (cmd a)& (cmd b))");
	return 0;
}

TEST(trailing_ampersand_alone_is_a_list)
{
	TREE("sleep 1 &", "(list (cmd sleep 1)&)");
	return 0;
}

TEST(bang_negates_a_pipeline)
{
	TREE("! a | b", "(not (pipe (cmd a) (cmd b)))");
	return 0;
}

TEST(subshell_with_redirection)
{
	TREE("(a; b) >f", "(subshell (list (cmd a) (cmd b)) >f)");
	return 0;
}

TEST(brace_group)
{
	TREE("{ a; b; }", "(brace (list (cmd a) (cmd b)))");
	return 0;
}

TEST(if_then_fi)
{
	TREE("if a; then b; fi", "(if (cmd a) (cmd b))");
	return 0;
}

TEST(if_elif_else)
{
	TREE("if a; then b; elif c; then d; else e; fi",
	     "(if (cmd a) (cmd b) (if (cmd c) (cmd d) (cmd e)))");
	return 0;
}

TEST(if_across_lines)
{
	TREE("if a\nthen\n b\nfi", "(if (cmd a) (cmd b))");
	return 0;
}

TEST(while_loop)
{
	TREE("while a; do b; done", "(while (cmd a) (cmd b))");
	return 0;
}

TEST(until_loop)
{
	TREE("until a; do b; done", "(until (cmd a) (cmd b))");
	return 0;
}

TEST(for_with_words)
{
	TREE("for i in 1 2; do echo $i; done", "(for i (in 1 2) (cmd echo $i))");
	return 0;
}

TEST(for_without_in_uses_parameters)
{
	TREE("for i do echo $i; done", "(for i (cmd echo $i))");
	return 0;
}

TEST(case_with_alternatives)
{
	TREE("case $x in a|b) one;; (c) two;; *) ;; esac",
	     "(case $x (a|b (cmd one)) (c (cmd two)) (* -))");
	return 0;
}

TEST(case_last_item_needs_no_double_semicolon)
{
	TREE("case x in x) y\nesac", "(case x (x (cmd y)))");
	return 0;
}

TEST(function_definition)
{
	TREE("f() { echo hi; }", "(func f (brace (cmd echo hi)))");
	return 0;
}

TEST(reserved_word_is_plain_after_first_word)
{
	TREE("echo if then fi", "(cmd echo if then fi)");
	return 0;
}

TEST(here_document_body_is_read_after_the_line)
{
	TREE("cat <<EOF\nhello $x\nEOF\n", "(cmd cat <<\"hello $x\n\")");
	return 0;
}

TEST(quoted_here_document_delimiter_is_marked)
{
	TREE("cat <<'E'\n$x\nE\n", "(cmd cat <<'\"$x\n\")");
	return 0;
}

TEST(empty_line_is_an_empty_command)
{
	TREE("\n", "-");
	return 0;
}

TEST(end_of_text_is_eof)
{
	TREE("", "EOF");
	return 0;
}

TEST(missing_fi_is_incomplete)
{
	TREE("if a; then b", "INCOMPLETE");
	return 0;
}

TEST(open_pipe_is_incomplete)
{
	TREE("a |", "INCOMPLETE");
	return 0;
}

TEST(unexpected_then_is_an_error)
{
	TREE("then a", "ERROR: line 1: syntax error: unexpected `then'");
	return 0;
}

TEST(unbalanced_parenthesis_is_an_error)
{
	TREE("a )", "ERROR: line 1: syntax error: unexpected `)'");
	return 0;
}

TEST(empty_if_condition_is_an_error)
{
	TREE("if then b; fi", "ERROR: line 1: syntax error: unexpected `then'");
	return 0;
}

TEST(double_semicolon_outside_case_is_an_error)
{
	TREE("a ;; b", "ERROR: line 1: syntax error: unexpected `;;'");
	return 0;
}

TEST(parse_goes_one_command_at_a_time)
{
	struct arena a = { 0 };
	struct parser p;
	struct node *n;
	char buf[128];
	const char *src = "a\nb c\n";

	parse_init(&p, src, strlen(src), &a);
	CHECK(parse_command(&p, &n) == P_OK);
	tree_print(n, buf, sizeof(buf));
	CHECK(strcmp(buf, "(cmd a)") == 0);
	CHECK(parse_command(&p, &n) == P_OK);
	tree_print(n, buf, sizeof(buf));
	CHECK(strcmp(buf, "(cmd b c)") == 0);
	CHECK(parse_command(&p, &n) == P_EOF);
	arena_free(&a);
	return 0;
}
