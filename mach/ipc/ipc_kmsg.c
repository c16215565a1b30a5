/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel messages: getting them in and out of user memory, and turning
 * names into rights and back (see ipc_kmsg.h for the life of a kmsg).
 * The step numbers (1)..(5) are the same as there and in mach_msg.c.
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_budget.h"
#include "ipc/ipc_right.h"
#include "kern/copyio.h"
#include "kern/panic.h"
#include "lib/string.h"
#include "kern/task.h"
#include "kern/trace.h"
#include "kern/zalloc.h"
#include "riscv/intr.h"
#include "vm/vm_page.h"

/* Small messages (most RPCs) come from a zone; larger from whole pages. */

static struct zone kmsg_zone;
static size_t kmsgs_from_pages;
/*
 * Each hart keeps the last IKM_CACHE zone kmsgs it freed (cpu->ikm_cache)
 * for its next messages: an RPC then takes no zone lock, nor a kernel
 * call, which holds two at once (its request and its reply).  Counted as
 * free.
 */
#define IKM_CACHE	(sizeof(((struct cpu *)0)->ikm_cache) / sizeof(void *))

void
ipc_kmsg_init_zone(void)
{
	zone_init(&kmsg_zone, "ipc kmsgs", IKM_ZONE_SIZE, 0);
	zone_noclear(&kmsg_zone);	/* ipc_kmsg_alloc sets the header; the message fills the rest */
}

size_t
ipc_kmsg_count(void)
{
	return kmsg_zone.in_use - ipc_kmsg_cached() +
	       __atomic_load_n(&kmsgs_from_pages, __ATOMIC_RELAXED);
}

/* Exact when the harts are not sending meanwhile (leak checks). */
size_t
ipc_kmsg_cached(void)
{
	size_t n = 0;

	for (unsigned i = 0; i < MAX_CPUS; i++)
		for (unsigned j = 0; j < IKM_CACHE; j++)
			n += __atomic_load_n(&cpus[i].ikm_cache[j], __ATOMIC_RELAXED) != NULL;
	return n;
}

size_t
zone_objects_live(void)
{
	return zone_in_use_total() - ipc_kmsg_cached();
}

/* One of this hart's cached kmsgs, taken; NULL if none. */
static ipc_kmsg_t
cache_take(void)
{
	intr_push();
	struct cpu *c = cpu_self();
	ipc_kmsg_t kmsg = NULL;
	for (unsigned i = 0; i < IKM_CACHE && !kmsg; i++) {
		kmsg = c->ikm_cache[i];
		c->ikm_cache[i] = NULL;
	}
	intr_pop();
	return kmsg;
}

/* Keep `kmsg' in this hart's cache if it has room; false if it has none. */
static bool
cache_put(ipc_kmsg_t kmsg)
{
	intr_push();
	struct cpu *c = cpu_self();
	bool kept = false;
	for (unsigned i = 0; i < IKM_CACHE && !kept; i++) {
		if (!c->ikm_cache[i]) {
			c->ikm_cache[i] = kmsg;
			kept = true;
		}
	}
	intr_pop();
	return kept;
}

ipc_kmsg_t
ipc_kmsg_alloc(mach_msg_size_t size)
{
	size_t need = offsetof(struct ipc_kmsg, ikm_header) + (size_t)round_msg(size) +
		      MAX_TRAILER_SIZE;
	ipc_kmsg_t kmsg;
	unsigned order = IKM_ORDER_ZONE;

	if (need <= IKM_ZONE_SIZE) {
		kmsg = cache_take();
		if (!kmsg)
			kmsg = zalloc(&kmsg_zone);
	} else {
		for (order = 0; (PAGE_SIZE << order) < need; order++)
			;
		kmsg = kmem_alloc_pages_dirty(order);	/* what goes out is written first */
		if (kmsg)
			__atomic_fetch_add(&kmsgs_from_pages, 1, __ATOMIC_RELAXED);
	}
	if (!kmsg)
		return NULL;
	kmsg->ikm_order = order;
	kmsg->ikm_bufsize = (uint32_t)(need - offsetof(struct ipc_kmsg, ikm_header));
	kmsg->ikm_remote = kmsg->ikm_local = IP_NULL;
	kmsg->ikm_ndesc_in = 0;
	kmsg->ikm_budget = NULL;
	kmsg->ikm_trace = 0;
	queue_chain_init(&kmsg->ikm_link);
	return kmsg;
}

