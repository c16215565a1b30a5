/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mach's counting semaphores (kern/sync_sema.h): the object, its owner's
 * list, the traps, and the task interface's create and destroy.
 *
 * A waiter is a record on its own kernel stack (struct sema_waiter),
 * queued on the semaphore, and waits for the record's address.  A
 * signal takes a record off the queue under the semaphore's lock, marks
 * it given and wakes its thread: whatever ends the wait afterwards, the
 * waiter finds the mark (under the same lock) and has the count.  A
 * waiter whose wait ended unmarked (an abort, its time) takes its record
 * off itself.
 */
#include <mach/clock_types.h>
#include <mach/kobject_conv.h>
#include <mach/sync_policy.h>
#include "kern/sync_sema.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/syscall_sw.h"
#include "kern/task.h"
#include "kern/zalloc.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "riscv/csr.h"
#include "riscv/timer.h"

static struct zone semaphore_zone;

/* What a waiter's record says when its wait ends. */
enum { SEMA_WAITING = -1 };

struct sema_waiter {
	queue_chain_t	link;		/* on the semaphore's waiters */
	thread_t	thread;
	kern_return_t	result;		/* SEMA_WAITING, or what the wait returns */
};

void
semaphore_bootstrap(void)
{
	zone_init(&semaphore_zone, "semaphores", sizeof(struct semaphore), 0);
}

void
semaphore_reference(struct semaphore *s)
{
	__atomic_fetch_add(&s->refs, 1, __ATOMIC_RELAXED);
}

void
semaphore_release(struct semaphore *s)
{
	if (!s || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	assert(!s->active && !s->linked && queue_empty(&s->waiters));
	ipc_port_release(s->port);		/* the semaphore's reference */
	zfree(&semaphore_zone, s);
}

kern_return_t
semaphore_create_internal(task_t task, int policy, int value, struct semaphore **semp)
{
	if (!task || value < 0 || policy < 0 || policy > SYNC_POLICY_MAX)
		return KERN_INVALID_ARGUMENT;
	struct semaphore *s = zalloc(&semaphore_zone);
	if (!s)
		return KERN_RESOURCE_SHORTAGE;
	ipc_port_t port = ipc_port_create();
	if (!port) {
		zfree(&semaphore_zone, s);
		return KERN_RESOURCE_SHORTAGE;
	}
	simple_lock_init(&s->lock, "semaphore", LOCK_RANK_SEMAPHORE);
	s->count = value;
	s->policy = policy & SYNC_POLICY_REVERSED ? SYNC_POLICY_LIFO : SYNC_POLICY_FIFO;
	s->active = true;
	s->refs = 2;				/* the owner's list's, the caller's */
	s->owner = task;
	queue_init(&s->waiters);
	port->ip_receiver = ipc_space_kernel;	/* the kernel holds its receive right */
	ipc_port_set_kobject(port, IKOT_SEMAPHORE, s);
	ipc_port_reference(port);		/* the semaphore's: s->port lives as long as s */
	s->port = port;
	simple_lock(&task->lock);
	if (task->active) {
		enqueue_tail(&task->semaphores, &s->task_link);
		s->linked = true;
	}
	simple_unlock(&task->lock);
	if (!s->linked) {
		s->active = false;
		ipc_port_set_kobject(port, IKOT_NONE, NULL);
		ip_lock(port);
		ipc_port_destroy(port);
		semaphore_release(s);
		semaphore_release(s);
		return KERN_INVALID_TASK;
	}
	*semp = s;
	return KERN_SUCCESS;
}

/* End a queued waiter's wait with `result' (taken off the queue).  Locks: s locked. */
static void
wake_waiter(struct sema_waiter *w, kern_return_t result)
{
	queue_remove(&w->link);
	w->result = result;
	thread_wakeup((event_t)w);
}

/*
 * The destruction itself, once: waiters told KERN_TERMINATED, the port
 * dead.  Returns false if it was destroyed already.
 *   Locks: none held.
 */
static bool
semaphore_deactivate(struct semaphore *s)
{
	simple_lock(&s->lock);
	if (!s->active) {
		simple_unlock(&s->lock);
		return false;
	}
	s->active = false;
	while (!queue_empty(&s->waiters))
		wake_waiter(queue_entry_owner(s->waiters.next, struct sema_waiter, link),
			    KERN_TERMINATED);
	ipc_port_t port = s->port;
	simple_unlock(&s->lock);
	ipc_port_set_kobject(port, IKOT_NONE, NULL);
	ip_lock(port);
	ipc_port_destroy(port);			/* senders' names go dead */
	return true;
}

void
semaphore_destroy_all(task_t task)
{
	for (;;) {
		simple_lock(&task->lock);
		queue_chain_t *q = dequeue_head(&task->semaphores);
		struct semaphore *s = q ? queue_entry_owner(q, struct semaphore, task_link) : NULL;
		if (s)
			s->linked = false;
		simple_unlock(&task->lock);
		if (!s)
			return;
		semaphore_deactivate(s);
		semaphore_release(s);		/* the list's */
	}
}

/* The MIG routines (task.defs 3418, 3419) and their conversions. */

kern_return_t
semaphore_create(task_t task, struct semaphore **semp, int policy, int value)
{
	return semaphore_create_internal(task, policy, value, semp);
}

kern_return_t
semaphore_destroy(task_t task, struct semaphore *s)
{
	if (!task || !s)
		return KERN_INVALID_ARGUMENT;
	if (s->owner != task)			/* XNU's answer too */
		return KERN_INVALID_ARGUMENT;
	if (!semaphore_deactivate(s))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	bool linked = s->linked;
	if (linked) {
		queue_remove(&s->task_link);
		s->linked = false;
	}
	simple_unlock(&task->lock);
	if (linked)
		semaphore_release(s);		/* the list's */
	return KERN_SUCCESS;
}

/* The live semaphore `port' stands for, referenced; NULL if none.  Locks: takes the port's. */
static struct semaphore *
semaphore_of_port(ipc_port_t port)
{
	struct semaphore *s = NULL;

	ip_lock(port);
	if (ip_active(port) && port->ip_kotype == IKOT_SEMAPHORE) {
		s = port->ip_kobject;
		semaphore_reference(s);
	}
	ip_unlock(port);
	return s;
}

struct semaphore *
convert_port_to_semaphore(mach_port_t handle)
{
	ipc_port_t port = ipc_kport_get(handle);
	return IP_VALID(port) ? semaphore_of_port(port) : NULL;
}

/* The stubs' destructor: semaphore_release (NULL is ignored). */
void
semaphore_dereference(struct semaphore *s)
{
	semaphore_release(s);
}

mach_port_t
convert_semaphore_to_port(struct semaphore *s)
{
	if (!s)
		return MACH_PORT_NULL;
	ipc_port_t port = ipc_port_make_send(s->port);	/* IP_DEAD once destroyed */
	if (port == IP_DEAD)
		port = IP_NULL;
	semaphore_release(s);
	return ipc_kport_put(port, MACH_MSG_TYPE_PORT_SEND);
}

/* The traps. */

/* The semaphore a send right of the current task names, referenced; NULL if none. */
static struct semaphore *
semaphore_named(mach_port_name_t name)
{
	ipc_space_t space = current_task()->itk_space;
	struct semaphore *s = NULL;

	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, name) : NULL;
	if (e && (e->ie_bits & MACH_PORT_TYPE_SEND))
		s = semaphore_of_port((ipc_port_t)e->ie_object);
	is_unlock(space);
	return s;
}

