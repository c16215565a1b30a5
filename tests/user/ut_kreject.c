/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel requests the kernel refuses (an id no subsystem serves, a body a
 * MIG stub rejects, a server routine's error) still give back everything
 * they carried, as mach_msg_destroy would: inline rights, out-of-line
 * memory and out-of-line port arrays.  Each test sends hundreds of such
 * requests and counts the kernel's ports, kmsgs and free pages.
 */
#include <stddef.h>
#include <string.h>
#include <machrv/object_counts.h>
#include "utest.h"

#define PAGE		4096
#define MIB		(1024 * 1024)
#define ROUNDS		400	/* a leak of one page or port a request shows plainly */
#define ROUNDS_1MIB	16	/* each would leak 256 pages */
#define SLACK		16	/* pages or ports other activity may move meanwhile */

/* What a request carries, besides its garbage inline bytes. */
struct shape {
	bool		port;		/* an inline MAKE_SEND right to a fresh port */
	uint32_t	ool_size;	/* out-of-line bytes (0: none) */
	uint32_t	nports;		/* an out-of-line array of MAKE_SEND rights (0: none) */
};

/* The bytes the requests carry (ut_kept_region says why not static data). */
static vm_address_t ool_slot;
#define ool_buf	ut_kept_region(&ool_slot, MIB)

/* The host port, named once (each mach_host_self() adds a reference). */
static mach_port_t
host(void)
{
	static mach_port_t h;

	if (!h)
		h = mach_host_self();
	return h;
}

static struct machrv_object_counts
counts(void)
{
	struct machrv_object_counts c;
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;

	memset(&c, 0, sizeof(c));
	host_info(host(), HOST_MACHRV_OBJECT_COUNTS, (host_info_t)&c, &n);
	return c;
}

/*
 * Send one request of `shape' with id `id' to `dest', its rights made from
 * the fresh receive right `victim', and wait for the reply.  The reply's
 * return code goes to *ret.
 */
static mach_msg_return_t
kreq(mach_port_t dest, mach_msg_id_t id, const struct shape *s, mach_port_t victim,
     mach_port_t reply, kern_return_t *ret)
{
	union {
		mach_msg_header_t header;
		mig_reply_error_t err;
		char bytes[512];
	} m;
	mach_port_t names[8];

	memset(&m, 0, sizeof(m));
	mach_msg_body_t *body = (mach_msg_body_t *)(&m.header + 1);
	char *p = (char *)(body + 1);
	if (s->port) {
		mach_msg_port_descriptor_t *d = (mach_msg_port_descriptor_t *)p;
		d->name = victim;
		d->disposition = MACH_MSG_TYPE_MAKE_SEND;
		d->type = MACH_MSG_PORT_DESCRIPTOR;
		p += sizeof(*d);
		body->msgh_descriptor_count++;
	}
	if (s->ool_size) {
		mach_msg_ool_descriptor_t *d = (mach_msg_ool_descriptor_t *)p;
		d->address = ool_buf;
		d->size = s->ool_size;
		d->copy = MACH_MSG_VIRTUAL_COPY;
		d->type = MACH_MSG_OOL_DESCRIPTOR;
		p += sizeof(*d);
		body->msgh_descriptor_count++;
	}
	if (s->nports) {
		for (uint32_t i = 0; i < s->nports; i++)
			names[i] = victim;
		mach_msg_ool_ports_descriptor_t *d = (mach_msg_ool_ports_descriptor_t *)p;
		d->address = names;
		d->count = s->nports;
		d->disposition = MACH_MSG_TYPE_MAKE_SEND;
		d->copy = MACH_MSG_VIRTUAL_COPY;
		d->type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
		p += sizeof(*d);
		body->msgh_descriptor_count++;
	}
	memset(p, 0x5a, 24);		/* arguments no stub accepts with these descriptors */
	p += 24;
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
			     MACH_MSGH_BITS_COMPLEX;
	m.header.msgh_remote_port = dest;
	m.header.msgh_local_port = reply;
	m.header.msgh_id = id;
	mach_msg_return_t mr = mach_msg(&m.header, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
					(mach_msg_size_t)(p - m.bytes), sizeof(m), reply, 2000, 0);
	*ret = mr == MACH_MSG_SUCCESS ? m.err.RetCode : KERN_SUCCESS;
	if (mr == MACH_MSG_SUCCESS)
		mach_msg_destroy(&m.header);
	return mr;
}

/*
 * Send `rounds' requests of `shape' to `dest' with `id' (after a few to
 * warm the kernel's caches up); each must be refused, and the counts of
 * ports, kmsgs and free pages must come back.
 */
static int
refused_requests_leak_nothing(mach_port_t dest, mach_msg_id_t id, struct shape s, int rounds)
{
	mach_port_t reply = ut_port();
	struct machrv_object_counts before = { 0 };

	for (int i = -4; i < rounds; i++) {
		if (i == 0)
			before = counts();
		mach_port_t victim = ut_port();
		kern_return_t ret;
		mach_msg_return_t mr = kreq(dest, id, &s, victim, reply, &ret);
		mach_port_destroy(mach_task_self(), victim);
		CHECK(mr == MACH_MSG_SUCCESS, "id %d, round %d: mach_msg %#x", id, i, mr);
		CHECK(ret != KERN_SUCCESS, "id %d: the kernel accepted the request", id);
	}
	struct machrv_object_counts after = counts();
	mach_port_destroy(mach_task_self(), reply);
	CHECK(after.ports <= before.ports + SLACK && after.kmsgs <= before.kmsgs + SLACK &&
	      after.free_pages + SLACK >= before.free_pages,
	      "id %d, port %d, %u out-of-line bytes, %u out-of-line ports, %d requests: "
	      "ports %u -> %u, kmsgs %u -> %u, free pages %u -> %u", id, s.port, s.ool_size,
	      s.nports, rounds, before.ports, after.ports, before.kmsgs, after.kmsgs,
	      before.free_pages, after.free_pages);
	return 0;
}

#define NO_SUBSYSTEM	9999	/* no kernel subsystem serves it */
#define HOST_SKIPPED	204	/* a hole in mach_host (host_processor_info) */
#define HOST_INFO	200
#define TASK_INFO	3405
#define PORT_NAMES	3200
#define THREAD_GET_STATE 3603
#define VM_WRITE	3807

UTEST(refused_kernel_requests_free_their_inline_rights)
{
	return refused_requests_leak_nothing(host(), NO_SUBSYSTEM,
					     (struct shape){ .port = true }, ROUNDS);
}

UTEST(refused_kernel_requests_free_one_byte_of_out_of_line_memory)
{
	return refused_requests_leak_nothing(host(), NO_SUBSYSTEM,
					     (struct shape){ .ool_size = 1 }, ROUNDS);
}

UTEST(refused_kernel_requests_free_a_page_of_out_of_line_memory)
{
	return refused_requests_leak_nothing(mach_task_self(), TASK_INFO,
					     (struct shape){ .ool_size = PAGE }, ROUNDS);
}

UTEST(refused_kernel_requests_free_a_mib_of_out_of_line_memory)
{
	return refused_requests_leak_nothing(mach_task_self(), VM_WRITE,
					     (struct shape){ .ool_size = MIB }, ROUNDS_1MIB);
}

UTEST(refused_kernel_requests_free_out_of_line_port_arrays)
{
	return refused_requests_leak_nothing(host(), NO_SUBSYSTEM,
					     (struct shape){ .nports = 3 }, ROUNDS);
}

/* Every kernel subsystem, refusing by id or by body, with all three kinds at once. */
UTEST(every_kernel_subsystem_frees_what_a_refused_request_carries)
{
	static const mach_msg_id_t ids[] = {
		HOST_SKIPPED, HOST_INFO, TASK_INFO, PORT_NAMES, THREAD_GET_STATE, VM_WRITE,
		400, 2000, 4200, 4700, 5800,	/* host_priv, pager control, gnumach, port_info, device master */
	};
	struct shape all = { .port = true, .ool_size = 2 * PAGE, .nports = 2 };
	thread_act_t self = mach_thread_self();
	int failed = 0;

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]) && !failed; i++) {
		mach_port_t dest = ids[i] == THREAD_GET_STATE ? self
				 : ids[i] < 1000 ? host() : mach_task_self();
		failed = refused_requests_leak_nothing(dest, ids[i], all, ROUNDS / 8);
	}
	mach_port_deallocate(mach_task_self(), self);
	return failed;
}

