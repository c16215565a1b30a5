/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel fuzzer (scripts/fuzz; docs/testing.md, *The fuzzer*): random
 * and malformed mach_msg calls and port operations from several threads of
 * this task and from child tasks at once, in phases.  After each phase
 * everything the phase made is taken down, and the kernel's object counts
 * (ports, port sets, spaces, kmsgs, tasks, threads, maps, objects, zone
 * objects), its free pages and this task's names must be exactly where
 * they were before the first phase.  When they are not, the phase's rounds
 * are replayed one at a time, each alone, to find one that breaks the
 * count, and that round is made as small as it still breaks it and printed
 * with the seed.
 *
 *   init=mach_fuzz init_args=ROUNDS,SEED,THREADS,TASKS,PHASES
 *
 * ROUNDS in all (default 20000), spread over PHASES phases (default 4);
 * each phase runs THREADS threads here (default 2) and TASKS child tasks
 * (default 1).  The seed makes every round; which thread runs first does
 * not, so a failure found with threads is replayed without them.
 */
#include <stdlib.h>
#include <string.h>
#include <mach/thread_status.h>
#include <machrv/object_counts.h>
#include "fuzz.h"
#include "utest.h"

#define MAX_WORKERS	8
#define KEEP_MAX	64
#define DONE_WAIT_MS	120000		/* a child's rounds end long before this */

/* Names a child task gets (chosen by us, in its empty space: table index, then generation). */
#define CHILD_NAME(index)	(((index) << 8) | 3u)
#define CHILD_POOL_NAME(i)	CHILD_NAME(0x20u + (i))
#define CHILD_HOST		CHILD_NAME(0x40u)
#define CHILD_VICTIM		CHILD_NAME(0x41u)
#define CHILD_VICTIM_THREAD	CHILD_NAME(0x42u)
#define CHILD_DONE		CHILD_NAME(0x43u)

static uint64_t seed = 1;
static unsigned threads = 2, tasks = 1, phases = 4;
static unsigned long rounds = 20000;

static mach_port_t host;
static const char *failed_test;

/* ---- what a phase must give back ---- */

struct baseline {
	struct machrv_object_counts counts;
	mach_port_t keep[KEEP_MAX];		/* names that stay: ours before any phase, */
	mach_port_type_t keep_type[KEEP_MAX];	/* with the rights they had */
	unsigned nkeep;
	vm_address_t regions[KEEP_MAX];		/* regions that stay */
	unsigned nregions;
	mach_msg_type_number_t names;
};
static struct baseline base;

/*
 * The kernel's counts, with free_pages counting our own resident pages as
 * free: the fuzzer's stack, data and heap grow as it runs, which is no
 * leak of the kernel's.
 */
static kern_return_t
counts(struct machrv_object_counts *c)
{
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;
	memset(c, 0, sizeof(*c));
	kern_return_t kr = host_info(host, HOST_MACHRV_OBJECT_COUNTS, (host_info_t)c, &n);
	task_basic_info_data_t ti;
	mach_msg_type_number_t tn = TASK_BASIC_INFO_COUNT;
	if (kr == KERN_SUCCESS)
		kr = task_info(mach_task_self(), TASK_BASIC_INFO, (task_info_t)&ti, &tn);
	if (kr == KERN_SUCCESS)
		c->free_pages += (natural_t)(ti.resident_size / 4096);
	return kr;
}

static mach_msg_type_number_t
list_names(mach_port_name_array_t *names, mach_port_type_array_t *typesp)
{
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t n = 0, nt = 0;

	if (mach_port_names(mach_task_self(), names, &n, &types, &nt) != KERN_SUCCESS)
		return 0;
	if (typesp)
		*typesp = types;
	else
		vm_deallocate(mach_task_self(), (vm_address_t)types, nt * sizeof(*types));
	return n;
}

static void
free_names(mach_port_name_array_t names, mach_port_type_array_t types,
	   mach_msg_type_number_t n)
{
	vm_deallocate(mach_task_self(), (vm_address_t)names, n * sizeof(*names));
	if (types)
		vm_deallocate(mach_task_self(), (vm_address_t)types, n * sizeof(*types));
}

