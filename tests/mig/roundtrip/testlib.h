/* SPDX-License-Identifier: BSD-2-Clause */
/* A minimal test runner: TEST(name) defines test_name; CHECK* record
 * failures with file:line; every test must also leave no memory behind. */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <stdio.h>
#include <string.h>

extern int testlib_failed;
extern long loopback_live;

#define TEST(name) static void test_##name(void)
#define CHECK(c) do { if (!(c)) { \
	fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); testlib_failed = 1; } } while (0)
#define CHECK_EQ(a, b) do { long long va_ = (long long)(a), vb_ = (long long)(b); if (va_ != vb_) { \
	fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, va_, #b, vb_); \
	testlib_failed = 1; } } while (0)
#define CHECK_STR(a, b) do { if (strcmp((a), (b)) != 0) { \
	fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, (a), (b)); \
	testlib_failed = 1; } } while (0)

struct test {
	const char *name;
	void (*fn)(void);
};

static inline int testlib_main(int argc, char **argv, const struct test *tests, void (*setup)(void))
{
	int ran = 0, failures = 0;
	for (const struct test *t = tests; t->name; t++) {
		if (argc > 1 && strcmp(argv[1], t->name) != 0)
			continue;
		testlib_failed = 0;
		setup();
		long live = loopback_live;
		t->fn();
		if (loopback_live != live) {
			fprintf(stderr, "%s: %ld blocks of memory %s\n", t->name, loopback_live - live,
			        loopback_live > live ? "leaked" : "freed twice");
			testlib_failed = 1;
		}
		printf("%s %s\n", testlib_failed ? "FAIL" : "ok", t->name);
		failures += testlib_failed;
		ran++;
	}
	if (ran == 0) {
		fprintf(stderr, "no test named %s\n", argc > 1 ? argv[1] : "(any)");
		return 2;
	}
	return failures ? 1 : 0;
}

#endif
