// SPDX-License-Identifier: BSD-2-Clause
// fss as the pager of its files: one memory object per file (io_map),
// its pages read and written through the core, and coherence with io_read
// and io_write.  Pager ports are served by threads of their own (their
// own port set), which only ever wait for the core, never for a worker:
// so a worker that waits for the kernel's pages (fss_pager_sync) or a
// fault that waits for a page never waits in a cycle (docs/fss.md, "Locks").
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <mach/memory_object_types.h>
#include "fss_server.h"
#include "memory_objectServer.h"

static mthread_mutex_t pagers_lock = MTHREAD_MUTEX_INITIALIZER;	/* before objects_lock */
static mthread_cond_t pagers_cond = MTHREAD_COND_INITIALIZER;	/* a message handled */
static struct fss_pager *pagers;
unsigned fss_pager_buckets[FSS_PAGER_BUCKETS];	/* pagers_lock (fss_server.h) */

static struct fss_pager *pager_lookup(mach_port_t port)
{
	return (struct fss_pager *)fss_obj_lookup(port, FSS_OBJ_PAGER);
}

// The live pager of `ino' with a reference (a dying one is no longer in
// the table), or NULL.  pagers_lock held.
static struct fss_pager *find_locked(uint32_t ino)
{
	struct fss_pager *p;
	for (p = pagers; p; p = p->next)
		if (p->ino == ino && fss_obj_lookup(p->obj.port, FSS_OBJ_PAGER))
			break;
	return p;
}

int fss_pager_get(uint32_t ino, mach_port_t *port)
{
	mthread_mutex_lock(&pagers_lock);
	struct fss_pager *p = find_locked(ino);
	if (!p) {
		p = calloc(1, sizeof(*p));
		int e = p ? ext2_hold(fss_fs, ino) : ENOMEM;
		if (e) {
			free(p);
			mthread_mutex_unlock(&pagers_lock);
			return e;
		}
		p->ino = ino;
		mthread_mutex_init(&p->lock);
		if (fss_obj_install(&p->obj, FSS_OBJ_PAGER) != KERN_SUCCESS) {
			ext2_release(fss_fs, ino);
			free(p);
			mthread_mutex_unlock(&pagers_lock);
			return ENOMEM;
		}
		fss_label(p->obj.port, "memory object of inode %u", (unsigned)ino);
		__atomic_fetch_add(&p->obj.refs, 1, __ATOMIC_RELAXED);	// as a lookup would take
		p->next = pagers;
		pagers = p;
		__atomic_fetch_add(&fss_pager_buckets[ino % FSS_PAGER_BUCKETS], 1, __ATOMIC_RELEASE);
	}
	mthread_mutex_unlock(&pagers_lock);
	int e = fss_obj_make_send(&p->obj) == KERN_SUCCESS ? 0 : ENOMEM;
	if (!e)
		*port = p->obj.port;
	fss_obj_release(&p->obj);
	return e;
}

void fss_pager_destroy(struct fss_pager *p)
{
	mthread_mutex_lock(&pagers_lock);
	struct fss_pager **pp = &pagers;
	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	__atomic_fetch_sub(&fss_pager_buckets[p->ino % FSS_PAGER_BUCKETS], 1, __ATOMIC_RELEASE);
	mthread_mutex_unlock(&pagers_lock);
	if (MACH_PORT_VALID(p->control))
		mach_port_deallocate(mach_task_self(), p->control);
	ext2_release(fss_fs, p->ino);
	mthread_mutex_destroy(&p->lock);
	free(p);
}

// The live pager of `ino' with a reference, or NULL.  Files that were
// never mapped (every io_read's case) cost one look at an empty list.
static struct fss_pager *pager_of_ino(uint32_t ino)
{
	if (!__atomic_load_n(&pagers, __ATOMIC_RELAXED))
		return NULL;
	mthread_mutex_lock(&pagers_lock);
	struct fss_pager *p = find_locked(ino);
	mthread_mutex_unlock(&pagers_lock);
	return p;
}

// The kernel's control port of `p' (a send right of the caller's) and the
// end of what it was given (*extent), or MACH_PORT_NULL.
static mach_port_t control_and_extent(struct fss_pager *p, uint64_t *extent)
{
	mthread_mutex_lock(&p->lock);
	*extent = p->extent;
	mach_port_t c = p->control;
	if (MACH_PORT_VALID(c) &&
	    mach_port_mod_refs(mach_task_self(), c, MACH_PORT_RIGHT_SEND, 1) != KERN_SUCCESS)
		c = MACH_PORT_NULL;
	mthread_mutex_unlock(&p->lock);
	return c;
}

void fss_pager_changed_mapped(uint32_t ino, uint64_t off, uint64_t len)
{
	struct fss_pager *p = pager_of_ino(ino);
	if (!p)
		return;
	uint64_t extent;
	mach_port_t c = control_and_extent(p, &extent);
	uint64_t start = trunc_page(off);
	uint64_t end = len > extent - off ? extent : round_page(off + len);
	if (MACH_PORT_VALID(c) && off < extent && start < end) {
		// Drop the kernel's copies: the next fault reads the new bytes.
		(void)memory_object_lock_request(c, start, end - start, MEMORY_OBJECT_RETURN_NONE,
						 TRUE, VM_PROT_NONE, MACH_PORT_NULL);
	}
	if (MACH_PORT_VALID(c))
		mach_port_deallocate(mach_task_self(), c);
	fss_obj_release(&p->obj);
}

