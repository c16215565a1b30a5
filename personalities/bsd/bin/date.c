// SPDX-License-Identifier: BSD-2-Clause
// date [-u] [-r SECONDS] [+FORMAT]: the time now (or SECONDS after the
// epoch), in local time or UTC (-u), as "%a %b %e %H:%M:%S %Z %Y" or as
// FORMAT (strftime's sequences).  The time is the kernel's calendar,
// from the real-time clock (docs/time.md).  Setting the clock is not
// offered here (root's settimeofday can, where bsd_server holds the
// host-priv port).
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "util.h"

int main(int argc, char **argv)
{
	int c, utc = 0;
	time_t t = time(NULL);
	long long secs;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "ur:")) != -1) {
		if (c == 'u') {
			utc = 1;
		} else if (c == 'r') {
			if (ul_number(ul_optarg, -(1LL << 40), 1LL << 40, &secs) < 0)
				ul_errx(1, "invalid seconds: %s", ul_optarg);
			t = (time_t)secs;
		} else {
			ul_usage(1, "[-u] [-r seconds] [+format]");
		}
	}
	/* -u says UTC by name (the C library's %Z may say GMT). */
	const char *fmt = utc ? "%a %b %e %H:%M:%S UTC %Y" : "%a %b %e %H:%M:%S %Z %Y";
	if (ul_optind < argc) {
		if (argv[ul_optind][0] != '+')
			ul_errx(1, "setting the date is not supported (use +FORMAT to print it)");
		if (ul_optind + 1 < argc)
			ul_usage(1, "[-u] [-r seconds] [+format]");
		fmt = argv[ul_optind] + 1;
	}
	struct tm *tm = utc ? gmtime(&t) : localtime(&t);
	if (tm == NULL)
		ul_errx(1, "time out of range");
	char buf[1024];
	size_t n = strftime(buf, sizeof(buf), fmt, tm);
	if (n == 0 && fmt[0] != '\0')
		ul_errx(1, "format too long");
	printf("%s\n", buf);
	return ul_finish(0);
}
