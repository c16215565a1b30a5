/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of bootstrap's boot-configuration parser (bootstrap/boot_config.c). */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "boot_config.h"

static struct boot_config cfg;
static char err[160];

static int parse(const char *text)
{
	err[0] = '\0';
	return boot_config_parse(&cfg, text, strlen(text), err, sizeof(err));
}

TEST(one_task_per_line_with_its_arguments_in_order)
{
	CHECK(parse("# a comment\n\nserver a b\n  client   x\t y # trailing\n"));
	CHECK(cfg.ntasks == 2);
	CHECK(cfg.tasks[0].argc == 3 && strcmp(cfg.tasks[0].argv[0], "server") == 0);
	CHECK(strcmp(cfg.tasks[0].argv[2], "b") == 0 && cfg.tasks[0].argv[3] == NULL);
	CHECK(cfg.tasks[0].line == 3 && cfg.tasks[1].line == 4);
	CHECK(cfg.tasks[1].argc == 3 && strcmp(cfg.tasks[1].argv[2], "y") == 0);
	return 0;
}

TEST(options_before_the_program_are_options_after_it_arguments)
{
	CHECK(parse("--poweroff --ports=host_priv,device --service=echo prog --poweroff\n"));
	const struct boot_task *t = &cfg.tasks[0];
	CHECK(t->poweroff && t->nports == 2 && t->ports[0] == BOOT_PORT_HOST_PRIV &&
	      t->ports[1] == BOOT_PORT_DEVICE);
	CHECK(t->nservices == 1 && strcmp(t->services[0], "echo") == 0);
	CHECK(t->argc == 2 && strcmp(t->argv[1], "--poweroff") == 0);
	return 0;
}

TEST(archive_option_gives_only_its_task_the_archive)
{
	CHECK(parse("--archive bsd_server init\nother --archive\n"));
	CHECK(cfg.tasks[0].archive && strcmp(cfg.tasks[0].argv[0], "bsd_server") == 0);
	CHECK(!cfg.tasks[1].archive && strcmp(cfg.tasks[1].argv[1], "--archive") == 0);
	return 0;
}

TEST(quoted_arguments_keep_their_blanks_and_lose_their_quotes)
{
	CHECK(parse("--poweroff init -c 'echo a  b; ls' \"x \\\"y\\\" \\\\z\" a\\ b c'#'d e#f # comment\n"));
	struct boot_task *t = &cfg.tasks[0];
	CHECK(t->poweroff && t->argc == 7);
	CHECK(strcmp(t->argv[2], "echo a  b; ls") == 0);
	CHECK(strcmp(t->argv[3], "x \"y\" \\z") == 0);
	CHECK(strcmp(t->argv[4], "a b") == 0);
	CHECK(strcmp(t->argv[5], "c#d") == 0);
	CHECK(strcmp(t->argv[6], "e#f") == 0 && t->argv[7] == NULL);
	return 0;
}

TEST(sh_quote_style_concatenation_is_one_word)
{
	/* Python's shlex.quote("it's") is 'it'"'"'s'. */
	CHECK(parse("init -c 'it'\"'\"'s' ''\n"));
	CHECK(cfg.tasks[0].argc == 4 && strcmp(cfg.tasks[0].argv[2], "it's") == 0);
	CHECK(strcmp(cfg.tasks[0].argv[3], "") == 0);
	return 0;
}

TEST(a_quoted_newline_stays_in_its_word_and_lines_count_on)
{
	CHECK(parse("a\ninit -c 'for x in 1 2\ndo echo $x # not a comment\ndone'\n\n# c\nlast x\n"));
	CHECK(cfg.ntasks == 3);
	CHECK(strcmp(cfg.tasks[1].argv[2], "for x in 1 2\ndo echo $x # not a comment\ndone") == 0);
	CHECK(cfg.tasks[2].line == 7 && strcmp(cfg.tasks[2].argv[1], "x") == 0);
	CHECK(!parse("a\ninit 'x\ny\n"));
	CHECK(strstr(err, "line 2"));
	return 0;
}

