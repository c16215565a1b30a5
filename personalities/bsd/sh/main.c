// SPDX-License-Identifier: BSD-2-Clause
// sh's entry point: options (sh [-efnuvx] [-c CMD [NAME [ARG...]] | FILE
// [ARG...]]), the interactive loop (prompt, read a line, parse, run;
// the terminal's canonical mode edits the line), messages, exit.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

struct shell sh;
int sh_exec_last;
int sh_keep_arena;
extern char **environ;

static void prompt(const char *var)
{
	const char *ps = var_get(var);
	char *p = ps ? expand_word(ps) : NULL;

	if (p) {
		fputs(p, stderr);
		fflush(stderr);
	}
	free(p);
}

/* Commands from stdin: read lines until a command is complete, run it.
 * From a pipe or a file lines are read a byte at a time, so a command
 * that reads stdin gets the lines after it, as POSIX wants; a terminal in
 * canonical mode never returns more than one line, so there one read(2)
 * takes the whole line. */
static int read_loop(void)
{
	size_t len = 0, cap = 256;
	char *buf = xmalloc(cap);
	int tty = isatty(0);

	for (;;) {
		if (sh.interactive && len == 0) {
			jobs_notify();
			prompt("PS1");
		} else if (sh.interactive) {
			prompt("PS2");
		}
		/* One line from the terminal (or less, at the end of input). */
		int eof = 0;
		for (;;) {
			if (len + 2 >= cap) {
				cap *= 2;
				buf = xrealloc(buf, cap);
			}
			ssize_t n = read(0, buf + len, tty ? cap - len - 1 : 1);
			if (n < 0 && errno == EINTR) {
				if (sh_got_sigint) {
					/* ^C at the prompt: forget the line. */
					sh_got_sigint = 0;
					len = 0;
					fputc('\n', stderr);
					break;
				}
				continue;
			}
			if (n <= 0) {
				eof = 1;
				break;
			}
			len += (size_t)n;
			if (buf[len - 1] == '\n')
				break;
		}
		if (len == 0 && !eof)
			continue;
		if (eof && len == 0) {
			if (sh.interactive)
				fputc('\n', stderr);
			free(buf);
			return sh.status;
		}
		/* Parse it all: is the command complete yet? */
		struct arena a = { 0 };
		struct parser p;
		struct node *n;
		enum parse_status st;
		parse_init(&p, buf, len, &a);
		do
			st = parse_command(&p, &n);
		while (st == P_OK);
		arena_free(&a);
		if (st == P_INCOMPLETE && !eof)
			continue;	/* read another line */
		exec_text(buf, len, NULL);
		len = 0;
		if (eof)
			return sh.status;
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: sh [-efnuvx] [-c command [name [arg ...]] | file [arg ...]]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *command = NULL;
	int i = 1, force_i = 0;

	sh.pid = getpid();
	sh.arg0 = argv[0] ? argv[0] : "sh";
	sh.tty = -1;
	var_init(environ);
	for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		int on = argv[i][0] == '-';
		for (const char *c = argv[i] + 1; *c; c++) {
			switch (*c) {
			case 'c':
				if (!on)
					usage();
				if (i + 1 >= argc) {
					sh_error("-c: option requires an argument");
					exit(2);
				}
				command = argv[++i];
				break;
			case 'e': sh.opt_e = on; break;
			case 'f': sh.opt_f = on; break;
			case 'i': force_i = on; break;
			case 'n': sh.opt_n = on; break;
			case 'u': sh.opt_u = on; break;
			case 'v': sh.opt_v = on; break;
			case 'x': sh.opt_x = on; break;
			case 's': break;
			default:
				sh_error("-%c: bad option", *c);
				usage();
			}
		}
		if (command)
			break;
	}
	if (command) {
		i++;
		if (i < argc)
			sh.arg0 = argv[i++];
		sh.argv = argv + i;
		sh.argc = argc - i;
		sh_exec_last = 1;
		sh_exit(exec_text(command, strlen(command), NULL));
	}
	if (i < argc) {
		sh.arg0 = argv[i++];
		sh.argv = argv + i;
		sh.argc = argc - i;
		sh_exit(exec_file(sh.arg0, 1));
	}
	sh.argv = argv + i;
	sh.argc = 0;
	sh.interactive = force_i || (isatty(0) && isatty(2));
	jobs_init();
	sh_exit(read_loop());
}
