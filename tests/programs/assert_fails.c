// SPDX-License-Identifier: BSD-2-Clause
// assert() reports the failed condition and abort() ends the task with
// status 134 (128 + SIGABRT), saying so.
#include <assert.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argv;
	printf("assert_fails: asserting argc == 2\n");
	assert(argc == 2);
	return 0;
}
