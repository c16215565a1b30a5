// SPDX-License-Identifier: BSD-2-Clause
// sleep SECONDS: wait that long; a fraction is allowed ("0.5"), as in
// BSD and GNU sleep.
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "util.h"

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (argc != 2)
		ul_usage(1, "seconds");
	const char *s = argv[1];
	char *end;
	long long sec = 0, nsec = 0;
	if (*s < '0' || *s > '9') {
		if (*s != '.')
			ul_errx(1, "invalid time interval: %s", s);
	}
	sec = strtoll(s, &end, 10);
	if (*end == '.') {
		long long scale = 100000000;
		for (end++; *end >= '0' && *end <= '9'; end++, scale /= 10)
			nsec += (*end - '0') * scale;
	}
	if (*end != '\0' || sec < 0)
		ul_errx(1, "invalid time interval: %s", s);
	struct timespec ts = { (time_t)sec, (long)nsec }, rem;
	while (nanosleep(&ts, &rem) < 0) {
		if (errno != EINTR)
			ul_err(1, "nanosleep");
		ts = rem;
	}
	return 0;
}
