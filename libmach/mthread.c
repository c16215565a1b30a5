// SPDX-License-Identifier: BSD-2-Clause
// Threads over Mach's thread_create (see <machrv/mthread.h>): each one in
// its own region of memory, started suspended, given its registers with
// thread_set_state, and joined by waiting for its kernel thread's port to
// die (a dead-name notification), after which nothing runs on its stack.
// Join protocol: (1) the joiner asks for the notification, (2) lets the
// exiting thread go on (or tells it not to wait), (3) waits for the
// notification, (4) frees the thread's ports and memory.
#include <machrv/trace_note.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "libmach_private.h"
#include "mthread_private.h"

#define MTHREAD_WAKE_ID	0x4d54		/* "MT": the id of a wake-up message */

// The calling thread's record; NULL in the main thread until first asked.
__thread struct mthread *mthread_current;	/* mthread_private.h */
static struct mthread mthread_main = { .is_main = true };

mthread_t mthread_self(void)
{
	if (!mthread_current)
		mthread_current = &mthread_main;
	return mthread_current;
}

int mthread_attr_init(mthread_attr_t *attr)
{
	if (!attr)
		return EINVAL;
	attr->stack_size = MTHREAD_STACK_DEFAULT;
	return 0;
}

// ---- wake-up ports ----

bool mthread_wake_port_ready(struct mthread *self)
{
	mach_port_t port = MACH_PORT_NULL;

	if (MACH_PORT_VALID(self->wake))
		return true;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port) != KERN_SUCCESS)
		return false;
	if (mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND) !=
	    KERN_SUCCESS) {
		(void)mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
		return false;
	}
	self->wake = port;
	return true;
}

void mthread_wake(struct mthread *t)
{
	mach_msg_header_t m = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.msgh_size = sizeof(m),
		.msgh_remote_port = t->wake,
		.msgh_id = MTHREAD_WAKE_ID,
	};
	// At most one wake-up is ever pending for a thread: the queue has room.
	(void)mach_msg(&m, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
		       MACH_PORT_NULL);
}

bool mthread_sleep(struct mthread *self, mach_msg_timeout_t ms)
{
	struct {
		mach_msg_header_t head;
		mach_msg_max_trailer_t trailer;
	} m;
	// A wake-up is not work: the thread's work stays traced or not as it
	// was (<machrv/trace_note.h>), whoever woke it.
	int traced = machrv_traced;

	for (;;) {
		mach_msg_return_t mr = mach_msg(&m.head, MACH_RCV_MSG | (ms ? MACH_RCV_TIMEOUT : 0),
						0, sizeof(m), self->wake, ms, MACH_PORT_NULL);
		machrv_trace_set(traced);
		if (mr == MACH_MSG_SUCCESS)
			return true;
		if (mr == MACH_RCV_TIMED_OUT)
			return false;
		// MACH_RCV_INTERRUPTED (thread_abort): sleep on.
	}
}

// ---- creation, exit, join ----

/* A new thread's first code: its TLS, its record, its function, its end. */
__attribute__((noreturn)) static void mthread_start(struct mthread *t)
{
	_set_tls(t->tls);
	mthread_current = t;
	mthread_exit(t->fn(t->arg));
}

static void port_destroy(mach_port_t port);

static uintptr_t align_down(uintptr_t x, uintptr_t a)
{
	return x & ~(a - 1);
}

