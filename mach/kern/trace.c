/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The event trace (see kern/trace.h and <machrv/trace.h>): the per-hart
 * rings, the records of each event site, and machrv_trace.defs (4800..).
 */
#include <mach/vm_prot.h>
#include "kern/trace.h"
#include "kern/copyio.h"
#include "kern/lock.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "ipc/ipc_info.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "riscv/intr.h"
#include "riscv/trap.h"
#include "vm/vm_page.h"
#include "machrv_traceServer.h"

/* Each hart's ring: 16,384 records (1 MiB). */
#define TRACE_RING_ORDER	8
#define TRACE_RING_RECORDS	((PAGE_SIZE << TRACE_RING_ORDER) / sizeof(machrv_trace_record_t))

struct trace_ring {
	machrv_trace_record_t *buf;	/* TRACE_RING_RECORDS of them, or NULL */
	uint32_t	next;		/* where the next record goes */
	uint32_t	count;		/* records kept (at most TRACE_RING_RECORDS) */
	uint64_t	lost;		/* records that did not fit */
	uint32_t	writing;	/* a record is being written (trace_stop waits) */
	uint64_t	counts[TRC_COUNT];	/* trace_counts' totals, this hart's part */
};

bool trace_active;
static struct trace_ring rings[MAX_CPUS];
static uint32_t trace_epoch = 1;	/* which trace a task's name was recorded in */
static uint32_t trace_serial;		/* messages' serial numbers (atomic) */
static simple_lock_data_t trace_lock = SIMPLE_LOCK_INITIALIZER("trace", LOCK_RANK_TRACE);

static inline uint64_t
read_instret(void)
{
	uint64_t v;
	__asm__ volatile("csrr %0, instret" : "=r"(v));
	return v;
}

static inline uint64_t
read_cycle(void)
{
	uint64_t v;
	__asm__ volatile("csrr %0, cycle" : "=r"(v));
	return v;
}

/* trace_counts' totals: what the record stands for, whether it is kept or not. */
static inline void
count(struct trace_ring *r, unsigned kind, unsigned flags, uint64_t a3)
{
	r->counts[TRC_RECORDS]++;
	if (!(flags & TRF_TRACED))
		return;
	if (kind == TR_TRAP_ENTER) {
		r->counts[TRC_TRAPS]++;
	} else if (kind == TR_MSG_SEND) {
		r->counts[TRC_MESSAGES]++;
		r->counts[TRC_INLINE_BYTES] += a3 & 0xffffffff;
		r->counts[TRC_OOL_PAGES] += (a3 >> 32) & 0xffff;
	} else if (kind == TR_SWITCH) {
		r->counts[TRC_SWITCHES]++;
	} else if (kind == TR_FAULT) {
		r->counts[TRC_FAULTS]++;
	}
}

/*
 * The one writer: a record on this hart's ring, stamped with the hart's
 * counters and `th' (NULL: the kernel itself).
 *   Locks: none; interrupts off for the write.
 */
