/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzzer's rounds: generating them from a seed, running them, printing
 * them, and making them smaller (fuzz.h).
 *
 * A send round has one of three shapes:
 *   garbage   random header bits, names and bytes (the old fuzzer's);
 *   kernel    a request to a kernel port (the host, the sacrificial task
 *             or its thread) with an id in or near a kernel subsystem's
 *             range, a reply port, inline arguments and descriptors;
 *   user      a message to a port of the pool, carrying rights, memory
 *             and port arrays, left queued for later receive rounds.
 * Descriptors take every kind, with good and bad fields: out-of-line
 * regions of 0 bytes to past the limit, at our memory, at NULL, unmapped,
 * in the kernel, past the user address space and misaligned; port arrays
 * of 0 to 2^31 names.  Options take every bit; receives always time out.
 */
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <mach/mach_traps.h>
#include "fuzz.h"

void
fz_seed(struct fz_rng *r, uint64_t seed, uint64_t phase, uint64_t worker)
{
	/* splitmix64 of the three, so nearby seeds give unrelated streams */
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (phase * 1000003 + worker + 1);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	r->s = (z ^ (z >> 31)) | 1;
}

uint32_t
fz_next(struct fz_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 0x2545f4914f6cdd1dULL) >> 32);
}

static uint32_t
pick(struct fz_rng *r, uint32_t n)
{
	return fz_next(r) % n;
}

/* ---- building a round ---- */

static void
add_patch(struct fz_round *rd, unsigned offset, unsigned width, unsigned kind, uint32_t value)
{
	if (rd->npatch < FZ_PATCHES && offset + width <= FZ_BUF)
		rd->patch[rd->npatch++] = (struct fz_patch){ (uint16_t)offset, (uint8_t)width,
							     (uint8_t)kind, value };
}

/* A name selector: mostly the pool, sometimes anything else. */
static struct fz_patch
some_name(struct fz_rng *r)
{
	struct fz_patch p = { 0, 4, FZ_NAME_POOL, pick(r, FZ_POOL) };

	switch (pick(r, 10)) {
	case 0: p.kind = FZ_NAME_NULL; break;
	case 1: p.kind = FZ_NAME_DEAD; break;
	case 2: p.kind = FZ_NAME_GARBAGE; p.value = fz_next(r) | 0x40000000; break;
	case 3: p.kind = FZ_NAME_HOST; break;
	case 4: p.kind = FZ_NAME_VICTIM; break;
	case 5: p.kind = FZ_NAME_VICTIM_THREAD; break;
	default: break;
	}
	return p;
}

static void
name_at(struct fz_rng *r, struct fz_round *rd, unsigned offset)
{
	struct fz_patch p = some_name(r);
	add_patch(rd, offset, 4, p.kind, p.value);
}

/* A disposition: mostly a real one (16..21 and the 24+ port types), sometimes any byte. */
static uint32_t
some_disposition(struct fz_rng *r)
{
	static const uint8_t real[] = {
		MACH_MSG_TYPE_MOVE_RECEIVE, MACH_MSG_TYPE_MOVE_SEND, MACH_MSG_TYPE_MOVE_SEND_ONCE,
		MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE,
		MACH_MSG_TYPE_COPY_RECEIVE, MACH_MSG_TYPE_DISPOSE_RECEIVE,
	};
	return pick(r, 6) ? real[pick(r, sizeof(real))] : fz_next(r) & 0xff;
}

static uint32_t
some_size(struct fz_rng *r)
{
	static const uint32_t sizes[] = {
		0, 1, 7, 4095, 4096, 4097, 16384, 65536, 1024 * 1024, 1024 * 1024 + 1,
		0x7fffffff, 0xffffffff,
	};
	return pick(r, 3) ? sizes[pick(r, sizeof(sizes) / sizeof(sizes[0]))]
			  : pick(r, 3 * 4096);
}