/*
 * Signal `s': wake `th' if it waits here (THREAD_NULL: the waiter the
 * policy picks), else count one up (unless `must_wake').
 * KERN_NOT_WAITING when must_wake and nobody was woken.
 */
static kern_return_t
semaphore_signal_internal(struct semaphore *s, thread_t th, bool must_wake)
{
	kern_return_t kr = KERN_SUCCESS;

	simple_lock(&s->lock);
	if (!s->active) {
		kr = KERN_TERMINATED;
	} else if (queue_empty(&s->waiters)) {
		if (must_wake)
			kr = KERN_NOT_WAITING;
		else
			s->count++;
	} else {
		struct sema_waiter *w = NULL;
		if (th) {
			queue_chain_t *q;
			queue_iterate(&s->waiters, q) {
				struct sema_waiter *c = queue_entry_owner(q, struct sema_waiter, link);
				if (c->thread == th) {
					w = c;
					break;
				}
			}
		} else {
			queue_chain_t *q = s->policy == SYNC_POLICY_LIFO ? s->waiters.prev
									 : s->waiters.next;
			w = queue_entry_owner(q, struct sema_waiter, link);
		}
		if (w)
			wake_waiter(w, KERN_SUCCESS);
		else
			kr = KERN_NOT_WAITING;
	}
	simple_unlock(&s->lock);
	return kr;
}

/*
 * Wait on `s' for a count: no deadline (0), or until `deadline' (rdtime
 * units); `poll': do not wait at all.
 */
