/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copy-on-write: a task made by task_create(inherit) shares its parent's
 * memory until one of them writes; each then sees its own data.  Pages are
 * counted through host_statistics (free pages, copy-on-write faults).
 */
#include <string.h>
#include <mach/thread_status.h>
#include <machrv/object_counts.h>
#include "utest.h"

#define PAGE		4096
#define NPAGES		64

/* The int at `addr' in `task', or -1 if it cannot be read. */
static int
peek(task_t task, vm_address_t addr)
{
	vm_offset_t data;
	mach_msg_type_number_t count;
	int v = -1;

	if (vm_read(task, addr, sizeof(int), &data, &count) == KERN_SUCCESS) {
		v = *(int *)data;
		vm_deallocate(mach_task_self(), data, count);
	}
	return v;
}

/* A region of `npages' pages, page i holding the int i + 100. */
static kern_return_t
filled_region(unsigned npages, vm_address_t *addr)
{
	*addr = 0;
	kern_return_t kr = vm_allocate(mach_task_self(), addr, npages * PAGE, VM_FLAGS_ANYWHERE);
	for (unsigned i = 0; kr == KERN_SUCCESS && i < npages; i++)
		*(volatile int *)(*addr + i * PAGE) = (int)i + 100;
	return kr;
}

/* filled_region, then a child task that inherits it (a copy). */
static kern_return_t
forked_region(unsigned npages, vm_address_t *addr, task_t *child)
{
	kern_return_t kr = filled_region(npages, addr);

	return kr == KERN_SUCCESS ? task_create(mach_task_self(), NULL, 0, TRUE, child) : kr;
}

UTEST(task_create_shares_inherited_pages_until_one_is_written)
{
	vm_address_t region;
	KR(filled_region(NPAGES, &region));
	unsigned before = ut_vm_stats().free_count;
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, TRUE, &child));
	unsigned forked = ut_vm_stats().free_count;

	static char page[PAGE];
	memset(page, 0xab, sizeof(page));
	kern_return_t kw = vm_write(child, region + 5 * PAGE, (vm_offset_t)page, PAGE);
	unsigned written = ut_vm_stats().free_count;
	int child5 = peek(child, region + 5 * PAGE), child6 = peek(child, region + 6 * PAGE);
	int mine5 = *(volatile int *)(region + 5 * PAGE);
	KR(ut_task_end(child));
	vm_deallocate(mach_task_self(), region, NPAGES * PAGE);

	/* An eager copy would take NPAGES pages; the child's tables take a few. */
	CHECK((int)(before - forked) < NPAGES / 4, "task_create took %d pages for %d inherited",
	      (int)(before - forked), NPAGES);
	CHECK(kw == KERN_SUCCESS, "vm_write: %#x", kw);
	CHECK((int)(forked - written) <= 4, "one written page took %d pages",
	      (int)(forked - written));
	CHECK(child5 == (int)0xabababab && child6 == 106, "child sees %#x, %d", child5, child6);
	CHECK(mine5 == 105, "parent sees %#x", mine5);
	return 0;
}

UTEST(a_parent_write_after_task_create_is_a_copy_on_write_fault_the_child_does_not_see)
{
	vm_address_t region;
	task_t child;
	KR(forked_region(1, &region, &child));
	unsigned cow0 = ut_vm_stats().cow_faults;
	*(volatile int *)region = 42;
	unsigned cow1 = ut_vm_stats().cow_faults;
	int theirs = peek(child, region);
	KR(ut_task_end(child));
	int mine = *(volatile int *)region;
	vm_deallocate(mach_task_self(), region, PAGE);

	CHECK(cow1 > cow0, "copy-on-write faults %u -> %u", cow0, cow1);
	CHECK(mine == 42 && theirs == 100, "parent %d, child %d", mine, theirs);
	return 0;
}

