/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Thread life cycle: creation of kernel threads and of each hart's idle
 * thread, references, termination and reaping (see kern/thread.h).
 */
#include "kern/thread.h"
#include "kern/sched.h"
#include "kern/panic.h"
#include "lib/string.h"
#include "kern/zalloc.h"
#include "riscv/cpu.h"
#include "riscv/intr.h"
#include "riscv/pmap.h"
#include "vm/vm_page.h"

#define KSTACK_ORDER	2
_Static_assert((PAGE_SIZE << KSTACK_ORDER) == KSTACK_SIZE, "kernel stack order");

static struct zone thread_zone;

size_t thread_count(void) { return thread_zone.in_use; }
static uint64_t next_thread_id = 1;

void sched_init(void);		/* kern/sched_prim.c */
void thread_start(thread_t prev);

static thread_t
thread_alloc(const char *name, int pri)
{
	thread_t th = zalloc(&thread_zone);

	if (!th)
		return THREAD_NULL;
	queue_chain_init(&th->links);
	queue_chain_init(&th->timeout_links);
	queue_chain_init(&th->task_threads);
	th->sched_pri = th->base_pri = pri;
	th->pmap = kernel_pmap;
	th->ref_count = 1;
	th->id = __atomic_fetch_add(&next_thread_id, 1, __ATOMIC_RELAXED);
	strlcpy(th->name, name, sizeof(th->name));
	return th;
}

/* thread_bootstrap: the scheduler's tables and the boot hart's idle thread. */
void
thread_bootstrap(void)
{
	zone_init(&thread_zone, "threads", sizeof(struct thread), 0);
	sched_init();
	thread_init_cpu(0);
}

/*
 * thread_init_cpu: turn the context this hart booted in into its idle
 * thread, running on the hart's boot stack.
 */
void
thread_init_cpu(unsigned cpu)
{
	struct cpu *c = &cpus[cpu];
	thread_t th = thread_alloc("idle", MINPRI);

	if (!th)
		panic("thread_init_cpu: no memory for hart %u's idle thread", cpu);
	th->kstack = c->boot_stack;
	th->kstack_top = c->kstack_top;
	th->state = TH_RUN | TH_IDLE;
	th->on_cpu = true;
	th->last_cpu = cpu;
	th->name[4] = '0' + (char)cpu;	/* "idle0", "idle1", ... */
	th->name[5] = '\0';
	c->idle_thread = c->active_thread = th;
}

thread_t
kernel_thread_alloc(const char *name, int pri)
{
	thread_t th = thread_alloc(name, pri);

	if (!th)
		return THREAD_NULL;
	/* Not cleared: a stack is written before it is read (a user thread's frame is set whole). */
	th->kstack = kmem_alloc_pages_dirty(KSTACK_ORDER);
	if (!th->kstack) {
		zfree(&thread_zone, th);
		return THREAD_NULL;
	}
	th->kstack_top = (uint64_t)th->kstack + KSTACK_SIZE;
	th->context.ra = (uint64_t)thread_trampoline;
	th->context.sp = th->kstack_top;
	return th;
}

void
kernel_thread_free(thread_t th)
{
	kmem_free_pages(th->kstack, KSTACK_ORDER);
	zfree(&thread_zone, th);
}

thread_t
kernel_thread_create(const char *name, void (*start)(void *), void *arg, int pri)
{
	thread_t th = kernel_thread_alloc(name, pri);

	if (!th)
		return THREAD_NULL;
	th->start = start;
	th->start_arg = arg;
	th->ref_count = 2;		/* the caller's, and the scheduler's */
	th->state = TH_RUN;

	simple_lock(&sched_lock);
	thread_setrun_locked(th);
	simple_unlock(&sched_lock);
	return th;
}

/*
 * thread_start: a new kernel thread's first C code, entered from
 * thread_trampoline with sched_lock held by the switch that brought us here.
 */
void
thread_start(thread_t prev)
{
	thread_t self = current_thread();

	sched_finish_switch(prev);
	cpu_self()->intr_enabled_before = true;	/* new threads run with interrupts on */
	simple_unlock(&sched_lock);
	self->start(self->start_arg);
	thread_terminate_self();
}

void
thread_reference(thread_t th)
{
	__atomic_fetch_add(&th->ref_count, 1, __ATOMIC_RELAXED);
}

void
thread_deallocate(thread_t th)
{
	if (th && __atomic_sub_fetch(&th->ref_count, 1, __ATOMIC_ACQ_REL) == 0)
		zfree(&thread_zone, th);
}

void
thread_terminate_self(void)
{
	sched_terminate_self();
}

void thread_reap_locked(thread_t th);
/*
 * thread_reap_locked: free what a terminated thread no longer needs, now
 * that it has left its hart for good: its kernel stack and the scheduler's
 * reference.
 *   Locks: sched_lock held (taken before the page and zone locks).
 */
void
thread_reap_locked(thread_t th)
{
	kmem_free_pages(th->kstack, KSTACK_ORDER);
	th->kstack = 0;
	sched_forget_thread_locked(th);	/* only a thread that ran can be a hand-off hint */
	thread_deallocate(th);
}

void
thread_join(thread_t th)
{
	thread_join_timeout(th, 0);
}

bool
thread_join_timeout(thread_t th, uint64_t ms)
{
	uint64_t deadline = ms ? sched_deadline_ms(ms) : 0;

	simple_lock(&sched_lock);
	/* Checked and asserted under one hold of sched_lock: no wake-up is lost. */
	while (!(th->state & TH_TERMINATE) || th->on_cpu) {
		thread_t self = current_thread();
		assert_wait_locked(self, (event_t)th, false);
		if (deadline)
			sched_set_deadline_locked(self, deadline);
		simple_unlock(&sched_lock);
		if (thread_block() == THREAD_TIMED_OUT)
			return false;
		simple_lock(&sched_lock);
	}
	simple_unlock(&sched_lock);
	return true;
}
