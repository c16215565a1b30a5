// SPDX-License-Identifier: BSD-2-Clause
// Threads as the Mach textbooks make them, with GNU Mach's C Threads
// (<cthreads.h>): a producer and a consumer share a one-slot buffer under
// a mutex, waiting on two conditions; main forks them and joins them.
//
//   scripts/test-program personalities/examples/cthreads_demo.c
#include <stdio.h>
#include <cthreads.h>

#define ITEMS 10

static struct mutex lock = MUTEX_INITIALIZER;
static struct condition not_empty = CONDITION_INITIALIZER;
static struct condition not_full = CONDITION_INITIALIZER;
static int slot, full;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ITEMS; i++) {
		mutex_lock(&lock);
		while (full)
			condition_wait(&not_full, &lock);
		slot = i;
		full = 1;
		condition_signal(&not_empty);
		mutex_unlock(&lock);
	}
	return (void *)"producer done";
}

static void *consumer(void *arg)
{
	long sum = 0;

	(void)arg;
	for (int i = 1; i <= ITEMS; i++) {
		mutex_lock(&lock);
		while (!full)
			condition_wait(&not_empty, &lock);
		sum += slot;
		full = 0;
		condition_signal(&not_full);
		mutex_unlock(&lock);
	}
	return (void *)sum;
}

int main(void)
{
	cthread_t p = cthread_fork(producer, NULL);
	cthread_t c = cthread_fork(consumer, NULL);

	cthread_set_name(c, "consumer");
	const char *said = cthread_join(p);
	long sum = (long)cthread_join(c);
	printf("cthreads_demo: %s; the consumer summed %ld (1 + ... + %d)\n", said, sum, ITEMS);
	return sum == ITEMS * (ITEMS + 1) / 2 ? 0 : 1;
}