UTEST(vm_protect_after_task_create_does_not_make_the_shared_page_writable)
{
	vm_address_t region;
	task_t child;
	KR(forked_region(1, &region, &child));
	/* Granting write again must not let a store reach the page the child reads. */
	KR(vm_protect(mach_task_self(), region, PAGE, FALSE, VM_PROT_READ | VM_PROT_WRITE));
	*(volatile int *)region = 43;
	int theirs = peek(child, region);
	KR(ut_task_end(child));
	vm_deallocate(mach_task_self(), region, PAGE);

	CHECK(theirs == 100, "the child sees %d", theirs);
	return 0;
}

UTEST(vm_write_into_a_region_shared_copy_on_write_changes_only_the_target)
{
	vm_address_t region;
	task_t child;
	KR(forked_region(2, &region, &child));
	int v = 7;
	kern_return_t kw = vm_write(mach_task_self(), region + PAGE, (vm_offset_t)&v, sizeof(v));
	int theirs = peek(child, region + PAGE);
	int mine = *(volatile int *)(region + PAGE);
	KR(ut_task_end(child));
	vm_deallocate(mach_task_self(), region, 2 * PAGE);

	CHECK(kw == KERN_SUCCESS, "vm_write: %#x", kw);
	CHECK(mine == 7 && theirs == 101, "parent %d, child %d", mine, theirs);
	return 0;
}

/*
 * vm_read_overwrite into the caller's own page that a child shares
 * copy-on-write: the kernel's one copy through the page tables must not
 * write through the shared page (it is mapped read-only until copied).
 */
UTEST(vm_read_overwrite_into_a_page_shared_copy_on_write_changes_only_the_caller)
{
	vm_address_t region;
	task_t child;
	KR(forked_region(2, &region, &child));
	int v = 55;
	vm_size_t got = 0;
	kern_return_t kr = vm_read_overwrite(mach_task_self(), (vm_address_t)&v, sizeof(v),
					     region + PAGE, &got);
	int theirs = peek(child, region + PAGE);
	int mine = *(volatile int *)(region + PAGE);
	KR(ut_task_end(child));
	vm_deallocate(mach_task_self(), region, 2 * PAGE);

	CHECK(kr == KERN_SUCCESS && got == sizeof(v), "vm_read_overwrite: %#x", kr);
	CHECK(mine == 55 && theirs == 101, "parent %d, child %d", mine, theirs);
	return 0;
}

/*
 * Writes into a child's inherited page: the first makes the child's copy
 * (and maps it), the second goes straight into that copy; the parent's
 * page keeps its value throughout.
 */
UTEST(vm_write_twice_into_a_child_s_inherited_page_leaves_the_parent_s_alone)
{
	vm_address_t region;
	task_t child;
	KR(forked_region(1, &region, &child));
	int v = 7, w = 8;
	kern_return_t k1 = vm_write(child, region, (vm_offset_t)&v, sizeof(v));
	int first = peek(child, region);
	kern_return_t k2 = vm_write(child, region, (vm_offset_t)&w, sizeof(w));
	int theirs = peek(child, region);
	int mine = *(volatile int *)region;
	KR(ut_task_end(child));
	vm_deallocate(mach_task_self(), region, PAGE);

	CHECK(k1 == KERN_SUCCESS && k2 == KERN_SUCCESS, "vm_write: %#x %#x", k1, k2);
	CHECK(first == 7 && theirs == 8 && mine == 100, "child %d then %d, parent %d", first,
	      theirs, mine);
	return 0;
}

/*
 * One range over a page the target has touched (in its tables) and pages
 * it has not (zero-filled on demand): each piece is moved its own way, and
 * the bytes come back in order, both ways.
 */
