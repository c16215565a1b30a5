// SPDX-License-Identifier: BSD-2-Clause
// The C side of program start and exit: picolibc's thread-local storage
// and constructors, the task's own port, main(), and _exit(), which ends
// the task.  Linked into every program (not taken from libmach.a), so its
// _exit is the one picolibc's exit() calls.
#include <stdint.h>
#include <stdlib.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>
#include "libmach_private.h"

extern int main(int argc, char **argv, char **envp);

// From picolibc: run constructors.
extern void __libc_init_array(void);

mach_port_t mach_task_self_ = MACH_PORT_NULL;
const char *libmach_progname;
vm_size_t vm_page_size = 4096;
vm_size_t vm_page_mask = 4095;
int vm_page_shift = 12;

/*
 * __libmach_start: called by _start with the kernel's argc, argv, envp.
 * The main thread's TLS block lives in this frame, which never returns.
 * Only one trap runs before main (task_self_trap): nothing here depends on
 * the kernel serving any interface.
 */
__attribute__((noreturn)) void __libmach_start(int argc, char **argv, char **envp)
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
	libmach_progname = argc > 0 ? argv[0] : NULL;
	__libc_init_array();
	exit(main(argc, argv, envp));
}

/*
 * _exit: end the task.  Output still buffered for the console goes first,
 * then the status goes to the task's starter (bootstrap_exit on the
 * bootstrap port: bootstrap records it before it replies, so it knows the
 * status before the task's port dies).  A task whose bootstrap port is the
 * host-priv port (the first task) gets MIG_BAD_ID back, which is ignored.
 * It works when the program no longer holds its task-self right: it takes
 * a fresh one with task_self_trap.
 */
__attribute__((noreturn)) void _exit(int status)
{
	libmach_console_flush();
	// A fresh send right to the task's own port: the program may have
	// given away or destroyed the one mach_task_self() names (a MOVE_SEND
	// of it in a message, a mach_port_deallocate too many).
	mach_port_t self = task_self_trap();
	if (MACH_PORT_VALID(self))
		mach_task_self_ = self;
	if (MACH_PORT_VALID(bootstrap_port))
		(void)bootstrap_exit(bootstrap_port, mach_task_self(), status & 0xff);
	task_terminate(mach_task_self());
	// task_terminate of our own task does not return; if the kernel
	// refused it, end at least this thread, then spin without busy work.
	thread_terminate(mach_thread_self());
	for (;;)
		swtch_pri(0);
}