void
ipc_kmsg_free(ipc_kmsg_t kmsg)
{
	ipc_kmsg_uncharge(kmsg);
	if (kmsg->ikm_order == IKM_ORDER_ZONE) {
		if (!cache_put(kmsg))
			zfree(&kmsg_zone, kmsg);
	} else {
		kmem_free_pages(kmsg, kmsg->ikm_order);
		__atomic_fetch_sub(&kmsgs_from_pages, 1, __ATOMIC_RELAXED);
	}
}

mach_msg_return_t
ipc_kmsg_get(uintptr_t msg_addr, mach_msg_size_t size, const mach_msg_header_t *header,
	     ipc_kmsg_t *kmsgp)
{
	if (size < sizeof(mach_msg_header_t) || (size & 3))
		return MACH_SEND_MSG_TOO_SMALL;
	if (size > IPC_KMSG_MAX_SIZE)
		return MACH_SEND_TOO_LARGE;
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(size);
	if (!kmsg)
		return MACH_SEND_NO_BUFFER;
	size_t skip = header ? sizeof(*header) : 0;
	if (header)
		kmsg->ikm_header = *header;
	if (copyin(msg_addr + skip, (uint8_t *)&kmsg->ikm_header + skip, size - skip) != 0) {
		ipc_kmsg_free(kmsg);
		return MACH_SEND_INVALID_DATA;
	}
	kmsg->ikm_header.msgh_size = size;
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

/* ---- descriptors ---- */

static void consume_dest(ipc_port_t dest, mach_msg_type_name_t type);

#define desc_type	ipc_desc_type
#define desc_size	ipc_desc_size

static mach_msg_body_t *
kmsg_body(ipc_kmsg_t kmsg)
{
	return (mach_msg_body_t *)(&kmsg->ikm_header + 1);
}

static unsigned
ool_order(uint64_t size)
{
	unsigned order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *
ipc_ool_alloc(uint64_t size)
{
	return kmem_alloc_pages(ool_order(size));
}

void
ipc_ool_free(void *buf, uint64_t size)
{
	if (buf)
		kmem_free_pages(buf, ool_order(size));
}

/* Release what one copied-in descriptor holds. */
static void
destroy_descriptor(uint8_t *d)
{
	switch (desc_type(d)) {
	case MACH_MSG_PORT_DESCRIPTOR: {
		ipc_kdesc_port_t *p = (ipc_kdesc_port_t *)d;
		ipc_object_destroy(&p->port->ip_object, p->disposition);
		break;
	}
	case MACH_MSG_OOL_DESCRIPTOR:
	case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
		ipc_ool_release((mach_msg_ool_descriptor_t *)d);
		break;
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		ipc_ool_ports_release((mach_msg_ool_ports_descriptor_t *)d);
		break;
	}
}

void
ipc_ool_ports_release(mach_msg_ool_ports_descriptor_t *o)
{
	ipc_port_t *ports = o->address;

	for (uint32_t i = 0; i < o->count; i++)
		ipc_object_destroy(&ports[i]->ip_object, o->disposition);
	if (o->count)
		ipc_ool_free(ports, (uint64_t)o->count * sizeof(ipc_port_t));
	o->address = NULL;
	o->count = 0;
}

/* Release the rights and buffers of the first `n' (copied-in) descriptors. */
static void
destroy_descriptors(ipc_kmsg_t kmsg, uint32_t n)
{
	uint8_t *d = (uint8_t *)(kmsg_body(kmsg) + 1);

	for (uint32_t i = 0; i < n; i++) {
		mach_msg_descriptor_type_t type = desc_type(d);
		destroy_descriptor(d);
		d += desc_size(type);
	}
}

void
ipc_kmsg_destroy(ipc_kmsg_t kmsg)
{
	mach_msg_bits_t bits = kmsg->ikm_header.msgh_bits;

	if (IP_VALID(kmsg->ikm_remote))
		ipc_object_destroy(&kmsg->ikm_remote->ip_object, MACH_MSGH_BITS_REMOTE(bits));
	if (IP_VALID(kmsg->ikm_local))
		ipc_object_destroy(&kmsg->ikm_local->ip_object, MACH_MSGH_BITS_LOCAL(bits));
	if (bits & MACH_MSGH_BITS_COMPLEX)
		destroy_descriptors(kmsg, kmsg->ikm_ndesc_in);
	ipc_kmsg_free(kmsg);
}

/* ---- receive rights in transit (circular messages) ---- */

static simple_lock_data_t transit_lock = SIMPLE_LOCK_INITIALIZER("ipc transit", LOCK_RANK_TRANSIT);

/* Would a receive right `r' sent to `dest' be in transit to itself? */
static bool
transit_reaches(ipc_port_t dest, ipc_port_t r)
{
	bool circular = false;

	simple_lock(&transit_lock);
	for (ipc_port_t d = dest; d && !circular; d = d->ip_destination)
		circular = d == r;
	simple_unlock(&transit_lock);
	return circular;
}

/* Call fn(port, dest) for each receive right `kmsg' carries; stop at the first true. */
static bool
each_receive_right(ipc_kmsg_t kmsg, ipc_port_t dest, bool (*fn)(ipc_port_t, ipc_port_t))
{
	mach_msg_header_t *h = &kmsg->ikm_header;

	if (MACH_MSGH_BITS_LOCAL(h->msgh_bits) == MACH_MSG_TYPE_PORT_RECEIVE &&
	    IP_VALID(kmsg->ikm_local) && fn(kmsg->ikm_local, dest))
		return true;
	if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return false;
	uint8_t *d = (uint8_t *)(kmsg_body(kmsg) + 1);
	for (uint32_t i = 0; i < kmsg->ikm_ndesc_in; i++) {
		mach_msg_descriptor_type_t type = desc_type(d);
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			ipc_kdesc_port_t *kd = (ipc_kdesc_port_t *)d;
			if (kd->disposition == MACH_MSG_TYPE_PORT_RECEIVE && IP_VALID(kd->port) &&
			    fn(kd->port, dest))
				return true;
		} else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			mach_msg_ool_ports_descriptor_t *o = (void *)d;
			ipc_port_t *ports = o->address;
			if (o->disposition == MACH_MSG_TYPE_PORT_RECEIVE)
				for (uint32_t j = 0; j < o->count; j++)
					if (IP_VALID(ports[j]) && fn(ports[j], dest))
						return true;
		}
		d += desc_size(type);
	}
	return false;
}