UTEST(a_copy_across_touched_and_untouched_pages_moves_every_byte)
{
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, FALSE, &child));
	vm_address_t region = 0;
	KR(vm_allocate(child, &region, 3 * PAGE, VM_FLAGS_ANYWHERE));
	int one = 1;
	KR(vm_write(child, region + PAGE - sizeof(one), (vm_offset_t)&one, sizeof(one)));
	static uint8_t back[2 * PAGE], out[2 * PAGE];
	vm_size_t got = 0;
	memset(back, 0xee, sizeof(back));
	kern_return_t kr = vm_read_overwrite(child, region + PAGE / 2, 2 * PAGE, (vm_address_t)back,
					     &got);
	bool zeros = true;
	for (unsigned i = PAGE / 2; i < 2 * PAGE; i++)
		zeros &= back[i] == 0;
	CHECK(kr == KERN_SUCCESS && got == 2 * PAGE, "read: %#x", kr);
	CHECK(!memcmp(back + PAGE / 2 - sizeof(one), &one, sizeof(one)) && back[0] == 0 && zeros,
	      "read back: the int %s, the rest %s",
	      memcmp(back + PAGE / 2 - sizeof(one), &one, sizeof(one)) ? "lost" : "there",
	      zeros ? "zeros" : "not zeros");
	for (unsigned i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 13 + 1);
	KR(vm_write(child, region + PAGE / 2, (vm_offset_t)out, 2 * PAGE));
	memset(back, 0, sizeof(back));
	kr = vm_read_overwrite(child, region + PAGE / 2, 2 * PAGE, (vm_address_t)back, &got);
	KR(ut_task_end(child));
	CHECK(kr == KERN_SUCCESS && !memcmp(back, out, sizeof(out)), "written and read back: %#x",
	      kr);
	return 0;
}

UTEST(copies_of_copies_keep_each_generation_its_own_data)
{
	vm_address_t region;
	KR(filled_region(1, &region));
	task_t kids[4];
	int seen[4];
	for (int i = 0; i < 4; i++) {
		*(volatile int *)region = 200 + i;	/* a new value after each copy */
		KR(task_create(mach_task_self(), NULL, 0, TRUE, &kids[i]));
	}
	*(volatile int *)region = 300;
	for (int i = 0; i < 4; i++) {
		seen[i] = peek(kids[i], region);
		ut_task_end(kids[i]);
	}
	int mine = *(volatile int *)region;
	vm_deallocate(mach_task_self(), region, PAGE);

	for (int i = 0; i < 4; i++)
		CHECK(seen[i] == 200 + i, "copy %d sees %d", i, seen[i]);
	CHECK(mine == 300, "parent %d", mine);
	return 0;
}

UTEST(vm_copy_of_whole_pages_shares_them_until_one_side_writes)
{
	vm_address_t src, dst = 0;
	KR(filled_region(16, &src));
	KR(vm_allocate(mach_task_self(), &dst, 16 * PAGE, VM_FLAGS_ANYWHERE));
	unsigned before = ut_vm_stats().free_count;
	kern_return_t kc = vm_copy(mach_task_self(), src, 16 * PAGE, dst);
	unsigned after = ut_vm_stats().free_count;
	bool same = true;
	for (unsigned i = 0; i < 16; i++)
		same &= *(volatile int *)(dst + i * PAGE) == (int)i + 100;
	*(volatile int *)(src + 3 * PAGE) = -3;
	*(volatile int *)(dst + 4 * PAGE) = -4;
	int dst3 = *(volatile int *)(dst + 3 * PAGE), src4 = *(volatile int *)(src + 4 * PAGE);
	vm_deallocate(mach_task_self(), src, 16 * PAGE);
	vm_deallocate(mach_task_self(), dst, 16 * PAGE);

	CHECK(kc == KERN_SUCCESS, "vm_copy: %#x", kc);
	CHECK(same, "the copy differs");
	CHECK((int)(before - after) < 4, "vm_copy of 16 pages took %d", (int)(before - after));
	CHECK(dst3 == 103 && src4 == 104, "copy sees %d, source sees %d", dst3, src4);
	return 0;
}