static kern_return_t
semaphore_wait_internal(struct semaphore *s, bool poll, uint64_t deadline)
{
	struct sema_waiter w;

	simple_lock(&s->lock);
	if (!s->active) {
		simple_unlock(&s->lock);
		return KERN_TERMINATED;
	}
	if (s->count > 0) {
		s->count--;
		simple_unlock(&s->lock);
		return KERN_SUCCESS;
	}
	if (poll) {
		simple_unlock(&s->lock);
		return KERN_OPERATION_TIMED_OUT;
	}
	w.thread = current_thread();
	w.result = SEMA_WAITING;
	enqueue_tail(&s->waiters, &w.link);
	assert_wait_deadline((event_t)&w, true, deadline);	/* a signal from here on is not lost */
	simple_unlock(&s->lock);
	int why = thread_block();
	simple_lock(&s->lock);
	kern_return_t kr = w.result;
	if (kr == SEMA_WAITING) {			/* nobody gave it a count */
		queue_remove(&w.link);
		kr = why == THREAD_TIMED_OUT ? KERN_OPERATION_TIMED_OUT : KERN_ABORTED;
	}
	simple_unlock(&s->lock);
	return kr;
}

/* A time limit (sec, nsec) as a deadline; false if it is not a valid time. */
static bool
deadline_of(uint64_t sec, int64_t nsec, bool *poll, uint64_t *deadline)
{
	if (nsec < 0 || nsec >= (int64_t)NSEC_PER_SEC)
		return false;
	*poll = sec == 0 && nsec == 0;
	uint64_t per_ms = timer_ticks_per_ms();
	*deadline = rdtime() + sec * 1000 * per_ms + ((uint64_t)nsec * per_ms + 999999) / 1000000;
	return true;
}

/*
 * The common body of the waits: signal `signal_name' first if it is not
 * MACH_PORT_NULL (an invalid one: nothing done), then wait on `wait_name'.
 */
static long
wait_signal(mach_port_name_t wait_name, mach_port_name_t signal_name, bool timed, uint64_t sec,
	    int64_t nsec)
{
	bool poll = false;
	uint64_t deadline = 0;

	if (timed && !deadline_of(sec, nsec, &poll, &deadline))
		return KERN_INVALID_VALUE;
	struct semaphore *ws = semaphore_named(wait_name);
	if (!ws)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = KERN_SUCCESS;
	if (signal_name != MACH_PORT_NULL) {
		struct semaphore *ss = semaphore_named(signal_name);
		kr = ss ? semaphore_signal_internal(ss, THREAD_NULL, false) : KERN_INVALID_ARGUMENT;
		semaphore_release(ss);
	}
	if (kr == KERN_SUCCESS)
		kr = semaphore_wait_internal(ws, poll, deadline);
	semaphore_release(ws);
	return kr;
}

long
semaphore_signal_trap(struct trap_frame *tf)
{
	struct semaphore *s = semaphore_named((mach_port_name_t)tf->a0);
	if (!s)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = semaphore_signal_internal(s, THREAD_NULL, false);
	semaphore_release(s);
	return kr;
}

long
semaphore_signal_all_trap(struct trap_frame *tf)
{
	struct semaphore *s = semaphore_named((mach_port_name_t)tf->a0);
	if (!s)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = KERN_SUCCESS;
	simple_lock(&s->lock);
	if (!s->active)
		kr = KERN_TERMINATED;
	while (!queue_empty(&s->waiters))
		wake_waiter(queue_entry_owner(s->waiters.next, struct sema_waiter, link),
			    KERN_SUCCESS);
	simple_unlock(&s->lock);
	semaphore_release(s);
	return kr;
}

long
semaphore_signal_thread_trap(struct trap_frame *tf)
{
	struct semaphore *s = semaphore_named((mach_port_name_t)tf->a0);
	if (!s)
		return KERN_INVALID_ARGUMENT;
	thread_t th = THREAD_NULL;
	mach_port_name_t thread_name = (mach_port_name_t)tf->a1;
	if (thread_name != MACH_PORT_NULL) {
		th = thread_named(thread_name);
		if (!th) {
			semaphore_release(s);
			return KERN_INVALID_ARGUMENT;
		}
	}
	kern_return_t kr = semaphore_signal_internal(s, th, true);
	if (th)
		thread_deallocate(th);
	semaphore_release(s);
	return kr;
}

long
semaphore_wait_trap(struct trap_frame *tf)
{
	return wait_signal((mach_port_name_t)tf->a0, MACH_PORT_NULL, false, 0, 0);
}

long
semaphore_wait_signal_trap(struct trap_frame *tf)
{
	return wait_signal((mach_port_name_t)tf->a0, (mach_port_name_t)tf->a1, false, 0, 0);
}

long
semaphore_timedwait_trap(struct trap_frame *tf)
{
	return wait_signal((mach_port_name_t)tf->a0, MACH_PORT_NULL, true, (uint32_t)tf->a1,
			   (int32_t)tf->a2);
}

long
semaphore_timedwait_signal_trap(struct trap_frame *tf)
{
	return wait_signal((mach_port_name_t)tf->a0, (mach_port_name_t)tf->a1, true,
			   (uint32_t)tf->a2, (int32_t)tf->a3);
}
