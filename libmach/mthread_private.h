/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What mthread.c and mthread_sync.c share: the thread record, the spin
 * guard of mutexes and condition variables, and sleeping on and sending
 * to a thread's wake-up port.
 */
#ifndef _LIBMACH_MTHREAD_PRIVATE_H_
#define _LIBMACH_MTHREAD_PRIVATE_H_
#include <stdbool.h>
#include <mach/mach.h>
#include <machrv/mthread.h>

/*
 * A thread.  A created one lives at the top of its own memory region
 * (guard page, stack, TLS block, this record); the main thread's is
 * static.  Its life: created (suspended), running, exiting (in
 * mthread_exit: result and reply_port set; it sleeps until its joiner has
 * asked for the dead-name notification of its kernel thread, `reap'),
 * terminated (its kernel thread's port died), joined (the joiner freed it
 * all).  The exit waits for the joiner so that the joiner's request is
 * always made while the port lives: the kernel may lose a request made in
 * the instant the port dies on another hart.
 */
struct mthread {
	mach_port_t	kthread;	/* send right to the kernel thread (created threads) */
	mach_port_t	wake;		/* receive and send right: where it is woken; made on first need */
	void		*(*fn)(void *);
	void		*arg;
	void		*result;
	void		*tls;
	vm_address_t	region;		/* what vm_deallocate frees at join */
	vm_size_t	region_size;
	mach_port_t	reply_port;	/* its MIG reply port at exit, destroyed at join */
	int		guard;		/* covers joined, exiting, reap */
	bool		joined;		/* a thread is joining it */
	bool		exiting;	/* it is in mthread_exit, waiting to be reaped */
	bool		reap;		/* its joiner is ready to see it die */
	bool		is_main;
};

/* One thread waiting in a mutex's or condition's queue (on its stack). */
struct mthread_waiter {
	struct mthread_waiter	*next;
	struct mthread		*thread;
};

/* A spin guard held for a few instructions; a contender yields its hart. */
static inline void mthread_guard_lock(int *guard)
{
	while (__atomic_exchange_n(guard, 1, __ATOMIC_ACQUIRE))
		(void)swtch_pri(0);
}

static inline void mthread_guard_unlock(int *guard)
{
	__atomic_store_n(guard, 0, __ATOMIC_RELEASE);
}

/* mthread_current, the calling thread's record (NULL in a main thread that
 * has not asked yet), is declared in <machrv/mthread.h> for the inline
 * mutex ways. */

/* The caller's wake-up port, made on first use; false if none could be made. */
bool mthread_wake_port_ready(struct mthread *self);
/* Wake `t', which is (or is about to be) asleep on its wake-up port. */
void mthread_wake(struct mthread *t);
/* Sleep on the caller's wake-up port for one wake-up, at most `ms'
 * milliseconds (0: no limit).  Returns false on timeout. */
bool mthread_sleep(struct mthread *self, mach_msg_timeout_t ms);

#endif /* _LIBMACH_MTHREAD_PRIVATE_H_ */
