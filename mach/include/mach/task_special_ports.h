/* SPDX-License-Identifier: BSD-2-Clause */
/* A task's special ports (task_get_special_port, task_set_special_port):
 * XNU's numbers, plus MachRV's syscall port. */
#ifndef _MACH_TASK_SPECIAL_PORTS_H_
#define _MACH_TASK_SPECIAL_PORTS_H_

typedef int task_special_port_t;

#define TASK_KERNEL_PORT      1   /* the task's own port: what mach_task_self() names */
#define TASK_HOST_PORT        2   /* the host port it may use */
#define TASK_NAME_PORT        3   /* the task's name port (task_info only) */
#define TASK_BOOTSTRAP_PORT   4   /* the bootstrap (name) server */
/*
 * MachRV: where the kernel sends a Unix system call (ecall with a7 >= 0)
 * of this task's threads, as a message carrying the registers; the
 * personality that owns the task sets it.  Without it such an ecall raises
 * EXC_SYSCALL.
 */
#define TASK_SYSCALL_PORT     16

#define TASK_MAX_SPECIAL_PORT TASK_SYSCALL_PORT

#define task_get_kernel_port(task, port) \
	(task_get_special_port((task), TASK_KERNEL_PORT, (port)))
#define task_set_kernel_port(task, port) \
	(task_set_special_port((task), TASK_KERNEL_PORT, (port)))
#define task_get_host_port(task, port) \
	(task_get_special_port((task), TASK_HOST_PORT, (port)))
#define task_set_host_port(task, port) \
	(task_set_special_port((task), TASK_HOST_PORT, (port)))
#define task_get_bootstrap_port(task, port) \
	(task_get_special_port((task), TASK_BOOTSTRAP_PORT, (port)))
#define task_set_bootstrap_port(task, port) \
	(task_set_special_port((task), TASK_BOOTSTRAP_PORT, (port)))
#define task_get_syscall_port(task, port) \
	(task_get_special_port((task), TASK_SYSCALL_PORT, (port)))
#define task_set_syscall_port(task, port) \
	(task_set_special_port((task), TASK_SYSCALL_PORT, (port)))

#endif /* _MACH_TASK_SPECIAL_PORTS_H_ */
