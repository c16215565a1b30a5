// SPDX-License-Identifier: BSD-2-Clause
// Mutexes and condition variables (see <machrv/mthread.h>).  A short spin
// guard covers each one's queue; a thread that must wait puts a waiter
// record (on its stack) in the FIFO queue, drops the guard, and sleeps on
// its own wake-up port.  A wake-up is a message, so one sent before the
// sleeper reaches mach_msg waits in its port: none is lost.  Unlock hands
// the mutex straight to the first waiter (no thundering herd, FIFO).  A
// mutex nobody waits for is taken and given back with one compare-and-swap
// each on its state word, without the guard.
#include <errno.h>
#include "mthread_private.h"

static void enqueue(struct mthread_waiter **head, struct mthread_waiter **tail,
		    struct mthread_waiter *w)
{
	w->next = NULL;
	if (*tail)
		(*tail)->next = w;
	else
		*head = w;
	*tail = w;
}

static struct mthread_waiter *dequeue(struct mthread_waiter **head, struct mthread_waiter **tail)
{
	struct mthread_waiter *w = *head;

	if (w) {
		*head = w->next;
		if (!*head)
			*tail = NULL;
	}
	return w;
}

/* Take `w' out of the queue; false if it is not there (a waker took it). */
static bool remove_waiter(struct mthread_waiter **head, struct mthread_waiter **tail,
			  struct mthread_waiter *w)
{
	struct mthread_waiter *prev = NULL;

	for (struct mthread_waiter *p = *head; p; prev = p, p = p->next) {
		if (p != w)
			continue;
		if (prev)
			prev->next = p->next;
		else
			*head = p->next;
		if (*tail == p)
			*tail = prev;
		return true;
	}
	return false;
}

// ---- mutexes ----

int mthread_mutex_init(mthread_mutex_t *m)
{
	if (!m)
		return EINVAL;
	*m = (mthread_mutex_t)MTHREAD_MUTEX_INITIALIZER;
	return 0;
}

/*
 * A mutex's state word: MUTEX_LOCKED while it has an owner; MUTEX_WAITERS
 * while its queue holds a waiter.  WAITERS is only set with LOCKED, and
 * only under the guard, with the waiter queued in the same hold; an unlock
 * that finds it set hands the mutex over under the guard and clears it
 * with the last waiter.  So the fast ways (0 -> LOCKED to take, LOCKED ->
 * 0 to give back) can never miss a waiter.
 */
#define MUTEX_LOCKED	1
#define MUTEX_WAITERS	2

