// SPDX-License-Identifier: BSD-2-Clause
// scripts/profile's Unix example (check_profile.py): getpid through
// bsd_server, profile_mark() before each call and after the last.
#include <stdlib.h>
#include <unistd.h>

// The marker scripts/profile cuts the run at: a call it can see.
void __attribute__((noinline)) profile_mark(void)
{
	__asm__ volatile("");
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10;
	pid_t first = getpid();

	for (int i = 0; i < n; i++) {
		profile_mark();
		if (getpid() != first)
			return 1;
	}
	profile_mark();
	return 0;
}
