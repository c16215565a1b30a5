// SPDX-License-Identifier: BSD-2-Clause
// Helpers of the BSD personality's tests.
#include <sys/wait.h>
#include <time.h>
#include "bt.h"

volatile unsigned long bt_bad_address = 0x20;

pid_t bt_spawn(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		fflush(stdout);
		_exit(fn(arg));
	}
	return pid;
}

int bt_wait(pid_t pid)
{
	int status = 0;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

void bt_msleep(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

bool bt_wait_flag(volatile int *flag, int ms)
{
	for (int i = 0; i < ms && !*flag; i++)
		bt_msleep(1);
	return *flag != 0;
}