/* Call fn(start, size) for each region of our address space. */
static void
each_region(void (*fn)(vm_address_t, vm_size_t))
{
	vm_address_t addr = 0;
	for (;;) {
		vm_size_t size;
		vm_region_basic_info_data_t info;
		mach_msg_type_number_t n = VM_REGION_BASIC_INFO_COUNT;
		mach_port_t object = MACH_PORT_NULL;
		if (vm_region(mach_task_self(), &addr, &size, VM_REGION_BASIC_INFO,
			      (vm_region_info_t)&info, &n, &object) != KERN_SUCCESS)
			return;
		if (MACH_PORT_VALID(object))
			mach_port_deallocate(mach_task_self(), object);
		fn(addr, size);
		addr += size;
	}
}

static void
record_region(vm_address_t start, vm_size_t size)
{
	(void)size;
	if (base.nregions < KEEP_MAX)
		base.regions[base.nregions++] = start;
}

static void
drop_new_region(vm_address_t start, vm_size_t size)
{
	for (unsigned i = 0; i < base.nregions; i++)
		if (base.regions[i] == start)
			return;
	vm_deallocate(mach_task_self(), start, size);	/* memory a round received */
}

/*
 * Take down what rounds left in this task: every name that was not ours
 * before, every region that was not (memory received out of line).  The
 * host name may have been sent away: name it again.
 */
static void
take_down(void)
{
	mach_port_name_array_t names;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t n = list_names(&names, &types);
	for (mach_msg_type_number_t i = 0; i < n; i++) {
		/*
		 * A name of ours stays only with the rights it had: a round may
		 * have sent a right of ours away and the name come back, a
		 * generation later, for something else.
		 */
		bool keep = false;
		for (unsigned k = 0; k < base.nkeep && !keep; k++)
			keep = names[i] == base.keep[k] &&
			       (types[i] & MACH_PORT_TYPE_ALL_RIGHTS) ==
				       (base.keep_type[k] & MACH_PORT_TYPE_ALL_RIGHTS);
		if (!keep)
			mach_port_destroy(mach_task_self(), names[i]);
	}
	free_names(names, types, n);
	mach_port_type_t type = 0;
	if (mach_port_type(mach_task_self(), host, &type) != KERN_SUCCESS ||
	    !(type & MACH_PORT_TYPE_SEND))
		host = mach_host_self();
	each_region(drop_new_region);
}

static void
take_baseline(void)
{
	(void)mig_get_reply_port();		/* our MIG reply port is one of ours */
	(void)mach_bootstrap_port();
	/* Rounds may send the host right away: enough references that they rarely can. */
	mach_port_mod_refs(mach_task_self(), host, MACH_PORT_RIGHT_SEND, 60000);
	mach_port_name_array_t names;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t n = list_names(&names, &types);
	for (mach_msg_type_number_t i = 0; i < n && base.nkeep < KEEP_MAX; i++) {
		base.keep[base.nkeep] = names[i];
		base.keep_type[base.nkeep++] = types[i];
	}
	free_names(names, types, n);
	each_region(record_region);
	base.names = n;
	counts(&base.counts);
}

/* Do the counts (and our names) match the baseline?  If not, say how, with `what'. */
static bool
counts_match(const char *what, bool quiet)
{
	struct machrv_object_counts c;
	kern_return_t kr = counts(&c);
	mach_port_name_array_t names;
	mach_msg_type_number_t n = list_names(&names, NULL);
	free_names(names, NULL, n);
	const struct machrv_object_counts *b = &base.counts;
	bool same = kr == KERN_SUCCESS && c.ports == b->ports && c.port_sets == b->port_sets &&
		    c.spaces == b->spaces && c.kmsgs == b->kmsgs && c.tasks == b->tasks &&
		    c.threads == b->threads && c.vm_maps == b->vm_maps &&
		    c.vm_objects == b->vm_objects && c.free_pages == b->free_pages &&
		    c.zone_objects == b->zone_objects && n == base.names;
	if (!same && !quiet)
		printf("fuzz: %s: ports %u->%u sets %u->%u spaces %u->%u kmsgs %u->%u tasks %u->%u "
		       "threads %u->%u maps %u->%u objects %u->%u pages %u->%u zone objects %u->%u "
		       "names %u->%u (host_info %#x)\n", what, b->ports, c.ports, b->port_sets,
		       c.port_sets, b->spaces, c.spaces, b->kmsgs, c.kmsgs, b->tasks, c.tasks,
		       b->threads, c.threads, b->vm_maps, c.vm_maps, b->vm_objects, c.vm_objects,
		       b->free_pages, c.free_pages, b->zone_objects, c.zone_objects, base.names, n,
		       kr);
	return same;
}