static void
put(const struct thread *th, unsigned kind, unsigned flags, uint32_t aux, uint64_t a0,
    uint64_t a1, uint64_t a2, uint64_t a3)
{
	bool on = intr_enabled();
	intr_off();
	struct cpu *c = cpu_self();
	struct trace_ring *r = &rings[c->number];
	__atomic_store_n(&r->writing, 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* (Stopped meanwhile, or no ring: nothing.) */
	if (__atomic_load_n(&trace_active, __ATOMIC_RELAXED) && r->buf) {
		count(r, kind, flags, a3);
		if (r->count == TRACE_RING_RECORDS) {
			r->lost++;	/* full: the first records are kept, the rest counted */
		} else {
			machrv_trace_record_t *t = &r->buf[r->next++];
			r->count++;
			t->tr_instret = read_instret();
			t->tr_cycle = read_cycle();
			t->tr_kind = (uint16_t)kind;
			t->tr_hart = (uint8_t)c->number;
			t->tr_flags = (uint8_t)flags;
			t->tr_aux = aux;
			t->tr_task = th && th->task ? (uint32_t)th->task->id : 0;
			t->tr_thread = th ? (uint32_t)th->id : 0;
			t->tr_a[0] = a0;
			t->tr_a[1] = a1;
			t->tr_a[2] = a2;
			t->tr_a[3] = a3;
		}
	}
	__atomic_store_n(&r->writing, 0, __ATOMIC_RELEASE);
	if (on)
		intr_on();
}

/* Three words of text from `s' (at most 24 bytes, NUL-padded). */
static void
text_words(const char *s, size_t max, uint64_t w[3])
{
	char buf[24];
	size_t n = strnlen(s, max < sizeof(buf) ? max : sizeof(buf));

	memset(buf, 0, sizeof(buf));
	memcpy(buf, s, n);
	memcpy(w, buf, sizeof(buf));
}

/* `task's name, once per trace (TR_TASK_NAME, in two parts). */
static void
name_task(struct task *task)
{
	if (!task || __atomic_load_n(&task->trace_epoch, __ATOMIC_RELAXED) == trace_epoch)
		return;
	task->trace_epoch = trace_epoch;
	for (unsigned part = 0; part < 2; part++) {
		uint64_t w[3];
		size_t off = part * 24;
		if (part && strnlen(task->name, sizeof(task->name)) <= off)
			break;
		text_words(task->name + off, sizeof(task->name) - off, w);
		put(NULL, TR_TASK_NAME, 0, part, task->id, w[0], w[1], w[2]);
	}
}

/* `port's label, once per trace (TR_PORT_LABEL, in two parts), if it has one. */
static void
label_port(struct ipc_port *port)
{
	if (!port || __atomic_load_n(&port->ip_trace_epoch, __ATOMIC_RELAXED) == trace_epoch)
		return;
	port->ip_trace_epoch = trace_epoch;
	const char *label = ipc_port_label(port);
	if (!label)
		return;
	char copy[IPC_PORT_LABEL_MAX];
	strlcpy(copy, label, sizeof(copy));
	size_t len = strlen(copy);
	for (unsigned part = 0; part * 24 < len && part < 2; part++) {
		uint64_t w[3];
		text_words(copy + part * 24, len - part * 24, w);
		put(NULL, TR_PORT_LABEL, 0, part, ipc_info_object_id(port), w[0], w[1], w[2]);
	}
}

/* A record of the current thread's traced work. */
static void
put_self(unsigned kind, uint32_t aux, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	thread_t self = current_thread();

	name_task(self->task);
	put(self, kind, TRF_TRACED, aux, a0, a1, a2, a3);
}

/* What a kernel-form message carries besides its inline bytes. */
static void
kmsg_counts(const struct ipc_kmsg *kmsg, uint32_t *pages, uint32_t *rights)
{
	const mach_msg_header_t *h = &kmsg->ikm_header;

	*pages = 0;
	*rights = (IP_VALID(kmsg->ikm_remote) ? 1 : 0) + (IP_VALID(kmsg->ikm_local) ? 1 : 0);
	if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return;
	const mach_msg_body_t *body = (const mach_msg_body_t *)(h + 1);
	const uint8_t *d = (const uint8_t *)(body + 1);
	for (uint32_t i = 0; i < body->msgh_descriptor_count; i++) {
		mach_msg_descriptor_type_t type = ipc_desc_type(d);
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			(*rights)++;
		} else if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			*rights += ((const mach_msg_ool_ports_descriptor_t *)d)->count;
		} else {
			uint64_t size = ((const mach_msg_ool_descriptor_t *)d)->size;
			*pages += (uint32_t)((size + PAGE_SIZE - 1) / PAGE_SIZE);
		}
		d += ipc_desc_size(type);
	}
}

static inline uint64_t
carried(uint32_t bytes, uint32_t pages, uint32_t rights)
{
	return (uint64_t)bytes | (uint64_t)(pages & 0xffff) << 32 | (uint64_t)(rights & 0xffff) << 48;
}

