// SPDX-License-Identifier: BSD-2-Clause
// picolibc's retargetable locks (<sys/lock.h>), so that malloc and stdio
// are safe with several threads: a spin lock whose contenders yield their
// hart (these locks are held for a few hundred instructions), recursive
// for the _recursive calls.  The owner is named by the address of a
// thread-local variable, which differs in every thread.  Linked into every
// program as an object, so that these, not picolibc's no-ops, are used.
#include <stdlib.h>
#include <sys/lock.h>
#include <mach/mach.h>
#include "libmach_private.h"

struct __lock {
	int		held;		/* 0 free, 1 held */
	const void	*owner;		/* the holder's identity (recursive use) */
	unsigned	depth;
};

// The lock picolibc's malloc and other global state use.
struct __lock __lock___libc_recursive_mutex;

static __thread char thread_identity;

static void acquire(struct __lock *l, int recursive)
{
	// A thread without TLS would share its identity with every other.
	if (__builtin_expect(!libmach_thread_has_tls(), 0))
		(void)libmach_thread_adopt();
	if (recursive && __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == &thread_identity) {
		l->depth++;
		return;
	}
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		(void)swtch_pri(0);
	__atomic_store_n(&l->owner, &thread_identity, __ATOMIC_RELAXED);
	l->depth = 1;
}

static int try_acquire(struct __lock *l, int recursive)
{
	if (__builtin_expect(!libmach_thread_has_tls(), 0))
		(void)libmach_thread_adopt();
	if (recursive && __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == &thread_identity) {
		l->depth++;
		return 1;
	}
	if (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		return 0;
	__atomic_store_n(&l->owner, &thread_identity, __ATOMIC_RELAXED);
	l->depth = 1;
	return 1;
}

static void release(struct __lock *l)
{
	if (--l->depth > 0)
		return;
	__atomic_store_n(&l->owner, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

void __retarget_lock_init(_LOCK_T *lock)
{
	*lock = calloc(1, sizeof(struct __lock));
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	*lock = calloc(1, sizeof(struct __lock));
}

void __retarget_lock_close(_LOCK_T lock)
{
	free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	free(lock);
}

// A lock that could not be made (calloc failed) is a no-op, as before.
void __retarget_lock_acquire(_LOCK_T lock) { if (lock) acquire(lock, 0); }
void __retarget_lock_acquire_recursive(_LOCK_T lock) { if (lock) acquire(lock, 1); }
int __retarget_lock_try_acquire(_LOCK_T lock) { return lock ? try_acquire(lock, 0) : 1; }
int __retarget_lock_try_acquire_recursive(_LOCK_T lock) { return lock ? try_acquire(lock, 1) : 1; }
void __retarget_lock_release(_LOCK_T lock) { if (lock) release(lock); }
void __retarget_lock_release_recursive(_LOCK_T lock) { if (lock) release(lock); }