/* An address selector for out-of-line data: mostly our region. */
static unsigned
some_addr(struct fz_rng *r, uint32_t *offset)
{
	*offset = pick(r, 4) ? 0 : pick(r, 8) * 4096;
	switch (pick(r, 12)) {
	case 0: return FZ_ADDR_NULL;
	case 1: return FZ_ADDR_UNMAPPED;
	case 2: return FZ_ADDR_KERNEL;
	case 3: return FZ_ADDR_HIGH;
	case 4: return FZ_ADDR_MISALIGNED;
	default: return FZ_ADDR_REGION;
	}
}

/* Descriptors from `offset' on; returns where they end. */
static unsigned
descriptors(struct fz_rng *r, struct fz_round *rd, unsigned offset, unsigned n)
{
	for (unsigned i = 0; i < n && offset + 16 <= FZ_BUF; i++) {
		uint8_t *d = rd->msg + offset;
		unsigned type = pick(r, 8) ? pick(r, 4) : fz_next(r) & 0xff;
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			mach_msg_port_descriptor_t *pd = (mach_msg_port_descriptor_t *)d;
			pd->disposition = some_disposition(r);
			pd->type = MACH_MSG_PORT_DESCRIPTOR;
			name_at(r, rd, offset + offsetof(mach_msg_port_descriptor_t, name));
			offset += sizeof(*pd);
		} else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			mach_msg_ool_ports_descriptor_t *od = (mach_msg_ool_ports_descriptor_t *)d;
			static const uint32_t counts[] = { 0, 1, 2, 8, 1024, 1025, 0x80000000u };
			od->count = counts[pick(r, sizeof(counts) / sizeof(counts[0]))];
			od->disposition = some_disposition(r);
			od->copy = pick(r, 4) ? MACH_MSG_VIRTUAL_COPY : fz_next(r) & 0xff;
			od->deallocate = 0;
			od->type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
			/* Names in the region's first page, which fz_run fills from the pool. */
			uint32_t off;
			unsigned where = some_addr(r, &off);
			add_patch(rd, offset, 8, where, where == FZ_ADDR_REGION ? 0 : off);
			offset += sizeof(*od);
		} else {
			mach_msg_ool_descriptor_t *od = (mach_msg_ool_descriptor_t *)d;
			uint32_t off;
			unsigned where = some_addr(r, &off);
			od->size = some_size(r);
			od->copy = pick(r, 5) ? pick(r, 2) : fz_next(r) & 0xff;
			/* Deallocating our region would take it from later rounds: only bad addresses. */
			od->deallocate = where != FZ_ADDR_REGION && where != FZ_ADDR_MISALIGNED &&
					 pick(r, 2);
			od->type = type;
			add_patch(rd, offset, 8, where, off);
			offset += sizeof(*od);
		}
	}
	return offset;
}

/* Every option bit there is, each now and then; receives and sends always time out. */
static mach_msg_option_t
some_options(struct fz_rng *r, bool receive)
{
	mach_msg_option_t opt = MACH_SEND_MSG | MACH_SEND_TIMEOUT;

	if (receive)
		opt |= MACH_RCV_MSG | MACH_RCV_TIMEOUT;
	for (unsigned bit = 0; bit < 32; bit++)
		if (pick(r, 24) == 0)
			opt |= 1u << bit;
	if (pick(r, 4) == 0)
		opt |= MACH_RCV_TRAILER_ELEMENTS(pick(r, 8)) | MACH_RCV_TRAILER_TYPE(pick(r, 2));
	return opt | MACH_SEND_TIMEOUT | (opt & MACH_RCV_MSG ? MACH_RCV_TIMEOUT : 0);
}

static const int kernel_bases[] = {
	200, 400, 2000, 2400, 2600, 2800, 3200, 3400, 3600, 3800, 4200, 4700, 5800, 5900,
};