UTEST(vm_copy_to_memory_that_is_not_writable_is_refused)
{
	vm_address_t src, dst;
	KR(filled_region(2, &src));
	KR(filled_region(2, &dst));
	KR(vm_protect(mach_task_self(), dst + PAGE, PAGE, FALSE, VM_PROT_READ));
	kern_return_t kc = vm_copy(mach_task_self(), src, 2 * PAGE, dst);
	*(volatile int *)src = 7;
	int first = *(volatile int *)dst;
	vm_deallocate(mach_task_self(), src, 2 * PAGE);
	vm_deallocate(mach_task_self(), dst, 2 * PAGE);

	CHECK(kc == KERN_PROTECTION_FAILURE, "vm_copy: %#x", kc);
	CHECK(first == 100, "the destination changed: %d", first);
	return 0;
}

/* The pages resident in this task's address space. */
static unsigned long
resident_pages(void)
{
	task_basic_info_data_t ti;
	mach_msg_type_number_t n = TASK_BASIC_INFO_COUNT;

	if (task_info(mach_task_self(), TASK_BASIC_INFO, (task_info_t)&ti, &n) != KERN_SUCCESS)
		return 0;
	return ti.resident_size / PAGE;
}

UTEST(vm_wire_makes_pages_resident_and_counts_the_wiring)
{
	vm_address_t a = 0;
	mach_port_t host_priv = mach_bootstrap_port();	/* the first task's (kern/init_task.c) */
	KR(vm_allocate(mach_task_self(), &a, 8 * PAGE, VM_FLAGS_ANYWHERE));
	/* Our own resident pages: the machine's free count moves with other harts' work. */
	unsigned long before = resident_pages();
	kern_return_t kw = vm_wire(host_priv, mach_task_self(), a, 8 * PAGE,
				   VM_PROT_READ | VM_PROT_WRITE);
	unsigned long after = resident_pages();
	vm_address_t probe = a;
	vm_size_t size;
	vm_region_basic_info_data_t info;
	mach_msg_type_number_t count = VM_REGION_BASIC_INFO_COUNT;
	mach_port_t object;
	kern_return_t kr = vm_region(mach_task_self(), &probe, &size, VM_REGION_BASIC_INFO,
				     (vm_region_info_t)&info, &count, &object);
	kern_return_t ku = vm_wire(host_priv, mach_task_self(), a, 8 * PAGE, VM_PROT_NONE);
	kern_return_t again = vm_wire(host_priv, mach_task_self(), a, 8 * PAGE, VM_PROT_NONE);
	kern_return_t unpriv = vm_wire(mach_host_self(), mach_task_self(), a, PAGE, VM_PROT_READ);
	vm_deallocate(mach_task_self(), a, 8 * PAGE);

	CHECK(kw == KERN_SUCCESS && ku == KERN_SUCCESS, "wire %#x, unwire %#x", kw, ku);
	CHECK(after - before >= 8, "%ld pages made resident for 8", (long)(after - before));
	CHECK(kr == KERN_SUCCESS && info.user_wired_count == 1, "vm_region %#x, wired %u", kr,
	      info.user_wired_count);
	CHECK(again == KERN_INVALID_ARGUMENT, "unwiring twice: %#x", again);
	CHECK(unpriv != KERN_SUCCESS, "vm_wire with the host name port succeeded");
	return 0;
}

/*
 * In a child: touch page after page of a huge region until memory runs
 * out.  It runs from a copy of its code page alone (no calls, no data).
 */
static void __attribute__((noreturn, aligned(64)))
hog_body(vm_address_t base)
{
	for (vm_address_t a = base;; a += PAGE)
		*(volatile char *)a = 1;
}

