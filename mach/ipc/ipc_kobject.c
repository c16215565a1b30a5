/* SPDX-License-Identifier: BSD-2-Clause */
/* Serving kernel objects with MIG stubs (see ipc_kobject.h). */
#include "ipc/ipc_budget.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_right.h"
#include "kern/trace.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "lib/string.h"

#define MAX_SUBSYSTEMS	16
#define KOBJECT_REPLY_MAX	8192

/* The NDR record of this machine, as MIG stubs put it in every message. */
NDR_record_t NDR_record = {
	.int_rep = NDR_INT_LITTLE_ENDIAN,
	.char_rep = NDR_CHAR_ASCII,
	.float_rep = NDR_FLOAT_IEEE,
};

static struct ipc_kobject_subsystem subsystems[MAX_SUBSYSTEMS];
static unsigned nsubsystems;

/* ipc_kobject_register: at boot, before any request (the table is then read-only). */
void
ipc_kobject_register(const struct ipc_kobject_subsystem *sub)
{
	if (nsubsystems == MAX_SUBSYSTEMS)
		panic("ipc_kobject_register: too many subsystems");
	subsystems[nsubsystems++] = *sub;
}

static struct ipc_kports *
kports(void)
{
	return &current_thread()->ith_kports;
}

/* Handles are index + 1, so that MACH_PORT_NULL stays NULL. */
static bool
handle_ok(mach_port_t handle)
{
	return handle >= 1 && handle <= IPC_KPORT_MAX && kports()->type[handle - 1];
}

ipc_port_t
ipc_kport_get(mach_port_t handle)
{
	if (handle == MACH_PORT_DEAD)
		return IP_DEAD;
	return handle_ok(handle) ? kports()->port[handle - 1] : IP_NULL;
}

ipc_port_t
ipc_kport_take(mach_port_t handle, mach_msg_type_name_t *typep)
{
	if (handle == MACH_PORT_DEAD)
		return IP_DEAD;
	if (!handle_ok(handle))
		return IP_NULL;
	struct ipc_kports *k = kports();
	ipc_port_t port = k->port[handle - 1];
	if (typep)
		*typep = k->type[handle - 1];
	k->type[handle - 1] = 0;
	k->port[handle - 1] = IP_NULL;
	return port;
}

mach_port_t
ipc_kport_put(ipc_port_t port, mach_msg_type_name_t type)
{
	struct ipc_kports *k = kports();

	if (port == IP_NULL)
		return MACH_PORT_NULL;
	if (port == IP_DEAD)
		return MACH_PORT_DEAD;
	for (unsigned i = 0; i < IPC_KPORT_MAX; i++) {
		if (!k->type[i]) {
			k->port[i] = port;
			k->type[i] = type;
			if (i >= k->used)
				k->used = (uint8_t)(i + 1);
			return i + 1;
		}
	}
	/* More rights than one call can carry: the right is dropped. */
	ipc_object_destroy(&port->ip_object, type);
	return MACH_PORT_DEAD;
}

ipc_port_t
ipc_kport_lend(mach_port_t handle)
{
	if (!handle_ok(handle))
		return handle == MACH_PORT_DEAD ? IP_DEAD : IP_NULL;
	kports()->lent[handle - 1] = true;
	return kports()->port[handle - 1];
}

/* Forget the lent rights: their server routine succeeded and owns them. */
static void
kports_forget_lent(void)
{
	struct ipc_kports *k = kports();

	for (unsigned i = 0; i < k->used; i++) {
		if (k->lent[i]) {
			k->lent[i] = false;
			k->type[i] = 0;
			k->port[i] = IP_NULL;
		}
	}
}

kern_return_t
mig_allocate(vm_address_t *addr, vm_size_t size)
{
	struct ipc_kports *k = kports();
	void *buf = ipc_ool_alloc(size ? size : 1);

	if (!buf)
		return KERN_RESOURCE_SHORTAGE;
	for (unsigned i = 0; i < IPC_MIG_ALLOCS; i++) {
		if (!k->alloc[i]) {
			k->alloc[i] = buf;
			k->alloc_size[i] = size ? size : 1;
			if (i >= k->allocs_used)
				k->allocs_used = (uint8_t)(i + 1);
			*addr = (vm_address_t)buf;
			return KERN_SUCCESS;
		}
	}
	ipc_ool_free(buf, size ? size : 1);
	return KERN_RESOURCE_SHORTAGE;
}

/* Take `buf' off the list of this call's mig_allocate buffers; true if it was there. */
static bool
mig_alloc_forget(void *buf)
{
	struct ipc_kports *k = kports();

	for (unsigned i = 0; i < IPC_MIG_ALLOCS; i++) {
		if (buf && k->alloc[i] == buf) {
			k->alloc[i] = NULL;
			return true;
		}
	}
	return false;
}

