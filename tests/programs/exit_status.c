// SPDX-License-Identifier: BSD-2-Clause
// Exits with the status its first line names, after printing it: the
// status must reach the host through bootstrap, the kernel and QEMU.
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("exit_status: exiting with 42\n");
	exit(42);
}
