// SPDX-License-Identifier: BSD-2-Clause
// The BSD personality's benchmarks, in guest instructions (rdinstret; exact
// under QEMU -icount shift=0, with one hart every instruction of every
// task and of the kernel counts).  Runs as init under bsd_server
// (tests/bsd/bench.conf; scripts/bench).  Each prints "BENCH <name>
// <instructions per operation>", the best of several runs.
//
// Besides the system calls, it measures the ways bsd_server can move a
// caller's bytes (docs/bsd.md, "How data moves"): vm_read_overwrite and
// vm_write on a task port (what bsd_server does), and vm_read, which
// maps a copy that must then be deallocated.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <mach/mach.h>

static int ops = 200, runs = 5;

static inline uint64_t instret(void)
{
	uint64_t v;
	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

static void report(const char *name, void (*op)(void), int n_ops)
{
	uint64_t best = ~0ULL;

	for (int i = 0; i < 20; i++)
		op();
	for (int run = 0; run < runs; run++) {
		uint64_t start = instret();
		for (int i = 0; i < n_ops; i++)
			op();
		uint64_t n = (instret() - start) / (uint64_t)n_ops;
		if (n < best)
			best = n;
	}
	printf("BENCH %s %lu\n", name, (unsigned long)best);
}

static void op_getpid(void) { (void)getpid(); }

static int null_fd, zero_fd, ping[2], pong[2];
static char buf[4096];

static void op_write_null_1(void) { (void)write(null_fd, buf, 1); }
static void op_read_zero_1(void) { (void)read(zero_fd, buf, 1); }
static void op_read_zero_4k(void) { (void)read(zero_fd, buf, 4096); }

static void op_pipe_round_trip(void)
{
	char c = 'p';
	(void)write(ping[1], &c, 1);
	(void)read(pong[0], &c, 1);
}

static void op_fork_exit_wait(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	int status;
	(void)waitpid(pid, &status, 0);
}

static char target[4096] __attribute__((aligned(4096)));

static void op_vm_read_overwrite_1(void)
{
	vm_size_t got;
	(void)vm_read_overwrite(mach_task_self(), (vm_address_t)target, 1, (vm_address_t)buf, &got);
}

static void op_vm_read_overwrite_4k(void)
{
	vm_size_t got;
	(void)vm_read_overwrite(mach_task_self(), (vm_address_t)target, 4096, (vm_address_t)buf, &got);
}

static void op_vm_write_1(void)
{
	(void)vm_write(mach_task_self(), (vm_address_t)target, (vm_offset_t)buf, 1);
}

static void op_vm_write_4k(void)
{
	(void)vm_write(mach_task_self(), (vm_address_t)target, (vm_offset_t)buf, 4096);
}

static void op_vm_read_dealloc_4k(void)
{
	vm_offset_t data;
	mach_msg_type_number_t n;
	if (vm_read(mach_task_self(), (vm_address_t)target, 4096, &data, &n) == KERN_SUCCESS)
		(void)vm_deallocate(mach_task_self(), data, n);
}

int main(int argc, char **argv)
{
	if (argc > 2) {
		ops = atoi(argv[1]);
		runs = atoi(argv[2]);
	}
	null_fd = open("/dev/null", O_RDWR);
	zero_fd = open("/dev/zero", O_RDONLY);
	if (null_fd < 0 || zero_fd < 0 || pipe(ping) || pipe(pong)) {
		printf("bsd_bench: setup failed\n");
		return 1;
	}
	report("bsd_getpid", op_getpid, ops);
	report("bsd_write_dev_null_1_byte", op_write_null_1, ops);
	report("bsd_read_dev_zero_1_byte", op_read_zero_1, ops);
	report("bsd_read_dev_zero_4k", op_read_zero_4k, ops);
	pid_t echo = fork();
	if (echo == 0) {
		char c;
		close(ping[1]);		/* else its read never sees the end */
		while (read(ping[0], &c, 1) == 1)
			(void)write(pong[1], &c, 1);
		_exit(0);
	}
	report("bsd_pipe_round_trip_1_byte", op_pipe_round_trip, ops);
	close(ping[1]);
	int status;
	waitpid(echo, &status, 0);
	report("bsd_fork_exit_wait", op_fork_exit_wait, ops / 10 > 0 ? ops / 10 : 1);
	report("copy_vm_read_overwrite_1_byte", op_vm_read_overwrite_1, ops);
	report("copy_vm_read_overwrite_4k", op_vm_read_overwrite_4k, ops);
	report("copy_vm_write_1_byte", op_vm_write_1, ops);
	report("copy_vm_write_4k", op_vm_write_4k, ops);
	report("copy_vm_read_and_deallocate_4k", op_vm_read_dealloc_4k, ops);
	printf("bench: done\n");
	return 0;
}