void fss_pager_sync_mapped(uint32_t ino)
{
	struct fss_pager *p = pager_of_ino(ino);
	if (!p)
		return;
	uint64_t extent;
	mach_port_t c = control_and_extent(p, &extent);
	if (MACH_PORT_VALID(c) && extent) {
		// The kernel queues the modified pages (data_return) on the
		// pager's port before lock_request returns; wait until the
		// pager threads have received and written every message queued.
		(void)memory_object_lock_request(c, 0, extent, MEMORY_OBJECT_RETURN_DIRTY, FALSE,
						 VM_PROT_NONE, MACH_PORT_NULL);
		mach_port_status_t st;
		mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;
		if (mach_port_get_attributes(mach_task_self(), p->obj.port, MACH_PORT_RECEIVE_STATUS,
					     (mach_port_info_t)&st, &n) == KERN_SUCCESS) {
			uint64_t target = (uint64_t)st.mps_seqno + st.mps_msgcount;
			mthread_mutex_lock(&pagers_lock);
			while (p->handled < target)
				mthread_cond_wait(&pagers_cond, &pagers_lock);
			mthread_mutex_unlock(&pagers_lock);
		}
	}
	if (MACH_PORT_VALID(c))
		mach_port_deallocate(mach_task_self(), c);
	fss_obj_release(&p->obj);
}

void fss_pager_handled(struct fss_pager *p)
{
	mthread_mutex_lock(&pagers_lock);
	p->handled++;
	mthread_cond_broadcast(&pagers_cond);
	mthread_mutex_unlock(&pagers_lock);
}

/* The kernel's requests (<mach/memory_object.defs>).  Each brings a send
 * right to the control port, which the routine gives back (init keeps it). */

static void drop_right(mach_port_t port)
{
	if (MACH_PORT_VALID(port))
		mach_port_deallocate(mach_task_self(), port);
}

kern_return_t memory_object_init(memory_object_t mo, memory_object_control_t control,
				 vm_size_t page_size)
{
	(void)page_size;
	struct fss_pager *p = pager_lookup(mo);
	if (!p) {
		drop_right(control);
		return KERN_SUCCESS;
	}
	mthread_mutex_lock(&p->lock);
	mach_port_t old = p->control;
	p->control = control;
	mthread_mutex_unlock(&p->lock);
	drop_right(old);
	fss_obj_release(&p->obj);
	return KERN_SUCCESS;
}

kern_return_t memory_object_terminate(memory_object_t mo, memory_object_control_t control)
{
	struct fss_pager *p = pager_lookup(mo);
	if (p) {
		mthread_mutex_lock(&p->lock);
		mach_port_t old = p->control;
		p->control = MACH_PORT_NULL;
		p->extent = 0;
		mthread_mutex_unlock(&p->lock);
		drop_right(old);
		fss_obj_release(&p->obj);
	}
	drop_right(control);
	drop_right(mo);		// the kernel's send right, moved back to us
	return KERN_SUCCESS;
}

kern_return_t memory_object_data_request(memory_object_t mo, memory_object_control_t control,
					 vm_offset_t offset, vm_size_t length, vm_prot_t access)
{
	(void)access;
	struct fss_pager *p = pager_lookup(mo);
	vm_address_t buf = 0;
	kern_return_t kr = p ? vm_allocate(mach_task_self(), &buf, length, VM_FLAGS_ANYWHERE)
			     : KERN_FAILURE;
	size_t done;
	if (kr == KERN_SUCCESS &&
	    ext2_read(fss_fs, NULL, p->ino, offset, (void *)buf, length, &done) != 0) {
		vm_deallocate(mach_task_self(), buf, length);
		kr = KERN_FAILURE;
	}
	// Past the end of the file the page reads as zeros (fresh memory).
	if (kr == KERN_SUCCESS) {
		mthread_mutex_lock(&p->lock);
		if (offset + length > p->extent)
			p->extent = offset + length;
		mthread_mutex_unlock(&p->lock);
	}
	if (kr == KERN_SUCCESS)
		kr = memory_object_data_supply(control, offset, buf, (mach_msg_type_number_t)length,
					       TRUE, VM_PROT_NONE, FALSE, MACH_PORT_NULL);
	else
		(void)memory_object_data_error(control, offset, length, kr);
	if (p)
		fss_obj_release(&p->obj);
	drop_right(control);
	return KERN_SUCCESS;
}

kern_return_t memory_object_data_unlock(memory_object_t mo, memory_object_control_t control,
					vm_offset_t offset, vm_size_t length, vm_prot_t access)
{
	(void)mo, (void)access;
	(void)memory_object_lock_request(control, offset, length, MEMORY_OBJECT_RETURN_NONE, FALSE,
					 VM_PROT_NONE, MACH_PORT_NULL);
	drop_right(control);
	return KERN_SUCCESS;
}

kern_return_t memory_object_lock_completed(mach_port_t reply, memory_object_control_t control,
					   vm_offset_t offset, vm_size_t length)
{
	(void)reply, (void)offset, (void)length;
	drop_right(control);
	return KERN_SUCCESS;
}

// Modified pages come back: write them into the file, never past its end
// (a mapping does not grow a file).
kern_return_t memory_object_data_return(memory_object_t mo, memory_object_control_t control,
					vm_offset_t offset, pointer_t data,
					mach_msg_type_number_t count, boolean_t dirty,
					boolean_t kernel_copy)
{
	(void)kernel_copy;
	struct fss_pager *p = pager_lookup(mo);
	struct ext2_stat st;
	if (p && dirty && ext2_stat(fss_fs, p->ino, &st) == 0 && offset < st.size) {
		size_t n = st.size - offset < count ? (size_t)(st.size - offset) : count, done;
		(void)ext2_write(fss_fs, NULL, p->ino, offset, (const void *)data, n, &done);
	}
	if (p)
		fss_obj_release(&p->obj);
	vm_deallocate(mach_task_self(), data, count);
	drop_right(control);
	return KERN_SUCCESS;
}
