// SPDX-License-Identifier: BSD-2-Clause
// bootstrap, the first task: read the boot configuration from the boot
// archive the kernel gave us, start each task it names with its own
// bootstrap port, then serve those ports, the started tasks' exceptions
// and the notifications of their deaths (docs/bootstrap.md).
//
//   bootstrap [CONFIG]     CONFIG: a file of the boot archive (default boot.conf)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mach/mach.h>
#include <mach/host_special_ports.h>
#include <servers/bootstrap_types.h>
#include "bootstrap_private.h"
#include "lib/cpio.h"
#include "task_start.h"

mach_port_t bootstrap_port_set, bootstrap_exc_port, bootstrap_notify_port, bootstrap_host_priv;

static struct boot_config config;

/* The archive the kernel mapped for us: MACHRV_BOOT_ARCHIVE=0xADDRESS,SIZE. */
static bool find_archive(char **envp, const void **archive, size_t *size)
{
	static const char var[] = "MACHRV_BOOT_ARCHIVE=";

	for (; envp && *envp; envp++) {
		if (strncmp(*envp, var, sizeof(var) - 1) != 0)
			continue;
		char *end;
		unsigned long long at = strtoull(*envp + sizeof(var) - 1, &end, 0);
		if (*end != ',')
			return false;
		*size = (size_t)strtoull(end + 1, &end, 0);
		*archive = (const void *)(uintptr_t)at;
		return *end == '\0' && at != 0;
	}
	return false;
}

/* A receive right with a send right made for it. */
static mach_port_t new_port(void)
{
	mach_port_t port = MACH_PORT_NULL;

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port) != KERN_SUCCESS ||
	    mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND) !=
		    KERN_SUCCESS) {
		printf("bootstrap: out of ports\n");
		bootstrap_halt(BOOTSTRAP_STATUS_NOT_STARTED);
	}
	return port;
}

static mach_port_t new_member_port(void)
{
	mach_port_t port = new_port();

	(void)mach_port_move_member(mach_task_self(), port, bootstrap_port_set);
	return port;
}

/* The send rights of --ports=: filled in `ports'. */
static void given_ports(const struct boot_task *bt, mach_port_t *ports)
{
	for (int i = 0; i < bt->nports; i++) {
		ports[i] = MACH_PORT_NULL;
		if (bt->ports[i] == BOOT_PORT_HOST_PRIV)
			ports[i] = bootstrap_host_priv;
		else if (host_get_special_port(bootstrap_host_priv, HOST_LOCAL_NODE,
					       HOST_IO_MASTER_PORT, &ports[i]) != KERN_SUCCESS)
			ports[i] = MACH_PORT_NULL;
	}
}

/* The record of configuration line `bt', with its bootstrap port and services. */
static struct started_task *prepare_one(const struct boot_task *bt)
{
	struct started_task *t = started_add(bt, new_member_port());

	for (int i = 0; i < bt->nservices; i++)
		if (!names_declare(bt->services[i], t))
			bootstrap_halt(BOOTSTRAP_STATUS_CONFIG);
	return t;
}

/* Start the task of record `t'; false if it could not start. */
static bool start_one(const char *config_name, const void *archive, size_t size,
		      struct started_task *t)
{
	const struct boot_task *bt = t->conf;
	mach_port_t ports[BOOT_CONFIG_MAX_PORTS];
	struct task_start_args args = {
		.argv = bt->argv, .argc = bt->argc, .bootstrap = t->bootstrap,
		.exception = bootstrap_exc_port, .ports = ports, .nports = bt->nports,
		.give_archive = bt->archive, .archive = archive, .archive_size = size,
	};
	char err[160];
	task_t task;

	given_ports(bt, ports);
	kern_return_t kr = task_start(archive, size, &args, &task, err, sizeof(err));
	for (int i = 0; i < bt->nports; i++)
		if (bt->ports[i] == BOOT_PORT_DEVICE && MACH_PORT_VALID(ports[i]))
			(void)mach_port_deallocate(mach_task_self(), ports[i]);
	// The task holds its own send right now; ours would keep no-senders away.
	(void)mach_port_deallocate(mach_task_self(), t->bootstrap);
	if (kr != KERN_SUCCESS) {
		printf("bootstrap: %s:%d: cannot start %s: %s\n", config_name, bt->line,
		       bt->argv[0], err);
		t->over = true;
		return false;
	}
	started_watch(t, task);
	return true;
}

/* Which server a request is for: by the port it came to. */
static boolean_t bootstrap_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	if (in->msgh_local_port == bootstrap_exc_port)
		return mach_exc_server(in, out);
	if (in->msgh_local_port == bootstrap_notify_port)
		return notify_server(in, out);
	return bootstrap_server(in, out);
}

int main(int argc, char **argv, char **envp)
{
	const char *config_name = argc > 1 ? argv[1] : "boot.conf";
	const void *archive, *text;
	size_t size, text_size;
	char err[160];

	bootstrap_host_priv = bootstrap_port;	/* the kernel's gift to the first task */
	if (!find_archive(envp, &archive, &size)) {
		printf("bootstrap: no boot archive in the environment (not the first task?)\n");
		bootstrap_halt(BOOTSTRAP_STATUS_CONFIG);
	}
	enum cpio_status cs = cpio_find(archive, size, config_name, &text, &text_size);
	if (cs != CPIO_OK) {
		printf("bootstrap: %s: %s\n", config_name, cpio_strerror(cs));
		bootstrap_halt(BOOTSTRAP_STATUS_CONFIG);
	}
	if (!boot_config_parse(&config, text, text_size, err, sizeof(err))) {
		printf("bootstrap: %s: %s\n", config_name, err);
		bootstrap_halt(BOOTSTRAP_STATUS_CONFIG);
	}

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &bootstrap_port_set) !=
	    KERN_SUCCESS) {
		printf("bootstrap: no port set\n");
		bootstrap_halt(BOOTSTRAP_STATUS_CONFIG);
	}
	bootstrap_exc_port = new_member_port();
	bootstrap_notify_port = new_member_port();

	printf("bootstrap: %s: %d task%s\n", config_name, config.ntasks, config.ntasks == 1 ? "" : "s");
	// Every service exists before any task starts, so a client may look
	// up a server that starts after it.
	struct started_task *started[BOOT_CONFIG_MAX_TASKS];
	for (int i = 0; i < config.ntasks; i++)
		started[i] = prepare_one(&config.tasks[i]);
	for (int i = 0; i < config.ntasks; i++)
		if (!start_one(config_name, archive, size, started[i]) && started[i]->conf->poweroff)
			bootstrap_halt(BOOTSTRAP_STATUS_NOT_STARTED);

	// Serve for ever: the --poweroff task's end stops the machine.
	for (;;) {
		mach_msg_return_t mr = mach_msg_server(bootstrap_demux, 8192, bootstrap_port_set, 0);
		printf("bootstrap: mach_msg_server: %s\n", mach_error_string(mr));
	}
}
