// A Unix program that says hello and exits with 42 (scripts/test-program --unix).
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("unix_exit: pid %d, exiting with 42\n", getpid());
	return 42;
}