UTEST(a_task_that_runs_out_of_memory_gets_an_exception_and_the_system_keeps_serving)
{
	unsigned before = ut_vm_stats().free_count;
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, FALSE, &child));	/* nothing shared */
	vm_address_t code = (vm_address_t)hog_body & ~(vm_address_t)(PAGE - 1);
	vm_address_t base = 0;
	kern_return_t ka = vm_allocate(child, &code, 2 * PAGE, FALSE);	/* hog_body may cross */
	if (ka == KERN_SUCCESS)
		ka = vm_write(child, code, code, 2 * PAGE);
	if (ka == KERN_SUCCESS)
		ka = vm_protect(child, code, 2 * PAGE, FALSE, VM_PROT_READ | VM_PROT_EXECUTE);
	if (ka == KERN_SUCCESS)
		ka = vm_allocate(child, &base, (vm_size_t)1 << 32, VM_FLAGS_ANYWHERE);
	mach_port_t exc = ut_port_with_send();
	KR(task_set_exception_ports(child, EXC_MASK_BAD_ACCESS, exc, EXCEPTION_DEFAULT, 0));
	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)hog_body;
	s.a0 = base;
	thread_act_t th = MACH_PORT_NULL;
	kern_return_t kt = ka == KERN_SUCCESS ?
		thread_create_running(child, RISCV_THREAD_STATE, (thread_state_t)&s,
				      RISCV_THREAD_STATE_COUNT, &th) : ka;
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t thread, task;
		NDR_record_t ndr;
		exception_type_t exception;
		mach_msg_type_number_t count;
		integer_t code[2];
		char room[128];
	} m;
	memset(&m, 0, sizeof(m));
	mach_msg_return_t mr = kt == KERN_SUCCESS ?
		mach_msg(&m.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), exc, 60000,
			 MACH_PORT_NULL) : kt;
	/* Out of memory for tasks, the kernel still answers. */
	mach_port_t p = MACH_PORT_NULL;
	kern_return_t kp = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p);
	kern_return_t ke = ut_task_end(child);	/* before the unanswered exception ends it */
	if (mr == MACH_MSG_SUCCESS)
		mach_msg_destroy(&m.header);	/* the thread and task rights it brought */
	if (th)
		mach_port_deallocate(mach_task_self(), th);
	if (kp == KERN_SUCCESS)
		mach_port_destroy(mach_task_self(), p);
	mach_port_destroy(mach_task_self(), exc);
	/* The child's pages come back as its last thread goes: wait (bounded) for them. */
	unsigned after = ut_vm_stats().free_count;
	for (int s = 0; after + 32 < before && ut_pause(&s);)
		after = ut_vm_stats().free_count;

	CHECK(ka == KERN_SUCCESS && kt == KERN_SUCCESS, "child setup %#x, thread %#x", ka, kt);
	CHECK(mr == MACH_MSG_SUCCESS && m.header.msgh_id == 2400 &&
	      m.exception == EXC_BAD_ACCESS && m.code[0] == KERN_RESOURCE_SHORTAGE,
	      "exception message %#x id %d exception %d code %#x", mr, m.header.msgh_id,
	      m.exception, m.code[0]);
	CHECK(kp == KERN_SUCCESS && ke == KERN_SUCCESS, "mach_port_allocate %#x, task_terminate %#x",
	      kp, ke);
	CHECK(after + 32 >= before, "%u free pages before, %u after", before, after);
	return 0;
}

/*
 * As in Mach: the data routines and a fixed vm_allocate at addresses
 * outside the user address space (at or above its end, below its start)
 * answer KERN_INVALID_ADDRESS; a range whose end wraps around is an
 * invalid argument.
 */
