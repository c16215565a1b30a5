/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * MachRV threads for user programs and servers (libmach): a small,
 * pthread-like API over Mach's thread_create, with mutexes and condition
 * variables that block in mach_msg (each waiting thread sleeps on its own
 * wake-up port; docs/libmach.md, "Threads").
 *
 * Functions return 0 or an errno value, as pthreads do.  Each thread has
 * its own stack (with an unmapped guard page below it), its own
 * thread-local storage (errno, picolibc's state, `__thread' variables) and
 * its own MIG reply port (mig_get_reply_port).  Differences from pthreads:
 * every thread must be joined (that frees its stack and ports); there are
 * no attributes but the stack size; timed waits take a relative time in
 * milliseconds; mthread_exit in the main thread is exit(0).
 */
#ifndef _MACHRV_MTHREAD_H_
#define _MACHRV_MTHREAD_H_
#include <mach/message.h>
#include <mach/vm_types.h>

typedef struct mthread *mthread_t;

typedef struct {
	vm_size_t stack_size;	/* bytes, rounded up to pages; 0: the default */
} mthread_attr_t;

#define MTHREAD_STACK_DEFAULT	(64 * 1024)
#define MTHREAD_STACK_MIN	(16 * 1024)

struct mthread_waiter;		/* on the waiting thread's stack */

/*
 * A mutex: a state word (taken; someone waits), its owner, and a FIFO
 * queue of waiters under a short spin guard, used only when someone waits.
 */
typedef struct {
	int			state;
	int			guard;
	struct mthread		*owner;
	struct mthread_waiter	*head, *tail;
} mthread_mutex_t;
#define MTHREAD_MUTEX_INITIALIZER	{ 0, 0, 0, 0, 0 }

/* A condition variable: a FIFO queue of waiters, under a short spin guard. */
typedef struct {
	int			guard;
	struct mthread_waiter	*head, *tail;
} mthread_cond_t;
#define MTHREAD_COND_INITIALIZER	{ 0, 0, 0 }

/* Start fn(arg) in a new thread of this task.  EINVAL (no fn, stack below
 * MTHREAD_STACK_MIN), EAGAIN (no memory or kernel thread). */
int mthread_create(mthread_t *thread, const mthread_attr_t *attr,
		   void *(*fn)(void *), void *arg);
/* Wait for `thread' to end; its result in *result (if not NULL); then its
 * stack, TLS and ports are freed, and `thread' means nothing any more
 * (joining it again is undefined, as in pthreads).  EDEADLK (itself),
 * EINVAL (the main thread, or another thread is joining it). */
int mthread_join(mthread_t thread, void **result);
/* End the calling thread with `result' (what returning from fn does). */
void mthread_exit(void *result) __attribute__((noreturn));
mthread_t mthread_self(void);
int mthread_attr_init(mthread_attr_t *attr);

int mthread_mutex_init(mthread_mutex_t *mutex);
/* EBUSY while locked or waited for. */
int mthread_mutex_destroy(mthread_mutex_t *mutex);
/* EBUSY if held (by anyone). */
int mthread_mutex_trylock(mthread_mutex_t *mutex);

/*
 * Not an API: libmach's, for the inline mutex ways below.  The calling
 * thread's record (NULL in a main thread that has not asked for one yet;
 * programs are linked statically, so the local-exec model holds); the
 * slow way of a lock; an unlock's hand-over to the first waiter.
 */
extern __thread struct mthread *mthread_current __attribute__((tls_model("local-exec")));
int mthread_mutex_lock_slow(mthread_mutex_t *mutex);
void mthread_mutex_hand_over(mthread_mutex_t *mutex);

/*
 * The fast ways on their own, for a caller that keeps its slow way out of
 * line as a tail call (so that its common case needs no frame).
 * mthread_mutex_take: take `mutex' if it is free, with no call (1); 0:
 * not taken (held, or the caller has no record yet): take it with
 * mthread_mutex_lock.  mthread_mutex_give: give back a mutex the caller
 * holds (1); 0: someone waits, and the caller must call
 * mthread_mutex_hand_over(mutex) next.
 */
static inline int
mthread_mutex_take(mthread_mutex_t *mutex)
{
	struct mthread *self = mthread_current;
	int s = 0;

	if (__builtin_expect(self != 0, 1) &&
	    __builtin_expect(__atomic_compare_exchange_n(&mutex->state, &s, 1, 0, __ATOMIC_ACQUIRE,
							 __ATOMIC_RELAXED), 1)) {
		__atomic_store_n(&mutex->owner, self, __ATOMIC_RELAXED);
		return 1;
	}
	return 0;
}

static inline int
mthread_mutex_give(mthread_mutex_t *mutex)
{
	int s = 1;

	__atomic_store_n(&mutex->owner, (struct mthread *)0, __ATOMIC_RELAXED);
	return __atomic_compare_exchange_n(&mutex->state, &s, 0, 0, __ATOMIC_RELEASE,
					   __ATOMIC_RELAXED);
}

/*
 * EDEADLK if the caller holds it already (mutexes are not recursive);
 * EAGAIN if it must wait and no wake-up port could be made.  Inline: a
 * mutex nobody holds is taken with one compare-and-swap of its state word
 * (0 -> 1, "locked"; mthread_sync.c says what the state means) and no
 * call.
 */
static inline int
mthread_mutex_lock(mthread_mutex_t *mutex)
{
	if (__builtin_expect(mthread_mutex_take(mutex), 1))
		return 0;
	return mthread_mutex_lock_slow(mutex);
}

/* EPERM (1) unless the caller holds it.  The first waiter gets it next. */
static inline int
mthread_mutex_unlock(mthread_mutex_t *mutex)
{
	/* A thread without a record yet has never taken a mutex: every way
	 * to take one makes the record. */
	struct mthread *self = mthread_current;

	if (!self || __atomic_load_n(&mutex->owner, __ATOMIC_RELAXED) != self)
		return 1;		/* EPERM */
	if (__builtin_expect(!mthread_mutex_give(mutex), 0))
		mthread_mutex_hand_over(mutex);	/* someone waits */
	return 0;
}

int mthread_cond_init(mthread_cond_t *cond);
/* EBUSY while threads wait. */
int mthread_cond_destroy(mthread_cond_t *cond);
/* Release `mutex' (which the caller must hold: else EPERM), wait for a
 * signal, take `mutex' again.  No spurious wake-ups, but check your
 * predicate in a loop anyway, as with pthreads. */
int mthread_cond_wait(mthread_cond_t *cond, mthread_mutex_t *mutex);
/* The same, for at most `ms' milliseconds: ETIMEDOUT, holding `mutex'. */
int mthread_cond_timedwait(mthread_cond_t *cond, mthread_mutex_t *mutex, mach_msg_timeout_t ms);
/* Wake the longest waiter / every waiter; nothing if none waits. */
int mthread_cond_signal(mthread_cond_t *cond);
int mthread_cond_broadcast(mthread_cond_t *cond);

#endif /* _MACHRV_MTHREAD_H_ */
