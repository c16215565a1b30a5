/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Out-of-line memory by virtual copy: a large region travels as the
 * objects behind it, shared copy-on-write, not as bytes.  Pages are
 * counted through host_statistics.
 */
#include <stddef.h>
#include <string.h>
#include "utest.h"

#define PAGE		4096
#define NPAGES		64
#define SIZE		(NPAGES * PAGE)

typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t ool;
	mach_msg_max_trailer_t trailer;
} ool_msg_t;

static unsigned
free_pages(void)
{
	return ut_vm_stats().free_count;
}

static mach_msg_return_t
send_ool(mach_port_t dest, void *addr, vm_size_t size, boolean_t dealloc)
{
	ool_msg_t m;

	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	m.header.msgh_remote_port = dest;
	m.header.msgh_id = 500;
	m.body.msgh_descriptor_count = 1;
	m.ool.address = addr;
	m.ool.size = (mach_msg_size_t)size;
	m.ool.deallocate = dealloc;
	m.ool.copy = MACH_MSG_VIRTUAL_COPY;
	m.ool.type = MACH_MSG_OOL_DESCRIPTOR;
	return mach_msg(&m.header, MACH_SEND_MSG | MACH_SEND_TIMEOUT, offsetof(ool_msg_t, trailer),
			0, 0, 1000, 0);
}

static mach_msg_return_t
recv_ool(mach_port_t port, ool_msg_t *m)
{
	memset(m, 0, sizeof(*m));
	return mach_msg(&m->header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*m), port, 1000, 0);
}