TEST(an_unclosed_quote_is_refused_with_its_line)
{
	CHECK(!parse("a\nb 'c d\n"));
	CHECK(strstr(err, "line 2") && strstr(err, "single quote"));
	CHECK(!parse("b \"c d\n"));
	CHECK(strstr(err, "double quote"));
	return 0;
}

TEST(a_quoted_option_is_the_program_and_arguments_may_be_long)
{
	char text[600];
	snprintf(text, sizeof(text), "'--poweroff' x %0300d\n", 7);
	CHECK(parse(text));
	CHECK(!cfg.tasks[0].poweroff && strcmp(cfg.tasks[0].argv[0], "--poweroff") == 0);
	CHECK(strlen(cfg.tasks[0].argv[2]) == 300);
	return 0;
}

TEST(last_line_without_newline_counts)
{
	CHECK(parse("a\nb"));
	CHECK(cfg.ntasks == 2 && strcmp(cfg.tasks[1].argv[0], "b") == 0);
	return 0;
}

TEST(the_config_keeps_its_own_copy_of_the_text)
{
	char text[] = "prog arg\n";
	CHECK(boot_config_parse(&cfg, text, strlen(text), err, sizeof(err)));
	memset(text, 'x', strlen(text));
	CHECK(strcmp(cfg.tasks[0].argv[0], "prog") == 0 && strcmp(cfg.tasks[0].argv[1], "arg") == 0);
	return 0;
}

TEST(unknown_option_is_named_with_its_line)
{
	CHECK(!parse("a\n--frobnicate b\n"));
	CHECK(strstr(err, "line 2") && strstr(err, "--frobnicate"));
	return 0;
}

TEST(unknown_port_is_an_error)
{
	CHECK(!parse("--ports=host_priv,disk a\n"));
	CHECK(strstr(err, "line 1") && strstr(err, "'disk'"));
	return 0;
}

TEST(a_port_given_twice_is_an_error)
{
	CHECK(!parse("--ports=device,device a\n"));
	CHECK(strstr(err, "twice"));
	return 0;
}

TEST(options_without_a_program_are_an_error)
{
	CHECK(!parse("--poweroff\n"));
	CHECK(strstr(err, "no program"));
	return 0;
}

TEST(two_poweroff_tasks_are_an_error)
{
	CHECK(!parse("--poweroff a\n--poweroff b\n"));
	CHECK(strstr(err, "line 2") && strstr(err, "line 1"));
	return 0;
}

TEST(a_service_declared_twice_is_an_error_even_on_one_line)
{
	CHECK(!parse("--service=x a\n--service=x b\n"));
	CHECK(strstr(err, "line 2") && strstr(err, "service x"));
	CHECK(!parse("--service=y --service=y a\n"));
	return 0;
}

TEST(empty_configuration_is_an_error)
{
	CHECK(!parse("# nothing\n\n"));
	CHECK(strstr(err, "no task"));
	return 0;
}

TEST(too_many_arguments_are_an_error)
{
	CHECK(parse("p 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n"));
	CHECK(cfg.tasks[0].argc == BOOT_CONFIG_MAX_ARGS);
	CHECK(!parse("p 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"));
	CHECK(strstr(err, "more than"));
	return 0;
}

TEST(too_many_tasks_are_an_error)
{
	char text[BOOT_CONFIG_MAX_TASKS * 4 + 8] = "";
	for (int i = 0; i <= BOOT_CONFIG_MAX_TASKS; i++)
		strcat(text, "t\n");
	CHECK(!parse(text));
	CHECK(strstr(err, "more than 16 tasks"));
	return 0;
}

TEST(too_long_a_word_or_text_is_an_error)
{
	char text[BOOT_CONFIG_MAX_TEXT + 2];
	memset(text, 'a', BOOT_CONFIG_MAX_NAME + 1);
	text[BOOT_CONFIG_MAX_NAME + 1] = '\0';
	CHECK(!parse(text));
	CHECK(strstr(err, "longer than"));
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	CHECK(!parse(text));
	CHECK(strstr(err, "more than 4096"));
	return 0;
}

TEST(a_nul_byte_is_an_error)
{
	CHECK(!boot_config_parse(&cfg, "a\0b\n", 4, err, sizeof(err)));
	CHECK(strstr(err, "NUL"));
	return 0;
}
