// SPDX-License-Identifier: BSD-2-Clause
// Stores to an unmapped address: bootstrap must report the crash (the
// exception and the address) and end the boot, not hang.
#include <stdio.h>

int main(int argc, char **argv)
{
	// An address the compiler cannot see through (argc is 1): 0x20.
	volatile int *bad = (volatile int *)(unsigned long)(0x1f + argc);

	(void)argv;
	printf("crash_store: storing to 0x20\n");
	*bad = 1;
	printf("crash_store: still alive (wrong)\n");
	return 0;
}
