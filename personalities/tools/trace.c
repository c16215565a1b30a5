// SPDX-License-Identifier: BSD-2-Clause
// trace: run a command with the kernel's event trace on, then show what
// it and the servers working for it did (docs/read-path.md).
//
//   trace [-x] [-o FILE] COMMAND [ARG...]
//
// The command runs as a child: it starts tracing itself (trace_start of
// machrv_trace.defs, on the host port), then executes COMMAND; everything
// it starts, and every server's work on its behalf, is traced too.  When
// it has ended, trace stops the trace and prints the records, one line
// each, hart by hart (oldest first): the hart's instruction count, the
// task and thread, the event.  -x prints them instead as the raw records
// (<machrv/trace.h>) in base64 between "@trace-begin" and "@trace-end",
// which scripts/trace reads to draw the call tree.  -o FILE writes there
// instead of standard output.  trace exits with the command's status
// (128 + signal if it was killed).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <mach/mach.h>
#include <machrv/machrv_trace.h>
#include <machrv/trace.h>
#include "trace_dump.h"
#include "util.h"

static const char *prog = "trace";

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-x] [-o file] command [arg ...]\n", prog);
	exit(2);
}

static const char *kind_names[TR_KIND_COUNT] = {
	[TR_TRAP_ENTER] = "trap", [TR_TRAP_EXIT] = "return", [TR_MSG_SEND] = "send",
	[TR_MSG_RECV] = "receive", [TR_KOBJECT] = "kernel-object", [TR_SWITCH] = "switch",
	[TR_FAULT] = "fault", [TR_FAULT_DONE] = "fault-done", [TR_IRQ] = "interrupt",
	[TR_TASK_NAME] = "task-name", [TR_PORT_LABEL] = "port-label", [TR_NOTE] = "note",
};

// One readable line per record.
static void
print_record(FILE *f, const machrv_trace_record_t *r)
{
	const char *kind = r->tr_kind < TR_KIND_COUNT && kind_names[r->tr_kind]
				   ? kind_names[r->tr_kind] : "?";
	char text[25];

	fprintf(f, "%u %12llu task %u thread %u %s", r->tr_hart,
		(unsigned long long)r->tr_instret, r->tr_task, r->tr_thread, kind);
	switch (r->tr_kind) {
	case TR_TRAP_ENTER:
		if ((int32_t)r->tr_aux >= 0)
			fprintf(f, " unix %d (%#llx, %#llx, %#llx)", (int32_t)r->tr_aux,
				(unsigned long long)r->tr_a[0], (unsigned long long)r->tr_a[1],
				(unsigned long long)r->tr_a[2]);
		else
			fprintf(f, " mach %d", -(int32_t)r->tr_aux);
		break;
	case TR_TRAP_EXIT:
		fprintf(f, " %d -> %lld", (int32_t)r->tr_aux, (long long)r->tr_a[0]);
		break;
	case TR_MSG_SEND:
		fprintf(f, " msg %llu id %u to port %#llx reply %#llx, %llu bytes",
			(unsigned long long)r->tr_a[0], r->tr_aux, (unsigned long long)r->tr_a[1],
			(unsigned long long)r->tr_a[2], (unsigned long long)(r->tr_a[3] & 0xffffffff));
		break;
	case TR_MSG_RECV:
		fprintf(f, " msg %llu id %u on port %#llx from task %llu",
			(unsigned long long)r->tr_a[0], r->tr_aux, (unsigned long long)r->tr_a[1],
			(unsigned long long)r->tr_a[2]);
		break;
	case TR_KOBJECT:
		fprintf(f, " msg %llu id %u", (unsigned long long)r->tr_a[0], r->tr_aux);
		break;
	case TR_SWITCH:
		fprintf(f, " to thread %llu (task %llu)", (unsigned long long)r->tr_a[0],
			(unsigned long long)r->tr_a[1]);
		break;
	case TR_FAULT:
		fprintf(f, " at %#llx", (unsigned long long)r->tr_a[0]);
		break;
	case TR_FAULT_DONE:
		fprintf(f, " %lld", (long long)r->tr_a[0]);
		break;
	case TR_IRQ:
		fprintf(f, " irq %u", r->tr_aux);
		break;
	case TR_TASK_NAME:
	case TR_PORT_LABEL:
		memcpy(text, &r->tr_a[1], 24);
		text[24] = 0;
		fprintf(f, " %#llx part %u \"%s\"", (unsigned long long)r->tr_a[0], r->tr_aux, text);
		break;
	case TR_NOTE:
		memcpy(text, &r->tr_a[2], 16);
		text[16] = 0;
		fprintf(f, " %u %llu %llu \"%s\"", r->tr_aux, (unsigned long long)r->tr_a[0],
			(unsigned long long)r->tr_a[1], text);
		break;
	}
	fputc('\n', f);
}

int
main(int argc, char **argv)
{
	int raw = 0;
	const char *out = NULL;
	int c;

	if (argc > 0 && argv[0][0])
		prog = argv[0];
	while ((c = getopt(argc, argv, "+xo:")) != -1) {
		switch (c) {
		case 'x': raw = 1; break;
		case 'o': out = optarg; break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();

	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", prog, strerror(errno));
		return 1;
	}
	if (pid == 0) {
		// (The child's Mach names are its own: none of the parent's.)
		mach_port_t host = mach_host_self();
		kern_return_t kr = trace_start(host, mach_task_self());
		if (kr != KERN_SUCCESS) {
			fprintf(stderr, "%s: trace_start: %s\n", prog, mach_error_string(kr));
			_exit(126);
		}
		execvp(argv[optind], argv + optind);
		int e = errno;
		trace_stop(host);
		fprintf(stderr, "%s: %s: %s\n", prog, argv[optind], strerror(e));
		_exit(e == ENOENT ? 127 : 126);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "%s: waitpid: %s\n", prog, strerror(errno));
			return 1;
		}
	}
	mach_port_t host = mach_host_self();
	kern_return_t kr = trace_stop(host);
	vm_offset_t data = 0;
	mach_msg_type_number_t size = 0;
	natural_t lost = 0;
	if (kr == KERN_SUCCESS)
		kr = trace_read(host, &data, &size, &lost);
	if (kr != KERN_SUCCESS) {
		fprintf(stderr, "%s: reading the trace: %s\n", prog, mach_error_string(kr));
		return 1;
	}
	FILE *f = stdout;
	if (out) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, out, strerror(errno));
			return 1;
		}
		close(fd);
	}
	size_t n = size / sizeof(machrv_trace_record_t);
	const machrv_trace_record_t *r = (const machrv_trace_record_t *)data;
	if (raw) {
		trace_dump(f, (const void *)data, n * sizeof(*r), lost);
	} else {
		for (size_t i = 0; i < n; i++)
			print_record(f, &r[i]);
		if (lost)
			fprintf(f, "(%u records lost: the rings were full)\n", lost);
	}
	fflush(stdout);
	if (size)
		vm_deallocate(mach_task_self(), data, size);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
