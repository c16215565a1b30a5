// SPDX-License-Identifier: BSD-2-Clause
// A bounded, deterministic fuzz test of the kernel from a user task: random
// mach_msg calls (bits, names, sizes, options, descriptors, buffer
// addresses) and random requests to kernel objects (a sacrificial child
// task, its thread, the host).  Afterwards the kernel must still answer, and
// its object counts and free pages must be back where they started.
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <mach/mach.h>
#include <mach/thread_status.h>
#include <machrv/object_counts.h>

#define ROUNDS	20000
#define POOL	24

static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static uint32_t
rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (uint32_t)seed;
}

static mach_port_t pool[POOL];		/* names this test may break */
static mach_port_t child, child_thread, host;

static mach_port_t
some_name(void)
{
	switch (rnd() % 8) {
	case 0: return MACH_PORT_NULL;
	case 1: return MACH_PORT_DEAD;
	case 2: return rnd();				/* garbage */
	case 3: return child;
	case 4: return child_thread;
	case 5: return host;
	default: return pool[rnd() % POOL];
	}
}

static mach_msg_type_name_t
some_disposition(void)
{
	return rnd() % 4 == 0 ? rnd() % 32 : 16 + rnd() % 7;
}

static char stack_buf[512] __attribute__((aligned(8)));

static void *
some_buffer(void)
{
	switch (rnd() % 10) {
	case 0: return NULL;
	case 1: return (void *)0x1000;			/* unmapped */
	case 2: return (void *)0xffffffc080200000UL;	/* the kernel's */
	case 3: return (void *)(stack_buf + 1);		/* misaligned */
	default: return stack_buf;
	}
}

/* Fill the buffer with a plausible, broken message. */
static void
random_message(uint32_t *size)
{
	mach_msg_header_t *h = (mach_msg_header_t *)stack_buf;
	for (unsigned i = 0; i < sizeof(stack_buf) / 4; i++)
		((uint32_t *)stack_buf)[i] = rnd() % 3 ? rnd() % 64 : rnd();
	h->msgh_bits = MACH_MSGH_BITS(some_disposition(), rnd() % 2 ? some_disposition() : 0) |
		       (rnd() % 3 == 0 ? MACH_MSGH_BITS_COMPLEX : 0) |
		       (rnd() % 16 == 0 ? rnd() : 0);
	h->msgh_remote_port = some_name();
	h->msgh_local_port = rnd() % 2 ? some_name() : MACH_PORT_NULL;
	h->msgh_voucher_port = rnd() % 16 == 0 ? rnd() : 0;
	/* Kernel ids now and then: mach_port, task, thread, vm, host, host_priv,
	 * exceptions, and a memory object's control port (2000-2093). */
	static const int bases[] = { 3200, 3400, 3600, 3800, 200, 2400, 400, 2000, 2064 };
	h->msgh_id = rnd() % 2 ? bases[rnd() % (sizeof(bases) / sizeof(bases[0]))] + (int)(rnd() % 32) : (int)rnd();
	/* Descriptors with random kinds and fields (only when complex). */
	uint32_t *body = (uint32_t *)(h + 1);
	body[0] = rnd() % 4 == 0 ? rnd() : rnd() % 4;
	mach_msg_port_descriptor_t *d = (mach_msg_port_descriptor_t *)(body + 1);
	for (int i = 0; i < 4; i++) {
		d[i].name = some_name();
		d[i].disposition = some_disposition();
		d[i].type = rnd() % 5;
	}
	*size = rnd() % 5 == 0 ? rnd() % 1024 : (sizeof(*h) + 4 * (rnd() % 40));
}

static kern_return_t fuzz_result;

/* A message we received holds rights and memory: give them back, as a server would. */
static void
received(void *buf, mach_msg_option_t opt)
{
	if ((opt & MACH_RCV_MSG) && fuzz_result == MACH_MSG_SUCCESS && buf == stack_buf)
		mach_msg_destroy((mach_msg_header_t *)stack_buf);
}

static void
fuzz_round(void)
{
	uint32_t size;
	switch (rnd() % 4) {
	case 0:
	case 1: {
		random_message(&size);
		mach_msg_option_t opt = MACH_SEND_MSG | MACH_SEND_TIMEOUT;
		if (rnd() % 2)
			opt |= MACH_RCV_MSG | MACH_RCV_TIMEOUT | (rnd() % 2 ? MACH_RCV_LARGE : 0);
		mach_port_t rcv = rnd() % 2 ? pool[rnd() % POOL] : some_name();
		void *buf = rnd() % 8 ? stack_buf : some_buffer();
		fuzz_result = mach_msg_trap(buf, opt, size, rnd() % 600, rcv, rnd() % 3,
					    MACH_PORT_NULL);
		received(buf, opt);
		break;
	}
	case 2: {
		/* Drain anything queued on a pool port, into a random buffer. */
		void *buf = some_buffer();
		fuzz_result = mach_msg_trap(buf, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, rnd() % 600,
					    pool[rnd() % POOL], 0, MACH_PORT_NULL);
		received(buf, MACH_RCV_MSG);
		break;
	}
	default: {
		/* Port operations with random arguments on our own space. */
		mach_port_t n = pool[rnd() % POOL];
		mach_port_urefs_t refs;
		mach_port_type_t type;
		switch (rnd() % 6) {
		case 0: fuzz_result = mach_port_mod_refs(mach_task_self(), n, rnd() % 6,
							 (int)(rnd() % 5) - 2); break;
		case 1: fuzz_result = mach_port_get_refs(mach_task_self(), some_name(), rnd() % 6,
							 &refs); break;
		case 2: fuzz_result = mach_port_type(mach_task_self(), some_name(), &type); break;
		case 3: fuzz_result = mach_port_insert_right(mach_task_self(), n, n,
							     some_disposition()); break;
		case 4: fuzz_result = mach_port_move_member(mach_task_self(), n, pool[rnd() % POOL]);
			break;
		default: fuzz_result = mach_port_destroy(mach_task_self(), n);
			mach_port_allocate(mach_task_self(), rnd() % 2 ? MACH_PORT_RIGHT_RECEIVE :
				rnd() % 2 ? MACH_PORT_RIGHT_PORT_SET : MACH_PORT_RIGHT_DEAD_NAME,
				&pool[rnd() % POOL]);
			break;
		}
	}
	}
}

