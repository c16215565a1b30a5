/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <cthreads.h>: GNU Mach's (and CMU Mach's) C Threads, the threads of the
 * Mach textbooks, over MachRV's mthread (<machrv/mthread.h>): each cthread
 * is an mthread with its own stack, TLS and MIG reply port.
 *
 *   cthread_fork(fn, arg)   start fn(arg) in a new thread (NULL: none)
 *   cthread_join(t)         wait for t to end; its result
 *   cthread_detach(t)       no one will join t (its stack stays allocated)
 *   cthread_exit(result)    end the calling thread (in main: exit(0))
 *   cthread_self, cthread_yield, cthread_set_name, cthread_name,
 *   cthread_set_data, cthread_data
 *   mutex_init/alloc/free, mutex_lock, mutex_try_lock, mutex_unlock
 *   condition_init/alloc/free, condition_wait, condition_signal,
 *   condition_broadcast
 */
#ifndef _CTHREADS_H_
#define _CTHREADS_H_
#include <mach/boolean.h>
#include <machrv/mthread.h>

typedef void *any_t;
typedef void *(*cthread_fn_t)(void *arg);
typedef struct cthread *cthread_t;

struct mutex {
	mthread_mutex_t	m;
	const char	*name;
};
typedef struct mutex *mutex_t;
#define MUTEX_INITIALIZER	{ MTHREAD_MUTEX_INITIALIZER, 0 }

struct condition {
	mthread_cond_t	c;
	const char	*name;
};
typedef struct condition *condition_t;
#define CONDITION_INITIALIZER	{ MTHREAD_COND_INITIALIZER, 0 }

/* Nothing to do: C Threads are ready from the start (kept for old code). */
void cthread_init(void);
cthread_t cthread_fork(cthread_fn_t func, void *arg);
void *cthread_join(cthread_t t);
void cthread_detach(cthread_t t);
void cthread_exit(void *result) __attribute__((noreturn));
cthread_t cthread_self(void);
void cthread_yield(void);
void cthread_set_name(cthread_t t, const char *name);
const char *cthread_name(cthread_t t);
void cthread_set_data(cthread_t t, void *data);
void *cthread_data(cthread_t t);

void mutex_init(mutex_t m);
mutex_t mutex_alloc(void);
void mutex_free(mutex_t m);
void mutex_set_name(mutex_t m, const char *name);
void mutex_lock(mutex_t m);
boolean_t mutex_try_lock(mutex_t m);
void mutex_unlock(mutex_t m);
#define mutex_clear(m)	((void)0)

void condition_init(condition_t c);
condition_t condition_alloc(void);
void condition_free(condition_t c);
void condition_set_name(condition_t c, const char *name);
void condition_wait(condition_t c, mutex_t m);
void condition_signal(condition_t c);
void condition_broadcast(condition_t c);
#define condition_clear(c)	((void)0)

#endif /* _CTHREADS_H_ */
