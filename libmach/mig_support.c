// SPDX-License-Identifier: BSD-2-Clause
// What MIG-generated stubs need at run time: a reply port, memory for
// out-of-line data, and bounded string copies.
//
// The reply port is one per thread: a thread-local slot (each thread has
// its own TLS block, libmach/mthread.c), so two threads' RPCs never share
// a port and never take each other's replies.  A thread's port is made on
// its first RPC; mthread_join destroys it when the thread is gone.  A
// thread started without TLS (thread_create and thread_set_state with only
// pc and sp) first adopts a block (thread_adopt.c).
#include <mach/mach.h>
#include "libmach_private.h"

static __thread mach_port_t mig_reply_port_slot = MACH_PORT_NULL;

static inline mach_port_t *mig_reply_slot(void)
{
	return &mig_reply_port_slot;
}

/* mig_get_reply_port: the calling thread's reply port (a receive right),
 * made on its first use with the mach_reply_port trap. */
mach_port_t mig_get_reply_port(void)
{
	if (__builtin_expect(!libmach_thread_has_tls(), 0) && !libmach_thread_adopt())
		return mach_reply_port();	/* no slot to keep it in: a new one */
	mach_port_t *slot = mig_reply_slot();

	if (*slot == MACH_PORT_NULL)
		*slot = mach_reply_port();
	return *slot;
}

/* mig_dealloc_reply_port: a stub's receive failed, so the port may hold a
 * stale reply: destroy it; the thread's next call makes a fresh one.
 * Other threads' ports are not touched. */
void mig_dealloc_reply_port(mach_port_t reply_port)
{
	if (libmach_thread_has_tls()) {
		mach_port_t *slot = mig_reply_slot();
		if (*slot == reply_port)
			*slot = MACH_PORT_NULL;
	}
	if (MACH_PORT_VALID(reply_port))
		(void)mach_port_mod_refs(mach_task_self(), reply_port, MACH_PORT_RIGHT_RECEIVE, -1);
}

/* libmach_fork_child: in a task made by a Unix fork (copy-on-write of
 * its parent), forget the parent's reply port name, which means nothing
 * in the child's own name space; the next RPC makes a fresh one. */
void libmach_fork_child(void)
{
	*mig_reply_slot() = MACH_PORT_NULL;
}

/* mig_put_reply_port: the stub is done with the port; it stays cached. */
void mig_put_reply_port(mach_port_t reply_port)
{
	(void)reply_port;
}

/* Apple's stubs with UseSpecialReplyPort: the ordinary reply port here. */
mach_port_t mig_get_special_reply_port(void)
{
	return mig_get_reply_port();
}

kern_return_t mig_allocate(vm_address_t *addr, vm_size_t size)
{
	*addr = 0;
	return vm_allocate(mach_task_self(), addr, size, VM_FLAGS_ANYWHERE);
}

void mig_deallocate(vm_address_t addr, vm_size_t size)
{
	if (size != 0)
		(void)vm_deallocate(mach_task_self(), addr, size);
}

/* mig_strncpy: copy at most len bytes, always terminated (len > 0);
 * returns the length copied, including the terminator. */
int mig_strncpy(char *dest, const char *src, int len)
{
	int i;

	if (len <= 0)
		return 0;
	for (i = 1; i < len; i++) {
		if ((*dest++ = *src++) == '\0')
			return i;
	}
	*dest = '\0';
	return i;
}