static bool
set_destination(ipc_port_t r, ipc_port_t dest)
{
	r->ip_destination = dest;
	return false;
}

static bool
reaches(ipc_port_t r, ipc_port_t dest)
{
	return transit_reaches(dest, r);
}

/* Could `kmsg' carry a receive right at all?  (Most messages cannot: cheap to ask.) */
static inline bool
may_carry_receive(ipc_kmsg_t kmsg)
{
	mach_msg_bits_t bits = kmsg->ikm_header.msgh_bits;

	return (bits & MACH_MSGH_BITS_COMPLEX) ||
	       MACH_MSGH_BITS_LOCAL(bits) == MACH_MSG_TYPE_PORT_RECEIVE;
}

bool
ipc_kmsg_circular(ipc_kmsg_t kmsg, ipc_port_t dest)
{
	return may_carry_receive(kmsg) && each_receive_right(kmsg, dest, reaches);
}

void
ipc_kmsg_transit(ipc_kmsg_t kmsg, ipc_port_t dest)
{
	if (!may_carry_receive(kmsg))
		return;
	simple_lock(&transit_lock);
	each_receive_right(kmsg, dest, set_destination);
	simple_unlock(&transit_lock);
}


/* ---- (2) copyin ---- */

static bool
is_send_disposition(mach_msg_type_name_t d)
{
	return d == MACH_MSG_TYPE_MOVE_SEND || d == MACH_MSG_TYPE_COPY_SEND ||
	       d == MACH_MSG_TYPE_MAKE_SEND || d == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	       d == MACH_MSG_TYPE_MAKE_SEND_ONCE;
}

/* A reply name may be a dead name, carried as MACH_PORT_DEAD. */
static bool
reply_check(ipc_space_t space, mach_port_name_t name, struct ipc_entry *e,
	    mach_msg_type_name_t d, unsigned nrefs)
{
	ipc_right_check(space, name, e);
	if ((e->ie_bits & MACH_PORT_TYPE_DEAD_NAME) &&
	    (d == MACH_MSG_TYPE_MOVE_SEND || d == MACH_MSG_TYPE_COPY_SEND ||
	     d == MACH_MSG_TYPE_MOVE_SEND_ONCE))
		return true;
	return ipc_right_copyin_check_entry(space, name, e, d, nrefs);
}

static bool
is_send(mach_msg_type_name_t d)
{
	return d == MACH_MSG_TYPE_MOVE_SEND || d == MACH_MSG_TYPE_COPY_SEND;
}

/*
 * The header of an RPC, the common case: a send right copied or a
 * send-once right moved to a live port, and no reply right or a send-once
 * right made from a receive right, under two names.  Takes the rights as
 * copyin_header would and returns true; returns false having changed
 * nothing when the header is anything else (dead ports, dead-name
 * requests, other dispositions), for copyin_header to do in full.
 *   Locks: space unlocked on entry and return.
 */