void
mig_deallocate(vm_address_t addr, vm_size_t size)
{
	if (addr && mig_alloc_forget((void *)addr))
		ipc_ool_free((void *)addr, size ? size : 1);
	else if (addr)
		ipc_ool_free((void *)addr, size);
}

void
ipc_kports_release_all(void)
{
	struct ipc_kports *k = kports();

	for (unsigned i = 0; i < k->allocs_used; i++) {
		if (k->alloc[i])
			ipc_ool_free(k->alloc[i], k->alloc_size[i]);
		k->alloc[i] = NULL;
	}
	k->allocs_used = 0;

	for (unsigned i = 0; i < k->used; i++) {
		if (k->type[i] && IP_VALID(k->port[i])) {
			mach_msg_type_name_t type = k->type[i];
			ipc_object_destroy(&k->port[i]->ip_object,
					   type == IPC_KPORT_ANY ? MACH_MSG_TYPE_PORT_SEND : type);
		}
		k->type[i] = 0;
		k->port[i] = IP_NULL;
		k->lent[i] = false;
	}
	k->used = 0;
}

/* A right of unstated type takes the type a reply's disposition gives it. */
static void
settle_type(mach_port_t handle, mach_msg_type_name_t disposition)
{
	if (!handle_ok(handle) || kports()->type[handle - 1] != IPC_KPORT_ANY)
		return;
	mach_msg_type_name_t t = ipc_object_copyin_type(disposition);
	kports()->type[handle - 1] = t && disposition != MACH_MSG_TYPE_MAKE_SEND &&
				     disposition != MACH_MSG_TYPE_MAKE_SEND_ONCE &&
				     disposition != MACH_MSG_TYPE_COPY_SEND
				     ? t : MACH_MSG_TYPE_PORT_SEND;
}

static mach_msg_port_descriptor_t *
first_desc(mach_msg_header_t *h, uint32_t *countp)
{
	mach_msg_body_t *body = (mach_msg_body_t *)(h + 1);
	*countp = body->msgh_descriptor_count;
	return (mach_msg_port_descriptor_t *)(body + 1);
}

/*
 * request_to_handles: the request's rights become handles in the table
 * ("received" by the kernel); its out-of-line data becomes kernel buffers,
 * and its port arrays stay arrays of rights (ipc_port_t).
 *   Returns: how many descriptors the request holds, for request_destroy.
 */
static uint32_t
request_to_handles(ipc_kmsg_t kmsg)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(h->msgh_bits);

	h->msgh_local_port = ipc_kport_put(kmsg->ikm_remote, dest_type);
	h->msgh_remote_port = ipc_kport_put(kmsg->ikm_local, reply_type);
	h->msgh_bits = (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(reply_type, dest_type);
	kmsg->ikm_remote = kmsg->ikm_local = IP_NULL;
	uint32_t ndesc = 0;
	if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		uint32_t n;
		uint8_t *d = (uint8_t *)first_desc(h, &n);
		/*
		 * Port rights become handles.  Out-of-line data is a kernel
		 * buffer, and a port array an ipc_ool_alloc buffer of rights:
		 * a server routine that succeeds owns them (ipc_ool_free), and
		 * request_destroy releases them otherwise.
		 */
		ndesc = kmsg->ikm_ndesc_in;
		for (uint32_t i = 0; i < ndesc; i++) {
			mach_msg_descriptor_type_t dtype = ipc_desc_type(d);
			if (dtype == MACH_MSG_PORT_DESCRIPTOR) {
				ipc_kdesc_port_t *kd = (ipc_kdesc_port_t *)d;
				mach_msg_type_name_t type = kd->disposition;
				mach_port_t handle = ipc_kport_put(kd->port, type);
				mach_msg_port_descriptor_t *ud = (mach_msg_port_descriptor_t *)d;
				ud->name = handle;
				ud->pad1 = 0;
				ud->disposition = type;
			} else if (dtype == MACH_MSG_OOL_DESCRIPTOR ||
				   dtype == MACH_MSG_OOL_VOLATILE_DESCRIPTOR) {
				/* A virtual copy becomes bytes the server can read. */
				ipc_ool_to_buffer((mach_msg_ool_descriptor_t *)d);
			}
			d += ipc_desc_size(dtype);
		}
		kmsg->ikm_ndesc_in = 0;
	}
	return ndesc;
}

