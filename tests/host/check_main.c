/* SPDX-License-Identifier: BSD-2-Clause */
/* main() of every host unit test: run each registered TEST, report, exit. */
#include <string.h>
#include "check.h"

struct host_test host_tests[MAX_HOST_TESTS];
int host_ntests;

int
main(int argc, char **argv)
{
	int failed = 0, ran = 0;

	/* Line by line: a failed test's early return leaks, and the sanitizer's
	   exit would otherwise drop the buffered report of which one failed. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (int i = 0; i < host_ntests; i++) {
		/* An optional argument selects tests by name prefix. */
		if (argc > 1 && strncmp(host_tests[i].name, argv[1], strlen(argv[1])) != 0)
			continue;
		ran++;
		if (host_tests[i].fn() != 0) {
			printf("FAIL %s\n", host_tests[i].name);
			failed++;
		} else {
			printf("PASS %s\n", host_tests[i].name);
		}
	}
	printf("%d tests, %d failed\n", ran, failed);
	return failed || ran == 0 ? 1 : 0;
}