UTEST(addresses_outside_the_user_address_space_are_invalid_addresses)
{
	const vm_address_t high = 0x4000000000UL;	/* the end of the user address space */
	static char mine[4096] __attribute__((aligned(4096)));
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	vm_size_t out = 0;
	task_t self = mach_task_self();

	kern_return_t kr_read = vm_read(self, high, 16, &data, &count);
	if (kr_read == KERN_SUCCESS)
		vm_deallocate(self, data, count);
	kern_return_t kr_write = vm_write(self, high + 4096, (vm_offset_t)mine, 4096);
	kern_return_t kr_over = vm_read_overwrite(self, high, 16, (vm_address_t)mine, &out);
	kern_return_t kr_over_to = vm_read_overwrite(self, (vm_address_t)mine, 16, high, &out);
	kern_return_t kr_copy = vm_copy(self, (vm_address_t)mine, 4096, high);
	vm_address_t low = 0, above = high;
	kern_return_t kr_low = vm_allocate(self, &low, 4096, FALSE);
	kern_return_t kr_above = vm_allocate(self, &above, 4096, FALSE);
	kern_return_t kr_wrap = vm_read(self, (vm_address_t)mine, ~(vm_size_t)0, &data, &count);

	CHECK(kr_read == KERN_INVALID_ADDRESS && kr_write == KERN_INVALID_ADDRESS,
	      "vm_read %#x, vm_write %#x", kr_read, kr_write);
	CHECK(kr_over == KERN_INVALID_ADDRESS && kr_over_to == KERN_INVALID_ADDRESS,
	      "vm_read_overwrite from %#x, to %#x", kr_over, kr_over_to);
	CHECK(kr_copy == KERN_INVALID_ADDRESS, "vm_copy %#x", kr_copy);
	CHECK(kr_low == KERN_INVALID_ADDRESS && kr_above == KERN_INVALID_ADDRESS,
	      "vm_allocate at 0: %#x, at the end: %#x", kr_low, kr_above);
	CHECK(kr_wrap == KERN_INVALID_ARGUMENT, "a wrapping vm_read: %#x", kr_wrap);
	return 0;
}

/*
 * machrv_task_writable (<mach/syscall_sw.h>): what a server asks before it
 * lets the kernel write into a client later (bsd_server's answers).
 */
UTEST(task_writable_tells_writable_read_only_and_unmapped_ranges_apart)
{
	vm_address_t region = 0;
	KR(vm_allocate(mach_task_self(), &region, 2 * PAGE, VM_FLAGS_ANYWHERE));
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, FALSE, &child));
	vm_address_t in_child = 0;
	KR(vm_allocate(child, &in_child, PAGE, VM_FLAGS_ANYWHERE));

	kern_return_t whole = machrv_task_writable(mach_task_self(), region, 2 * PAGE);
	kern_return_t empty = machrv_task_writable(mach_task_self(), 0, 0);
	KR(vm_protect(mach_task_self(), region + PAGE, PAGE, FALSE, VM_PROT_READ));
	kern_return_t first = machrv_task_writable(mach_task_self(), region + 8, PAGE - 8);
	kern_return_t across = machrv_task_writable(mach_task_self(), region + PAGE - 1, 2);
	kern_return_t past = machrv_task_writable(mach_task_self(), region, 3 * PAGE);
	kern_return_t page0 = machrv_task_writable(mach_task_self(), 0, 1);
	kern_return_t wraps = machrv_task_writable(mach_task_self(), ~(vm_address_t)0 - 4, 16);
	kern_return_t child_ok = machrv_task_writable(child, in_child, PAGE);
	/* The child (made without inheritance) has none of this program's memory. */
	static int mine;
	kern_return_t not_mine = machrv_task_writable(child, (vm_address_t)&mine, sizeof(mine));
	kern_return_t not_task = machrv_task_writable(mach_host_self(), region, 1);
	kern_return_t no_name = machrv_task_writable(0x7777, region, 1);
	KR(ut_task_end(child));
	vm_deallocate(mach_task_self(), region, 2 * PAGE);

	CHECK(whole == KERN_SUCCESS && empty == KERN_SUCCESS && first == KERN_SUCCESS,
	      "writable: %#x %#x %#x", whole, empty, first);
	CHECK(across == KERN_PROTECTION_FAILURE, "into the read-only page: %#x", across);
	/* past the region: the second page is read-only, so that is what it says first */
	CHECK(past == KERN_PROTECTION_FAILURE, "past the end: %#x", past);
	CHECK(page0 == KERN_INVALID_ADDRESS && wraps == KERN_INVALID_ADDRESS,
	      "unmapped: %#x, wrapping: %#x", page0, wraps);
	CHECK(child_ok == KERN_SUCCESS && not_mine == KERN_INVALID_ADDRESS,
	      "another task's map: %#x %#x", child_ok, not_mine);
	CHECK(not_task == KERN_INVALID_ARGUMENT && no_name == KERN_INVALID_ARGUMENT,
	      "not a task: %#x %#x", not_task, no_name);
	return 0;
}

