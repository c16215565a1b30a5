// SPDX-License-Identifier: BSD-2-Clause
// User-level costs, in guest instructions (rdinstret; exact under
// `scripts/test-program --icount`): libmach's threads and the bootstrap
// name service.  Prints "BENCH <name> <instructions per operation>", the
// best of several runs.  Run it with
//   scripts/test-program --icount tests/bench/threads_bench.c
#include <stdio.h>
#include <stdlib.h>
#include <mach/mach.h>
#include <machrv/mthread.h>
#include <servers/bootstrap.h>

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

	for (int i = 0; i < 10; i++)
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

static mthread_mutex_t m = MTHREAD_MUTEX_INITIALIZER;
static mthread_cond_t ping = MTHREAD_COND_INITIALIZER, pong = MTHREAD_COND_INITIALIZER;
static int turn, stop;

static void mutex_lock_unlock(void)
{
	mthread_mutex_lock(&m);
	mthread_mutex_unlock(&m);
}

static void reply_port(void)
{
	(void)mig_get_reply_port();
}

static void *nothing(void *arg)
{
	return arg;
}

static void create_join(void)
{
	mthread_t t;
	if (mthread_create(&t, NULL, nothing, NULL) == 0)
		mthread_join(t, NULL);
}

/* The other side of the ping-pong: answer each ping with a pong. */
static void *ponger(void *arg)
{
	(void)arg;
	mthread_mutex_lock(&m);
	for (;;) {
		while (turn != 1 && !stop)
			mthread_cond_wait(&ping, &m);
		if (stop)
			break;
		turn = 0;
		mthread_cond_signal(&pong);
	}
	mthread_mutex_unlock(&m);
	return NULL;
}

/* One round trip: a signal to the other thread and its answer. */
static void cond_round_trip(void)
{
	mthread_mutex_lock(&m);
	turn = 1;
	mthread_cond_signal(&ping);
	while (turn != 0)
		mthread_cond_wait(&pong, &m);
	mthread_mutex_unlock(&m);
}

static void look_up(void)
{
	mach_port_t p;
	if (bootstrap_look_up(bootstrap_port, "no.such.service", &p) == KERN_SUCCESS)
		mach_port_deallocate(mach_task_self(), p);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		ops = atoi(argv[1]);
	if (argc > 2)
		runs = atoi(argv[2]);
	if (ops < 1 || runs < 1) {
		printf("usage: threads_bench [OPS [RUNS]]\n");
		return 2;
	}
	report("mig_get_reply_port", reply_port, ops);
	report("mutex_lock_unlock_uncontended", mutex_lock_unlock, ops);
	mthread_t t;
	if (mthread_create(&t, NULL, ponger, NULL) != 0)
		return 1;
	report("cond_signal_wait_round_trip_two_threads", cond_round_trip, ops);
	mthread_mutex_lock(&m);
	stop = 1;
	mthread_cond_signal(&ping);
	mthread_mutex_unlock(&m);
	mthread_join(t, NULL);
	report("mthread_create_join", create_join, ops / 10 > 0 ? ops / 10 : 1);
	report("bootstrap_look_up_rpc", look_up, ops);
	return 0;
}
