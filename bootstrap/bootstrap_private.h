/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the files of the bootstrap server share.  bootstrap is the first
 * task: it starts the tasks of the boot configuration (main.c), keeps a
 * record of each (started.c: its exit status, its crash), and serves the
 * bootstrap interface on each started task's bootstrap port: the end of a
 * task (started.c) and the name service (names.c).
 */
#ifndef _BOOTSTRAP_PRIVATE_H_
#define _BOOTSTRAP_PRIVATE_H_
#include <stdbool.h>
#include <mach/mach.h>
#include "boot_config.h"

/*
 * Status the machine ends with when the --poweroff task ends (besides its
 * own exit status, 0..255): BOOTSTRAP_STATUS_CRASHED + exception type when
 * an exception ended it, and these when it could not run at all.
 */
#define BOOTSTRAP_STATUS_CONFIG		126	/* the configuration is wrong */
#define BOOTSTRAP_STATUS_NOT_STARTED	127	/* the program could not be started */
#define BOOTSTRAP_STATUS_CRASHED	128	/* + the exception type */

/*
 * One started task.  Its life: RUNNING, then EXITED (bootstrap_exit came)
 * or CRASHED (an exception came that no handler of its own took); it is
 * over when its task port dies (the dead-name notification), whatever
 * came before: a task that ends with neither has status 0.
 */
struct started_task {
	const struct boot_task *conf;	/* its line of the configuration */
	mach_port_t	task;		/* send right to its task port (a dead name once over) */
	mach_port_t	bootstrap;	/* receive right: its bootstrap port, in the port set */
	enum { TASK_RUNNING, TASK_EXITED, TASK_CRASHED } state;
	int		status;		/* TASK_EXITED: the exit status */
	exception_type_t exception;	/* TASK_CRASHED: what, where */
	int64_t		code[2];
	uint64_t	pc;
	bool		over;
};

/* The ports bootstrap receives on (main.c). */
extern mach_port_t bootstrap_port_set;	/* every port below, and each task's bootstrap port */
extern mach_port_t bootstrap_exc_port;	/* exceptions of the started tasks */
extern mach_port_t bootstrap_notify_port; /* dead-name notifications of their task ports */
extern mach_port_t bootstrap_host_priv;	/* the kernel gave it: host_reboot */

/* started.c */
struct started_task *started_add(const struct boot_task *conf, mach_port_t bootstrap_rcv);
struct started_task *started_by_task(mach_port_t task);
struct started_task *started_by_port(mach_port_t bootstrap_rcv);
void started_watch(struct started_task *t, mach_port_t task);
/* The --poweroff task could not start: end the machine with that status. */
__attribute__((noreturn)) void bootstrap_halt(int status);

/* names.c */
/* Declare the service `name' for `owner' (--service=): its port exists
 * from now on; only `owner' may check in.  False when the table is full. */
bool names_declare(const char *name, const struct started_task *owner);
/* The port `port' (a service's) died: forget every service it served. */
bool names_port_died(mach_port_t port);

/* The MIG server functions (generated from the .defs). */
boolean_t bootstrap_server(mach_msg_header_t *in, mach_msg_header_t *out);
boolean_t mach_exc_server(mach_msg_header_t *in, mach_msg_header_t *out);
boolean_t notify_server(mach_msg_header_t *in, mach_msg_header_t *out);

#endif /* _BOOTSTRAP_PRIVATE_H_ */