/* A server routine's error (not the stub's): the kernel destroys what it did not consume. */
UTEST(a_kernel_routine_error_frees_the_requests_out_of_line_memory_and_ports)
{
	struct machrv_object_counts before = { 0 };
	mach_port_t ports[4];

	for (int i = -4; i < ROUNDS; i++) {
		if (i == 0)
			before = counts();
		/* Outside the user address space: vm_write refuses. */
		kern_return_t kw = vm_write(mach_task_self(), 0x4000000000UL,
					    (vm_offset_t)ool_buf, PAGE);
		/* More than TASK_PORT_REGISTER_MAX: mach_ports_register refuses. */
		mach_port_t victim = ut_port_with_send();
		for (int j = 0; j < 4; j++)
			ports[j] = victim;
		kern_return_t kp = mach_ports_register(mach_task_self(), ports, 4);
		mach_port_destroy(mach_task_self(), victim);
		CHECK(kw != KERN_SUCCESS && kp != KERN_SUCCESS, "vm_write %#x, mach_ports_register %#x",
		      kw, kp);
	}
	struct machrv_object_counts after = counts();
	CHECK(after.ports <= before.ports + SLACK && after.free_pages + SLACK >= before.free_pages,
	      "%d rounds: ports %u -> %u, free pages %u -> %u", ROUNDS, before.ports, after.ports,
	      before.free_pages, after.free_pages);
	return 0;
}
