// SPDX-License-Identifier: BSD-2-Clause
// Mach's counting semaphores (<mach/semaphore.h>, XNU's calls), for the
// threads of one task, over mthread's mutexes and condition variables.
//
// A semaphore is named by a receive right of the task (so its name is a
// real port name, unique while it lives, and mach_port_names lists it);
// the count and the queue of waiters live in libmach's memory.  A waiter
// is on its own stack; a signal picks one (first in for SYNC_POLICY_FIFO,
// last in for SYNC_POLICY_LIFO), marks it woken and broadcasts, and each
// waiter looks at its own mark.  A semaphore's record is freed when it is
// destroyed and its last waiter has left.
#include <stdlib.h>
#include <errno.h>
#include <machrv/mthread.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include "libmach_private.h"

enum { WAITING, SIGNALLED, TERMINATED };

struct sem_waiter {
	struct sem_waiter	*next;
	mach_port_t		thread;		/* its name of the waiting thread */
	int			state;
};

struct semaphore {
	struct semaphore	*next;		/* in `semaphores' */
	mach_port_t		name;
	int			policy;
	int			count;		/* >= 0: waiters only when 0 */
	int			refs;		/* the table's (until destroyed) + waiters */
	mthread_mutex_t		lock;		/* all below */
	mthread_cond_t		cond;
	struct sem_waiter	*waiters;	/* in arrival order */
};

static mthread_mutex_t table_lock = MTHREAD_MUTEX_INITIALIZER;
static struct semaphore *semaphores;

/* Find a semaphore and take a reference; NULL when the name is none. */
static struct semaphore *sem_get(semaphore_t name)
{
	struct semaphore *s;

	mthread_mutex_lock(&table_lock);
	for (s = semaphores; s && s->name != name; s = s->next)
		;
	if (s)
		__atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
	mthread_mutex_unlock(&table_lock);
	return s;
}

static void sem_put(struct semaphore *s)
{
	if (__atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) == 0)
		free(s);
}

