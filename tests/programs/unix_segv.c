// A Unix program that stores through a bad pointer: SIGSEGV ends it, and
// scripts/test-program --unix exits with 128 + 11.
#include <stdio.h>

int main(void)
{
	volatile int *volatile p = (int *)0x20;
	printf("unix_segv: storing to %p\n", (void *)p);
	*p = 1;
	return 0;
}
