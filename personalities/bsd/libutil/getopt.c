// SPDX-License-Identifier: BSD-2-Clause
// POSIX getopt (XCU 12.2 guidelines), written here so that the programs
// parse options the same way on the host (glibc's getopt permutes
// operands) and on MachRV (picolibc's).
#include <stdio.h>
#include <string.h>
#include "util.h"

int ul_optind = 1, ul_optopt;
char *ul_optarg;
static int nextchar;	/* position inside a group of letters ("-la") */

int ul_getopt(int argc, char **argv, const char *optstring)
{
	int numbers = optstring[0] == '#';

	if (numbers)
		optstring++;
	ul_optarg = NULL;
	if (nextchar == 0) {
		if (ul_optind >= argc || argv[ul_optind] == NULL)
			return -1;
		const char *a = argv[ul_optind];
		if (a[0] != '-' || a[1] == '\0')
			return -1;
		if (strcmp(a, "--") == 0) {
			ul_optind++;
			return -1;
		}
		if (numbers && a[1] >= '0' && a[1] <= '9') {
			ul_optarg = argv[ul_optind++] + 1;
			return '#';
		}
		nextchar = 1;
	}
	char *a = argv[ul_optind];
	int c = (unsigned char)a[nextchar++];
	const char *p = c != ':' ? strchr(optstring, c) : NULL;

	if (p == NULL) {
		ul_optopt = c;
		ul_warnx("illegal option -- %c", c);
		if (a[nextchar] == '\0') {
			ul_optind++;
			nextchar = 0;
		}
		return '?';
	}
	if (p[1] == ':') {
		if (a[nextchar] != '\0') {
			ul_optarg = a + nextchar;
		} else if (ul_optind + 1 < argc) {
			ul_optarg = argv[++ul_optind];
		} else {
			ul_optopt = c;
			ul_warnx("option requires an argument -- %c", c);
			ul_optind++;
			nextchar = 0;
			return '?';
		}
		ul_optind++;
		nextchar = 0;
		return c;
	}
	if (a[nextchar] == '\0') {
		ul_optind++;
		nextchar = 0;
	}
	return c;
}
