// SPDX-License-Identifier: BSD-2-Clause
// The first MachRV user program: prints through picolibc (the debug-write
// trap underneath) and names its own task port.  Its output lines are the
// markers a QEMU test will look for once the kernel runs tasks.
#include <stdio.h>
#include <mach/mach.h>

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	printf("hello from a MachRV task: argc=%d argv[0]=%s\n", argc,
	       argc > 0 && argv[0] ? argv[0] : "(none)");
	printf("mach_task_self() = 0x%x\n", (unsigned)mach_task_self());
	printf("HELLO-OK\n");
	return 0;
}
