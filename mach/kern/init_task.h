/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The first user task: a program the kernel loads itself from the boot
 * archive (the initrd, a cpio newc archive) when booted with init=NAME.
 * It gets a send right to the privileged host port as its bootstrap port,
 * and a read-only copy of the archive, whose address and size its
 * environment gives as MACHRV_BOOT_ARCHIVE=0xADDRESS,SIZE.
 */
#ifndef _KERN_INIT_TASK_H_
#define _KERN_INIT_TASK_H_
#include <mach/kern_return.h>
#include "kern/task.h"

/* The user stack of a loaded program: its top and size. */
#define USER_STACK_TOP		(VM_MAX_USER_ADDRESS - 0x100000UL)
#define USER_STACK_SIZE		(256 * 1024UL)

/* The first task's environment variable naming its copy of the archive. */
#define BOOT_ARCHIVE_ENV	"MACHRV_BOOT_ARCHIVE"

/*
 * program_load: load the ELF `name' of the boot archive into a new task,
 * with a stack holding argv (`argv', `argc' of them, at most 16) and the
 * environment (`envp', NULL-ended, at most 4; NULL for none), and a first
 * thread ready to start at its entry point (suspended) with a0 = argc,
 * a1 = argv, a2 = envp.
 *   Returns: KERN_SUCCESS with *taskp and *threadp (one reference each);
 *   KERN_INVALID_ARGUMENT (no archive, no such file, not a RISC-V
 *   executable: a console message says which); KERN_RESOURCE_SHORTAGE.
 */
kern_return_t program_load(const char *name, int argc, const char *const *argv,
			   const char *const *envp, task_t *taskp, thread_t *threadp);

/*
 * init_task_run: load and start init=NAME, wait for the task to end, and
 * return how it ended: 0 (it terminated itself), 1 (an exception ended it),
 * or -1 (it could not be started).
 */
int init_task_run(const char *name, const char *args);

#endif /* _KERN_INIT_TASK_H_ */