/* A region of SIZE bytes, word i of page p holding p * 1000 + i for the first words. */
static int *
pattern_region(void)
{
	vm_address_t a = 0;

	if (vm_allocate(mach_task_self(), &a, SIZE, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return NULL;
	for (unsigned p = 0; p < NPAGES; p++)
		for (unsigned i = 0; i < 4; i++)
			((int *)(a + p * PAGE))[i] = (int)(p * 1000 + i);
	return (int *)a;
}

static bool
has_pattern(const int *r)
{
	for (unsigned p = 0; p < NPAGES; p++)
		for (unsigned i = 0; i < 4; i++)
			if (r[p * PAGE / sizeof(int) + i] != (int)(p * 1000 + i))
				return false;
	return true;
}

UTEST(large_out_of_line_data_is_shared_copy_on_write_not_copied)
{
	int *mine = pattern_region();
	CHECK(mine, "vm_allocate");
	mach_port_t p = ut_port_with_send();
	unsigned before = free_pages();
	mach_msg_return_t sr = send_ool(p, mine, SIZE, FALSE);
	ool_msg_t m;
	mach_msg_return_t rr = recv_ool(p, &m);
	unsigned after = free_pages();
	int *theirs = m.ool.address;
	bool same = rr == MACH_MSG_SUCCESS && m.ool.size == SIZE && has_pattern(theirs);
	/* Each side writes; neither sees the other's store. */
	if (same) {
		theirs[1] = -1;
		mine[PAGE / sizeof(int) + 1] = -2;
	}
	int their_view = same ? theirs[PAGE / sizeof(int) + 1] : 0;
	int my_view = mine[1];
	if (rr == MACH_MSG_SUCCESS)
		vm_deallocate(mach_task_self(), (vm_address_t)theirs, m.ool.size);
	vm_deallocate(mach_task_self(), (vm_address_t)mine, SIZE);
	mach_port_destroy(mach_task_self(), p);

	CHECK(sr == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS, "send %#x receive %#x", sr, rr);
	CHECK(same, "the data differs (%u bytes at %p)", m.ool.size, (void *)theirs);
	CHECK(m.ool.copy == MACH_MSG_VIRTUAL_COPY, "copy %u", m.ool.copy);
	CHECK((int)(before - after) < NPAGES / 4, "%d pages for %d sent", (int)(before - after),
	      NPAGES);
	CHECK(their_view == 1001 && my_view == 1, "receiver sees %d, sender %d", their_view, my_view);
	return 0;
}

UTEST(out_of_line_data_with_deallocate_leaves_the_sender)
{
	int *mine = pattern_region();
	CHECK(mine, "vm_allocate");
	mach_port_t p = ut_port_with_send();
	mach_msg_return_t sr = send_ool(p, mine, SIZE, TRUE);
	vm_address_t probe = (vm_address_t)mine;
	vm_size_t rsize;
	vm_region_basic_info_data_t info;
	mach_msg_type_number_t count = VM_REGION_BASIC_INFO_COUNT_64;
	mach_port_t object;
	kern_return_t gone = vm_region(mach_task_self(), &probe, &rsize, VM_REGION_BASIC_INFO,
					  (vm_region_info_t)&info, &count, &object);
	ool_msg_t m;
	mach_msg_return_t rr = recv_ool(p, &m);
	bool same = rr == MACH_MSG_SUCCESS && m.ool.size == SIZE && has_pattern(m.ool.address);
	if (rr == MACH_MSG_SUCCESS)
		vm_deallocate(mach_task_self(), (vm_address_t)m.ool.address, m.ool.size);
	mach_port_destroy(mach_task_self(), p);

	CHECK(sr == MACH_MSG_SUCCESS && rr == MACH_MSG_SUCCESS, "send %#x receive %#x", sr, rr);
	CHECK(gone != KERN_SUCCESS || probe >= (vm_address_t)mine + SIZE,
	      "the sender still maps %#lx", (unsigned long)probe);
	CHECK(same, "the data differs");
	return 0;
}

UTEST(a_destroyed_message_gives_back_its_virtual_copy)
{
	int *mine = pattern_region();
	CHECK(mine, "vm_allocate");
	mach_port_t p = ut_port_with_send();
	mach_msg_return_t sr = send_ool(p, mine, SIZE, TRUE);
	unsigned queued = free_pages();
	mach_port_destroy(mach_task_self(), p);		/* the queued message dies with the port */
	unsigned destroyed = free_pages();

	CHECK(sr == MACH_MSG_SUCCESS, "send %#x", sr);
	CHECK(destroyed - queued >= NPAGES, "%d pages came back of %d", (int)(destroyed - queued),
	      NPAGES);
	return 0;
}

UTEST(out_of_line_data_from_unreadable_or_unmapped_memory_is_refused)
{
	vm_address_t a = 0;
	KR(vm_allocate(mach_task_self(), &a, SIZE, VM_FLAGS_ANYWHERE));
	KR(vm_protect(mach_task_self(), a, SIZE, FALSE, VM_PROT_NONE));
	mach_port_t p = ut_port_with_send();
	mach_msg_return_t none = send_ool(p, (void *)a, SIZE, FALSE);
	KR(vm_deallocate(mach_task_self(), a, SIZE));
	mach_msg_return_t hole = send_ool(p, (void *)a, SIZE, FALSE);
	mach_port_type_t type;
	kern_return_t still = mach_port_type(mach_task_self(), p, &type);
	mach_port_destroy(mach_task_self(), p);

	CHECK(none == MACH_SEND_INVALID_MEMORY, "unreadable: %#x", none);
	CHECK(hole == MACH_SEND_INVALID_MEMORY, "unmapped: %#x", hole);
	CHECK(still == KERN_SUCCESS, "the port: %#x", still);
	return 0;
}

UTEST(vm_write_of_a_large_buffer_reaches_the_kernel_as_bytes)
{
	int *src = pattern_region();
	CHECK(src, "vm_allocate");
	vm_address_t dst = 0;
	KR(vm_allocate(mach_task_self(), &dst, SIZE, VM_FLAGS_ANYWHERE));
	kern_return_t kw = vm_write(mach_task_self(), dst, (vm_offset_t)src, SIZE);
	bool same = has_pattern((int *)dst);
	vm_deallocate(mach_task_self(), dst, SIZE);
	vm_deallocate(mach_task_self(), (vm_address_t)src, SIZE);

	CHECK(kw == KERN_SUCCESS, "vm_write: %#x", kw);
	CHECK(same, "the data differs");
	return 0;
}
