/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The BSD personality's tests: Unix programs run under bsd_server.  Each
 * BTEST(name) is one fact; bt_main.c runs each in a child process of its
 * own (a test may fork, take signals, change credentials, or crash, and
 * nothing carries over), and prints "[TEST] PASS name" or the failure
 * (docs/testing.md's console protocol).
 */
#ifndef _TESTS_BSD_BT_H_
#define _TESTS_BSD_BT_H_
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct btest {
	const char *name;
	int (*fn)(void);
};

#define BTEST(name)							\
	static int btest_##name(void);					\
	static const struct btest btest_entry_##name			\
		__attribute__((section("btests"), used, aligned(8))) =	\
		{ #name, btest_##name };				\
	static int btest_##name(void)

extern const char *bt_current;

#define CHECK(cond, ...) do {						\
		if (!(cond)) {						\
			printf("[TEST] FAIL %s: %s:%d: %s: ", bt_current, \
			       __FILE__, __LINE__, #cond);		\
			printf(__VA_ARGS__);				\
			printf(" (errno %d)\n", errno);			\
			return 1;					\
		}							\
	} while (0)

/* An address in the unmapped page 0 (a variable: the compiler must not see it). */
extern volatile unsigned long bt_bad_address;
#define BAD_PTR ((void *)bt_bad_address)

/* Helpers (bt_util.c). */
/* Fork a child that runs fn() and _exits with its result; its pid. */
pid_t bt_spawn(int (*fn)(void *), void *arg);
/* waitpid(pid) and the status (-1 if the wait failed). */
int bt_wait(pid_t pid);
/* Spin (yielding) until *flag is set or about `ms' milliseconds passed. */
bool bt_wait_flag(volatile int *flag, int ms);
/* Sleep a few milliseconds. */
void bt_msleep(int ms);

#endif /* _TESTS_BSD_BT_H_ */