UTEST(task_writable_finds_a_hole_between_two_regions)
{
	vm_address_t region = 0;
	KR(vm_allocate(mach_task_self(), &region, 3 * PAGE, VM_FLAGS_ANYWHERE));
	KR(vm_deallocate(mach_task_self(), region + PAGE, PAGE));
	kern_return_t hole = machrv_task_writable(mach_task_self(), region, 3 * PAGE);
	kern_return_t after = machrv_task_writable(mach_task_self(), region + 2 * PAGE, PAGE);
	vm_deallocate(mach_task_self(), region, 3 * PAGE);
	CHECK(hole == KERN_INVALID_ADDRESS, "over the hole: %#x", hole);
	CHECK(after == KERN_SUCCESS, "after it: %#x", after);
	return 0;
}

/* The kernel's count of VM objects (host_info's machrv counts). */
static unsigned
vm_object_count(void)
{
	struct machrv_object_counts c;
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;
	mach_port_t host = mach_host_self();

	memset(&c, 0, sizeof(c));
	host_info(host, HOST_MACHRV_OBJECT_COUNTS, (host_info_t)&c, &n);
	mach_port_deallocate(mach_task_self(), host);
	return c.vm_objects;
}

/*
 * A heap grows this way (libmach's sbrk): one vm_allocate right after
 * the last.  The kernel grows the region it follows (vm_map.c, coalesce)
 * instead of making an object and an entry each time; the two halves
 * still come and go as memory of their own.
 */
UTEST(a_vm_allocate_right_after_another_grows_that_region_into_one)
{
	vm_address_t a = 0;
	KR(vm_allocate(mach_task_self(), &a, 4 * PAGE, VM_FLAGS_ANYWHERE));	/* room for both */
	KR(vm_deallocate(mach_task_self(), a, 4 * PAGE));
	KR(vm_allocate(mach_task_self(), &a, 2 * PAGE, 0));
	*(volatile int *)a = 11;
	unsigned objects = vm_object_count();
	vm_address_t b = a + 2 * PAGE;
	kern_return_t kb = vm_allocate(mach_task_self(), &b, 2 * PAGE, 0);
	unsigned grown = vm_object_count();
	int fresh = *(volatile int *)(b + PAGE);		/* zero-filled */
	*(volatile int *)b = 22;
	vm_address_t probe = a;
	vm_size_t size = 0;
	vm_region_basic_info_data_t info;
	mach_msg_type_number_t count = VM_REGION_BASIC_INFO_COUNT;
	mach_port_t object;
	kern_return_t kr = vm_region(mach_task_self(), &probe, &size, VM_REGION_BASIC_INFO,
				     (vm_region_info_t)&info, &count, &object);
	/* The lower half goes alone; the upper keeps its bytes. */
	kern_return_t kd = vm_deallocate(mach_task_self(), a, 2 * PAGE);
	int kept = *(volatile int *)b;
	kern_return_t gone = machrv_task_writable(mach_task_self(), a, PAGE);
	vm_deallocate(mach_task_self(), b, 2 * PAGE);

	CHECK(kb == KERN_SUCCESS, "the second vm_allocate: %#x", kb);
	CHECK(grown == objects, "VM objects %u -> %u: a new one for memory that could grow", objects,
	      grown);
	CHECK(kr == KERN_SUCCESS && probe == a && size == 4 * PAGE, "vm_region %#x: %#lx + %#lx", kr,
	      (unsigned long)probe, (unsigned long)size);
	CHECK(fresh == 0, "the grown part reads %d, not zero", fresh);
	CHECK(kd == KERN_SUCCESS && kept == 22 && gone == KERN_INVALID_ADDRESS,
	      "deallocating the lower half: %#x, upper %d, lower %#x", kd, kept, gone);
	return 0;
}

