/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An external pager in a thread of this task: it serves a memory object
 * mapped with vm_map through the MIG-generated memory_object_server and
 * answers on the control port with the libmach stubs of
 * memory_object_control.defs.  It sees a data_request for exactly the
 * pages touched, once each.
 */
#include <string.h>
#include "utest.h"
#include "memory_objectServer.h"

#define PAGE		4096
#define NPAGES		8
#define UNAVAILABLE	5	/* the pager has no data: zeros */
#define BROKEN		6	/* the pager reports an error */

#define LOCKED		1	/* supplied write-locked: a store asks data_unlock */

static struct {
	int inits, terminates;
	int nrequests;
	vm_offset_t requests[16];
	mach_port_t control;
	bool lock_page;			/* supply page LOCKED write-locked */
	int unlocks, completions, returns;
	vm_offset_t unlocked, returned;
	int returned_value;
	boolean_t returned_dirty;
} pager;

kern_return_t
memory_object_init(memory_object_t object, memory_object_control_t control, vm_size_t page_size)
{
	(void)object;
	pager.inits++;
	pager.control = control;
	return page_size == PAGE ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

kern_return_t
memory_object_terminate(memory_object_t object, memory_object_control_t control)
{
	pager.terminates++;
	/* The rights the messages brought: this one's, and init's control right. */
	mach_port_deallocate(mach_task_self(), object);
	mach_port_deallocate(mach_task_self(), control);
	mach_port_deallocate(mach_task_self(), pager.control);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_request(memory_object_t object, memory_object_control_t control,
			   vm_offset_t offset, vm_size_t length, vm_prot_t access)
{
	(void)object, (void)access;
	kern_return_t kr;
	if (pager.nrequests < 16)
		pager.requests[pager.nrequests] = offset;
	pager.nrequests++;
	if (offset == UNAVAILABLE * PAGE) {
		kr = memory_object_data_unavailable(control, offset, length);
	} else if (offset == BROKEN * PAGE) {
		kr = memory_object_data_error(control, offset, length, KERN_MEMORY_ERROR);
	} else {
		static int page[PAGE / sizeof(int)];
		for (unsigned i = 0; i < PAGE / sizeof(int); i++)
			page[i] = (int)(offset / PAGE) * 1000 + (int)i;
		vm_prot_t lock = pager.lock_page && offset == LOCKED * PAGE ? VM_PROT_WRITE
									     : VM_PROT_NONE;
		kr = memory_object_data_supply(control, offset, (vm_offset_t)page, PAGE, FALSE,
					       lock, FALSE, MACH_PORT_NULL);
	}
	mach_port_deallocate(mach_task_self(), control);	/* the request's right */
	return kr;
}

/* A store needs write access: allow it (the answer is a lock_request). */
kern_return_t
memory_object_data_unlock(memory_object_t object, memory_object_control_t control,
			  vm_offset_t offset, vm_size_t length, vm_prot_t desired_access)
{
	(void)object, (void)desired_access;
	pager.unlocks++;
	pager.unlocked = offset;
	kern_return_t kr = memory_object_lock_request(control, offset, length,
						      MEMORY_OBJECT_RETURN_NONE, FALSE,
						      VM_PROT_NONE, MACH_PORT_NULL);
	mach_port_deallocate(mach_task_self(), control);
	return kr;
}

kern_return_t
memory_object_lock_completed(mach_port_t object, memory_object_control_t control,
			     vm_offset_t offset, vm_size_t length)
{
	(void)object, (void)offset, (void)length;
	pager.completions++;
	mach_port_deallocate(mach_task_self(), control);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_return(memory_object_t object, memory_object_control_t control,
			  vm_offset_t offset, vm_offset_t data, mach_msg_type_number_t dataCnt,
			  boolean_t dirty, boolean_t kernel_copy)
{
	(void)object, (void)kernel_copy;
	pager.returns++;
	pager.returned = offset;
	pager.returned_value = dataCnt >= sizeof(int) ? *(int *)data : -1;
	pager.returned_dirty = dirty;
	vm_deallocate(mach_task_self(), data, dataCnt);
	mach_port_deallocate(mach_task_self(), control);
	return KERN_SUCCESS;
}

/* The pager thread: serve until terminate comes or nothing does for two seconds. */
static void
pager_loop(void *arg)
{
	mach_port_t object = (mach_port_t)(uintptr_t)arg;
	union {
		mach_msg_header_t head;
		char room[512];
	} in, out;

	while (!pager.terminates) {
		if (mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(in), object,
			     2000, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			break;
		memory_object_server(&in.head, &out.head);
	}
}

UTEST(a_user_pager_is_asked_for_exactly_the_pages_touched)
{
	mach_port_t object = ut_port_with_send();
	memset(&pager, 0, sizeof(pager));
	struct ut_thread t;
	KR(ut_thread(pager_loop, (void *)(uintptr_t)object, &t));

	vm_address_t addr = 0;
	kern_return_t km = vm_map(mach_task_self(), &addr, NPAGES * PAGE, 0, VM_FLAGS_ANYWHERE,
				  object, 0, FALSE, VM_PROT_READ | VM_PROT_WRITE,
				  VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_NONE);
	int p0 = -1, p3 = -1, again = -1, zero = -1;
	kern_return_t broken = KERN_SUCCESS;
	int requests_before_error = 0;
	if (km == KERN_SUCCESS) {
		p0 = *(volatile int *)(addr + 1 * sizeof(int));
		p3 = *(volatile int *)(addr + 3 * PAGE + 2 * sizeof(int));
		again = *(volatile int *)(addr + 4 * sizeof(int));	/* resident now */
		zero = *(volatile int *)(addr + UNAVAILABLE * PAGE);
		requests_before_error = pager.nrequests;
		vm_offset_t data;
		mach_msg_type_number_t count;
		broken = vm_read(mach_task_self(), addr + BROKEN * PAGE, sizeof(int), &data, &count);
		if (broken == KERN_SUCCESS)
			vm_deallocate(mach_task_self(), data, count);
		vm_deallocate(mach_task_self(), addr, NPAGES * PAGE);	/* the last mapping */
	}
	kern_return_t kj = ut_join(&t);
	mach_port_destroy(mach_task_self(), object);

	CHECK(km == KERN_SUCCESS, "vm_map: %s", mach_error_string(km));
	CHECK(pager.inits == 1, "%d memory_object_init", pager.inits);
	CHECK(p0 == 1 && p3 == 3002 && again == 4 && zero == 0,
	      "read %d %d %d %d", p0, p3, again, zero);
	CHECK(requests_before_error == 3 && pager.requests[0] == 0 &&
	      pager.requests[1] == 3 * PAGE && pager.requests[2] == UNAVAILABLE * PAGE,
	      "%d requests: %#lx %#lx %#lx", requests_before_error,
	      (unsigned long)pager.requests[0], (unsigned long)pager.requests[1],
	      (unsigned long)pager.requests[2]);
	CHECK(broken != KERN_SUCCESS, "reading a page the pager could not give succeeded");
	CHECK(kj == KERN_SUCCESS && pager.terminates == 1, "join %#x, %d terminate",
	      kj, pager.terminates);
	return 0;
}

UTEST(two_mappings_of_one_memory_object_share_its_pages)
{
	mach_port_t object = ut_port_with_send();
	memset(&pager, 0, sizeof(pager));
	struct ut_thread t;
	KR(ut_thread(pager_loop, (void *)(uintptr_t)object, &t));

	vm_address_t a = 0, b = 0;
	vm_prot_t rw = VM_PROT_READ | VM_PROT_WRITE;
	kern_return_t ka = vm_map(mach_task_self(), &a, NPAGES * PAGE, 0, VM_FLAGS_ANYWHERE, object,
				  0, FALSE, rw, rw, VM_INHERIT_NONE);
	kern_return_t kb = vm_map(mach_task_self(), &b, NPAGES * PAGE, 0, VM_FLAGS_ANYWHERE, object,
				  0, FALSE, rw, rw, VM_INHERIT_NONE);
	int first = -1, second = -1;
	if (ka == KERN_SUCCESS && kb == KERN_SUCCESS) {
		first = *(volatile int *)(a + 2 * PAGE);
		*(volatile int *)(a + 2 * PAGE) = -7;		/* written through one ... */
		second = *(volatile int *)(b + 2 * PAGE);	/* ... seen through the other */
	}
	int requests = pager.nrequests;
	if (ka == KERN_SUCCESS)
		vm_deallocate(mach_task_self(), a, NPAGES * PAGE);
	if (kb == KERN_SUCCESS)
		vm_deallocate(mach_task_self(), b, NPAGES * PAGE);
	kern_return_t kj = ut_join(&t);
	mach_port_destroy(mach_task_self(), object);

	CHECK(ka == KERN_SUCCESS && kb == KERN_SUCCESS, "vm_map %#x %#x", ka, kb);
	CHECK(pager.inits == 1 && requests == 1, "%d init, %d requests", pager.inits, requests);
	CHECK(first == 2000 && second == -7, "first %d, second %d", first, second);
	CHECK(kj == KERN_SUCCESS && pager.terminates == 1, "%d terminate", pager.terminates);
	return 0;
}

UTEST(vm_map_refuses_a_kernel_port_as_a_memory_object)
{
	vm_address_t a = 0;
	kern_return_t kr = vm_map(mach_task_self(), &a, PAGE, 0, VM_FLAGS_ANYWHERE,
				  mach_task_self(), 0, FALSE, VM_PROT_READ, VM_PROT_READ,
				  VM_INHERIT_NONE);
	if (kr == KERN_SUCCESS)
		vm_deallocate(mach_task_self(), a, PAGE);
	CHECK(kr == KERN_INVALID_ARGUMENT, "vm_map: %#x", kr);
	return 0;
}

/* Wait (bounded) until the pager thread has counted `*counter' up to `n'. */
static void
await(volatile int *counter, int n)
{
	for (int s = 0; *counter < n && ut_pause(&s);)
		;
}

UTEST(lock_request_gives_back_a_written_page_and_drops_it)
{
	mach_port_t object = ut_port_with_send();
	memset(&pager, 0, sizeof(pager));
	struct ut_thread t;
	KR(ut_thread(pager_loop, (void *)(uintptr_t)object, &t));
	vm_address_t a = 0;
	vm_prot_t rw = VM_PROT_READ | VM_PROT_WRITE;
	kern_return_t km = vm_map(mach_task_self(), &a, NPAGES * PAGE, 0, VM_FLAGS_ANYWHERE, object,
				  0, FALSE, rw, rw, VM_INHERIT_NONE);
	kern_return_t kl = KERN_FAILURE;
	int reread = -1, clean_returns = -1;
	if (km == KERN_SUCCESS) {
		*(volatile int *)(a + 2 * PAGE) = 4242;		/* page 2, now dirty */
		(void)*(volatile int *)(a + 4 * PAGE);		/* page 4 clean: stays */
		await(&pager.inits, 1);
		/* Return the dirty pages of 0..7 and drop them; tell us when done. */
		kl = memory_object_lock_request(pager.control, 0, NPAGES * PAGE,
						MEMORY_OBJECT_RETURN_DIRTY, TRUE, VM_PROT_NONE,
						object);
		await(&pager.completions, 1);
		clean_returns = pager.returns;
		reread = *(volatile int *)(a + 2 * PAGE);	/* dropped: asked again */
		vm_deallocate(mach_task_self(), a, NPAGES * PAGE);
	}
	kern_return_t kj = ut_join(&t);
	mach_port_destroy(mach_task_self(), object);

	CHECK(km == KERN_SUCCESS && kl == KERN_SUCCESS, "vm_map %#x lock_request %#x", km, kl);
	CHECK(pager.completions == 1, "%d lock_completed", pager.completions);
	CHECK(clean_returns == 1 && pager.returned == 2 * PAGE && pager.returned_value == 4242 &&
	      pager.returned_dirty, "%d returned, offset %#lx, value %d, dirty %d", clean_returns,
	      (unsigned long)pager.returned, pager.returned_value, pager.returned_dirty);
	CHECK(reread == 2000 && pager.nrequests == 3, "reread %d after %d requests", reread,
	      pager.nrequests);
	CHECK(kj == KERN_SUCCESS && pager.terminates == 1, "%d terminate", pager.terminates);
	return 0;
}

UTEST(a_store_to_a_write_locked_page_waits_for_data_unlock)
{
	mach_port_t object = ut_port_with_send();
	memset(&pager, 0, sizeof(pager));
	pager.lock_page = true;
	struct ut_thread t;
	KR(ut_thread(pager_loop, (void *)(uintptr_t)object, &t));
	vm_address_t a = 0;
	vm_prot_t rw = VM_PROT_READ | VM_PROT_WRITE;
	kern_return_t km = vm_map(mach_task_self(), &a, NPAGES * PAGE, 0, VM_FLAGS_ANYWHERE, object,
				  0, FALSE, rw, rw, VM_INHERIT_NONE);
	int read = -1, unlocks_after_read = -1, stored = -1;
	if (km == KERN_SUCCESS) {
		read = *(volatile int *)(a + LOCKED * PAGE);		/* reads are allowed */
		unlocks_after_read = pager.unlocks;
		*(volatile int *)(a + LOCKED * PAGE) = 31;		/* a store is not, yet */
		stored = *(volatile int *)(a + LOCKED * PAGE);
		vm_deallocate(mach_task_self(), a, NPAGES * PAGE);
	}
	kern_return_t kj = ut_join(&t);
	mach_port_destroy(mach_task_self(), object);

	CHECK(km == KERN_SUCCESS, "vm_map %#x", km);
	CHECK(read == 1000 && unlocks_after_read == 0, "read %d, %d unlocks", read,
	      unlocks_after_read);
	CHECK(pager.unlocks == 1 && pager.unlocked == LOCKED * PAGE && stored == 31,
	      "%d unlocks at %#lx, stored %d", pager.unlocks, (unsigned long)pager.unlocked,
	      stored);
	CHECK(kj == KERN_SUCCESS && pager.terminates == 1, "%d terminate", pager.terminates);
	return 0;
}