uint64_t
trace_msg_tag(const mach_msg_header_t *h, struct ipc_port *dest, struct ipc_port *reply,
	      bool kernel, bool once, uint32_t ool_pages, uint32_t rights)
{
	thread_t self = kernel ? THREAD_NULL : current_thread();
	bool traced = !kernel && trace_thread_traced(self);

	/* The answer to traced work is traced, whoever sends it (unlocked: a hint). */
	if (dest && __atomic_load_n(&dest->ip_trace_reply, __ATOMIC_RELAXED)) {
		__atomic_store_n(&dest->ip_trace_reply, false, __ATOMIC_RELAXED);
		traced = true;
	}
	if (traced && reply)
		__atomic_store_n(&reply->ip_trace_reply, true, __ATOMIC_RELAXED);
	uint32_t serial = __atomic_add_fetch(&trace_serial, 1, __ATOMIC_RELAXED);
	uint32_t flags = (traced ? TRF_TRACED : 0) | (kernel ? TRF_KERNEL : 0);
	uint32_t task = self && self->task ? (uint32_t)self->task->id : 0;

	/* (A message of untraced work, even the kernel's, is not recorded.) */
	if (traced) {
		if (self)
			name_task(self->task);
		label_port(dest);
		put(self, TR_MSG_SEND, flags | (once ? TRF_SEND_ONCE : 0), (uint32_t)h->msgh_id, serial,
		    ipc_info_object_id(dest), ipc_info_object_id(reply),
		    carried(h->msgh_size, ool_pages, rights));
	}
	return (uint64_t)serial << 32 | (uint64_t)(task & 0xffffff) << 8 | flags;
}

void
trace_kmsg_send(struct ipc_kmsg *kmsg, bool kernel)
{
	uint32_t pages, rights;

	kmsg_counts(kmsg, &pages, &rights);
	kmsg->ikm_trace = trace_msg_tag(&kmsg->ikm_header, kmsg->ikm_remote,
					IP_VALID(kmsg->ikm_local) ? kmsg->ikm_local : NULL, kernel,
					MACH_MSGH_BITS_REMOTE(kmsg->ikm_header.msgh_bits) ==
						MACH_MSG_TYPE_PORT_SEND_ONCE,
					pages, rights);
}

mach_msg_bits_t
trace_msg_received(uint64_t tag, const mach_msg_header_t *h, const struct ipc_port *port)
{
	thread_t self = current_thread();
	uint32_t flags = TRACE_TAG_FLAGS(tag);

	if (flags & TRF_TRACED)
		self->trace_taint = true;
	else if (!(flags & TRF_KERNEL) || !tag)
		self->trace_taint = false;	/* a message from untraced work */
	if (!trace_thread_traced(self))
		return 0;
	put_self(TR_MSG_RECV, (uint32_t)h->msgh_id, TRACE_TAG_SERIAL(tag),
		 ipc_info_object_id(port), TRACE_TAG_TASK(tag), h->msgh_size);
	return MACH_MSGH_BITS_MACHRV_TRACED;
}

void
trace_kobject(const struct ipc_kmsg *kmsg, const struct ipc_port *port, unsigned kotype)
{
	if (!(TRACE_TAG_FLAGS(kmsg->ikm_trace) & TRF_TRACED))
		return;
	put_self(TR_KOBJECT, (uint32_t)kmsg->ikm_header.msgh_id, TRACE_TAG_SERIAL(kmsg->ikm_trace),
		 ipc_info_object_id(port), kotype, 0);
}

void
trace_trap_enter(const struct trap_frame *tf, long number)
{
	if (trace_thread_traced(current_thread()))
		put_self(TR_TRAP_ENTER, (uint32_t)number, tf->a0, tf->a1, tf->a2, tf->a3);
}

void
trace_trap_exit(long number, uint64_t a0, uint64_t err, uint64_t reply_tag)
{
	if (trace_thread_traced(current_thread()))
		put_self(TR_TRAP_EXIT, (uint32_t)number, a0, err, TRACE_TAG_SERIAL(reply_tag), 0);
}