/* ---- the environment of rounds ---- */

static mach_port_t victim, victim_thread;

/* A fresh sacrificial task with one thread: kernel requests aim at them. */
static void
victim_make(void)
{
	victim = victim_thread = MACH_PORT_NULL;
	if (task_create(mach_task_self(), NULL, 0, FALSE, &victim) == KERN_SUCCESS)
		thread_create(victim, &victim_thread);
	/*
	 * Rounds may send our rights to them away (MOVE_SEND): keep enough
	 * user references that we can still end the task (a task lives on
	 * without senders, in Mach as here, until someone terminates it).
	 */
	mach_port_mod_refs(mach_task_self(), victim, MACH_PORT_RIGHT_SEND, 60000);
	mach_port_mod_refs(mach_task_self(), victim_thread, MACH_PORT_RIGHT_SEND, 60000);
}

static void
victim_end(void)
{
	kern_return_t kr = MACH_PORT_VALID(victim) ? task_terminate(victim) : KERN_SUCCESS;
	if (kr != KERN_SUCCESS && kr != MACH_SEND_INVALID_DEST)
		printf("fuzz: task_terminate of the sacrificial task: %#x\n", kr);
	/* take_down destroys the names. */
}

/* Pool names of this task: receive rights, some with send rights, some sets. */
static void
pool_make(mach_port_t pool[FZ_POOL])
{
	for (unsigned i = 0; i < FZ_POOL; i++) {
		pool[i] = MACH_PORT_NULL;
		mach_port_allocate(mach_task_self(), i % 5 == 4 ? MACH_PORT_RIGHT_PORT_SET
						       : MACH_PORT_RIGHT_RECEIVE, &pool[i]);
		if (i % 2 == 0)
			mach_port_insert_right(mach_task_self(), pool[i], pool[i],
					       MACH_MSG_TYPE_MAKE_SEND);
	}
}

/* A region and a buffer for one worker's rounds. */
static bool
env_memory(struct fz_env *e)
{
	vm_address_t region = 0, buf = 0;
	if (vm_allocate(mach_task_self(), &region, FZ_REGION_SIZE, VM_FLAGS_ANYWHERE) ||
	    vm_allocate(mach_task_self(), &buf, 2 * FZ_BUF, VM_FLAGS_ANYWHERE))
		return false;
	e->region = (uint8_t *)region;
	e->buf = (uint8_t *)buf;
	/* All touched now: a round's first touch of a page is not the kernel's doing. */
	for (unsigned i = 0; i < FZ_REGION_SIZE; i += 4096)
		e->region[i] = (uint8_t)(i >> 12);
	memset(e->buf, 0, 2 * FZ_BUF);
	return true;
}

/* ---- workers ---- */

#define NRESULTS	24
struct result_count {
	kern_return_t	kr;
	unsigned long	n;
};

struct worker {
	struct fz_env	env;
	unsigned	phase, index;
	unsigned long	rounds;
	struct result_count results[NRESULTS];
	struct ut_thread thread;	/* a thread's; a child task's thread is in .thread */
	task_t		task;		/* a child task's, or MACH_PORT_NULL */
	vm_address_t	stack;
};
static struct worker workers[MAX_WORKERS];

static void
tally(struct worker *w, kern_return_t kr)
{
	for (unsigned i = 0; i < NRESULTS; i++) {
		if (w->results[i].n && w->results[i].kr != kr)
			continue;
		w->results[i].kr = kr;
		w->results[i].n++;
		return;
	}
}