static void
gen_send(struct fz_rng *r, struct fz_round *rd)
{
	mach_msg_header_t *h = (mach_msg_header_t *)rd->msg;
	unsigned shape = pick(r, 3);		/* 0 garbage, 1 kernel, 2 user */

	for (unsigned i = 0; i < FZ_BUF / 4; i++)
		((uint32_t *)rd->msg)[i] = pick(r, 3) ? pick(r, 64) : fz_next(r);
	bool complex = shape ? pick(r, 2) : pick(r, 3) == 0;
	unsigned remote = shape == 1 ? MACH_MSG_TYPE_COPY_SEND
			: shape == 2 ? (pick(r, 2) ? MACH_MSG_TYPE_MAKE_SEND : MACH_MSG_TYPE_COPY_SEND)
			: some_disposition(r);
	unsigned local = pick(r, 3) ? MACH_MSG_TYPE_MAKE_SEND_ONCE : some_disposition(r);
	bool with_reply = shape == 1 ? pick(r, 8) != 0 : pick(r, 2);
	h->msgh_bits = MACH_MSGH_BITS(remote, with_reply ? local : 0) |
		       (complex ? MACH_MSGH_BITS_COMPLEX : 0) |
		       (shape == 0 && pick(r, 16) == 0 ? fz_next(r) : 0);
	if (shape == 1) {
		static const unsigned dests[] = { FZ_NAME_HOST, FZ_NAME_VICTIM, FZ_NAME_VICTIM_THREAD };
		add_patch(rd, 8, 4, dests[pick(r, 3)], 0);
	} else if (shape == 2) {
		add_patch(rd, 8, 4, FZ_NAME_POOL, pick(r, FZ_POOL));
	} else {
		name_at(r, rd, 8);
	}
	uint32_t reply_index = pick(r, FZ_POOL);
	if (with_reply)
		add_patch(rd, 12, 4, pick(r, 4) ? FZ_NAME_POOL : FZ_NAME_GARBAGE,
			  pick(r, 4) ? reply_index : fz_next(r) | 0x40000000);
	else
		h->msgh_local_port = 0;
	h->msgh_voucher_port = pick(r, 16) == 0 ? fz_next(r) : 0;
	int base = kernel_bases[pick(r, sizeof(kernel_bases) / sizeof(kernel_bases[0]))];
	h->msgh_id = shape == 1 ? base + (int)pick(r, 140) - 2
		   : pick(r, 2) ? base + (int)pick(r, 32) : (int)fz_next(r);

	unsigned end = sizeof(*h);
	if (complex) {
		mach_msg_body_t *body = (mach_msg_body_t *)(h + 1);
		unsigned n = pick(r, 5);
		body->msgh_descriptor_count = pick(r, 8) ? n : fz_next(r);
		end = descriptors(r, rd, sizeof(*h) + sizeof(*body), n);
	}
	if (shape == 1 && end + 8 <= FZ_BUF)
		memcpy(rd->msg + end, &NDR_record, sizeof(NDR_record));	/* then the arguments */
	/* The size: what was built plus some arguments, or anything at all. */
	switch (pick(r, 6)) {
	case 0: rd->send_size = pick(r, 40); break;				/* tiny */
	case 1: rd->send_size = pick(r, 2) ? 64 * 1024 + 4 : fz_next(r); break;	/* huge */
	case 2: rd->send_size = end + 4 * pick(r, 64) + 1; break;		/* unaligned */
	default: rd->send_size = end + 4 * pick(r, 48); break;
	}
	if (rd->send_size > FZ_BUF && rd->send_size < 64 * 1024)
		rd->send_size = FZ_BUF;
	rd->option = some_options(r, shape == 1 ? pick(r, 4) != 0 : pick(r, 3) == 0);
	rd->rcv_size = pick(r, 8) ? FZ_BUF : pick(r, FZ_BUF);
	rd->rcv_name = (struct fz_patch){ 0, 0, FZ_NAME_POOL, reply_index };
	if (pick(r, 6) == 0)
		rd->rcv_name = some_name(r);
	rd->timeout = pick(r, 3);
	rd->buf_addr = pick(r, 10) ? FZ_ADDR_REGION : pick(r, 6);
}