void
trace_switch(const struct thread *self, const struct thread *next)
{
	/* Between two threads of untraced work: nothing (the rings are for the traced). */
	if (!trace_thread_traced(self) && !trace_thread_traced(next))
		return;
	if (next->task)
		name_task(next->task);
	put(self, TR_SWITCH, TRF_TRACED, 0, next->id, next->task ? next->task->id : 0, 0, 0);
}

void
trace_fault(uint64_t addr, unsigned access)
{
	if (trace_thread_traced(current_thread()))
		put_self(TR_FAULT, access, addr, 0, 0, 0);
}

void
trace_fault_done(kern_return_t kr)
{
	if (trace_thread_traced(current_thread()))
		put_self(TR_FAULT_DONE, 0, (uint64_t)(int64_t)kr, 0, 0, 0);
}

void
trace_irq(uint32_t irq, const struct ipc_port *port)
{
	put(NULL, TR_IRQ, TRF_KERNEL, irq, ipc_info_object_id(port), 0, 0, 0);
}

void
trace_task_created(struct task *task)
{
	task->trace_traced = trace_thread_traced(current_thread());
}

/*
 * trace_note_trap: machrv_trace_note(code, n0, n1, text, len) from a
 * server: a TR_NOTE record if the calling thread's work is traced, or if
 * the code has TRN_ON_BEHALF (the thread says it finishes traced work:
 * a driver's interrupt thread completing a traced request); at most 16
 * bytes of text are kept.  Code TRN_SET_TRACED records nothing: it sets
 * the thread's taint (a server going back to a call it parked).
 *   Returns: KERN_SUCCESS (recorded or not); KERN_INVALID_ADDRESS if the
 *            text cannot be read.
 */
long
trace_note_trap(struct trap_frame *tf)
{
	if (!trace_on())
		return KERN_SUCCESS;
	if ((uint32_t)tf->a0 == TRN_SET_TRACED) {
		current_thread()->trace_taint = tf->a1 != 0;
		return KERN_SUCCESS;
	}
	if (!trace_thread_traced(current_thread()) && !(tf->a0 & TRN_ON_BEHALF))
		return KERN_SUCCESS;
	uint64_t text[2] = { 0, 0 };
	size_t len = tf->a4 < sizeof(text) ? tf->a4 : sizeof(text);
	if (len && copyin(tf->a3, text, len) != 0)
		return KERN_INVALID_ADDRESS;
	thread_t self = current_thread();
	name_task(self->task);
	put(self, TR_NOTE, TRF_TRACED, (uint32_t)tf->a0 & ~TRN_ON_BEHALF, tf->a1, tf->a2, text[0],
	    text[1]);
	return KERN_SUCCESS;
}

/* Wait until no hart is in the middle of a record. */
static void
wait_writers(void)
{
	for (unsigned i = 0; i < MAX_CPUS; i++)
		while (__atomic_load_n(&rings[i].writing, __ATOMIC_ACQUIRE))
			__asm__ volatile("nop");
}

/*
 * trace_start (4800): empty the rings (allocating them the first time)
 * and trace `task' from now on.
 *   Locks:   takes trace_lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_INVALID_ARGUMENT (no
 *            task); KERN_RESOURCE_SHORTAGE (no memory for the rings).
 */
kern_return_t
trace_start(host_t host, task_t task)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (!task)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&trace_lock);
	bool was_on = trace_active;
	if (!was_on) {
		for (unsigned i = 0; i < MAX_CPUS; i++) {
			struct trace_ring *r = &rings[i];
			if (!cpus[i].online)
				continue;
			if (!r->buf) {
				simple_unlock(&trace_lock);	/* (the allocator may take its own locks) */
				void *buf = kmem_alloc_pages(TRACE_RING_ORDER);
				simple_lock(&trace_lock);
				if (!buf) {
					simple_unlock(&trace_lock);
					return KERN_RESOURCE_SHORTAGE;
				}
				if (r->buf)
					kmem_free_pages(buf, TRACE_RING_ORDER);
				else
					r->buf = buf;
			}
			r->next = r->count = 0;
			r->lost = 0;
			memset(r->counts, 0, sizeof(r->counts));
		}
		trace_epoch++;
	}
	task->trace_traced = true;
	__atomic_store_n(&trace_active, true, __ATOMIC_RELEASE);
	simple_unlock(&trace_lock);
	return KERN_SUCCESS;
}

