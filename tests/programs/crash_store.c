// SPDX-License-Identifier: BSD-2-Clause
// Stores to an unmapped address: bootstrap must report the crash (the
// exception and the address) and end the boot, not hang.
#include <stdio.h>

int main(void)
{
	volatile int *bad = (volatile int *)(unsigned long)0x20;

	printf("crash_store: storing to 0x20\n");
	*bad = 1;
	printf("crash_store: still alive (wrong)\n");
	return 0;
}
