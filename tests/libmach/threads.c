// SPDX-License-Identifier: BSD-2-Clause
// libmach's threads (<machrv/mthread.h>) and per-thread MIG reply ports,
// booted as the first task.  One "[TEST] PASS/FAIL" line per fact; the
// last facts check that creating and joining threads leaks no port name,
// kernel object or page.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mach/mach.h>
#include <machrv/mthread.h>
#include <machrv/object_counts.h>
#include "thr.h"

// The server side of thr.defs (thrServer.c; its header repeats thr.h's types).
boolean_t thr_server(mach_msg_header_t *in, mach_msg_header_t *out);
kern_return_t do_thr_ask(mach_port_t server, int value, int *answer);

#include "../common/fact.h"

// ---- per-thread reply ports ----

static void *reply_port_of_thread(void *arg)
{
	mach_port_t *out = arg;
	out[0] = mig_get_reply_port();
	out[1] = mig_get_reply_port();
	mig_dealloc_reply_port(out[1]);		/* as a stub does after a failed receive */
	out[2] = mig_get_reply_port();
	return NULL;
}

/* The thr.defs server: answer value * 10. */
kern_return_t do_thr_ask(mach_port_t server, int value, int *answer)
{
	(void)server;
	*answer = value * 10;
	return KERN_SUCCESS;
}

struct req_buf {
	union __RequestUnion__thr req;
	mach_msg_max_trailer_t trailer;
};

/*
 * A server thread that takes two requests before it answers either, then
 * answers them in reverse order: with one reply port shared by the two
 * clients, the first client would get the second one's answer.
 */