UTEST(vm_remap_without_copy_shares_the_pages)
{
	vm_address_t a = 0, b = 0;
	KR(vm_allocate(mach_task_self(), &a, 2 * vm_page_size, VM_FLAGS_ANYWHERE));
	((volatile char *)a)[vm_page_size + 5] = 'a';
	vm_prot_t cur, max;
	KR(vm_remap(mach_task_self(), &b, 2 * vm_page_size, 0, TRUE, mach_task_self(), a, FALSE,
		    &cur, &max, VM_INHERIT_NONE));
	char seen = ((volatile char *)b)[vm_page_size + 5];
	((volatile char *)b)[7] = 'b';			/* and back the other way */
	char back = ((volatile char *)a)[7];
	/* Into another task: its writes (vm_write) reach ours. */
	task_t child;
	KR(task_create(mach_task_self(), NULL, 0, FALSE, &child));
	vm_address_t c = 0;
	KR(vm_remap(child, &c, vm_page_size, 0, TRUE, mach_task_self(), a, FALSE, &cur, &max,
		    VM_INHERIT_SHARE));
	char word[8] = "child";
	KR(vm_write(child, c + 16, (vm_offset_t)word, sizeof(word)));
	char from_child = ((volatile char *)a)[16];
	KR(ut_task_end(child));
	kern_return_t spans = vm_remap(mach_task_self(), &b, 3 * vm_page_size, 0, TRUE,
				       mach_task_self(), a, FALSE, &cur, &max, VM_INHERIT_NONE);
	KR(vm_deallocate(mach_task_self(), b, 2 * vm_page_size));
	KR(vm_deallocate(mach_task_self(), a, 2 * vm_page_size));
	CHECK(seen == 'a' && back == 'b', "through the second mapping: %c, back: %c", seen, back);
	CHECK(cur & VM_PROT_WRITE, "protection %#x", cur);
	CHECK(from_child == 'c', "the child's write: %c", from_child);
	CHECK(spans == KERN_INVALID_ADDRESS, "a range past the mapping: %#x", spans);
	return 0;
}

UTEST(vm_remap_with_copy_is_a_copy)
{
	vm_address_t a = 0, b = 0;
	KR(vm_allocate(mach_task_self(), &a, vm_page_size, VM_FLAGS_ANYWHERE));
	((volatile char *)a)[3] = 'x';
	vm_prot_t cur, max;
	KR(vm_remap(mach_task_self(), &b, vm_page_size, 0, TRUE, mach_task_self(), a, TRUE, &cur,
		    &max, VM_INHERIT_DEFAULT));
	char seen = ((volatile char *)b)[3];
	((volatile char *)b)[3] = 'y';
	char orig = ((volatile char *)a)[3];
	vm_address_t fixed = b;
	kern_return_t at_fixed = vm_remap(mach_task_self(), &fixed, vm_page_size, 0, FALSE,
					  mach_task_self(), a, TRUE, &cur, &max, VM_INHERIT_DEFAULT);
	KR(vm_deallocate(mach_task_self(), b, vm_page_size));
	KR(vm_deallocate(mach_task_self(), a, vm_page_size));
	CHECK(seen == 'x' && orig == 'x', "the copy saw %c; the original after its write: %c", seen,
	      orig);
	CHECK(at_fixed == KERN_NOT_SUPPORTED, "a copy at a fixed address: %#x", at_fixed);
	return 0;
}
