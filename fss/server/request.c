// SPDX-License-Identifier: BSD-2-Clause
// The server's threads: workers serving protids and the control port,
// pager threads serving the pagers, one demux for every interface, and
// what a routine may ask about the request it serves (fss_server.h).
#include <stdio.h>
#include <stdlib.h>
#include <mach/notify.h>
#include "fss_server.h"
#include "ioServer.h"
#include "fsServer.h"
#include "fsysServer.h"
#include "fss_extServer.h"
#include "notifyServer.h"
#include "memory_objectServer.h"

#define MAX_REQUEST	(FSS_INLINE_LIMIT + 4096)	/* the largest request or reply */

static __thread mach_msg_header_t *current;	/* the request being served */
static mthread_mutex_t serve_lock = MTHREAD_MUTEX_INITIALIZER;
static mthread_cond_t serve_cond = MTHREAD_COND_INITIALIZER;
static int active;		/* atomic: requests being served (enter to leave) */
static bool stopping;		/* set under serve_lock, read atomically: fss_quiesce was called */
static bool gone;		/* serve_lock: fss_quiesce is done: no core from here on */
static int exit_code = -1;	/* set by fss_exit_after_reply */

security_token_t fss_request_token(void)
{
	const mach_msg_security_trailer_t *t =
		(const void *)((const char *)current + round_msg(current->msgh_size));
	if (t->msgh_trailer_size < sizeof(*t))
		return (security_token_t){ { (uint32_t)-1, (uint32_t)-1 } };
	return t->msgh_sender;
}

// Did the kernel send the current request?  Notifications and the pager
// requests come only from the kernel: anyone holding a file's port could
// otherwise forge a no-senders notification (and close it for everyone
// holding it) or a data_return (and write a file it opened read-only).
static bool from_kernel(void)
{
	security_token_t t = fss_request_token();
	security_token_t k = KERNEL_SECURITY_TOKEN_VALUE;
	return t.val[0] == k.val[0] && t.val[1] == k.val[1];
}

// A request that claims to be the kernel's and is not: its id becomes one
// no interface has, so the demux answers MIG_BAD_ID and it is destroyed.
#define FORGED_ID	(-1)

void fss_request_free_ool(const void *data, size_t size)
{
	const char *b = (const char *)current, *p = data;
	if (p >= b && p < b + current->msgh_size)
		return;		// inline: part of the request
	if (size)
		vm_deallocate(mach_task_self(), trunc_page((vm_address_t)p),
			      round_page((vm_address_t)p + size) - trunc_page((vm_address_t)p));
}

void fss_quiesce(void)
{
	mthread_mutex_lock(&serve_lock);
	__atomic_store_n(&stopping, true, __ATOMIC_SEQ_CST);	/* then the count: see enter */
	while (__atomic_load_n(&active, __ATOMIC_SEQ_CST) > 1)
		mthread_cond_wait(&serve_cond, &serve_lock);
	gone = true;
	mthread_mutex_unlock(&serve_lock);
}

void fss_exit_after_reply(int code)
{
	exit_code = code;
}

