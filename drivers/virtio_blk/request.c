// SPDX-License-Identifier: BSD-2-Clause
// Client requests' records (struct vblk_request): a store made and
// touched once at start, so that serving never grows the driver's heap
// (a heap that grew with the number of requests in flight made the
// machine's free-page count depend on the host's timing: tests/disk's
// leak check failed 1 run in 7 at 4 harts).  More at once than the store
// holds come from calloc.
#include <stdlib.h>
#include <string.h>
#include <machrv/mthread.h>
#include "vblk.h"

#define STORE	128	/* records made at start: the most in flight at once, normally */

static struct vblk_request *store, *free_list;
static mthread_mutex_t store_lock = MTHREAD_MUTEX_INITIALIZER;

void vblk_requests_init(void)
{
	store = calloc(STORE, sizeof(*store));	// calloc writes every page
	for (int i = 0; store && i < STORE; i++) {
		store[i].next = free_list;
		free_list = &store[i];
	}
}

struct vblk_request *vblk_request_alloc(void)
{
	mthread_mutex_lock(&store_lock);
	struct vblk_request *r = free_list;
	if (r)
		free_list = r->next;
	mthread_mutex_unlock(&store_lock);
	if (!r)
		return calloc(1, sizeof(*r));
	memset(r, 0, sizeof(*r));
	return r;
}

void vblk_request_free(struct vblk_request *r)
{
	if (!store || r < store || r >= store + STORE) {
		free(r);
		return;
	}
	mthread_mutex_lock(&store_lock);
	r->next = free_list;
	free_list = r;
	mthread_mutex_unlock(&store_lock);
}
