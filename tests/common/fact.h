/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One "[TEST] PASS/FAIL name" line per fact (docs/testing.md), for the
 * test programs that boot as tasks of their own (tests/libmach,
 * tests/bootstrap, tests/console); `failures' counts the failed ones.
 */
#ifndef _TESTS_COMMON_FACT_H_
#define _TESTS_COMMON_FACT_H_
#include <stdio.h>

static int failures;

#define FACT(name, cond, ...) do {					\
		if (cond) {						\
			printf("[TEST] PASS %s\n", name);		\
		} else {						\
			printf("[TEST] FAIL %s: ", name);		\
			printf(__VA_ARGS__);				\
			printf("\n");					\
			failures++;					\
		}							\
	} while (0)

#endif