int mthread_create(mthread_t *thread, const mthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	vm_size_t stack = attr && attr->stack_size ? round_page(attr->stack_size)
						   : MTHREAD_STACK_DEFAULT;
	uintptr_t align = (uintptr_t)__tls_align < 16 ? 16 : (uintptr_t)__tls_align;
	uintptr_t tls_size = (uintptr_t)__tls_size;

	if (!thread || !fn || stack < MTHREAD_STACK_MIN)
		return EINVAL;
	// The region: [guard page][stack ...][TLS block][record] (top).
	vm_size_t top = round_page(sizeof(struct mthread) + tls_size + 2 * align);
	vm_size_t size = vm_page_size + stack + top;
	vm_address_t base = 0;
	if (vm_allocate(mach_task_self(), &base, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return EAGAIN;
	(void)vm_protect(mach_task_self(), base, vm_page_size, FALSE, VM_PROT_NONE);

	struct mthread *t = (struct mthread *)align_down(base + size - sizeof(struct mthread), 16);
	char *tls = (char *)align_down((uintptr_t)t - tls_size, align);
	memset(t, 0, sizeof(*t));
	t->fn = fn;
	t->arg = arg;
	t->tls = tls;
	t->region = base;
	t->region_size = size;
	_init_tls(tls);
	/*
	 * The wake-up ports of the creator and of the new thread, made now
	 * rather than at a first wait for a mutex: which threads contend is
	 * timing, and a program's ports must not depend on it (the leak
	 * checks count them).
	 */
	if (!mthread_wake_port_ready(mthread_self()) || !mthread_wake_port_ready(t)) {
		(void)vm_deallocate(mach_task_self(), base, size);
		return EAGAIN;
	}

	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	__asm__ volatile("mv %0, gp" : "=r"(s.gp));
	s.pc = (uint64_t)(uintptr_t)mthread_start;
	s.sp = align_down((uintptr_t)tls, 16);
	s.tp = (uint64_t)(uintptr_t)tls;
	s.a0 = (uint64_t)(uintptr_t)t;
	// Suspended first, so that t->kthread is known before it can run.
	kern_return_t kr = thread_create(mach_task_self(), &t->kthread);
	if (kr == KERN_SUCCESS) {
		kr = thread_set_state(t->kthread, RISCV_THREAD_STATE, (thread_state_t)&s,
				      RISCV_THREAD_STATE_COUNT);
		if (kr == KERN_SUCCESS)
			kr = thread_resume(t->kthread);
		if (kr != KERN_SUCCESS)
			(void)thread_terminate(t->kthread);	/* moves our send right */
	}
	if (kr != KERN_SUCCESS) {
		port_destroy(t->wake);
		(void)vm_deallocate(mach_task_self(), base, size);
		return EAGAIN;
	}
	*thread = t;
	return 0;
}

void mthread_exit(void *result)
{
	struct mthread *self = mthread_self();

	if (self->is_main)
		exit(0);
	libmach_console_flush();
	self->result = result;
	// The joiner destroys the reply port; thread_terminate itself uses it.
	self->reply_port = mig_get_reply_port();
	// Wait for the joiner to be ready to see us die (see mthread_private.h).
	bool can_sleep = mthread_wake_port_ready(self);
	mthread_guard_lock(&self->guard);
	self->exiting = true;
	bool reap = self->reap || !can_sleep;
	mthread_guard_unlock(&self->guard);
	if (!reap)
		(void)mthread_sleep(self, 0);
	// thread_terminate moves a send right: a fresh one from the trap, so
	// that the creator's (t->kthread) stays, for the joiner.
	(void)thread_terminate(mach_thread_self());
	for (;;)
		(void)swtch_pri(0);	/* not reached: the kernel ends us on the way out */
}

/* Destroy the receive right `port' (with any send right under its name). */
static void port_destroy(mach_port_t port)
{
	if (MACH_PORT_VALID(port))
		(void)mach_port_destroy(mach_task_self(), port);
}

/*
 * Wait until `name' (a send right to a kernel thread) is a dead name: the
 * dead-name notification on `notify' says so.  Every 50 ms the name itself
 * is looked at as well, in case the request was lost (the kernel can lose
 * one made in the instant the port dies on another hart: a thread whose
 * exit could not wait, mthread_exit).
 */
static void wait_dead(mach_port_t name, mach_port_t notify)
{
	struct {
		mach_dead_name_notification_t n;
		mach_msg_max_trailer_t trailer;
	} m;

	for (;;) {
		mach_msg_return_t mr = mach_msg(&m.n.not_header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
						sizeof(m), notify, 50, MACH_PORT_NULL);
		if (mr == MACH_MSG_SUCCESS)
			return;
		mach_port_type_t type = 0;
		if (mr == MACH_RCV_TIMED_OUT &&
		    mach_port_type(mach_task_self(), name, &type) == KERN_SUCCESS &&
		    (type & MACH_PORT_TYPE_DEAD_NAME))
			return;
	}
}

int mthread_join(mthread_t t, void **result)
{
	if (t == mthread_self())
		return EDEADLK;
	if (!t || t->is_main)
		return EINVAL;
	// Two threads joining one: the second is refused (joining a thread
	// already joined is undefined: its record is gone).
	mthread_guard_lock(&t->guard);
	bool again = t->joined;
	t->joined = true;
	mthread_guard_unlock(&t->guard);
	if (again)
		return EINVAL;

	// (1) Ask to hear when the kernel thread's port dies (at once if it has).
	mach_port_t notify = MACH_PORT_NULL, previous = MACH_PORT_NULL;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &notify) != KERN_SUCCESS ||
	    mach_port_request_notification(mach_task_self(), t->kthread, MACH_NOTIFY_DEAD_NAME, 0,
					   notify, MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous) !=
		    KERN_SUCCESS) {
		port_destroy(notify);
		mthread_guard_lock(&t->guard);
		t->joined = false;
		mthread_guard_unlock(&t->guard);
		return EAGAIN;
	}
	// (2) Let it end if it waits in mthread_exit, or tell it not to wait.
	mthread_guard_lock(&t->guard);
	t->reap = true;
	bool waiting = t->exiting;
	mthread_guard_unlock(&t->guard);
	if (waiting)
		mthread_wake(t);
	// (3) Wait for its death: then it runs no more and its stack is free.
	wait_dead(t->kthread, notify);
	port_destroy(notify);
	// (4) The dead name: our reference and the notification's.
	(void)mach_port_deallocate(mach_task_self(), t->kthread);
	(void)mach_port_deallocate(mach_task_self(), t->kthread);
	if (result)
		*result = t->result;
	port_destroy(t->reply_port);
	port_destroy(t->wake);
	(void)vm_deallocate(mach_task_self(), t->region, t->region_size);
	return 0;
}
