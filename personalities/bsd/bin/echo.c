// SPDX-License-Identifier: BSD-2-Clause
// echo [-n] [-e] [ARG...]: the arguments, separated by spaces, then a
// newline (none with -n).  -e interprets \n \t \\ \c (stop) ... as GNU's.
#include <stdio.h>
#include <string.h>
#include "util.h"

static int escapes(const char *s)
{
	for (; *s; s++) {
		if (*s != '\\' || s[1] == '\0') {
			putchar(*s);
			continue;
		}
		s++;
		switch (*s) {
		case 'a': putchar('\a'); break;
		case 'b': putchar('\b'); break;
		case 'c': return 1;
		case 'f': putchar('\f'); break;
		case 'n': putchar('\n'); break;
		case 'r': putchar('\r'); break;
		case 't': putchar('\t'); break;
		case 'v': putchar('\v'); break;
		case '\\': putchar('\\'); break;
		case '0': {
			int v = 0;
			for (int i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++)
				v = v * 8 + (*++s - '0');
			putchar(v);
			break;
		}
		default: putchar('\\'); putchar(*s);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int nl = 1, esc = 0, i = 1;

	ul_init(argc, argv);
	/* Options only as a leading run of -n/-e/-E words (as GNU echo). */
	for (; i < argc && argv[i][0] == '-' && argv[i][1] && strspn(argv[i] + 1, "neE") == strlen(argv[i] + 1); i++) {
		for (const char *c = argv[i] + 1; *c; c++) {
			if (*c == 'n') nl = 0;
			if (*c == 'e') esc = 1;
			if (*c == 'E') esc = 0;
		}
	}
	for (; i < argc; i++) {
		if (esc ? escapes(argv[i]) : (fputs(argv[i], stdout), 0))
			return ul_finish(0);
		if (i + 1 < argc)
			putchar(' ');
	}
	if (nl)
		putchar('\n');
	return ul_finish(0);
}