/* A worker's rounds: the same stream whether a thread, a child or the replay runs it. */
static void
worker_rounds(struct worker *w)
{
	struct fz_rng r;
	static struct fz_round round_bufs[MAX_WORKERS];
	struct fz_round *rd = &round_bufs[w->index];

	fz_seed(&r, seed, w->phase, w->index);
	for (unsigned long i = 0; i < w->rounds; i++) {
		fz_generate(&r, rd, w->env.mig_ok);
		tally(w, fz_run(rd, &w->env));
	}
}

static void
thread_worker(void *arg)
{
	worker_rounds(arg);
}

/* A child task's thread: no libc state, no MIG (our names mean nothing there). */
static void __attribute__((noreturn))
child_worker(struct worker *w)
{
	worker_rounds(w);
	struct {
		mach_msg_header_t header;
		int value;
	} m = { { MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), sizeof(m), CHILD_DONE, 0, 0,
		  (mach_msg_id_t)w->index }, 0 };
	mach_msg_trap(&m.header, MACH_SEND_MSG, sizeof(m), 0, 0, 0, 0);
	for (;;)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

/* Set up child task `w' (its names, its copy of our memory) and start it. */
static bool
child_start(struct worker *w, mach_port_t done)
{
	struct fz_env *e = &w->env;
	e->mig_ok = false;
	e->host = CHILD_HOST;
	e->victim = CHILD_VICTIM;
	e->victim_thread = CHILD_VICTIM_THREAD;
	for (unsigned i = 0; i < FZ_POOL; i++)
		e->pool[i] = CHILD_POOL_NAME(i);
	w->stack = 0;
	if (vm_allocate(mach_task_self(), &w->stack, 65536, VM_FLAGS_ANYWHERE) != KERN_SUCCESS ||
	    task_create(mach_task_self(), NULL, 0, TRUE, &w->task) != KERN_SUCCESS)
		return false;
	task_t t = w->task;
	for (unsigned i = 0; i < FZ_POOL; i++) {
		mach_port_allocate_name(t, i % 5 == 4 ? MACH_PORT_RIGHT_PORT_SET
					   : MACH_PORT_RIGHT_RECEIVE, CHILD_POOL_NAME(i));
		if (i % 2 == 0)
			mach_port_insert_right(t, CHILD_POOL_NAME(i), CHILD_POOL_NAME(i),
					       MACH_MSG_TYPE_MAKE_SEND);
	}
	mach_port_insert_right(t, CHILD_HOST, host, MACH_MSG_TYPE_COPY_SEND);
	if (MACH_PORT_VALID(victim))
		mach_port_insert_right(t, CHILD_VICTIM, victim, MACH_MSG_TYPE_COPY_SEND);
	if (MACH_PORT_VALID(victim_thread))
		mach_port_insert_right(t, CHILD_VICTIM_THREAD, victim_thread,
				       MACH_MSG_TYPE_COPY_SEND);
	mach_port_insert_right(t, CHILD_DONE, done, MACH_MSG_TYPE_MAKE_SEND);
	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)child_worker;
	s.sp = w->stack + 65536 - 64;
	s.a0 = (uint64_t)(uintptr_t)w;
	__asm__("mv %0, gp" : "=r"(s.gp));
	__asm__("mv %0, tp" : "=r"(s.tp));
	thread_act_t th;
	if (thread_create_running(t, RISCV_THREAD_STATE, (thread_state_t)&s,
				  RISCV_THREAD_STATE_COUNT, &th) != KERN_SUCCESS)
		return false;
	w->thread.thread = th;
	return true;
}

/* ---- phases ---- */

static unsigned nworkers;

static void
merge_results(struct result_count *all)
{
	for (unsigned w = 0; w < nworkers; w++)
		for (unsigned i = 0; i < NRESULTS && workers[w].results[i].n; i++) {
			struct result_count *rc = &workers[w].results[i];
			for (unsigned j = 0; j < NRESULTS * MAX_WORKERS; j++) {
				if (all[j].n && all[j].kr != rc->kr)
					continue;
				all[j].kr = rc->kr;
				all[j].n += rc->n;
				break;
			}
		}
}