static bool
copyin_header_fast(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	struct ipc_entry *de, *re;

	is_lock(space);
	if (!ipc_rpc_header_lookup(space, h, true, &de, &re)) {
		is_unlock(space);
		return false;
	}
	ipc_port_t dest = (ipc_port_t)de->ie_object;
	ip_lock(dest);
	if (!ip_active(dest)) {		/* the entry becomes a dead name: the long way */
		ip_unlock(dest);
		is_unlock(space);
		return false;
	}
	if (dest_type == MACH_MSG_TYPE_COPY_SEND) {
		dest->ip_srights++;
		__atomic_fetch_add(&dest->ip_object.io_references, 1, __ATOMIC_RELAXED);
	}
	ip_unlock(dest);
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE)
		ipc_entry_free(space, de);	/* right and reference move */
	ipc_port_t reply = IP_NULL;
	if (re) {
		reply = (ipc_port_t)re->ie_object;	/* a receive right: alive */
		ip_lock(reply);
		reply->ip_sorights++;
		__atomic_fetch_add(&reply->ip_object.io_references, 1, __ATOMIC_RELAXED);
		ip_unlock(reply);
	}
	is_unlock(space);

	kmsg->ikm_remote = dest;
	kmsg->ikm_local = reply;
	h->msgh_bits = (bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(ipc_object_copyin_type(dest_type),
				      re ? MACH_MSG_TYPE_PORT_SEND_ONCE : 0);
	return true;
}

/*
 * The header: look each name up once, check both rights, then take them,
 * so that a failure leaves the sender's space as it was ("nothing
 * happened").
 *   Locks: space unlocked on entry and return.
 */
