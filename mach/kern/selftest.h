/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * In-kernel self-tests, for what only the running kernel can check (page
 * tables in use, traps, harts).  Each test is one fact, named for it:
 *
 *	SELFTEST(vm_page_alloc_returns_aligned_blocks) { ... return 0; }
 *
 * Booting with "selftest" (or "selftest=PREFIX") runs them and prints, per
 * test, "[TEST] PASS name" or "[TEST] FAIL name: why" for the runner
 * (tests/qemu/runner.py), then powers off with the number of failures.
 */
#ifndef _KERN_SELFTEST_H_
#define _KERN_SELFTEST_H_
#include <stdint.h>
#include "kern/printf.h"

struct selftest {
	const char	*name;
	int		(*fn)(void);	/* 0: pass */
};

#define SELFTEST(name)							\
	static int selftest_##name(void);				\
	static const struct selftest selftest_entry_##name		\
		__attribute__((section(".selftests"), used, aligned(8))) = \
		{ #name, selftest_##name };				\
	static int selftest_##name(void)

/* CHECK: fail the current test with a message if `cond' is false. */
#define CHECK(cond, ...) do {						\
		if (!(cond)) {						\
			selftest_failure(__FILE__, __LINE__, #cond);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
			return 1;					\
		}							\
	} while (0)

/*
 * selftest_failure: print "[TEST] FAIL test: file:line: cond: " for the
 * running test; the caller ends the line with its details.
 */
void selftest_failure(const char *file, int line, const char *cond);
/* selftest_run: run the tests whose names start with `prefix'; the failures. */
int selftest_run(const char *prefix);
/* selftest_fault: cause the named deliberate fault; it must end in a panic. */
void selftest_fault(const char *kind) __attribute__((noreturn));
/* selftest_lock_fault: a deliberate lock-order violation (fault=lock_*); returns if none. */
void selftest_lock_fault(const char *kind);

#endif /* _KERN_SELFTEST_H_ */