static void *reverse_server(void *arg)
{
	mach_port_t port = *(mach_port_t *)arg;
	static struct req_buf in[2];
	static union __ReplyUnion__thr out[2];

	for (int i = 0; i < 2; i++)
		if (mach_msg(&in[i].req.Request_thr_ask.Head, MACH_RCV_MSG, 0, sizeof(in[i]), port,
			     MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			return (void *)1;
	for (int i = 1; i >= 0; i--) {
		mach_msg_header_t *o = &out[i].Reply_thr_ask.Head;
		thr_server(&in[i].req.Request_thr_ask.Head, o);
		if (mach_msg(o, MACH_SEND_MSG, o->msgh_size, 0, MACH_PORT_NULL,
			     MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			return (void *)2;
	}
	return NULL;
}

struct asker {
	mach_port_t server;
	int value, answer;
	kern_return_t kr;
};

static void *ask(void *arg)
{
	struct asker *a = arg;
	a->kr = thr_ask(a->server, a->value, &a->answer);
	return NULL;
}

static void test_reply_ports(void)
{
	mach_port_t main_port = mig_get_reply_port(), seen[3] = { 0, 0, 0 };
	mthread_t t;
	int rc = mthread_create(&t, NULL, reply_port_of_thread, seen);
	if (rc == 0)
		rc = mthread_join(t, NULL);
	FACT("each_thread_has_its_own_reply_port",
	     rc == 0 && MACH_PORT_VALID(seen[0]) && seen[0] != main_port && seen[0] == seen[1],
	     "rc %d, main 0x%x, thread 0x%x then 0x%x", rc, main_port, seen[0], seen[1]);
	mach_port_type_t type = 0;
	kern_return_t kr = mach_port_type(mach_task_self(), main_port, &type);
	FACT("mig_dealloc_reply_port_in_a_thread_replaces_only_its_own",
	     seen[2] != seen[1] && MACH_PORT_VALID(seen[2]) && mig_get_reply_port() == main_port &&
	     kr == KERN_SUCCESS && (type & MACH_PORT_TYPE_RECEIVE),
	     "after dealloc 0x%x (was 0x%x); main's 0x%x type 0x%x (%d)", seen[2], seen[1],
	     main_port, type, kr);

	mach_port_t server = MACH_PORT_NULL;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &server);
	mach_port_insert_right(mach_task_self(), server, server, MACH_MSG_TYPE_MAKE_SEND);
	struct asker a[2] = { { server, 1, 0, -1 }, { server, 2, 0, -1 } };
	mthread_t st, at[2];
	void *sres = (void *)-1;
	rc = mthread_create(&st, NULL, reverse_server, &server);
	for (int i = 0; i < 2 && rc == 0; i++)
		rc = mthread_create(&at[i], NULL, ask, &a[i]);
	if (rc == 0) {
		mthread_join(at[0], NULL);
		mthread_join(at[1], NULL);
		mthread_join(st, &sres);
	}
	FACT("concurrent_mig_calls_from_two_threads_each_get_their_own_answer",
	     rc == 0 && sres == NULL && a[0].kr == KERN_SUCCESS && a[1].kr == KERN_SUCCESS &&
	     a[0].answer == 10 && a[1].answer == 20,
	     "rc %d, server %p, answers %d (%d) and %d (%d)", rc, sres, a[0].answer, a[0].kr,
	     a[1].answer, a[1].kr);
	mach_port_destroy(mach_task_self(), server);
}

// ---- create, join, TLS ----

static __thread int tls_value = 7;

static void *tls_worker(void *arg)
{
	int mine = (int)(intptr_t)arg;
	int first = tls_value;		/* the image's value, not another thread's */
	tls_value = mine;
	for (int i = 0; i < 20; i++)
		swtch_pri(0);
	errno = mine;
	swtch_pri(0);
	return (void *)(intptr_t)(first == 7 && tls_value == mine && errno == mine ? mine : -1);
}

static mthread_t main_thread_id;

static void *join_main(void *arg)
{
	*(int *)arg = mthread_join(main_thread_id, NULL);
	return NULL;
}

static void test_create_join(void)
{
	mthread_t t[4];
	void *res[4] = { 0 };
	int rc = 0;

	main_thread_id = mthread_self();
	tls_value = 99;
	for (int i = 0; i < 4 && rc == 0; i++)
		rc = mthread_create(&t[i], NULL, tls_worker, (void *)(intptr_t)(100 + i));
	for (int i = 0; i < 4 && rc == 0; i++)
		rc = mthread_join(t[i], &res[i]);
	FACT("join_returns_each_threads_result_and_each_has_its_own_tls",
	     rc == 0 && res[0] == (void *)100 && res[1] == (void *)101 && res[2] == (void *)102 &&
	     res[3] == (void *)103 && tls_value == 99,
	     "rc %d, results %p %p %p %p, main's tls %d", rc, res[0], res[1], res[2], res[3],
	     tls_value);

	int self = mthread_join(mthread_self(), NULL);
	int main_thread = -1;
	rc = mthread_create(&t[0], NULL, join_main, &main_thread);
	if (rc == 0)
		rc = mthread_join(t[0], NULL);
	FACT("joining_yourself_is_edeadlk_and_joining_main_einval",
	     self == EDEADLK && rc == 0 && main_thread == EINVAL, "self %d, join %d, main %d",
	     self, rc, main_thread);
	mthread_attr_t small = { .stack_size = 4096 };
	int bad = mthread_create(&t[0], &small, tls_worker, NULL);
	int nofn = mthread_create(&t[0], NULL, NULL, NULL);
	FACT("too_small_a_stack_or_no_function_is_einval", bad == EINVAL && nofn == EINVAL,
	     "small stack %d, no function %d", bad, nofn);
}

/* Touch the stack a page at a time, downward, until the guard page stops it. */
__attribute__((noreturn)) static void *overflow(void *arg)
{
	volatile char *p = __builtin_frame_address(0);

	(void)arg;
	for (;;) {
		p -= 4096;
		*p = 1;
	}
}

// ---- mutexes ----

static mthread_mutex_t counter_lock = MTHREAD_MUTEX_INITIALIZER;
static volatile int counter;

static void *increment(void *arg)
{
	int n = (int)(intptr_t)arg;
	for (int i = 0; i < n; i++) {
		mthread_mutex_lock(&counter_lock);
		int v = counter;
		swtch_pri(0);		/* another thread runs inside the critical section */
		counter = v + 1;
		mthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void *try_unlock_foreign(void *arg)
{
	return (void *)(intptr_t)mthread_mutex_unlock(arg);
}

static void test_mutex(void)
{
	mthread_t t[4];
	int rc = 0;

	counter = 0;
	for (int i = 0; i < 4 && rc == 0; i++)
		rc = mthread_create(&t[i], NULL, increment, (void *)200);
	for (int i = 0; i < 4 && rc == 0; i++)
		rc = mthread_join(t[i], NULL);
	/* Contended all along: given back to nobody at the end (destroy sees it free). */
	int left = mthread_mutex_destroy(&counter_lock);
	FACT("mutex_keeps_increments_of_four_threads_from_being_lost",
	     rc == 0 && counter == 800 && left == 0,
	     "rc %d, counter %d of 800, destroy after %d", rc, counter, left);

	mthread_mutex_t m = MTHREAD_MUTEX_INITIALIZER;
	int first = mthread_mutex_lock(&m);
	int twice = mthread_mutex_lock(&m);
	int busy = mthread_mutex_trylock(&m);
	int destroy = mthread_mutex_destroy(&m);
	void *foreign = NULL;
	rc = mthread_create(&t[0], NULL, try_unlock_foreign, &m);
	if (rc == 0)
		mthread_join(t[0], &foreign);
	int unlock = mthread_mutex_unlock(&m);
	int unlock_again = mthread_mutex_unlock(&m);
	FACT("mutex_errors_edeadlk_ebusy_eperm",
	     first == 0 && twice == EDEADLK && busy == EBUSY && destroy == EBUSY &&
	     foreign == (void *)(intptr_t)EPERM && unlock == 0 && unlock_again == EPERM &&
	     mthread_mutex_destroy(&m) == 0,
	     "lock %d, again %d, trylock %d, destroy %d, foreign unlock %ld, unlock %d, again %d",
	     first, twice, busy, destroy, (long)(intptr_t)foreign, unlock, unlock_again);
}

// ---- condition variables ----

static mthread_mutex_t q_lock = MTHREAD_MUTEX_INITIALIZER;
static mthread_cond_t q_nonempty = MTHREAD_COND_INITIALIZER, q_nonfull = MTHREAD_COND_INITIALIZER;
static int q_slot, q_full;

static void *producer(void *arg)
{
	int n = (int)(intptr_t)arg;
	for (int i = 1; i <= n; i++) {
		mthread_mutex_lock(&q_lock);
		while (q_full)
			mthread_cond_wait(&q_nonfull, &q_lock);
		q_slot = i;
		q_full = 1;
		mthread_cond_signal(&q_nonempty);
		mthread_mutex_unlock(&q_lock);
	}
	return NULL;
}

static mthread_cond_t go = MTHREAD_COND_INITIALIZER;
static int go_flag, woken, arrived;

static void *wait_for_go(void *arg)
{
	(void)arg;
	mthread_mutex_lock(&q_lock);
	arrived++;		/* queued on `go' before the mutex is free again */
	while (!go_flag)
		mthread_cond_wait(&go, &q_lock);
	woken++;
	mthread_mutex_unlock(&q_lock);
	return NULL;
}

static void test_cond(void)
{
	mthread_t p;
	long sum = 0;
	int rc = mthread_create(&p, NULL, producer, (void *)100);
	for (int i = 0; i < 100 && rc == 0; i++) {
		mthread_mutex_lock(&q_lock);
		while (!q_full)
			mthread_cond_wait(&q_nonempty, &q_lock);
		sum += q_slot;
		q_full = 0;
		mthread_cond_signal(&q_nonfull);
		mthread_mutex_unlock(&q_lock);
	}
	if (rc == 0)
		rc = mthread_join(p, NULL);
	FACT("condition_variables_pass_a_hundred_items_through_one_slot", rc == 0 && sum == 5050,
	     "rc %d, sum %ld of 5050", rc, sum);

	mthread_t w[3];
	rc = 0;
	go_flag = woken = arrived = 0;
	for (int i = 0; i < 3 && rc == 0; i++)
		rc = mthread_create(&w[i], NULL, wait_for_go, NULL);
	// Let them all queue up (bounded), then wake them all at once.
	for (int i = 0; i < 1000; i++) {
		mthread_mutex_lock(&q_lock);
		int queued = arrived;
		mthread_mutex_unlock(&q_lock);
		if (queued == 3)
			break;
		swtch_pri(0);
	}
	mthread_mutex_lock(&q_lock);
	go_flag = 1;
	mthread_cond_broadcast(&go);
	mthread_mutex_unlock(&q_lock);
	for (int i = 0; i < 3 && rc == 0; i++)
		rc = mthread_join(w[i], NULL);
	FACT("broadcast_wakes_every_waiter", rc == 0 && woken == 3, "rc %d, woken %d of 3", rc,
	     woken);

	mthread_cond_t never = MTHREAD_COND_INITIALIZER;
	mthread_mutex_lock(&q_lock);
	int timed = mthread_cond_timedwait(&never, &q_lock, 30);
	int held = mthread_mutex_trylock(&q_lock);	/* EBUSY: we hold it again */
	mthread_mutex_unlock(&q_lock);
	int not_owner = mthread_cond_wait(&never, &q_lock);
	FACT("timedwait_without_a_signal_is_etimedout_and_holds_the_mutex",
	     timed == ETIMEDOUT && held == EBUSY && not_owner == EPERM &&
	     mthread_cond_destroy(&never) == 0,
	     "timedwait %d, trylock %d, wait without the mutex %d", timed, held, not_owner);
}

// ---- malloc from threads ----

static void *malloc_worker(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;
	for (int i = 0; i < 200; i++) {
		size_t n = 16 + (seed = seed * 1103515245 + 12345) % 2000;
		unsigned char *p = malloc(n);
		if (!p)
			return (void *)1;
		memset(p, (int)(seed & 0xff), n);
		swtch_pri(0);
		for (size_t k = 0; k < n; k++)
			if (p[k] != (unsigned char)(seed & 0xff))
				return (void *)2;
		free(p);
	}
	return NULL;
}

static void test_malloc(void)
{
	mthread_t t[4];
	void *res[4] = { (void *)9, (void *)9, (void *)9, (void *)9 };
	int rc = 0;
	for (int i = 0; i < 4 && rc == 0; i++)
		rc = mthread_create(&t[i], NULL, malloc_worker, (void *)(uintptr_t)(i + 1));
	for (int i = 0; i < 4 && rc == 0; i++)
		rc = mthread_join(t[i], &res[i]);
	FACT("malloc_and_free_from_four_threads_keep_every_block_intact",
	     rc == 0 && !res[0] && !res[1] && !res[2] && !res[3],
	     "rc %d, results %p %p %p %p", rc, res[0], res[1], res[2], res[3]);
}

// ---- leaks ----

static kern_return_t counts(struct machrv_object_counts *c, mach_msg_type_number_t *names)
{
	mach_port_name_array_t nm;
	mach_port_type_array_t ty;
	mach_msg_type_number_t n = 0, nt = 0, cn = MACHRV_OBJECT_COUNTS_COUNT;
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_info(host, HOST_MACHRV_OBJECT_COUNTS, (host_info_t)c, &cn);
	mach_port_deallocate(mach_task_self(), host);
	if (kr == KERN_SUCCESS)
		kr = mach_port_names(mach_task_self(), &nm, &n, &ty, &nt);
	if (kr == KERN_SUCCESS) {
		vm_deallocate(mach_task_self(), (vm_address_t)nm, n * sizeof(*nm));
		vm_deallocate(mach_task_self(), (vm_address_t)ty, nt * sizeof(*ty));
	}
	*names = n;
	return kr;
}

static void test_no_leaks(void)
{
	struct machrv_object_counts before, after;
	mach_msg_type_number_t names_before = 0, names_after = 0;

	// One round first, so that what is made once (ports, malloc's arena) exists.
	test_mutex();
	test_cond();
	kern_return_t kr = counts(&before, &names_before);
	int f = failures;
	// Not test_malloc: how far malloc's heap grows (sbrk, new pages)
	// depends on how the threads' allocations interleave.
	test_create_join();
	test_mutex();
	test_cond();
	kern_return_t kr2 = counts(&after, &names_after);
	FACT("threads_created_and_joined_leave_no_names_objects_or_pages",
	     kr == KERN_SUCCESS && kr2 == KERN_SUCCESS && failures == f &&
	     memcmp(&before, &after, sizeof(before)) == 0 && names_before == names_after,
	     "names %u->%u ports %u->%u threads %u->%u objects %u->%u pages %u->%u zone %u->%u",
	     names_before, names_after, before.ports, after.ports, before.threads, after.threads,
	     before.vm_objects, after.vm_objects, before.free_pages, after.free_pages,
	     before.zone_objects, after.zone_objects);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "overflow") == 0) {
		// A thread that runs off its stack hits the guard page: an exception.
		mthread_t t;
		if (mthread_create(&t, NULL, overflow, NULL) == 0)
			mthread_join(t, NULL);
		printf("threads: overflow was not caught\n");
		return 1;
	}
	test_reply_ports();
	test_create_join();
	test_mutex();
	test_cond();
	test_malloc();
	test_no_leaks();
	printf("threads: %d failed\n", failures);
	return failures != 0;
}
