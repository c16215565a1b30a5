// SPDX-License-Identifier: BSD-2-Clause
// Program start and exit for Unix programs: picolibc's thread-local
// storage and constructors, environ, the Mach task port (the library's
// sbrk allocates with vm_allocate), main(), exit.  _exit is the exit
// system call: bsd_server ends the task and keeps the status for wait4.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <mach/mach.h>
#include "libc_private.h"

extern int main(int argc, char **argv, char **envp);
extern void __libc_init_array(void);
extern char __tls_size[], __tls_align[];
extern void _init_tls(void *tls);
extern void _set_tls(void *tls);

mach_port_t mach_task_self_ = MACH_PORT_NULL;
vm_size_t vm_page_size = 4096;
vm_size_t vm_page_mask = 4095;
int vm_page_shift = 12;
char **environ;

__attribute__((noreturn)) void __bsd_start(int argc, char **argv, char **envp)
{
	uintptr_t align = (uintptr_t)__tls_align;
	uintptr_t size = (uintptr_t)__tls_size;

	if (align < 16)
		align = 16;
	char *raw = __builtin_alloca(size + align);
	char *tls = (char *)(((uintptr_t)raw + align - 1) & ~(align - 1));
	_init_tls(tls);
	_set_tls(tls);

	mach_task_self_ = task_self_trap();
	environ = envp;
	atexit(__bsd_stdio_flush_all);
	__libc_init_array();
	exit(main(argc, argv, envp));
}

/* The Mach state a forked child must not inherit from its parent: the
 * child's port names are its own (fork.c calls this in the child). */
void __bsd_mach_fork_child(void)
{
	mach_task_self_ = task_self_trap();
	libmach_fork_child();
	__bsd_pipe_fork_child();
}

__attribute__((noreturn)) void _exit(int status)
{
	for (;;)
		(void)__sys_exit(status);
}

/* A stub's error path: a0 held -errno. */
long __bsd_cerror(long negated)
{
	errno = (int)-negated;
	return -1;
}