static bool take_free(mthread_mutex_t *m, int *s)
{
	return __atomic_compare_exchange_n(&m->state, s, *s | MUTEX_LOCKED, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

int mthread_mutex_destroy(mthread_mutex_t *m)
{
	return __atomic_load_n(&m->state, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

/*
 * The slow way of mthread_mutex_lock (the fast one found it taken, or the
 * caller is a main thread that had no record yet): take it if it is free
 * now, else wait in the queue for it.
 */
static int __attribute__((noinline)) mutex_lock_wait(mthread_mutex_t *m, struct mthread *self)
{
	struct mthread_waiter w = { NULL, self };
	int s = 0;

	if (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) == self)
		return EDEADLK;
	if (take_free(m, &s)) {
		__atomic_store_n(&m->owner, self, __ATOMIC_RELAXED);
		return 0;
	}
	/* A wake-up port to wait on (mthread_create made it; the main thread
	 * of a program that made none gets it here), outside the guard. */
	if (!MACH_PORT_VALID(self->wake) && !mthread_wake_port_ready(self))
		return EAGAIN;
	mthread_guard_lock(&m->guard);
	for (;;) {
		s = __atomic_load_n(&m->state, __ATOMIC_RELAXED);
		if (!(s & MUTEX_LOCKED)) {
			if (take_free(m, &s)) {
				__atomic_store_n(&m->owner, self, __ATOMIC_RELAXED);
				mthread_guard_unlock(&m->guard);
				return 0;
			}
		} else if ((s & MUTEX_WAITERS) ||
			   __atomic_compare_exchange_n(&m->state, &s, s | MUTEX_WAITERS, false,
						       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			break;		/* its unlock must now come to the queue */
		}
	}
	enqueue(&m->head, &m->tail, &w);
	mthread_guard_unlock(&m->guard);
	(void)mthread_sleep(self, 0);	/* mthread_mutex_unlock made us the owner */
	return 0;
}

/* The slow way of the inline mthread_mutex_lock (<machrv/mthread.h>):
 * the mutex was taken, or the caller is a main thread with no record yet. */
int mthread_mutex_lock_slow(mthread_mutex_t *m)
{
	return mutex_lock_wait(m, mthread_self());
}

int mthread_mutex_trylock(mthread_mutex_t *m)
{
	int s = 0;

	if (!take_free(m, &s))
		return EBUSY;
	__atomic_store_n(&m->owner, mthread_self(), __ATOMIC_RELAXED);
	return 0;
}

/* The inline mthread_mutex_unlock's way when someone waits (<machrv/mthread.h>):
 * the first waiter is the owner now, and is woken. */
void mthread_mutex_hand_over(mthread_mutex_t *m)
{
	mthread_guard_lock(&m->guard);
	struct mthread_waiter *w = dequeue(&m->head, &m->tail);
	struct mthread *next = w ? w->thread : NULL;
	__atomic_store_n(&m->owner, next, __ATOMIC_RELAXED);
	if (!m->head)
		__atomic_store_n(&m->state, next ? MUTEX_LOCKED : 0, __ATOMIC_RELEASE);
	mthread_guard_unlock(&m->guard);
	if (next)
		mthread_wake(next);
}

// ---- condition variables ----

int mthread_cond_init(mthread_cond_t *c)
{
	if (!c)
		return EINVAL;
	*c = (mthread_cond_t)MTHREAD_COND_INITIALIZER;
	return 0;
}

int mthread_cond_destroy(mthread_cond_t *c)
{
	mthread_guard_lock(&c->guard);
	bool busy = c->head != NULL;
	mthread_guard_unlock(&c->guard);
	return busy ? EBUSY : 0;
}

/*
 * Wait on `c': (1) queue up on c, (2) release m, (3) sleep for the signal,
 * or until `ms' pass: then (3b) leave the queue, unless a signaller took
 * us out already, whose wake-up is then on its way and is taken; (4) take
 * m again.
 */
static int cond_wait(mthread_cond_t *c, mthread_mutex_t *m, mach_msg_timeout_t ms)
{
	struct mthread *self = mthread_self();
	struct mthread_waiter w = { NULL, self };
	int result = 0;

	if (!mthread_wake_port_ready(self))
		return EAGAIN;
	if (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) != self)
		return EPERM;
	mthread_guard_lock(&c->guard);				/* (1) */
	enqueue(&c->head, &c->tail, &w);
	mthread_guard_unlock(&c->guard);
	(void)mthread_mutex_unlock(m);				/* (2) */
	if (!mthread_sleep(self, ms)) {				/* (3) */
		mthread_guard_lock(&c->guard);			/* (3b) */
		bool queued = remove_waiter(&c->head, &c->tail, &w);
		mthread_guard_unlock(&c->guard);
		if (queued)
			result = ETIMEDOUT;
		else
			(void)mthread_sleep(self, 0);
	}
	(void)mthread_mutex_lock(m);				/* (4) */
	return result;
}

int mthread_cond_wait(mthread_cond_t *c, mthread_mutex_t *m)
{
	return cond_wait(c, m, 0);
}

int mthread_cond_timedwait(mthread_cond_t *c, mthread_mutex_t *m, mach_msg_timeout_t ms)
{
	return cond_wait(c, m, ms ? ms : 1);
}

int mthread_cond_signal(mthread_cond_t *c)
{
	mthread_guard_lock(&c->guard);
	struct mthread_waiter *w = dequeue(&c->head, &c->tail);
	struct mthread *t = w ? w->thread : NULL;
	mthread_guard_unlock(&c->guard);
	if (t)
		mthread_wake(t);
	return 0;
}

int mthread_cond_broadcast(mthread_cond_t *c)
{
	mthread_guard_lock(&c->guard);
	struct mthread_waiter *w = c->head;
	c->head = c->tail = NULL;
	mthread_guard_unlock(&c->guard);
	while (w) {
		// Read the next waiter before the wake-up: the woken thread's
		// stack (where its record is) may change at once.
		struct mthread_waiter *next = w->next;
		mthread_wake(w->thread);
		w = next;
	}
	return 0;
}