/*
 * trace_stop (4801): stop recording; no task stays traced.
 *   Locks:   takes trace_lock, then the task list.
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST.
 */
kern_return_t
trace_stop(host_t host)
{
	if (!host)
		return KERN_INVALID_HOST;
	simple_lock(&trace_lock);
	__atomic_store_n(&trace_active, false, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wait_writers();
	simple_unlock(&trace_lock);
	task_list_untrace_all();
	return KERN_SUCCESS;
}

/*
 * trace_read (4802): every hart's records, oldest first, hart after hart,
 * in an out-of-line buffer; `lost' the records that did not fit.
 *   Locks:   takes trace_lock.
 *   Returns: KERN_SUCCESS (an empty array when nothing was kept);
 *            KERN_INVALID_HOST; KERN_FAILURE (tracing is on);
 *            KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
trace_read(host_t host, vm_offset_t *records, mach_msg_type_number_t *recordsCnt,
	   natural_t *lost)
{
	if (!host)
		return KERN_INVALID_HOST;
	simple_lock(&trace_lock);
	if (trace_active) {
		simple_unlock(&trace_lock);
		return KERN_FAILURE;
	}
	*records = 0;
	*recordsCnt = 0;
	*lost = 0;
	/* Count, allocate unlocked, copy; again if a trace ran meanwhile. */
	for (;;) {
		uint64_t n = 0;
		for (unsigned i = 0; i < MAX_CPUS; i++)
			n += rings[i].count;
		simple_unlock(&trace_lock);
		if (!n)
			return KERN_SUCCESS;
		uint64_t size = n * sizeof(machrv_trace_record_t);
		uint8_t *buf = ipc_ool_alloc(size);
		if (!buf)
			return KERN_RESOURCE_SHORTAGE;
		simple_lock(&trace_lock);
		uint64_t now = 0, missed = 0;
		for (unsigned i = 0; i < MAX_CPUS; i++) {
			now += rings[i].count;
			missed += rings[i].lost;
		}
		if (trace_active || now != n) {
			bool active = trace_active;
			simple_unlock(&trace_lock);
			ipc_ool_free(buf, size);
			if (active)
				return KERN_FAILURE;
			simple_lock(&trace_lock);
			continue;
		}
		uint64_t off = 0;
		for (unsigned i = 0; i < MAX_CPUS; i++) {
			uint64_t bytes = (uint64_t)rings[i].count * sizeof(machrv_trace_record_t);
			if (bytes)
				memcpy(buf + off, rings[i].buf, bytes);
			off += bytes;
		}
		simple_unlock(&trace_lock);
		*records = (vm_offset_t)buf;
		*recordsCnt = (mach_msg_type_number_t)size;
		*lost = (natural_t)missed;
		break;
	}
	return KERN_SUCCESS;
}

/*
 * trace_counts (4803): the totals of the traced work since trace_start,
 * every hart's summed.
 *   Locks:   takes trace_lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST.
 */
kern_return_t
trace_counts(host_t host, trace_counts_t counts)
{
	if (!host)
		return KERN_INVALID_HOST;
	memset(counts, 0, sizeof(trace_counts_t));
	simple_lock(&trace_lock);
	for (unsigned i = 0; i < MAX_CPUS; i++)
		for (unsigned k = 0; k < TRC_COUNT; k++)
			counts[k] += __atomic_load_n(&rings[i].counts[k], __ATOMIC_RELAXED);
	simple_unlock(&trace_lock);
	return KERN_SUCCESS;
}