/* Notifications arrive on the object's own port (<mach/notify.defs>). */
kern_return_t do_mach_notify_no_senders(mach_port_t port, mach_port_mscount_t mscount)
{
	fss_obj_no_senders(port, mscount);
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_port_deleted(mach_port_t port, mach_port_name_t name)
{
	(void)port, (void)name;
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_port_destroyed(mach_port_t port, mach_port_t rights)
{
	(void)port;
	mach_port_mod_refs(mach_task_self(), rights, MACH_PORT_RIGHT_RECEIVE, -1);
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_send_once(mach_port_t port)
{
	(void)port;
	return KERN_SUCCESS;
}

kern_return_t do_mach_notify_dead_name(mach_port_t port, mach_port_name_t name)
{
	(void)port;
	mach_port_deallocate(mach_task_self(), name);
	return KERN_SUCCESS;
}

// A request starts: counted, so that fsys_goaway can wait for the others
// to end.  Once the file system is going away a worker's request waits
// for the exit; a pager request is still served until fss_quiesce is done
// (a worker being waited for may wait for it: fss_pager_sync), and refused
// after (false).
//
// While nothing stops (every request but the last few) no lock is taken:
// the request is counted, then `stopping' read, and fss_quiesce sets
// `stopping', then reads the count, all sequentially consistent; so
// either fss_quiesce counts this request and waits for its leave, or this
// request sees it stopping and takes the long way under serve_lock.
static void leave(void);

// enter's way once the file system is stopping (kept out of line: the
// common case then needs no frame).
static bool __attribute__((noinline)) enter_stopping(bool pager)
{
	leave();			/* uncounted again: fss_quiesce may wait for that */
	mthread_mutex_lock(&serve_lock);
	while (stopping && !pager)
		mthread_cond_wait(&serve_cond, &serve_lock);
	bool ok = !gone;
	if (ok)
		__atomic_fetch_add(&active, 1, __ATOMIC_SEQ_CST);	/* fss_quiesce counts under the lock */
	mthread_mutex_unlock(&serve_lock);
	return ok;
}

static inline bool enter(bool pager)
{
	__atomic_fetch_add(&active, 1, __ATOMIC_SEQ_CST);
	if (__builtin_expect(!__atomic_load_n(&stopping, __ATOMIC_SEQ_CST), 1))
		return true;		/* gone only ever follows stopping */
	return enter_stopping(pager);
}

// A request ends.  fss_quiesce, waiting for the count to fall, is woken
// under serve_lock (it reads the count holding it: no wake-up is lost).
static void leave(void)
{
	__atomic_fetch_sub(&active, 1, __ATOMIC_SEQ_CST);
	if (__builtin_expect(__atomic_load_n(&stopping, __ATOMIC_SEQ_CST), 0)) {
		mthread_mutex_lock(&serve_lock);
		mthread_cond_broadcast(&serve_cond);
		mthread_mutex_unlock(&serve_lock);
	}
}

static boolean_t demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	(void)enter(false);
	current = in;
	if (in->msgh_id >= MACH_NOTIFY_FIRST && in->msgh_id <= MACH_NOTIFY_LAST && !from_kernel())
		in->msgh_id = FORGED_ID;
	boolean_t ok = io_server(in, out) || fs_server(in, out) || fsys_server(in, out) ||
		       fss_ext_server(in, out) || notify_server(in, out);
	leave();
	if (exit_code >= 0) {
		// fsys_goaway: answer, then end the task.
		if (MACH_PORT_VALID(out->msgh_remote_port))
			(void)mach_msg(out, MACH_SEND_MSG, out->msgh_size, 0, MACH_PORT_NULL,
				       MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		exit(exit_code);
	}
	return ok;
}

static boolean_t pager_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	current = in;
	bool serving = enter(true);	/* the core is in use: fsys_goaway waits for it too */
	if (!serving)
		in->msgh_id = FORGED_ID;	/* unmounted: answered MIG_BAD_ID, destroyed */
	if (!from_kernel())
		in->msgh_id = FORGED_ID;
	// Looked up first, so that a no-senders notification that ends the
	// pager still counts for a thread waiting in fss_pager_sync.
	struct fss_obj *o = fss_obj_lookup(in->msgh_local_port, FSS_OBJ_PAGER);
	boolean_t ok = memory_object_server(in, out) || notify_server(in, out);
	if (o) {
		fss_pager_handled((struct fss_pager *)o);
		fss_obj_release(o);
	}
	if (serving)
		leave();
	return ok;
}

#define RCV_OPTIONS \
	(MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) | \
	 MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER))

// Serve one set for good: mach_msg_server returns on a receive error (a
// request too large for the buffer, already destroyed by the kernel).
static void serve_set(boolean_t (*d)(mach_msg_header_t *, mach_msg_header_t *), mach_port_t set)
{
	for (;;) {
		mach_msg_return_t mr = mach_msg_server(d, MAX_REQUEST, set, RCV_OPTIONS);
		if (mr != MACH_RCV_TOO_LARGE)
			printf("fss: receive: %s\n", mach_error_string(mr));
	}
}

// Each thread makes its MIG reply port before it serves (a kernel call
// such as fss_pager_sync's mach_port_get_attributes is a message that
// needs one), and all of them have before the control port is checked in
// (fss_start): so fss's port names do not depend on which threads happened
// to make such a call, or had started when the first request came
// (docs/port-rights.md shows them).
static unsigned threads_ready;	/* threads whose reply port is made */

static void thread_ready(void)
{
	(void)mig_get_reply_port();
	__atomic_fetch_add(&threads_ready, 1, __ATOMIC_RELEASE);
}

static void *worker(void *arg)
{
	(void)arg;
	thread_ready();
	serve_set(demux, fss_portset);
	return NULL;
}

static void *pager_thread(void *arg)
{
	(void)arg;
	thread_ready();
	serve_set(pager_demux, fss_pager_set);
	return NULL;
}

#define PAGER_THREADS	2

void fss_start(unsigned n)
{
	mthread_t t;
	unsigned started = 0;
	for (unsigned i = 0; i < PAGER_THREADS; i++) {
		if (mthread_create(&t, NULL, pager_thread, NULL) != 0)
			printf("fss: no pager thread\n");
		else
			started++;
	}
	for (unsigned i = 0; i < n; i++) {
		if (mthread_create(&t, NULL, worker, NULL) != 0)
			printf("fss: no worker thread\n");
		else
			started++;
	}
	(void)mig_get_reply_port();	/* this thread's: it serves as the last worker */
	/* A yield, not a condition's wait: a wait would make this thread's wake port, or not. */
	while (__atomic_load_n(&threads_ready, __ATOMIC_ACQUIRE) < started)
		(void)swtch();
}

void fss_serve(void)
{
	serve_set(demux, fss_portset);
}