kern_return_t semaphore_create(task_t task, semaphore_t *semaphore, int policy, int value)
{
	if (task != mach_task_self() || value < 0 || !semaphore ||
	    (policy & ~SYNC_POLICY_ORDER_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
	struct semaphore *s = calloc(1, sizeof(*s));
	if (!s)
		return KERN_RESOURCE_SHORTAGE;
	kern_return_t kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &s->name);
	if (kr != KERN_SUCCESS) {
		free(s);
		return kr;
	}
	s->policy = policy;
	s->count = value;
	s->refs = 1;
	mthread_mutex_init(&s->lock);
	mthread_cond_init(&s->cond);
	mthread_mutex_lock(&table_lock);
	s->next = semaphores;
	semaphores = s;
	mthread_mutex_unlock(&table_lock);
	*semaphore = s->name;
	return KERN_SUCCESS;
}

kern_return_t semaphore_destroy(task_t task, semaphore_t semaphore)
{
	struct semaphore **pp, *s;

	if (task != mach_task_self())
		return KERN_INVALID_ARGUMENT;
	mthread_mutex_lock(&table_lock);
	for (pp = &semaphores; *pp && (*pp)->name != semaphore; pp = &(*pp)->next)
		;
	s = *pp;
	if (s)
		*pp = s->next;
	mthread_mutex_unlock(&table_lock);
	if (!s)
		return KERN_INVALID_ARGUMENT;
	mthread_mutex_lock(&s->lock);
	for (struct sem_waiter *w = s->waiters; w; w = w->next)
		w->state = TERMINATED;
	s->waiters = NULL;
	mthread_cond_broadcast(&s->cond);
	mthread_mutex_unlock(&s->lock);
	(void)mach_port_mod_refs(task, semaphore, MACH_PORT_RIGHT_RECEIVE, -1);
	sem_put(s);	/* the table's reference */
	return KERN_SUCCESS;
}

/* Take the waiter a signal wakes (s->lock held): the thread's, or by policy. */
static struct sem_waiter *take_waiter(struct semaphore *s, mach_port_t thread)
{
	struct sem_waiter **pp, **pick = NULL;

	for (pp = &s->waiters; *pp; pp = &(*pp)->next) {
		if (thread != MACH_PORT_NULL) {
			if ((*pp)->thread == thread) {
				pick = pp;
				break;
			}
		} else if (!pick || (s->policy & SYNC_POLICY_REVERSED)) {
			pick = pp;	/* the first, or the last when reversed */
			if (!(s->policy & SYNC_POLICY_REVERSED))
				break;
		}
	}
	if (!pick)
		return NULL;
	struct sem_waiter *w = *pick;
	*pick = w->next;
	return w;
}

/* Wake one waiter (`thread's, or any); with none, count up unless
 * `must_wake'.  Returns: KERN_SUCCESS, KERN_NOT_WAITING, KERN_INVALID_ARGUMENT. */
static kern_return_t sem_signal(semaphore_t semaphore, mach_port_t thread, bool must_wake)
{
	struct semaphore *s = sem_get(semaphore);
	kern_return_t kr = KERN_SUCCESS;

	if (!s)
		return KERN_INVALID_ARGUMENT;
	mthread_mutex_lock(&s->lock);
	struct sem_waiter *w = take_waiter(s, thread);
	if (w) {
		w->state = SIGNALLED;
		mthread_cond_broadcast(&s->cond);
	} else if (must_wake) {
		kr = KERN_NOT_WAITING;
	} else {
		s->count++;
	}
	mthread_mutex_unlock(&s->lock);
	sem_put(s);
	return kr;
}

kern_return_t semaphore_signal(semaphore_t semaphore)
{
	return sem_signal(semaphore, MACH_PORT_NULL, false);
}

kern_return_t semaphore_signal_thread(semaphore_t semaphore, thread_t thread)
{
	return sem_signal(semaphore, thread, true);
}

kern_return_t semaphore_signal_all(semaphore_t semaphore)
{
	struct semaphore *s = sem_get(semaphore);

	if (!s)
		return KERN_INVALID_ARGUMENT;
	mthread_mutex_lock(&s->lock);
	for (struct sem_waiter *w = s->waiters; w; w = w->next)
		w->state = SIGNALLED;
	s->waiters = NULL;
	mthread_cond_broadcast(&s->cond);
	mthread_mutex_unlock(&s->lock);
	sem_put(s);
	return KERN_SUCCESS;
}

/*
 * sem_wait: count down, or wait for a signal, at most `ns' nanoseconds
 * when timed.  Returns: KERN_SUCCESS, KERN_OPERATION_TIMED_OUT,
 * KERN_TERMINATED (destroyed while waiting), KERN_INVALID_ARGUMENT.
 */
static kern_return_t sem_wait(semaphore_t semaphore, bool timed, uint64_t ns)
{
	struct semaphore *s = sem_get(semaphore);
	kern_return_t kr = KERN_SUCCESS;

	if (!s)
		return KERN_INVALID_ARGUMENT;
	mthread_mutex_lock(&s->lock);
	if (s->count > 0) {
		s->count--;
	} else if (timed && ns == 0) {
		kr = KERN_OPERATION_TIMED_OUT;
	} else {
		struct sem_waiter self = { .thread = mach_thread_self(), .state = WAITING };
		struct sem_waiter **pp;
		for (pp = &s->waiters; *pp; pp = &(*pp)->next)
			;
		*pp = &self;
		uint64_t deadline = mach_absolute_time() + libmach_ns_to_ticks(ns);
		while (self.state == WAITING) {
			if (!timed) {
				mthread_cond_wait(&s->cond, &s->lock);
				continue;
			}
			uint64_t now = mach_absolute_time();
			if (now >= deadline)
				break;
			uint64_t ms = (libmach_ticks_to_ns(deadline - now) + NSEC_PER_MSEC - 1) /
			              NSEC_PER_MSEC;
			(void)mthread_cond_timedwait(&s->cond, &s->lock,
			                             (mach_msg_timeout_t)(ms > 0x7fffffff ? 0x7fffffff : ms));
		}
		if (self.state == WAITING) {
			// Timed out: leave the queue.
			for (pp = &s->waiters; *pp != &self; pp = &(*pp)->next)
				;
			*pp = self.next;
			kr = KERN_OPERATION_TIMED_OUT;
		} else if (self.state == TERMINATED) {
			kr = KERN_TERMINATED;
		}
		(void)mach_port_deallocate(mach_task_self(), self.thread);
	}
	mthread_mutex_unlock(&s->lock);
	sem_put(s);
	return kr;
}

kern_return_t semaphore_wait(semaphore_t semaphore)
{
	return sem_wait(semaphore, false, 0);
}

kern_return_t semaphore_timedwait(semaphore_t semaphore, mach_timespec_t wait_time)
{
	if (BAD_MACH_TIMESPEC(&wait_time))
		return KERN_INVALID_VALUE;
	return sem_wait(semaphore, true,
	                (uint64_t)wait_time.tv_sec * NSEC_PER_SEC + (uint64_t)wait_time.tv_nsec);
}

kern_return_t semaphore_wait_signal(semaphore_t wait_semaphore, semaphore_t signal_semaphore)
{
	kern_return_t kr = semaphore_signal(signal_semaphore);

	return kr == KERN_SUCCESS ? semaphore_wait(wait_semaphore) : kr;
}

kern_return_t semaphore_timedwait_signal(semaphore_t wait_semaphore, semaphore_t signal_semaphore,
                                         mach_timespec_t wait_time)
{
	kern_return_t kr = semaphore_signal(signal_semaphore);

	return kr == KERN_SUCCESS ? semaphore_timedwait(wait_semaphore, wait_time) : kr;
}
