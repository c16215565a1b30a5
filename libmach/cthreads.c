// SPDX-License-Identifier: BSD-2-Clause
// GNU Mach's C Threads (<cthreads.h>) over mthread: a cthread is a record
// holding its mthread, made by cthread_fork and found by cthread_self
// through a thread-local pointer (the main thread has a static record).
#include <stdlib.h>
#include <cthreads.h>
#include <mach/mach.h>

struct cthread {
	mthread_t	thread;		/* NULL for the main thread */
	cthread_fn_t	func;
	void		*arg;
	const char	*name;
	void		*data;
};

static struct cthread cthread_main = { .name = "main" };
static __thread struct cthread *cthread_current;

void cthread_init(void)
{
}

/* The new thread's first code: remember its record, run its function. */
static void *cthread_body(void *arg)
{
	struct cthread *t = arg;

	cthread_current = t;
	return t->func(t->arg);
}

cthread_t cthread_fork(cthread_fn_t func, void *arg)
{
	struct cthread *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->func = func;
	t->arg = arg;
	if (mthread_create(&t->thread, NULL, cthread_body, t) != 0) {
		free(t);
		return NULL;
	}
	return t;
}

void *cthread_join(cthread_t t)
{
	void *result = NULL;

	if (!t || t == &cthread_main || mthread_join(t->thread, &result) != 0)
		return NULL;
	free(t);
	return result;
}

void cthread_detach(cthread_t t)
{
	// mthread frees a thread's stack when it is joined: a detached one
	// keeps its stack and record (a few pages) after it ends.
	(void)t;
}

void cthread_exit(void *result)
{
	mthread_exit(result);
}

cthread_t cthread_self(void)
{
	return cthread_current ? cthread_current : &cthread_main;
}

void cthread_yield(void)
{
	(void)swtch_pri(0);
}

void cthread_set_name(cthread_t t, const char *name)
{
	t->name = name;
}

const char *cthread_name(cthread_t t)
{
	return t->name;
}

void cthread_set_data(cthread_t t, void *data)
{
	t->data = data;
}

void *cthread_data(cthread_t t)
{
	return t->data;
}

void mutex_init(mutex_t m)
{
	mthread_mutex_init(&m->m);
	m->name = NULL;
}

mutex_t mutex_alloc(void)
{
	mutex_t m = malloc(sizeof(*m));

	if (m)
		mutex_init(m);
	return m;
}

void mutex_free(mutex_t m)
{
	free(m);
}

void mutex_set_name(mutex_t m, const char *name)
{
	m->name = name;
}

void mutex_lock(mutex_t m)
{
	(void)mthread_mutex_lock(&m->m);
}

boolean_t mutex_try_lock(mutex_t m)
{
	return mthread_mutex_trylock(&m->m) == 0;
}

void mutex_unlock(mutex_t m)
{
	(void)mthread_mutex_unlock(&m->m);
}

void condition_init(condition_t c)
{
	mthread_cond_init(&c->c);
	c->name = NULL;
}

condition_t condition_alloc(void)
{
	condition_t c = malloc(sizeof(*c));

	if (c)
		condition_init(c);
	return c;
}

void condition_free(condition_t c)
{
	free(c);
}

void condition_set_name(condition_t c, const char *name)
{
	c->name = name;
}

void condition_wait(condition_t c, mutex_t m)
{
	(void)mthread_cond_wait(&c->c, &m->m);
}

void condition_signal(condition_t c)
{
	(void)mthread_cond_signal(&c->c);
}

void condition_broadcast(condition_t c)
{
	(void)mthread_cond_broadcast(&c->c);
}
