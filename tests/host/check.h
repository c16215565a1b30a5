/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A minimal unit-test harness for host tests of pure kernel code: each
 * TEST(name) is one fact; main() runs them all and exits non-zero on any
 * failure, printing "PASS name" / "FAIL name: file:line: expr".
 */
#ifndef _TESTS_HOST_CHECK_H_
#define _TESTS_HOST_CHECK_H_
#include <stdio.h>
#include <stdlib.h>

struct host_test {
	const char *name;
	int (*fn)(void);
};

#define MAX_HOST_TESTS 128
extern struct host_test host_tests[MAX_HOST_TESTS];
extern int host_ntests;

#define TEST(name)							\
	static int test_##name(void);					\
	__attribute__((constructor)) static void register_##name(void)	\
	{								\
		if (host_ntests < MAX_HOST_TESTS)			\
			host_tests[host_ntests++] =			\
				(struct host_test){ #name, test_##name }; \
	}								\
	static int test_##name(void)

#define CHECK(cond) do {						\
		if (!(cond)) {						\
			printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			return 1;					\
		}							\
	} while (0)

#endif /* _TESTS_HOST_CHECK_H_ */