/*
 * request_destroy: release the out-of-line data and port arrays of the
 * first `ndesc' descriptors of a request in handle form, as
 * mach_msg_destroy would (its port descriptors and header rights are
 * handles, which ipc_kports_release_all releases).  For a request no
 * server routine consumed: an unknown id, a body the stub refused, or a
 * routine's error.
 */
static void
request_destroy(mach_msg_header_t *h, uint32_t ndesc)
{
	uint32_t n;
	uint8_t *d = (uint8_t *)first_desc(h, &n);

	for (uint32_t i = 0; i < ndesc; i++) {
		mach_msg_descriptor_type_t dtype = ipc_desc_type(d);
		if (dtype == MACH_MSG_OOL_DESCRIPTOR || dtype == MACH_MSG_OOL_VOLATILE_DESCRIPTOR) {
			ipc_ool_release((mach_msg_ool_descriptor_t *)d);
		} else if (dtype == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			ipc_ool_ports_release((mach_msg_ool_ports_descriptor_t *)d);
		}
		d += ipc_desc_size(dtype);
	}
}

/* A reply's handle with a disposition, as a right the kernel form can carry. */
static ipc_port_t
handle_to_right(mach_port_t handle, mach_msg_type_name_t disposition,
		mach_msg_type_name_t *typep)
{
	mach_msg_type_name_t held;
	ipc_port_t port;

	*typep = ipc_object_copyin_type(disposition);
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		port = ipc_kport_take(handle, &held);
		if (IP_VALID(port) && held != *typep && held != IPC_KPORT_ANY) {
			ipc_object_destroy(&port->ip_object, held);
			return IP_DEAD;
		}
		return port;
	case MACH_MSG_TYPE_COPY_SEND:
		return ipc_port_copy_send(ipc_kport_get(handle));
	case MACH_MSG_TYPE_MAKE_SEND:
		return ipc_port_make_send(ipc_kport_get(handle));
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (handle == IPC_KPORT_REPLY)
			return ipc_port_make_send_once(thread_rpc_reply_port(current_thread()));
		return ipc_port_make_send_once(ipc_kport_get(handle));
	default:
		return IP_NULL;
	}
}

/*
 * A port array in a reply.  Built by a stub with mig_allocate, it holds
 * handles, which become rights; returned by a server routine, it is an
 * ipc_ool_alloc buffer of ipc_port_t rights it made (the disposition only
 * says which kind).
 */
static void
ool_ports_to_rights(mach_msg_ool_ports_descriptor_t *o)
{
	mach_msg_type_name_t disp = o->disposition;

	o->disposition = ipc_object_copyin_type(disp);
	if (!o->count || !mig_alloc_forget(o->address))
		return;
	mach_port_t *handles = o->address;
	ipc_port_t *ports = ipc_ool_alloc((uint64_t)o->count * sizeof(ipc_port_t));
	if (ports) {
		for (uint32_t i = 0; i < o->count; i++) {
			mach_msg_type_name_t type;
			settle_type(handles[i], disp);
			ports[i] = handle_to_right(handles[i], disp, &type);
		}
	}
	ipc_ool_free(handles, (uint64_t)o->count * sizeof(mach_port_t));
	o->address = ports;
	if (!ports)
		o->count = 0;
}

