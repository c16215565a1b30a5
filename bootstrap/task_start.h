/* SPDX-License-Identifier: BSD-2-Clause */
/* Starting a task from a program in the boot archive, from user space. */
#ifndef _BOOTSTRAP_TASK_START_H_
#define _BOOTSTRAP_TASK_START_H_
#include <stdbool.h>
#include <stddef.h>
#include <mach/mach.h>

/* The stack of a started task: its top and size (as the kernel's loader, init_task.h). */
#define TASK_STACK_TOP		((1UL << 38) - 0x100000UL)
#define TASK_STACK_SIZE		(256 * 1024UL)

/* What a new task is given. */
struct task_start_args {
	const char	*const *argv;	/* argv[0] is the program's name in the archive */
	int		argc;
	mach_port_t	bootstrap;	/* a send right: its TASK_BOOTSTRAP_PORT */
	mach_port_t	exception;	/* a send right: its task exception port (all exceptions) */
	mach_port_t	*ports;		/* send rights for mach_ports_register, or NULL */
	int		nports;
	bool		give_archive;
	const void	*archive;	/* give_archive: the archive, in this task */
	size_t		archive_size;	/* a read-only copy of the archive, named in envp */
};

/*
 * task_start: load the ELF program argv[0] of the archive (`archive',
 * `size' bytes, in this task's memory) into a new task: each PT_LOAD
 * segment in its own pages with the segment's protection, a stack holding
 * argv and the environment (empty, or with give_archive
 * MACHRV_BOOT_ARCHIVE=0xADDRESS,SIZE naming a read-only copy of the
 * archive below the stack, as the kernel gives the first task), the
 * given ports; then start its first
 * thread at the entry point with a0 = argc, a1 = argv, a2 = envp, as
 * libmach's crt0 expects.  The caller keeps its rights.
 *   Returns: KERN_SUCCESS with *task (a send right to the new task);
 *   otherwise the task is gone, and `err' says why (no such program, not
 *   a RISC-V executable, or the kernel call that failed).
 */
kern_return_t task_start(const void *archive, size_t size, const struct task_start_args *args,
			 task_t *task, char *err, size_t errlen);

#endif /* _BOOTSTRAP_TASK_START_H_ */
