// SPDX-License-Identifier: BSD-2-Clause
// The table of the server's objects, keyed by the name of their receive
// right: install, look up with a reference, release, and the no-senders
// notification that makes the table let go (fss_server.h).
#include <mach/notify.h>
#include "fss_server.h"

#define OBJ_HASH	256

static mthread_mutex_t objects_lock = MTHREAD_MUTEX_INITIALIZER;
static struct fss_obj *objects[OBJ_HASH];
static unsigned counts[3];

static unsigned hash(mach_port_t port)
{
	return (port ^ (port >> 8)) % OBJ_HASH;
}

kern_return_t fss_obj_install(struct fss_obj *obj, enum fss_obj_kind kind)
{
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &obj->port);
	if (kr != KERN_SUCCESS)
		return kr;
	return fss_obj_adopt(obj, kind);
}

kern_return_t fss_obj_adopt(struct fss_obj *obj, enum fss_obj_kind kind)
{
	kern_return_t kr;
	if ((kr = mach_port_move_member(mach_task_self(), obj->port,
					 kind == FSS_OBJ_PAGER ? fss_pager_set : fss_portset)) != KERN_SUCCESS) {
		mach_port_mod_refs(mach_task_self(), obj->port, MACH_PORT_RIGHT_RECEIVE, -1);
		return kr;
	}
	obj->kind = kind;
	obj->refs = 1;
	obj->mscount = 0;
	mthread_mutex_lock(&objects_lock);
	obj->hashed = true;
	obj->hnext = objects[hash(obj->port)];
	objects[hash(obj->port)] = obj;
	counts[kind]++;
	mthread_mutex_unlock(&objects_lock);
	return KERN_SUCCESS;
}

kern_return_t fss_obj_make_send(struct fss_obj *obj)
{
	kern_return_t kr = mach_port_insert_right(mach_task_self(), obj->port, obj->port,
						  MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS)
		return kr;
	mthread_mutex_lock(&objects_lock);
	bool first = obj->mscount++ == 0;
	mthread_mutex_unlock(&objects_lock);
	if (first) {
		// The notification comes to the object's own port when the
		// last send right made so far is gone.
		mach_port_t prev;
		kr = mach_port_request_notification(mach_task_self(), obj->port,
						    MACH_NOTIFY_NO_SENDERS, 1, obj->port,
						    MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev);
		if (kr != KERN_SUCCESS)
			mach_port_deallocate(mach_task_self(), obj->port);
	}
	return kr;
}

/* The object of `port' if it is a `kind', referenced; NULL if not.  objects_lock held. */
static inline struct fss_obj *find_locked(mach_port_t port, enum fss_obj_kind kind)
{
	struct fss_obj *o = objects[hash(port)];
	while (o && o->port != port)
		o = o->hnext;
	if (o && o->kind == kind)
		__atomic_fetch_add(&o->refs, 1, __ATOMIC_RELAXED);	/* the table's keeps it above 0 */
	else
		o = NULL;
	return o;
}

/* fss_obj_lookup's way when the table's lock is held by another thread. */
static struct fss_obj *__attribute__((noinline))
lookup_waiting(mach_port_t port, enum fss_obj_kind kind)
{
	mthread_mutex_lock(&objects_lock);
	struct fss_obj *o = find_locked(port, kind);
	mthread_mutex_unlock(&objects_lock);
	return o;
}

/* fss_obj_lookup's way when a thread waits for the lock it gives back. */
static struct fss_obj *__attribute__((noinline)) hand_over_then(struct fss_obj *o)
{
	mthread_mutex_hand_over(&objects_lock);
	return o;
}

// Every request looks its object up: its common case makes no call (the
// lock's slow ways are tail calls), so it needs no frame.
struct fss_obj *fss_obj_lookup(mach_port_t port, enum fss_obj_kind kind)
{
	if (__builtin_expect(!mthread_mutex_take(&objects_lock), 0))
		return lookup_waiting(port, kind);
	struct fss_obj *o = find_locked(port, kind);
	if (__builtin_expect(!mthread_mutex_give(&objects_lock), 0))
		return hand_over_then(o);
	return o;
}

// The last reference: the receive right goes (and with it the port set
// membership and any notification request), then the object.
static void destroy(struct fss_obj *o)
{
	mach_port_mod_refs(mach_task_self(), o->port, MACH_PORT_RIGHT_RECEIVE, -1);
	switch (o->kind) {
	case FSS_OBJ_PROTID:
		fss_protid_destroy((struct fss_protid *)o);
		break;
	case FSS_OBJ_PAGER:
		fss_pager_destroy((struct fss_pager *)o);
		break;
	case FSS_OBJ_CONTROL:
		break;
	}
}

// fss_obj_release's way for what may be the last reference (out of line:
// the common case then needs no frame).
static void __attribute__((noinline)) release_maybe_last(struct fss_obj *o)
{
	mthread_mutex_lock(&objects_lock);
	bool last = __atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL) == 0;
	mthread_mutex_unlock(&objects_lock);
	if (last)
		destroy(o);
}

void fss_obj_release(struct fss_obj *o)
{
	// Not the last reference (the table holds one while the object is in
	// it, so nearly always): one compare-and-swap, no lock.
	int r = __atomic_load_n(&o->refs, __ATOMIC_RELAXED);
	while (r > 1)
		if (__atomic_compare_exchange_n(&o->refs, &r, r - 1, false, __ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			return;
	release_maybe_last(o);
}

// Take `o' out of the table (objects_lock held); true if that was its
// last reference.
static bool unhash_locked(struct fss_obj *o)
{
	struct fss_obj **pp = &objects[hash(o->port)];
	while (*pp != o)
		pp = &(*pp)->hnext;
	*pp = o->hnext;
	o->hashed = false;
	counts[o->kind]--;
	return __atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL) == 0;
}

void fss_obj_forget(struct fss_obj *o)
{
	mthread_mutex_lock(&objects_lock);
	bool last = o->hashed && unhash_locked(o);
	mthread_mutex_unlock(&objects_lock);
	if (last)
		destroy(o);
}

void fss_obj_no_senders(mach_port_t port, mach_port_mscount_t mscount)
{
	mthread_mutex_lock(&objects_lock);
	struct fss_obj *o = objects[hash(port)];
	while (o && o->port != port)
		o = o->hnext;
	if (!o || o->kind == FSS_OBJ_CONTROL) {
		mthread_mutex_unlock(&objects_lock);
		return;
	}
	if (mscount < o->mscount) {
		// Send rights were made after the notification: ask again.
		mach_port_mscount_t now = o->mscount;
		mthread_mutex_unlock(&objects_lock);
		mach_port_t prev;
		(void)mach_port_request_notification(mach_task_self(), port, MACH_NOTIFY_NO_SENDERS,
						     now, port, MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev);
		return;
	}
	bool last = unhash_locked(o);
	mthread_mutex_unlock(&objects_lock);
	if (last)
		destroy(o);
}

unsigned fss_obj_count(enum fss_obj_kind kind)
{
	mthread_mutex_lock(&objects_lock);
	unsigned n = counts[kind];
	mthread_mutex_unlock(&objects_lock);
	return n;
}