void
fz_generate(struct fz_rng *r, struct fz_round *rd, bool port_ops)
{
	memset(rd, 0, sizeof(*rd));
	unsigned k = pick(r, 10);
	rd->kind = k < 6 ? FZ_SEND : k < 8 || !port_ops ? FZ_RECEIVE : FZ_PORT_OP;
	switch (rd->kind) {
	case FZ_SEND:
		gen_send(r, rd);
		break;
	case FZ_RECEIVE:
		rd->option = MACH_RCV_MSG | MACH_RCV_TIMEOUT | (pick(r, 3) ? 0 : MACH_RCV_LARGE) |
			     (pick(r, 4) ? 0 : MACH_RCV_TRAILER_ELEMENTS(pick(r, 8)));
		rd->rcv_name = (struct fz_patch){ 0, 0, FZ_NAME_POOL, pick(r, FZ_POOL) };
		rd->rcv_size = pick(r, 6) ? FZ_BUF : pick(r, 128);
		rd->timeout = pick(r, 2);
		rd->buf_addr = pick(r, 8) ? FZ_ADDR_REGION : pick(r, 6);
		break;
	default:
		rd->op = pick(r, 10);
		for (int i = 0; i < 3; i++)
			rd->arg[i] = fz_next(r);
		rd->op_name = some_name(r);
		break;
	}
}

/* ---- running a round ---- */

static mach_port_t
resolve_name(const struct fz_patch *p, const struct fz_env *e)
{
	switch (p->kind) {
	case FZ_NAME_NULL: return MACH_PORT_NULL;
	case FZ_NAME_DEAD: return MACH_PORT_DEAD;
	case FZ_NAME_POOL: return e->pool[p->value % FZ_POOL];
	case FZ_NAME_HOST: return e->host;
	case FZ_NAME_VICTIM: return e->victim;
	case FZ_NAME_VICTIM_THREAD: return e->victim_thread;
	default: return p->value;
	}
}

static uint64_t
resolve_addr(unsigned kind, uint32_t offset, const struct fz_env *e)
{
	switch (kind) {
	case FZ_ADDR_NULL: return 0;
	case FZ_ADDR_UNMAPPED: return 0x3000000000UL + offset;
	case FZ_ADDR_KERNEL: return 0xffffffc080200000UL + offset;
	case FZ_ADDR_HIGH: return 0x4000000000UL + offset;
	case FZ_ADDR_MISALIGNED: return (uint64_t)(uintptr_t)e->region + offset + 1;
	default: return (uint64_t)(uintptr_t)e->region + offset;
	}
}

static uint64_t
buffer_addr(unsigned kind, const struct fz_env *e)
{
	if (kind == FZ_ADDR_REGION)
		return (uint64_t)(uintptr_t)e->buf;
	if (kind == FZ_ADDR_MISALIGNED)
		return (uint64_t)(uintptr_t)e->buf + 2;
	return resolve_addr(kind, 0, e);
}

/* A message came back into our buffer (received, or returned by a failed send): free it. */
static bool
message_in_buffer(mach_msg_option_t option, kern_return_t kr)
{
	if (kr == MACH_MSG_SUCCESS)
		return option & MACH_RCV_MSG;
	/* A send that failed after copyin gives the message back (rights and memory). */
	return kr == MACH_SEND_TIMED_OUT || kr == MACH_SEND_INTERRUPTED ||
	       kr == MACH_SEND_NO_BUFFER;
}

