// SPDX-License-Identifier: BSD-2-Clause
// Time, unknown calls, and requests bsd_server must survive.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <mach/mach.h>
#include "bt.h"

static long raw_syscall(long number, long a0)
{
	register long r0 __asm__("a0") = a0;
	register long r7 __asm__("a7") = number;
	__asm__ volatile("ecall" : "+r"(r0) : "r"(r7) : "memory", "a1");
	return r0;
}

BTEST(an_unknown_system_call_is_enosys)
{
	CHECK(raw_syscall(9999, 0) == -ENOSYS, "9999");
	CHECK(raw_syscall(8, 0) == -ENOSYS, "8 (not in the table)");
	CHECK(getpid() > 1, "still served");
	return 0;
}

BTEST(nanosleep_sleeps_at_least_as_long_as_asked)
{
	struct timespec a, b, want = { 0, 30 * 1000000 };
	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock");
	CHECK(nanosleep(&want, NULL) == 0, "nanosleep");
	CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0, "clock");
	long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
	CHECK(ns >= 30 * 1000000LL, "slept %lld ns", ns);
	want.tv_nsec = 1000000000;
	CHECK(nanosleep(&want, NULL) == -1 && errno == EINVAL, "tv_nsec out of range");
	return 0;
}

BTEST(the_clocks_move_forward)
{
	struct timeval a, b;
	CHECK(gettimeofday(&a, NULL) == 0, "gettimeofday");
	bt_msleep(5);
	CHECK(gettimeofday(&b, NULL) == 0, "gettimeofday");
	CHECK(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_usec > a.tv_usec), "forward");
	struct tms t;
	CHECK(times(&t) != (clock_t)-1, "times");
	CHECK(sleep(0) == 0, "sleep(0)");
	CHECK(clock_gettime(99, (void *)&a) == -1 && errno == EINVAL, "an unknown clock");
	return 0;
}

/* Send bsd_server messages that are not system calls, on this process's
 * own syscall port: it must drop them and keep serving. */
BTEST(bsd_server_survives_messages_that_are_not_system_calls)
{
	mach_port_t port;
	CHECK(task_get_special_port(mach_task_self(), TASK_SYSCALL_PORT, &port) == KERN_SUCCESS,
	      "the syscall port");
	struct {
		mach_msg_header_t head;
		char body[200];
	} m;
	for (int kind = 0; kind < 4; kind++) {
		memset(&m, 0x77, sizeof(m));
		m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
		m.head.msgh_size = kind == 0 ? sizeof(mach_msg_header_t) : sizeof(m);
		m.head.msgh_remote_port = port;
		m.head.msgh_local_port = MACH_PORT_NULL;
		m.head.msgh_voucher_port = 0;
		m.head.msgh_id = kind == 1 ? 0x55000 : 1234;	/* the right id, the wrong size */
		if (kind == 3) {
			/* A reply port that is ours: bsd_server must not answer garbage. */
			m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
							  MACH_MSG_TYPE_MAKE_SEND_ONCE);
			CHECK(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
						 &m.head.msgh_local_port) == KERN_SUCCESS, "port");
		}
		CHECK(mach_msg(&m.head, MACH_SEND_MSG, m.head.msgh_size, 0, MACH_PORT_NULL,
			       MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) == MACH_MSG_SUCCESS, "send %d", kind);
		if (kind == 3)
			(void)mach_port_mod_refs(mach_task_self(), m.head.msgh_local_port,
						 MACH_PORT_RIGHT_RECEIVE, -1);
	}
	(void)mach_port_deallocate(mach_task_self(), port);
	CHECK(getpid() > 1, "still served");
	return 0;
}

/* A seeded stream of calls with random arguments (random pointers among
 * them), from a child that may die of what it does: bsd_server answers
 * each and goes on serving; the runner's leak check sees what it left. */
static unsigned long fuzz_seed = 0x5eed1234;

static unsigned long fuzz_next(void)
{
	fuzz_seed = fuzz_seed * 6364136223846793005UL + 1442695040888963407UL;
	return fuzz_seed >> 17;
}

static long fuzz_arg(char *buf)
{
	switch (fuzz_next() % 6) {
	case 0: return (long)(fuzz_next() % 70) - 3;		/* small ints, descriptors */
	case 1: return (long)buf;				/* a valid buffer */
	case 2: return (long)BAD_PTR;				/* page 0 */
	case 3: return (long)(fuzz_next() << 20);		/* anywhere */
	case 4: return -1;
	default: return (long)(fuzz_next() % 5000);		/* sizes */
	}
}

static long raw6(long n, long a, long b, long c, long d)
{
	register long r0 __asm__("a0") = a;
	register long r1 __asm__("a1") = b;
	register long r2 __asm__("a2") = c;
	register long r3 __asm__("a3") = d;
	register long r7 __asm__("a7") = n;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r7) : "memory");
	return r0;
}

static int fuzz_calls(void *arg)
{
	/* Calls that cannot reach other processes or replace this one. */
	static const int calls[] = { SYS_read, SYS_write, SYS_close, SYS_dup, SYS_dup2, SYS_fcntl,
		SYS_ioctl, SYS_readv, SYS_writev, SYS_pipe, SYS_getpid, SYS_setuid, SYS_seteuid,
		SYS_setgid, SYS_setgroups, SYS_getgroups, SYS_setpgid, SYS_getpgid,
		SYS_sigprocmask, SYS_sigpending, SYS_gettimeofday, SYS_clock_gettime,
		SYS_getrusage, SYS_open, SYS_setreuid, SYS_setregid, SYS_getsid };
	static char buf[8192];
	fuzz_seed += (unsigned long)arg;
	/* Nothing waits for ever: no descriptor blocks, no signal is caught. */
	for (int fd = 0; fd < 3; fd++)
		close(fd);
	for (int i = 0; i < 1500; i++) {
		int n = calls[fuzz_next() % (sizeof(calls) / sizeof(calls[0]))];
		long a = fuzz_arg(buf), b = fuzz_arg(buf), c = fuzz_arg(buf), d = fuzz_arg(buf);
		if (n == SYS_read || n == SYS_readv || n == SYS_write || n == SYS_writev) {
			/* Only on descriptors that cannot block: make them non-blocking first. */
			if (fcntl((int)a, F_SETFL, O_NONBLOCK) < 0)
				continue;
		}
		(void)raw6(n, a, b, c, d);
	}
	return 0;
}

BTEST(random_calls_with_random_arguments_leave_bsd_server_serving)
{
	for (long round = 0; round < 4; round++) {
		pid_t pid = bt_spawn(fuzz_calls, (void *)round);
		CHECK(pid > 0, "fork");
		int status = bt_wait(pid);
		CHECK(status != -1, "wait");
	}
	CHECK(getpid() > 1, "still served");
	int fds[2];
	CHECK(pipe(fds) == 0 && write(fds[1], "k", 1) == 1, "a pipe still works");
	return 0;
}
