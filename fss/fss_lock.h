/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The core's lock types, a sleeping mutex and a condition variable:
 * libmach's mthread ones on MachRV, pthread ones on the host.  The locks the core takes and their
 * order are written in ext2_private.h and docs/fss.md, "Locks".
 */
#ifndef _FSS_LOCK_H_
#define _FSS_LOCK_H_

#ifdef MACHRV_TARGET
#include <machrv/mthread.h>
typedef mthread_mutex_t fss_mutex_t;
#define fss_mutex_init(m)	((void)mthread_mutex_init(m))
#define fss_mutex_destroy(m)	((void)mthread_mutex_destroy(m))
#define fss_mutex_lock(m)	((void)mthread_mutex_lock(m))
#define fss_mutex_unlock(m)	((void)mthread_mutex_unlock(m))
/* The fast ways alone (<machrv/mthread.h>): take if free; give back, or 0
 * when a waiter must be handed the mutex (fss_mutex_hand_over). */
#define fss_mutex_take(m)	mthread_mutex_take(m)
#define fss_mutex_give(m)	mthread_mutex_give(m)
#define fss_mutex_hand_over(m)	mthread_mutex_hand_over(m)
typedef mthread_cond_t fss_cond_t;
#define fss_cond_init(c)	((void)mthread_cond_init(c))
#define fss_cond_destroy(c)	((void)mthread_cond_destroy(c))
#define fss_cond_wait(c, m)	((void)mthread_cond_wait(c, m))
#define fss_cond_broadcast(c)	((void)mthread_cond_broadcast(c))
#else
#include <pthread.h>
typedef pthread_mutex_t fss_mutex_t;
#define fss_mutex_init(m)	((void)pthread_mutex_init(m, NULL))
#define fss_mutex_destroy(m)	((void)pthread_mutex_destroy(m))
#define fss_mutex_lock(m)	((void)pthread_mutex_lock(m))
#define fss_mutex_unlock(m)	((void)pthread_mutex_unlock(m))
#define fss_mutex_take(m)	(pthread_mutex_trylock(m) == 0)
#define fss_mutex_give(m)	(pthread_mutex_unlock(m), 1)
#define fss_mutex_hand_over(m)	((void)(m))
typedef pthread_cond_t fss_cond_t;
#define fss_cond_init(c)	((void)pthread_cond_init(c, NULL))
#define fss_cond_destroy(c)	((void)pthread_cond_destroy(c))
#define fss_cond_wait(c, m)	((void)pthread_cond_wait(c, m))
#define fss_cond_broadcast(c)	((void)pthread_cond_broadcast(c))
#endif

#endif /* _FSS_LOCK_H_ */