void
ipc_kobject_server(ipc_kmsg_t request)
{
	mach_msg_header_t *in = &request->ikm_header;
	mach_msg_id_t id = in->msgh_id;
	const struct ipc_kobject_subsystem *sub = NULL;

	if (trace_on())
		trace_kobject(request, request->ikm_remote, request->ikm_remote->ip_kotype);

	for (unsigned i = 0; i < nsubsystems; i++)
		if (id >= subsystems[i].min && id < subsystems[i].max)
			sub = &subsystems[i];

	/* The routine's largest reply (a MIG error reply for an unknown id). */
	mach_msg_size_t reply_max = sizeof(mig_reply_error_t);
	if (sub) {
		const struct routine_descriptor *r = &sub->routines[id - sub->min];
		reply_max = r->stub_routine && r->max_reply_msg >= sizeof(mig_reply_error_t)
				    ? r->max_reply_msg : sub->max_reply;
	}
	ipc_kmsg_t reply = ipc_kmsg_alloc(reply_max);
	uint32_t ndesc = request_to_handles(request);
	if (!reply) {
		request_destroy(in, ndesc);
		ipc_kports_release_all();
		ipc_kmsg_free(request);
		return;
	}
	mach_msg_header_t *out = &reply->ikm_header;
	/*
	 * Neither a zone kmsg nor one of whole pages comes cleared
	 * (ipc_kmsg_alloc): the bytes of an earlier message, perhaps another
	 * task's, must not go out in a reply's gaps (a trimmed array's last
	 * word, a structure's padding, a field a routine leaves unset).  The
	 * routine's own largest reply is cleared: a few words for most.
	 */
	memset(out, 0, reply_max);
	if (sub) {
		sub->demux(in, out);
	} else {
		/* What a MIG demux answers for an id it does not know. */
		mig_reply_error_t *r = (mig_reply_error_t *)out;
		r->Head.msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(in->msgh_bits), 0);
		r->Head.msgh_size = sizeof(*r);
		r->Head.msgh_remote_port = in->msgh_remote_port;
		r->Head.msgh_id = id + 100;
		r->NDR = NDR_record;
		r->RetCode = MIG_BAD_ID;
	}

	/*
	 * As in Mach: a routine that succeeded (or answers later, MIG_NO_REPLY)
	 * consumed the request's out-of-line data and port arrays; otherwise
	 * (an unknown id, a body the stub refused, the routine's error) they
	 * are destroyed here.  Its port rights are handles in the table, which
	 * ipc_kports_release_all releases unless the routine took them.
	 */
	mig_reply_error_t *r = (mig_reply_error_t *)out;
	bool complex = out->msgh_bits & MACH_MSGH_BITS_COMPLEX;
	if (!complex && r->RetCode != KERN_SUCCESS && r->RetCode != MIG_NO_REPLY)
		request_destroy(in, ndesc);
	ipc_kmsg_free(request);
	if (complex || r->RetCode == KERN_SUCCESS)
		kports_forget_lent();
	if (complex) {
		uint32_t n;
		uint8_t *d = (uint8_t *)first_desc(out, &n);
		for (uint32_t i = 0; i < n; i++) {
			if (ipc_desc_type(d) == MACH_MSG_PORT_DESCRIPTOR) {
				mach_msg_port_descriptor_t *ud = (mach_msg_port_descriptor_t *)d;
				settle_type(ud->name, ud->disposition);
			}
			d += ipc_desc_size(ipc_desc_type(d));
		}
	}
	bool no_reply = !complex && r->RetCode == MIG_NO_REPLY;
	mach_msg_type_name_t dtype;
	ipc_port_t dest = no_reply ? IP_NULL
				   : handle_to_right(out->msgh_remote_port,
						     MACH_MSGH_BITS_REMOTE(out->msgh_bits), &dtype);
	if (IP_VALID(dest) && dtype != MACH_MSG_TYPE_PORT_SEND &&
	    dtype != MACH_MSG_TYPE_PORT_SEND_ONCE) {
		/* A receive right given as the reply port: no reply can go to it. */
		ipc_object_destroy(&dest->ip_object, dtype);
		dest = IP_NULL;
	}
	if (!IP_VALID(dest)) {
		ipc_kports_release_all();
		ipc_kmsg_free(reply);
		return;
	}
	reply->ikm_remote = dest;
	reply->ikm_local = IP_NULL;
	out->msgh_bits = (out->msgh_bits & MACH_MSGH_BITS_COMPLEX) | MACH_MSGH_BITS(dtype, 0);
	if (out->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		uint32_t n;
		uint8_t *d = (uint8_t *)first_desc(out, &n);
		/*
		 * Handles become rights; out-of-line data in a kernel reply is a
		 * kernel buffer from ipc_ool_alloc, and goes with the message.
		 */
		for (uint32_t i = 0; i < n; i++) {
			mach_msg_descriptor_type_t dtype = ipc_desc_type(d);
			if (dtype == MACH_MSG_PORT_DESCRIPTOR) {
				mach_msg_port_descriptor_t *ud = (mach_msg_port_descriptor_t *)d;
				mach_msg_type_name_t type;
				ipc_port_t port = handle_to_right(ud->name, ud->disposition, &type);
				ipc_kdesc_port_t *kd = (ipc_kdesc_port_t *)d;
				kd->port = port;
				kd->disposition = type;
			} else if (dtype == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
				ool_ports_to_rights((mach_msg_ool_ports_descriptor_t *)d);
			} else {
				mig_alloc_forget(((mach_msg_ool_descriptor_t *)d)->address);
			}
			reply->ikm_ndesc_in++;
			d += ipc_desc_size(dtype);
		}
	}
	reply->ikm_sender = (security_token_t)KERNEL_SECURITY_TOKEN_VALUE;
	ipc_kports_release_all();
	if (ipc_mqueue_reply_direct(reply, dtype))
		return;				/* the caller receives it next, off no queue */
	ipc_kmsg_charge_kernel(reply);		/* to the receiver of a send-once reply port */
	ipc_mqueue_send_kernel(reply);
}