static mach_msg_return_t
copyin_header(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	/* A received message's traced bit, sent back as it was: ignored. */
	mach_msg_bits_t bits = h->msgh_bits & ~MACH_MSGH_BITS_MACHRV_TRACED;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	mach_port_name_t dest_name = h->msgh_remote_port, reply_name = h->msgh_local_port;

	if ((bits & ~MACH_MSGH_BITS_USER) || MACH_MSGH_BITS_VOUCHER(bits) ||
	    !is_send_disposition(dest_type))
		return MACH_SEND_INVALID_HEADER;
	bool reply_valid = MACH_PORT_VALID(reply_name);
	if (reply_valid && !ipc_object_copyin_type(reply_type))
		return MACH_SEND_INVALID_HEADER;
	if (!reply_valid)
		reply_type = 0;
	if (!MACH_PORT_VALID(dest_name))
		return MACH_SEND_INVALID_DEST;

	is_lock(space);
	struct ipc_entry *de = space->is_active ? ipc_entry_lookup(space, dest_name) : NULL;
	if (!de) {
		is_unlock(space);
		return MACH_SEND_INVALID_DEST;
	}
	/*
	 * One name for both: the rights must not run out between the two
	 * copyins (a send right moved by one and needed by the other takes
	 * two user references), and a send-once right serves only once.
	 */
	bool same = reply_valid && reply_name == dest_name;
	unsigned refs = 1;
	if (same && (dest_type == MACH_MSG_TYPE_MOVE_SEND || reply_type == MACH_MSG_TYPE_MOVE_SEND) &&
	    is_send(dest_type) && is_send(reply_type))
		refs = 2;
	if (!ipc_right_copyin_check_entry(space, dest_name, de, dest_type, refs) ||
	    (same && (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
		      reply_type == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
		      reply_type == MACH_MSG_TYPE_MOVE_RECEIVE))) {
		is_unlock(space);
		return MACH_SEND_INVALID_DEST;
	}
	struct ipc_entry *re = NULL;
	if (reply_valid) {
		re = same ? de : ipc_entry_lookup(space, reply_name);
		if (!re || !reply_check(space, reply_name, re, reply_type, refs)) {
			is_unlock(space);
			return MACH_SEND_INVALID_REPLY;
		}
	}

	/* A receive right for the reply, in transit to itself: nothing happens. */
	if (reply_valid && reply_type == MACH_MSG_TYPE_MOVE_RECEIVE && de->ie_object &&
	    transit_reaches((ipc_port_t)de->ie_object, (ipc_port_t)re->ie_object)) {
		is_unlock(space);
		return MACH_SEND_INVALID_REPLY;
	}
	/* Commit: the reply first, so a same-name MOVE_SEND dest cannot free its entry first. */
	struct ipc_object *dest, *reply = NULL;
	kern_return_t kr = KERN_SUCCESS;
	if (reply_valid)
		kr = ipc_right_copyin_entry(space, reply_name, re, reply_type, true, &reply);
	else if (reply_name == MACH_PORT_DEAD)
		reply = (struct ipc_object *)IP_DEAD;
	if (kr != KERN_SUCCESS)
		panic("copyin_header: checked reply failed (%d)", kr);
	kr = ipc_right_copyin_entry(space, dest_name, de, dest_type, false, &dest);
	if (kr != KERN_SUCCESS)
		panic("copyin_header: checked dest failed (%d)", kr);
	is_unlock(space);

	kmsg->ikm_remote = (ipc_port_t)dest;
	kmsg->ikm_local = (ipc_port_t)reply;
	h->msgh_bits = (bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(ipc_object_copyin_type(dest_type),
				      reply_valid ? ipc_object_copyin_type(reply_type) : 0);
	return MACH_MSG_SUCCESS;
}

/* An out-of-line region: copied into a kernel buffer (physical copy). */
static mach_msg_return_t
copyin_ool(mach_msg_ool_descriptor_t *o)
{
	uint64_t size = o->size;
	uintptr_t addr = (uintptr_t)o->address;
	void *buf = NULL;
	task_t task = current_task();

	o->copy = MACH_MSG_PHYSICAL_COPY;
	if (size >= IPC_OOL_VIRTUAL_MIN && task) {
		struct vm_map_copy *copy;
		kern_return_t kr = vm_map_copyin(task->map, addr, size, o->deallocate, &copy);
		if (kr == KERN_SUCCESS) {
			o->address = copy;
			o->copy = IPC_OOL_MAP_COPY;
			o->deallocate = 0;
			return MACH_MSG_SUCCESS;
		}
		if (kr == KERN_INVALID_ADDRESS || kr == KERN_PROTECTION_FAILURE)
			return MACH_SEND_INVALID_MEMORY;
		/* Shared memory, or no memory for the copy's bookkeeping: copy the bytes. */
	}
	if (size > IPC_KMSG_MAX_OOL)
		return MACH_SEND_TOO_LARGE;
	if (size) {
		buf = ipc_ool_alloc(size);
		if (!buf)
			return MACH_SEND_NO_BUFFER;
		if (copyin(addr, buf, size) != 0) {
			ipc_ool_free(buf, size);
			return MACH_SEND_INVALID_MEMORY;
		}
		if (o->deallocate && task)
			vm_map_remove(task->map, trunc_page(addr), round_page(addr + size));
	}
	o->address = buf;
	o->deallocate = 0;
	return MACH_MSG_SUCCESS;
}

void
ipc_ool_release(mach_msg_ool_descriptor_t *o)
{
	if (o->copy == IPC_OOL_MAP_COPY)
		vm_map_copy_discard(o->address);
	else if (o->size)
		ipc_ool_free(o->address, o->size);
	o->address = NULL;
	o->size = 0;
	o->copy = MACH_MSG_PHYSICAL_COPY;
}

bool
ipc_ool_to_buffer(mach_msg_ool_descriptor_t *o)
{
	if (o->copy != IPC_OOL_MAP_COPY)
		return true;
	struct vm_map_copy *copy = o->address;
	void *buf = ipc_ool_alloc(copy->size);
	if (buf)
		vm_map_copy_read(copy, buf);
	vm_map_copy_discard(copy);
	o->copy = MACH_MSG_PHYSICAL_COPY;
	o->address = buf;
	if (!buf)
		o->size = 0;
	return buf != NULL;
}

/*
 * An out-of-line array of port names: each becomes a right, in place (the
 * buffer is sized for pointers; names are read from the end so none is
 * overwritten before it is read).  Space locked (released while the
 * names are copied in).
 */
static mach_msg_return_t
copyin_ool_ports(ipc_space_t space, ipc_port_t dest, mach_msg_ool_ports_descriptor_t *o)
{
	uint32_t count = o->count;
	mach_msg_type_name_t disp = o->disposition;

	if (!ipc_object_copyin_type(disp))
		return MACH_SEND_INVALID_TYPE;
	if (count > IPC_KMSG_MAX_OOL_PORTS)
		return MACH_SEND_TOO_LARGE;
	if (!count) {
		o->address = NULL;
		o->deallocate = 0;
		o->disposition = ipc_object_copyin_type(disp);
		return MACH_MSG_SUCCESS;
	}
	uint64_t size = (uint64_t)count * sizeof(ipc_port_t);
	ipc_port_t *ports = ipc_ool_alloc(size);
	if (!ports)
		return MACH_SEND_NO_BUFFER;
	uintptr_t addr = (uintptr_t)o->address;
	mach_port_name_t *names = (mach_port_name_t *)ports;
	is_unlock(space);	/* the copy may fault pages in, and wait */
	int err = copyin(addr, names, (uint64_t)count * sizeof(mach_port_name_t));
	is_lock(space);
	if (err != 0) {
		ipc_ool_free(ports, size);
		return MACH_SEND_INVALID_MEMORY;
	}
	for (uint32_t i = count; i-- > 0;) {
		struct ipc_object *object;
		if (ipc_right_copyin(space, names[i], disp, true, &object) != KERN_SUCCESS) {
			for (uint32_t j = i + 1; j < count; j++)
				ipc_object_destroy(&ports[j]->ip_object, ipc_object_copyin_type(disp));
			ipc_ool_free(ports, size);
			return MACH_SEND_INVALID_RIGHT;
		}
		ports[i] = (ipc_port_t)object;
		if (disp == MACH_MSG_TYPE_MOVE_RECEIVE && IP_VALID(ports[i]) &&
		    transit_reaches(dest, ports[i])) {
			/* In transit to itself: the whole array goes back. */
			for (uint32_t j = i; j < count; j++)
				ipc_object_destroy(&ports[j]->ip_object, MACH_MSG_TYPE_PORT_RECEIVE);
			ipc_ool_free(ports, size);
			return MACH_SEND_INVALID_RIGHT;
		}
	}
	task_t task = current_task();
	if (o->deallocate && task)
		vm_map_remove(task->map, trunc_page(addr),
			      round_page(addr + (uint64_t)count * sizeof(mach_port_name_t)));
	o->address = ports;
	o->deallocate = 0;
	o->disposition = ipc_object_copyin_type(disp);
	return MACH_MSG_SUCCESS;
}

/*
 * The body: each descriptor's names become rights and its out-of-line
 * data kernel buffers.  On failure the message is destroyed (what was
 * copied in is released).
 */
static mach_msg_return_t
copyin_body(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_size_t size = kmsg->ikm_header.msgh_size;
	mach_msg_size_t off = sizeof(mach_msg_header_t) + sizeof(mach_msg_body_t);

	if (size < off)
		return MACH_SEND_MSG_TOO_SMALL;
	uint32_t count = kmsg_body(kmsg)->msgh_descriptor_count;
	uint8_t *base = (uint8_t *)&kmsg->ikm_header;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	is_lock(space);
	for (uint32_t i = 0; i < count && mr == MACH_MSG_SUCCESS; i++) {
		if (size - off < sizeof(mach_msg_port_descriptor_t)) {
			mr = MACH_SEND_MSG_TOO_SMALL;
			break;
		}
		uint8_t *d = base + off;
		mach_msg_descriptor_type_t type = desc_type(d);
		if (type > MACH_MSG_OOL_VOLATILE_DESCRIPTOR) {
			mr = MACH_SEND_INVALID_TYPE;
			break;
		}
		if (size - off < desc_size(type)) {
			mr = MACH_SEND_MSG_TOO_SMALL;
			break;
		}
		switch (type) {
		case MACH_MSG_PORT_DESCRIPTOR: {
			mach_msg_port_descriptor_t *ud = (mach_msg_port_descriptor_t *)d;
			mach_msg_type_name_t disp = ud->disposition;
			struct ipc_object *object;
			if (!ipc_object_copyin_type(disp)) {
				mr = MACH_SEND_INVALID_TYPE;
				break;
			}
			if (ipc_right_copyin(space, ud->name, disp, true, &object) != KERN_SUCCESS) {
				mr = MACH_SEND_INVALID_RIGHT;
				break;
			}
			ipc_port_t port = (ipc_port_t)object;
			if (disp == MACH_MSG_TYPE_MOVE_RECEIVE && IP_VALID(port) &&
			    transit_reaches(kmsg->ikm_remote, port)) {
				/* In transit to itself: it could never be received. */
				ipc_object_destroy(object, MACH_MSG_TYPE_PORT_RECEIVE);
				mr = MACH_SEND_INVALID_RIGHT;
				break;
			}
			ipc_kdesc_port_t *kd = (ipc_kdesc_port_t *)d;
			kd->port = port;
			kd->disposition = ipc_object_copyin_type(disp);
			break;
		}
		case MACH_MSG_OOL_DESCRIPTOR:
		case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
			/* Not under the space lock: the copy may fault pages in, and wait. */
			is_unlock(space);
			mr = copyin_ool((mach_msg_ool_descriptor_t *)d);
			is_lock(space);
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR:
			mr = copyin_ool_ports(space, kmsg->ikm_remote,
					      (mach_msg_ool_ports_descriptor_t *)d);
			break;
		}
		if (mr == MACH_MSG_SUCCESS) {
			kmsg->ikm_ndesc_in++;
			off += desc_size(type);
		}
	}
	is_unlock(space);
	return mr;
}

mach_msg_return_t
ipc_kmsg_copyin(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_return_t mr = copyin_header_fast(kmsg, space) ? MACH_MSG_SUCCESS
							       : copyin_header(kmsg, space);

	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_free(kmsg);		/* nothing happened */
		return mr;
	}
	if (!(kmsg->ikm_header.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return MACH_MSG_SUCCESS;
	mr = copyin_body(kmsg, space);
	if (mr != MACH_MSG_SUCCESS)
		ipc_kmsg_destroy(kmsg);		/* the message was destroyed */
	return mr;
}

void
ipc_kmsg_copyin_from_kernel(ipc_kmsg_t kmsg)
{
	if (kmsg->ikm_header.msgh_bits & MACH_MSGH_BITS_COMPLEX)
		kmsg->ikm_ndesc_in = kmsg_body(kmsg)->msgh_descriptor_count;
	kmsg->ikm_sender = (security_token_t)KERNEL_SECURITY_TOKEN_VALUE;
}

/* ---- (4) copyout ---- */

/* Name a right in `space', or destroy it if there is no room. */
static mach_port_name_t
copyout_right(ipc_space_t space, ipc_port_t port, mach_msg_type_name_t type,
	      mach_msg_return_t *mrp, mach_msg_return_t error)
{
	mach_port_name_t name;

	if (port == IP_NULL)
		return MACH_PORT_NULL;
	if (port == IP_DEAD)
		return MACH_PORT_DEAD;
	/* A space being torn down has no table to name anything in. */
	if (!space->is_active ||
	    ipc_right_copyout(space, &port->ip_object, type, &name) != KERN_SUCCESS) {
		ipc_object_destroy(&port->ip_object, type);
		*mrp |= error;
		return MACH_PORT_DEAD;
	}
	return name;
}

void
ipc_kmsg_consume_dest(ipc_kmsg_t kmsg)
{
	if (IP_VALID(kmsg->ikm_remote))
		consume_dest(kmsg->ikm_remote, MACH_MSGH_BITS_REMOTE(kmsg->ikm_header.msgh_bits));
	kmsg->ikm_remote = IP_NULL;
}

/* Consume the message's right to the port it was received on. */
static void
consume_dest(ipc_port_t dest, mach_msg_type_name_t type)
{
	if (type == MACH_MSG_TYPE_PORT_SEND) {
		ipc_port_release_send(dest);
	} else {
		ip_lock(dest);
		dest->ip_sorights--;
		ip_unlock(dest);
		ipc_port_release(dest);
	}
}

/* Out-of-line data into a new region of the receiver's address space.  Space locked. */
static mach_msg_return_t
copyout_ool(ipc_space_t space, mach_msg_ool_descriptor_t *o)
{
	uint64_t size = o->size;
	void *buf = o->address;
	task_t task = space->is_task;
	uintptr_t addr = 0;
	bool virtual = o->copy == IPC_OOL_MAP_COPY;

	o->address = NULL;
	o->copy = virtual ? MACH_MSG_VIRTUAL_COPY : MACH_MSG_PHYSICAL_COPY;
	if (!size)
		return MACH_MSG_SUCCESS;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	if (virtual) {
		if (!task || vm_map_copyout(task->map, buf, &addr) != KERN_SUCCESS) {
			vm_map_copy_discard(buf);
			mr = MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE;
			o->size = 0;
		} else {
			o->address = (void *)addr;
		}
		return mr;
	}
	if (!task || vm_map_enter(task->map, &addr, size, true, NULL, 0, VM_PROT_DEFAULT,
				  VM_PROT_ALL, VM_INHERIT_COPY) != KERN_SUCCESS) {
		mr = MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE;
		o->size = 0;
	} else {
		vm_map_write_bytes_force(task->map, addr, buf, size);
		o->address = (void *)addr;
	}
	ipc_ool_free(buf, size);
	return mr;
}

/* Port arrays: the rights get names, in place, and the names a region. */
static mach_msg_return_t
copyout_ool_ports(ipc_space_t space, mach_msg_ool_ports_descriptor_t *o)
{
	uint32_t count = o->count;
	ipc_port_t *ports = o->address;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	o->address = NULL;
	if (!count)
		return mr;
	mach_port_name_t *names = (mach_port_name_t *)ports;
	for (uint32_t i = 0; i < count; i++)
		names[i] = copyout_right(space, ports[i], o->disposition, &mr,
					 MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE);
	mach_msg_ool_descriptor_t region = {
		.address = names,
		.size = count * (mach_msg_size_t)sizeof(mach_port_name_t),
	};
	/* copyout_ool frees the buffer, so give it the size it was allocated with. */
	uint64_t alloc = (uint64_t)count * sizeof(ipc_port_t);
	task_t task = space->is_task;
	uintptr_t addr = 0;
	if (!task || vm_map_enter(task->map, &addr, region.size, true, NULL, 0, VM_PROT_DEFAULT,
				  VM_PROT_ALL, VM_INHERIT_COPY) != KERN_SUCCESS) {
		mr |= MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE;
	} else {
		vm_map_write_bytes_force(task->map, addr, names, region.size);
		o->address = (void *)addr;
	}
	ipc_ool_free(ports, alloc);
	return mr;
}

void
ipc_kmsg_copyout_port_desc(ipc_space_t space, void *d, mach_msg_return_t *mrp)
{
	ipc_kdesc_port_t *kd = d;
	mach_msg_type_name_t t = kd->disposition;
	mach_port_name_t name = copyout_right(space, kd->port, t, mrp,
					      MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE);
	mach_msg_port_descriptor_t *ud = d;

	ud->name = name;
	ud->pad1 = 0;
	ud->disposition = t;
}

/* Every descriptor's rights and data to `space'.  Space locked. */
static mach_msg_return_t
copyout_body(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	uint8_t *d = (uint8_t *)(kmsg_body(kmsg) + 1);

	for (uint32_t i = 0; i < kmsg->ikm_ndesc_in; i++) {
		mach_msg_descriptor_type_t type = desc_type(d);
		switch (type) {
		case MACH_MSG_PORT_DESCRIPTOR:
			ipc_kmsg_copyout_port_desc(space, d, &mr);
			break;
		case MACH_MSG_OOL_DESCRIPTOR:
		case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
			mr |= copyout_ool(space, (mach_msg_ool_descriptor_t *)d);
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR:
			mr |= copyout_ool_ports(space, (mach_msg_ool_ports_descriptor_t *)d);
			break;
		}
		d += desc_size(type);
	}
	kmsg->ikm_ndesc_in = 0;
	return mr;
}

mach_msg_return_t
ipc_kmsg_copyout(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	ipc_port_t dest = kmsg->ikm_remote;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	is_lock(space);
	mach_port_name_t reply_name = copyout_right(space, kmsg->ikm_local, reply_type, &mr,
						    MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE);
	ip_lock(dest);
	mach_port_name_t dest_name = dest->ip_receiver == space ? dest->ip_receiver_name
								 : MACH_PORT_NULL;
	ip_unlock(dest);
	consume_dest(dest, dest_type);
	kmsg->ikm_remote = kmsg->ikm_local = IP_NULL;
	if (bits & MACH_MSGH_BITS_COMPLEX)
		mr |= copyout_body(kmsg, space);
	is_unlock(space);

	h->msgh_remote_port = reply_name;
	h->msgh_local_port = dest_name;
	h->msgh_bits = (bits & MACH_MSGH_BITS_COMPLEX) | MACH_MSGH_BITS(reply_type, dest_type);
	if (trace_on())
		h->msgh_bits |= trace_msg_received(kmsg->ikm_trace, h, dest);
	return mr;
}

void
ipc_kmsg_copyout_pseudo(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	is_lock(space);
	/* The sender gets its rights back under new names, ports not swapped. */
	h->msgh_remote_port = copyout_right(space, kmsg->ikm_remote, MACH_MSGH_BITS_REMOTE(bits),
					    &mr, 0);
	h->msgh_local_port = copyout_right(space, kmsg->ikm_local, MACH_MSGH_BITS_LOCAL(bits),
					   &mr, 0);
	kmsg->ikm_remote = kmsg->ikm_local = IP_NULL;
	if (bits & MACH_MSGH_BITS_COMPLEX)
		copyout_body(kmsg, space);
	is_unlock(space);
}

mach_msg_return_t
ipc_kmsg_put(uintptr_t msg_addr, ipc_kmsg_t kmsg, mach_msg_size_t trailer_size,
	     mach_port_seqno_t seqno)
{
	mach_msg_size_t size = round_msg(kmsg->ikm_header.msgh_size);
	mach_msg_max_trailer_t *t = (mach_msg_max_trailer_t *)((uint8_t *)&kmsg->ikm_header + size);

	/* Every field up to the audit token is written; the token (if asked for) is zeros. */
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = trailer_size;
	t->msgh_seqno = seqno;
	t->msgh_sender = kmsg->ikm_sender;
	if (trailer_size > offsetof(mach_msg_max_trailer_t, msgh_audit))
		memset(&t->msgh_audit, 0, trailer_size - offsetof(mach_msg_max_trailer_t, msgh_audit));
	int err = copyout(&kmsg->ikm_header, msg_addr, size + trailer_size);
	ipc_kmsg_free(kmsg);
	return err ? MACH_RCV_INVALID_DATA : MACH_MSG_SUCCESS;
}