static kern_return_t
counts(struct machrv_object_counts *c)
{
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;
	return host_info(host, HOST_MACHRV_OBJECT_COUNTS, (host_info_t)c, &n);
}

static bool
same_counts(const struct machrv_object_counts *a, const struct machrv_object_counts *b)
{
	return a->ports == b->ports && a->kmsgs == b->kmsgs && a->tasks == b->tasks &&
	       a->threads == b->threads && a->spaces == b->spaces &&
	       a->port_sets == b->port_sets && a->vm_maps == b->vm_maps &&
	       a->vm_objects == b->vm_objects && a->free_pages == b->free_pages;
}

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : ROUNDS;	/* scripts may ask for fewer */
	host = mach_host_self();
	struct machrv_object_counts before, after;
	if (counts(&before) != KERN_SUCCESS) {
		printf("[TEST] FAIL fuzz: no object counts\n");
		return 1;
	}
	/* A task and a thread to aim kernel requests at. */
	task_create(mach_task_self(), NULL, 0, FALSE, &child);
	thread_create(child, &child_thread);
	/* Rounds may move these rights away: keep enough references to end them. */
	mach_port_mod_refs(mach_task_self(), child, MACH_PORT_RIGHT_SEND, 5000);
	mach_port_mod_refs(mach_task_self(), child_thread, MACH_PORT_RIGHT_SEND, 5000);
	for (int i = 0; i < POOL; i++)
		mach_port_allocate(mach_task_self(), i % 5 == 4 ? MACH_PORT_RIGHT_PORT_SET :
					MACH_PORT_RIGHT_RECEIVE, &pool[i]);
	for (int i = 0; i < POOL; i += 2)
		mach_port_insert_right(mach_task_self(), pool[i], pool[i], MACH_MSG_TYPE_MAKE_SEND);

	for (int i = 0; i < rounds; i++)
		fuzz_round();

	/* Clean up everything the rounds may have made, then compare. */
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t n = 0, nt = 0;
	mach_port_t reply = mig_get_reply_port();
	kern_return_t tk = task_terminate(child);
	if (tk != KERN_SUCCESS)
		printf("fuzz: task_terminate of the child: %s (%#x)\n", mach_error_string(tk), tk);
	if (mach_port_names(mach_task_self(), &names, &n, &types, &nt) == KERN_SUCCESS) {
		for (mach_msg_type_number_t i = 0; i < n; i++)
			if (names[i] != reply && names[i] != host && names[i] != mach_task_self())
				mach_port_destroy(mach_task_self(), names[i]);
		vm_deallocate(mach_task_self(), (vm_address_t)names, n * sizeof(*names));
		vm_deallocate(mach_task_self(), (vm_address_t)types, nt * sizeof(*types));
	}
	/* The rounds may have moved our host right away: name it again. */
	host = mach_host_self();
	/*
	 * Some cleanup is the kernel's own threads' (the pager reaper ends the
	 * memory objects the child mapped): give them a moment (bounded).
	 */
	kern_return_t kr = counts(&after);
	for (int i = 0; i < 2000 && kr == KERN_SUCCESS && !same_counts(&before, &after); i++) {
		swtch_pri(0);
		kr = counts(&after);
	}
	printf("fuzz: %d rounds; the kernel %s (%#x)\n", rounds,
	       kr == KERN_SUCCESS ? "still answers" : "does not answer", kr);
	if (kr != KERN_SUCCESS || !same_counts(&before, &after)) {
		printf("[TEST] FAIL fuzz_leaves_no_kernel_objects_or_pages: ports %u->%u sets %u->%u "
		       "kmsgs %u->%u tasks %u->%u threads %u->%u objects %u->%u pages %u->%u\n",
		       before.ports, after.ports, before.port_sets, after.port_sets, before.kmsgs,
		       after.kmsgs, before.tasks, after.tasks, before.threads, after.threads,
		       before.vm_objects, after.vm_objects, before.free_pages, after.free_pages);
		return 1;
	}
	printf("[TEST] PASS fuzz_leaves_no_kernel_objects_or_pages\n");
	return 0;
}