static kern_return_t
run_port_op(const struct fz_round *rd, struct fz_env *e)
{
	task_t self = mach_task_self();
	mach_port_t n = resolve_name(&rd->op_name, e);
	mach_port_t p = e->pool[rd->arg[0] % FZ_POOL];
	mach_port_urefs_t refs;
	mach_port_type_t type;
	mach_port_t previous = MACH_PORT_NULL;
	kern_return_t kr;

	switch (rd->op) {
	case 0: return mach_port_mod_refs(self, p, rd->arg[1] % 6, (int)(rd->arg[2] % 5) - 2);
	case 1: return mach_port_get_refs(self, n, rd->arg[1] % 6, &refs);
	case 2: return mach_port_type(self, n, &type);
	case 3: return mach_port_insert_right(self, p, p, rd->arg[1] & 0x1f);
	case 4: return mach_port_move_member(self, p, e->pool[rd->arg[1] % FZ_POOL]);
	case 5: {
		mach_port_limits_t lim = { rd->arg[1] % 20 };
		return mach_port_set_attributes(self, p, MACH_PORT_LIMITS_INFO,
						(mach_port_info_t)&lim, MACH_PORT_LIMITS_INFO_COUNT);
	}
	case 6:
		kr = mach_port_request_notification(self, p, rd->arg[1] % 0x50, rd->arg[2] % 3, n,
						    MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
		if (kr == KERN_SUCCESS && MACH_PORT_VALID(previous))
			mach_port_deallocate(self, previous);
		return kr;
	case 7: {
		mach_port_t got;
		mach_msg_type_name_t got_type;
		kr = mach_port_extract_right(self, p, rd->arg[1] & 0x1f, &got, &got_type);
		if (kr == KERN_SUCCESS)
			mach_port_destroy(self, got);
		return kr;
	}
	case 8: {
		/* The kernel-RPC traps themselves, on any name but the victim
		   task's (a name that is no task port: MACH_SEND_INVALID_DEST). */
		mach_port_t target = n == e->victim ? self : n;
		mach_port_t q = e->pool[rd->arg[1] % FZ_POOL];
		switch (rd->arg[2] % 4) {
		case 0: return _kernelrpc_mach_port_insert_right_trap(target, p, q, rd->arg[1] & 0x1f);
		case 1: return _kernelrpc_mach_port_mod_refs_trap(target, p, rd->arg[1] % 6,
								  (int)((rd->arg[1] >> 8) % 5) - 2);
		case 2: return _kernelrpc_mach_port_insert_member_trap(target, p, q);
		default: return _kernelrpc_mach_port_extract_member_trap(target, p, q);
		}
	}
	default:
		kr = mach_port_destroy(self, p);
		mach_port_allocate(self, rd->arg[1] % 3 == 0 ? MACH_PORT_RIGHT_PORT_SET
				   : rd->arg[1] % 3 == 1 ? MACH_PORT_RIGHT_DEAD_NAME
				   : MACH_PORT_RIGHT_RECEIVE, &e->pool[rd->arg[0] % FZ_POOL]);
		return kr;
	}
}

kern_return_t
fz_run(const struct fz_round *rd, struct fz_env *e)
{
	if (rd->kind == FZ_PORT_OP)
		return e->mig_ok ? run_port_op(rd, e) : KERN_SUCCESS;

	uint8_t *buf = e->buf;
	memcpy(buf, rd->msg, FZ_BUF);
	/* Port arrays name pool ports from the region's start. */
	mach_port_t *names = (mach_port_t *)e->region;
	for (unsigned i = 0; i < 16; i++)
		names[i] = i % 5 == 4 ? MACH_PORT_NULL : e->pool[(i * 7) % FZ_POOL];
	for (unsigned i = 0; i < rd->npatch; i++) {
		const struct fz_patch *p = &rd->patch[i];
		if (p->width == 4) {
			mach_port_t name = resolve_name(p, e);
			memcpy(buf + p->offset, &name, 4);
		} else {
			uint64_t addr = resolve_addr(p->kind, p->value, e);
			memcpy(buf + p->offset, &addr, 8);
		}
	}
	uint64_t at = buffer_addr(rd->buf_addr, e);
	mach_port_t rcv = rd->option & MACH_RCV_MSG ? resolve_name(&rd->rcv_name, e)
						  : MACH_PORT_NULL;
	mach_msg_option_t option = rd->option;
	kern_return_t kr = mach_msg_trap((mach_msg_header_t *)(uintptr_t)at, option,
					 rd->kind == FZ_SEND ? rd->send_size : 0, rd->rcv_size, rcv,
					 rd->timeout, MACH_PORT_NULL);
	/* (In a child task the MIG calls of mach_msg_destroy cannot run: its end frees all.) */
	if (e->mig_ok && at == (uint64_t)(uintptr_t)buf && message_in_buffer(option, kr))
		mach_msg_destroy((mach_msg_header_t *)buf);
	return kr;
}

/* ---- printing and shrinking ---- */

static const char *const name_kinds[] = {
	"NULL", "DEAD", "garbage", "pool", "host", "victim task", "victim thread",
};
static const char *const addr_kinds[] = {
	"our region", "NULL", "unmapped", "kernel", "past user space", "misaligned",
};

void
fz_print(const struct fz_round *rd)
{
	static const char *const kinds[] = { "send", "receive", "port operation" };
	printf("fuzz: round: %s", kinds[rd->kind % FZ_KINDS]);
	if (rd->kind == FZ_PORT_OP) {
		printf(" %u (args %#x %#x %#x, name %s %u)\n", rd->op, rd->arg[0], rd->arg[1],
		       rd->arg[2], name_kinds[rd->op_name.kind % 7], rd->op_name.value);
		return;
	}
	const mach_msg_header_t *h = (const mach_msg_header_t *)rd->msg;
	printf(", option %#x, send size %u, receive size %u on %s %u, timeout %u, buffer %s\n",
	       rd->option, rd->send_size, rd->rcv_size, name_kinds[rd->rcv_name.kind % 7],
	       rd->rcv_name.value, rd->timeout, addr_kinds[rd->buf_addr % 6]);
	if (rd->kind != FZ_SEND)
		return;
	printf("fuzz:   header: bits %#x id %d\n", h->msgh_bits, h->msgh_id);
	for (unsigned i = 0; i < rd->npatch; i++) {
		const struct fz_patch *p = &rd->patch[i];
		printf("fuzz:   at %u: %s %s %#x\n", p->offset, p->width == 4 ? "name" : "address",
		       p->width == 4 ? name_kinds[p->kind % 7] : addr_kinds[p->kind % 6], p->value);
	}
	unsigned n = rd->send_size < 96 ? rd->send_size : 96;
	for (unsigned i = 0; i < n; i += 16) {
		printf("fuzz:   %04x:", i);
		for (unsigned j = i; j < i + 16 && j < n; j += 4) {
			uint32_t w;
			memcpy(&w, rd->msg + j, 4);
			printf(" %08x", w);
		}
		printf("\n");
	}
}

bool
fz_shrink_step(const struct fz_round *rd, unsigned step, struct fz_round *out)
{
	*out = *rd;
	/* Option bits one at a time (the forced timeouts stay). */
	for (unsigned bit = 0; bit < 32; bit++) {
		mach_msg_option_t b = 1u << bit;
		if (!(rd->option & b) || b == MACH_SEND_TIMEOUT || b == MACH_RCV_TIMEOUT ||
		    b == MACH_SEND_MSG || b == MACH_RCV_MSG)
			continue;
		if (step-- == 0) {
			out->option &= ~b;
			return true;
		}
	}
	/* The receive, then a smaller send. */
	if ((rd->option & MACH_RCV_MSG) && rd->kind == FZ_SEND && step-- == 0) {
		out->option &= ~(MACH_RCV_MSG | MACH_RCV_TIMEOUT);
		return true;
	}
	if (rd->kind == FZ_SEND && rd->send_size > sizeof(mach_msg_header_t) && step-- == 0) {
		out->send_size = rd->send_size > 2 * FZ_BUF ? FZ_BUF : rd->send_size / 2;
		if (out->send_size < sizeof(mach_msg_header_t))
			out->send_size = sizeof(mach_msg_header_t);
		return true;
	}
	/* Each name patch made NULL, each word after the header made zero. */
	for (unsigned i = 0; i < rd->npatch; i++) {
		if (rd->patch[i].width != 4 || rd->patch[i].kind == FZ_NAME_NULL)
			continue;
		if (step-- == 0) {
			out->patch[i].kind = FZ_NAME_NULL;
			return true;
		}
	}
	for (unsigned off = sizeof(mach_msg_header_t); off + 4 <= rd->send_size && off < FZ_BUF;
	     off += 4) {
		uint32_t w;
		memcpy(&w, rd->msg + off, 4);
		if (!w)
			continue;
		if (step-- == 0) {
			memset(out->msg + off, 0, 4);
			return true;
		}
	}
	return false;
}
