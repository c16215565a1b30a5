// SPDX-License-Identifier: BSD-2-Clause
// opcost: what each Unix operation costs, in instructions and in hops
// (scripts/compare, docs/shapes.md).
//
//   opcost [-x] [-n N] [OP...]
//
// For each operation (all of them, or the OPs named): one untraced run to
// warm up; N runs counted with rdinstret (every hart's instructions under
// QEMU's -icount at one hart: the program's, the kernel's and the
// servers'); then N runs with the kernel's event trace on
// (machrv_trace.defs), from which it counts the traps, messages, bytes
// sent inline, pages sent out of line and context switches (trace_counts:
// exact even when the trace's rings are full).  It prints a line per
// operation:
//
//   OP N instructions/op traps/op messages/op inline-bytes/op ool-pages/op switches/op
//
// -x adds, after each line, the raw records (base64 between
// "@trace-begin" and "@trace-end", as trace -x prints them), from which
// scripts/compare finds which task spends the instructions.  Operations
// whose name ends in "+lseek" include an lseek (there is no pread):
// scripts/compare subtracts the lseek line.
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <mach/mach.h>
#include <machrv/machrv_trace.h>
#include <machrv/trace.h>
#include "trace_dump.h"

extern char **environ;

static int fd_motd, fd_tmp, cold_fd = -1, to_child[2], from_child[2];
static pid_t child;
static off_t cold_off;
static const char *cold_files[] = { "/bin/od", "/bin/sort", "/bin/stat", "/bin/tail",
				    "/bin/printf", "/bin/uniq", "/bin/tee", NULL };
static int cold_next;
static char buf[4096];