static struct result_count totals[NRESULTS * MAX_WORKERS];

/* One phase: start every worker, wait for them, take everything down. */
static bool
run_phase(unsigned phase, unsigned long phase_rounds)
{
	mach_port_t shared_pool[FZ_POOL];
	mach_port_t done = MACH_PORT_NULL;
	bool ok = true;

	victim_make();
	pool_make(shared_pool);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &done);
	nworkers = threads + tasks;
	for (unsigned i = 0; i < nworkers; i++) {
		struct worker *w = &workers[i];
		memset(w, 0, sizeof(*w));
		w->phase = phase;
		w->index = i;
		w->rounds = phase_rounds / nworkers + (i < phase_rounds % nworkers);
		if (!env_memory(&w->env)) {
			printf("fuzz: phase %u: no memory for worker %u\n", phase, i);
			return false;
		}
		w->env.mig_ok = true;
		w->env.host = host;
		w->env.victim = victim;
		w->env.victim_thread = victim_thread;
		memcpy(w->env.pool, shared_pool, sizeof(shared_pool));
	}
	/* Children first (they copy our memory as it is now), then threads. */
	unsigned started = 0;
	for (unsigned i = threads; i < nworkers; i++)
		if (child_start(&workers[i], done))
			started++;
		else
			printf("fuzz: phase %u: child task %u did not start\n", phase, i);
	for (unsigned i = 0; i < threads; i++)
		if (ut_thread(thread_worker, &workers[i], &workers[i].thread) != KERN_SUCCESS)
			printf("fuzz: phase %u: thread %u did not start\n", phase, i);
	for (unsigned i = 0; i < threads; i++)
		if (ut_join(&workers[i].thread) != KERN_SUCCESS) {
			printf("fuzz: phase %u: thread %u did not end\n", phase, i);
			ok = false;
		}
	for (unsigned i = 0; i < started; i++) {
		ut_msg_t m;
		if (ut_recv(done, &m, DONE_WAIT_MS) != MACH_MSG_SUCCESS) {
			printf("fuzz: phase %u: a child task did not end its rounds\n", phase);
			/* Where each child's thread is, for whoever reads the report. */
			for (unsigned k = threads; k < nworkers; k++) {
				riscv_thread_state_t st;
				mach_msg_type_number_t sn = RISCV_THREAD_STATE_COUNT;
				struct thread_basic_info bi;
				mach_msg_type_number_t bn = THREAD_BASIC_INFO_COUNT;
				thread_act_t th = workers[k].thread.thread;
				kern_return_t k1 = thread_get_state(th, RISCV_THREAD_STATE,
								    (thread_state_t)&st, &sn);
				kern_return_t k2 = thread_info(th, THREAD_BASIC_INFO,
							       (thread_info_t)&bi, &bn);
				printf("fuzz: child task %u: thread_get_state %#x: pc %#lx ra %#lx "
				       "sp %#lx; thread_info %#x: run state %d\n", k, k1,
				       (unsigned long)st.pc, (unsigned long)st.ra,
				       (unsigned long)st.sp, k2, bi.run_state);
			}
			ok = false;
			break;
		}
	}
	for (unsigned i = threads; i < nworkers; i++)
		if (MACH_PORT_VALID(workers[i].task))
			task_terminate(workers[i].task);
	victim_end();
	merge_results(totals);
	take_down();
	return ok;
}

/* ---- finding the round that broke a count ---- */

/* Does `rd', run alone in a fresh environment, leave the counts off? */
static bool
round_breaks(const struct fz_round *rd, struct fz_env *e)
{
	victim_make();
	pool_make(e->pool);
	e->host = host;
	e->victim = victim;
	e->victim_thread = victim_thread;
	e->mig_ok = true;
	fz_run(rd, e);
	victim_end();
	take_down();
	return !counts_match("", true);
}

