// SPDX-License-Identifier: BSD-2-Clause
// Decimal numbers from arguments, with range checks (head -n, kill, sleep).
#include <errno.h>
#include <stdlib.h>
#include "util.h"

int ul_number(const char *s, long long min, long long max, long long *out)
{
	char *end;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