static inline uint64_t
instret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static void
die(const char *what)
{
	fprintf(stderr, "opcost: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void op_getpid(void) { (void)getpid(); }
static void op_lseek(void) { (void)lseek(fd_motd, 0, SEEK_SET); }
static void op_read1(void) { lseek(fd_motd, 0, SEEK_SET); if (read(fd_motd, buf, 1) != 1) die("read"); }
static void op_read4k(void) { lseek(fd_motd, 0, SEEK_SET); if (read(fd_motd, buf, 4096) < 1) die("read"); }
static void op_write1(void) { lseek(fd_tmp, 0, SEEK_SET); if (write(fd_tmp, "x", 1) != 1) die("write"); }

// A 4 KiB block no one has read yet: the next one of the files nobody runs here.
static void
op_read_cold(void)
{
	for (;;) {
		if (cold_fd < 0) {
			if (!cold_files[cold_next]) {
				errno = ENOSPC;
				die("no unread block left");
			}
			if ((cold_fd = open(cold_files[cold_next++], O_RDONLY)) < 0)
				die(cold_files[cold_next - 1]);
			cold_off = 0;
		}
		lseek(cold_fd, cold_off, SEEK_SET);
		ssize_t n = read(cold_fd, buf, 4096);
		cold_off += 4096;
		if (n == 4096)
			return;
		close(cold_fd);		// that file is read: the next one
		cold_fd = -1;
	}
}

static void
op_open_close(void)
{
	int fd = open("/etc/motd", O_RDONLY);
	if (fd < 0)
		die("open");
	close(fd);
}

static void
op_stat(void)
{
	struct stat st;
	if (stat("/etc/motd", &st) != 0)
		die("stat");
}

// The child of the pipe test: answers each byte with the same byte; 'T'
// first makes it trace itself (the parent's trace is on by then).
static void
pipe_child(void)
{
	char c;
	while (read(to_child[0], &c, 1) == 1) {
		if (c == 'T')
			(void)trace_start(mach_host_self(), mach_task_self());
		if (write(from_child[1], &c, 1) != 1)
			break;
	}
	_exit(0);
}

static void
pipe_byte(char c)
{
	if (write(to_child[1], &c, 1) != 1 || read(from_child[0], &c, 1) != 1)
		die("pipe");
}

static void op_pipe(void) { pipe_byte('p'); }

static void
op_fork_exit(void)
{
	int st;
	pid_t p = fork();
	if (p < 0)
		die("fork");
	if (p == 0)
		_exit(0);
	waitpid(p, &st, 0);
}

static void
op_fork_exec(void)
{
	int st;
	pid_t p = fork();
	if (p < 0)
		die("fork");
	if (p == 0) {
		char *argv[] = { "true", NULL };
		execve("/bin/true", argv, environ);
		_exit(127);
	}
	waitpid(p, &st, 0);
}

// The userland's build-like workload (tests/system/workload.sh, which
// scripts/compare puts at /tests/workload.sh: a few hundred files made,
// scanned, copied, renamed, removed), or without it a small job of the
// same kind.
static void
op_workload(void)
{
	int st;
	pid_t p = fork();
	if (p < 0)
		die("fork");
	if (p == 0 && access("/tests/workload.sh", R_OK) == 0) {
		char *argv[] = { "sh", "-c",
			"W=/tmp/w sh /tests/workload.sh > /dev/null && rm -r /tmp/w", NULL };
		execve("/bin/sh", argv, environ);
		_exit(127);
	}
	if (p == 0) {
		char *argv[] = { "sh", "-c",
			"mkdir -p /tmp/w/src /tmp/w/out && cp /etc/motd /etc/passwd /tmp/w/src/ && "
			"for f in /tmp/w/src/*; do cat $f | grep -c e > /tmp/w/out/${f##*/}.n; done && "
			"ls -l /tmp/w/out > /tmp/w/list && wc -l /tmp/w/list > /dev/null && rm -r /tmp/w",
			NULL };
		execve("/bin/sh", argv, environ);
		_exit(127);
	}
	waitpid(p, &st, 0);
}

static const struct op {
	const char *name;
	void (*fn)(void);
	int runs;		// default N
} ops[] = {
	{ "getpid", op_getpid, 20 },
	{ "lseek", op_lseek, 20 },
	{ "read_1_byte_cached+lseek", op_read1, 20 },
	{ "read_4_kib_cached+lseek", op_read4k, 20 },
	{ "read_4_kib_cold+lseek", op_read_cold, 8 },
	{ "write_1_byte+lseek", op_write1, 20 },
	{ "open_close", op_open_close, 10 },
	{ "stat", op_stat, 10 },
	{ "pipe_ping_pong", op_pipe, 10 },
	{ "fork_exit_wait", op_fork_exit, 4 },
	{ "fork_exec_wait", op_fork_exec, 4 },
	{ "workload", op_workload, 1 },
	{ NULL, NULL, 0 },
};

// What tracing nothing counts: trace_start's reply and trace_stop's request.
static trace_counts_t baseline;

static void
measure_baseline(void)
{
	mach_port_t host = mach_host_self();
	if (trace_start(host, mach_task_self()) != KERN_SUCCESS ||
	    trace_stop(host) != KERN_SUCCESS || trace_counts(host, baseline) != KERN_SUCCESS) {
		fprintf(stderr, "opcost: the event trace does not answer\n");
		exit(1);
	}
	mach_port_deallocate(mach_task_self(), host);
}

static void
run(const struct op *op, int n, int raw)
{
	mach_port_t host = mach_host_self();
	bool is_pipe = op->fn == op_pipe;

	// Warm up: caches, and a pipe's descriptors, which the library uses
	// without the server from their fourth call (docs/bsd.md).
	for (int i = 0; i < 5; i++)
		op->fn();
	uint64_t t0 = instret();
	for (int i = 0; i < n; i++)
		op->fn();
	uint64_t instr = instret() - t0;

	kern_return_t kr = trace_start(host, mach_task_self());
	if (kr != KERN_SUCCESS) {
		fprintf(stderr, "opcost: trace_start: %s\n", mach_error_string(kr));
		exit(1);
	}
	if (is_pipe)
		pipe_byte('T');				// the child traces itself too
	for (int i = 0; i < n; i++)
		op->fn();
	trace_stop(host);
	vm_offset_t data = 0;
	mach_msg_type_number_t size = 0;
	natural_t lost = 0;
	if ((kr = trace_read(host, &data, &size, &lost)) != KERN_SUCCESS) {
		fprintf(stderr, "opcost: trace_read: %s\n", mach_error_string(kr));
		exit(1);
	}
	size_t nrec = size / sizeof(machrv_trace_record_t);
	trace_counts_t counts;
	if ((kr = trace_counts(host, counts)) != KERN_SUCCESS) {
		fprintf(stderr, "opcost: trace_counts: %s\n", mach_error_string(kr));
		exit(1);
	}
	// Less the trace's own messages; the pipe's 'T' is one ping-pong more.
	double d = is_pipe ? n + 1 : n;
	printf("%s %d %llu", op->name, n, (unsigned long long)(instr / (uint64_t)n));
	static const int shown[] = { TRC_TRAPS, TRC_MESSAGES, TRC_INLINE_BYTES, TRC_OOL_PAGES,
				     TRC_SWITCHES };
	for (unsigned i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		int k = shown[i];
		printf(" %.1f", counts[k] > baseline[k] ? (double)(counts[k] - baseline[k]) / d : 0.0);
	}
	printf("\n");
	if (raw) {
		trace_dump(stdout, (const void *)data, nrec * sizeof(machrv_trace_record_t), lost);
	}
	fflush(stdout);
	if (size)
		vm_deallocate(mach_task_self(), data, size);
	mach_port_deallocate(mach_task_self(), host);
}

int
main(int argc, char **argv)
{
	int raw = 0, n = 0, c;

	while ((c = getopt(argc, argv, "xn:")) != -1) {
		switch (c) {
		case 'x': raw = 1; break;
		case 'n': n = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: opcost [-x] [-n runs] [op ...]\n");
			return 2;
		}
	}
	if ((fd_motd = open("/etc/motd", O_RDONLY)) < 0)
		die("/etc/motd");
	if ((fd_tmp = open("/tmp/opcost.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644)) < 0)
		die("/tmp/opcost.tmp");
	if (pipe(to_child) != 0 || pipe(from_child) != 0)
		die("pipe");
	fflush(stdout);
	if ((child = fork()) < 0)
		die("fork");
	if (child == 0) {
		close(to_child[1]);
		close(from_child[0]);
		pipe_child();
	}
	close(to_child[0]);
	close(from_child[1]);
	measure_baseline();
	for (const struct op *op = ops; op->name; op++) {
		bool wanted = optind >= argc;
		for (int i = optind; i < argc; i++)
			wanted |= strcmp(argv[i], op->name) == 0;
		if (wanted)
			run(op, n > 0 ? (n < op->runs ? n : op->runs) : op->runs, raw);
	}
	close(to_child[1]);
	int st;
	waitpid(child, &st, 0);
	unlink("/tmp/opcost.tmp");
	return 0;
}