/* Replay the phase's streams round by round; print the smallest round that breaks a count. */
static void
find_culprit(unsigned phase, unsigned long phase_rounds)
{
	static struct fz_round rd, smaller;
	struct fz_env e;
	memset(&e, 0, sizeof(e));
	/* The environment's memory stays for the replay: make it part of the baseline. */
	if (!env_memory(&e))
		return;
	/* The search starts from things as they are now. */
	base.nregions = 0;
	each_region(record_region);
	counts(&base.counts);
	mach_port_name_array_t names;
	base.names = list_names(&names, NULL);
	free_names(names, NULL, base.names);

	for (unsigned w = 0; w < threads + tasks; w++) {
		struct fz_rng r;
		fz_seed(&r, seed, phase, w);
		unsigned long n = phase_rounds / (threads + tasks) + (w < phase_rounds % (threads + tasks));
		for (unsigned long i = 0; i < n; i++) {
			fz_generate(&r, &rd, w < threads);
			if (!round_breaks(&rd, &e))
				continue;
			printf("fuzz: phase %u, worker %u, round %lu breaks the counts alone\n",
			       phase, w, i);
			/* Smaller and smaller while it still breaks them. */
			for (unsigned step = 0; fz_shrink_step(&rd, step, &smaller);) {
				if (round_breaks(&smaller, &e)) {
					rd = smaller;
					step = 0;
				} else {
					step++;
				}
			}
			round_breaks(&rd, &e);
			counts_match("the smallest such round", false);
			fz_print(&rd);
			return;
		}
	}
	printf("fuzz: no round breaks the counts alone: the phase's rounds together do "
	       "(seed %llu, phase %u)\n", (unsigned long long)seed, phase);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && atol(argv[1]) > 0)
		rounds = (unsigned long)atol(argv[1]);
	if (argc > 2)
		seed = strtoull(argv[2], NULL, 0);
	if (argc > 3)
		threads = (unsigned)atoi(argv[3]);
	if (argc > 4)
		tasks = (unsigned)atoi(argv[4]);
	if (argc > 5 && atoi(argv[5]) > 0)
		phases = (unsigned)atoi(argv[5]);
	if (threads + tasks == 0)
		threads = 1;
	if (threads + tasks > MAX_WORKERS)
		tasks = MAX_WORKERS - (threads < MAX_WORKERS ? threads : MAX_WORKERS - 1),
		threads = MAX_WORKERS - tasks;
	host = mach_host_self();
	printf("fuzz: seed %llu: %lu rounds in %u phases, %u threads and %u tasks each\n",
	       (unsigned long long)seed, rounds, phases, threads, tasks);
	take_baseline();

	failed_test = NULL;
	for (unsigned p = 0; p < phases && !failed_test; p++) {
		unsigned long n = rounds / phases + (p < rounds % phases);
		bool ended = run_phase(p, n);
		char what[64];
		snprintf(what, sizeof(what), "after phase %u", p);
		if (!ended) {
			failed_test = "fuzz_rounds_end";
		} else if (!counts_match(what, false)) {
			failed_test = "fuzz_leaves_no_kernel_objects_or_pages";
			printf("fuzz: seed %llu, phase %u: replaying its rounds one at a time\n",
			       (unsigned long long)seed, p);
			find_culprit(p, n);
		} else {
			printf("fuzz: phase %u: %lu rounds, counts back\n", p, n);
		}
	}

	printf("fuzz: results (call result: rounds):");
	for (unsigned i = 0; i < NRESULTS * MAX_WORKERS && totals[i].n; i++)
		printf(" %#x:%lu", totals[i].kr, totals[i].n);
	printf("\n");
	struct machrv_object_counts c;
	kern_return_t kr = counts(&c);
	printf("fuzz: %lu rounds, seed %llu; the kernel %s (%#x)\n", rounds,
	       (unsigned long long)seed, kr == KERN_SUCCESS ? "still answers" : "does not answer",
	       kr);
	if (failed_test || kr != KERN_SUCCESS) {
		printf("[TEST] FAIL %s: seed %llu (scripts/fuzz --seed %llu --rounds %lu)\n",
		       failed_test ? failed_test : "fuzz_kernel_answers", (unsigned long long)seed,
		       (unsigned long long)seed, rounds);
		return 1;
	}
	printf("[TEST] PASS fuzz_leaves_no_kernel_objects_or_pages\n");
	return 0;
}
