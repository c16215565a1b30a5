/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Doubly-linked circular queues, as in Mach: a queue head and its elements
 * are the same struct; an element is linked through a field of its own.
 * queue_entry_owner() gets from the field back to the element.
 */
#ifndef _LIB_QUEUE_H_
#define _LIB_QUEUE_H_
#include <stddef.h>
#include <stdbool.h>

typedef struct queue_entry {
	struct queue_entry *next, *prev;
} queue_chain_t, queue_head_t;

#define QUEUE_HEAD_INITIALIZER(q) { &(q), &(q) }

#define queue_entry_owner(e, type, field) \
	((type *)((char *)(e) - offsetof(type, field)))

static inline void queue_init(queue_head_t *q) { q->next = q->prev = q; }
static inline bool queue_empty(const queue_head_t *q) { return q->next == q; }
/* An element not on any queue has next == NULL (after queue_chain_init). */
static inline void queue_chain_init(queue_chain_t *e) { e->next = e->prev = NULL; }
static inline bool queue_chained(const queue_chain_t *e) { return e->next != NULL; }

static inline void
enqueue_tail(queue_head_t *q, queue_chain_t *e)
{
	e->next = q;
	e->prev = q->prev;
	q->prev->next = e;
	q->prev = e;
}

static inline void
enqueue_head(queue_head_t *q, queue_chain_t *e)
{
	e->next = q->next;
	e->prev = q;
	q->next->prev = e;
	q->next = e;
}

static inline void
queue_remove(queue_chain_t *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->next = e->prev = NULL;
}

/* dequeue_head: the first element, removed; NULL if the queue is empty. */
static inline queue_chain_t *
dequeue_head(queue_head_t *q)
{
	if (queue_empty(q))
		return NULL;
	queue_chain_t *e = q->next;
	queue_remove(e);
	return e;
}

#define queue_iterate(q, e) for ((e) = (q)->next; (e) != (q); (e) = (e)->next)

#endif /* _LIB_QUEUE_H_ */
