// SPDX-License-Identifier: BSD-2-Clause
// Kernel microbenchmarks, counted in guest instructions (rdinstret) under
// QEMU's -icount: a null trap, mach_port_allocate + mach_port_destroy (the
// kernel-RPC traps, and the MIG messages they replace), a poll of an empty
// port and of an empty port set, a null RPC between two tasks, and Mach
// semaphores (a signal and a wait that need not block; a ping-pong between
// threads of two tasks, each side signalling the other and waiting).  Each
// prints "BENCH <name> <instructions per operation>", the best of several
// runs (so a clock tick inside one run does not count); scripts/bench
// collects them.
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mach/mach.h>
#include <machrv/kernelrpc.h>
#include <machrv/machrv_trace.h>
#include <mach/thread_status.h>

#define OPS	(bench_ops)
#define RUNS	(bench_runs)

/* Operations per run and runs: argv[1], argv[2] (scripts/bench --profile uses few). */
static int bench_ops = 1000, bench_runs = 7;

static inline uint64_t
instret(void)
{
	uint64_t v;
	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

static void
report(const char *name, void (*op)(void))
{
	uint64_t best = ~0ULL;

	for (int i = 0; i < 50; i++)		/* warm up: caches of the kernel's zones */
		op();
	for (int run = 0; run < RUNS; run++) {
		uint64_t start = instret();
		for (int i = 0; i < OPS; i++)
			op();
		uint64_t n = (instret() - start) / OPS;
		if (n < best)
			best = n;
	}
	printf("BENCH %s %lu\n", name, (unsigned long)best);
}

static void
null_trap(void)
{
	machrv_null_trap();
}

static void
port_allocate_destroy(void)
{
	mach_port_t p;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p);
	mach_port_destroy(mach_task_self(), p);
}

/* The same as MIG messages to the kernel (what libmach sent before the traps). */
static void
port_allocate_destroy_msg(void)
{
	mach_port_t p;
	_kernelrpc_mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p);
	_kernelrpc_mach_port_destroy(mach_task_self(), p);
}

/* A poll (MACH_RCV_TIMEOUT, timeout 0) of an empty port, and of an empty port set. */
static mach_port_t poll_port, poll_set;

static void
poll_name(mach_port_t name)
{
	struct {
		mach_msg_header_t header;
		mach_msg_max_trailer_t trailer;
	} m;
	mach_msg_trap(&m.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), name, 0, 0);
}

static void
poll_empty_port(void)
{
	poll_name(poll_port);
}

static void
poll_empty_port_set(void)
{
	poll_name(poll_set);
}

/*
 * A copy-on-write fault: after task_create(inherit) shares a region with a
 * child, the parent's first store to each page copies it.  Each run uses a
 * fresh region of OPS pages; the operation is one store to a new page.
 */
static void
cow_fault(void)
{
	uint64_t best = ~0ULL;

	for (int run = 0; run < RUNS; run++) {
		vm_address_t region = 0;
		vm_size_t size = (vm_size_t)OPS * 4096;
		task_t child;
		if (vm_allocate(mach_task_self(), &region, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
			return;
		for (vm_size_t off = 0; off < size; off += 4096)
			*(volatile char *)(region + off) = 1;
		if (task_create(mach_task_self(), NULL, 0, TRUE, &child) != KERN_SUCCESS)
			return;
		uint64_t start = instret();
		for (vm_size_t off = 0; off < size; off += 4096)
			*(volatile char *)(region + off) = 2;
		uint64_t n = (instret() - start) / OPS;
		if (n < best)
			best = n;
		task_terminate(child);
		mach_port_deallocate(mach_task_self(), child);
		vm_deallocate(mach_task_self(), region, size);
	}
	printf("BENCH vm_copy_on_write_fault %lu\n", (unsigned long)best);
}

/*
 * `size' bytes out of line to a port of our own: instructions to send them
 * and to receive them (the region then given back), each the best of RUNS
 * runs.  1 MiB goes by virtual copy, a page by copying the bytes.
 */
typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t ool;
	mach_msg_max_trailer_t trailer;
} ool_msg_t;

static void
ool_send_receive(vm_size_t size, const char *name)
{
	vm_address_t region = 0;
	mach_port_t port;
	uint64_t best_send = ~0ULL, best_recv = ~0ULL;
	int ops = OPS < 100 ? OPS : 100;

	if (vm_allocate(mach_task_self(), &region, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS ||
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port) != KERN_SUCCESS ||
	    mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND))
		return;
	for (vm_size_t off = 0; off < size; off += 4096)
		*(volatile char *)(region + off) = 1;
	for (int run = 0; run < RUNS; run++) {
		uint64_t send = 0, recv = 0;
		for (int i = 0; i < ops; i++) {
			ool_msg_t m;
			memset(&m, 0, sizeof(m));
			m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
					     MACH_MSGH_BITS_COMPLEX;
			m.header.msgh_remote_port = port;
			m.body.msgh_descriptor_count = 1;
			m.ool.address = (void *)region;
			m.ool.size = size;
			m.ool.copy = MACH_MSG_VIRTUAL_COPY;
			m.ool.type = MACH_MSG_OOL_DESCRIPTOR;
			uint64_t t0 = instret();
			mach_msg_trap(&m.header, MACH_SEND_MSG, offsetof(ool_msg_t, trailer), 0, 0,
				      0, 0);
			uint64_t t1 = instret();
			mach_msg_trap(&m.header, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0);
			uint64_t t2 = instret();
			send += t1 - t0;
			recv += t2 - t1;
			vm_deallocate(mach_task_self(), (vm_address_t)m.ool.address, m.ool.size);
		}
		if (send / ops < best_send)
			best_send = send / ops;
		if (recv / ops < best_recv)
			best_recv = recv / ops;
	}
	mach_port_destroy(mach_task_self(), port);
	vm_deallocate(mach_task_self(), region, size);
	printf("BENCH ool_send_%s %lu\n", name, (unsigned long)best_send);
	printf("BENCH ool_receive_%s %lu\n", name, (unsigned long)best_recv);
}

/* ---- the null RPC: a server task answering empty messages ---- */

typedef struct {
	mach_msg_header_t header;
	mach_msg_trailer_t trailer;
} null_msg_t;

/* The server's whole life, in the child task: no libc, raw traps only. */
static void __attribute__((noreturn))
server_loop(mach_port_t port)
{
	null_msg_t m;
	mach_msg_return_t mr = mach_msg_trap(&m.header, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0);
	for (;;) {
		if (mr != MACH_MSG_SUCCESS) {
			mr = mach_msg_trap(&m.header, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0);
			continue;
		}
		/* Reply on the send-once right, and wait for the next request. */
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		m.header.msgh_id += 100;
		mr = mach_msg_trap(&m.header, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header),
				   sizeof(m), port, 0, 0);
	}
}

static mach_port_t server_port, reply_port;

static void
null_rpc(void)
{
	null_msg_t m;
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.header.msgh_size = sizeof(m.header);
	m.header.msgh_remote_port = server_port;
	m.header.msgh_local_port = reply_port;
	m.header.msgh_voucher_port = 0;
	m.header.msgh_id = 1;
	mach_msg_trap(&m.header, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header), sizeof(m),
		      reply_port, 0, 0);
}

/* Start `child''s one thread at pc(a0), on its copy of `stack' (16 KiB). */
static kern_return_t
start_child_thread(task_t child, void (*pc)(mach_port_t), mach_port_t a0, char *stack)
{
	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)pc;
	s.sp = (uint64_t)(uintptr_t)(stack + 16384 - 64);	/* its copy of it */
	s.a0 = a0;
	__asm__("mv %0, gp" : "=r"(s.gp));
	thread_act_t th;
	kern_return_t kr = thread_create_running(child, RISCV_THREAD_STATE, (thread_state_t)&s,
						 RISCV_THREAD_STATE_COUNT, &th);
	if (kr == KERN_SUCCESS)
		mach_port_deallocate(mach_task_self(), th);
	return kr;
}

static kern_return_t
start_server(task_t *child)
{
	static char stack[16384] __attribute__((aligned(16)));
	kern_return_t kr = task_create(mach_task_self(), NULL, 0, TRUE, child);
	if (kr != KERN_SUCCESS)
		return kr;
	mach_port_t name;
	mach_msg_type_name_t type;
	if ((kr = mach_port_allocate(*child, MACH_PORT_RIGHT_RECEIVE, &name)) != KERN_SUCCESS ||
	    (kr = mach_port_extract_right(*child, name, MACH_MSG_TYPE_MAKE_SEND, &server_port,
					  &type)) != KERN_SUCCESS)
		return kr;
	return start_child_thread(*child, server_loop, name, stack);
}

/* ---- semaphores: a child task's thread answers each ping with a pong ---- */

#define SEM_PING	0x6a03		/* the child's names for them */
#define SEM_PONG	0x6b03
static semaphore_t sem_ping, sem_pong, sem_self;

static void __attribute__((noreturn))
sem_child(mach_port_t unused)
{
	(void)unused;
	for (;;)
		if (semaphore_wait_trap(SEM_PING) == KERN_SUCCESS)
			semaphore_signal_trap(SEM_PONG);
}

static kern_return_t
start_sem_child(task_t *child)
{
	static char stack[16384] __attribute__((aligned(16)));
	kern_return_t kr;
	if ((kr = semaphore_create(mach_task_self(), &sem_ping, SYNC_POLICY_FIFO, 0)) ||
	    (kr = semaphore_create(mach_task_self(), &sem_pong, SYNC_POLICY_FIFO, 0)) ||
	    (kr = task_create(mach_task_self(), NULL, 0, TRUE, child)) ||
	    (kr = mach_port_insert_right(*child, SEM_PING, sem_ping, MACH_MSG_TYPE_COPY_SEND)) ||
	    (kr = mach_port_insert_right(*child, SEM_PONG, sem_pong, MACH_MSG_TYPE_COPY_SEND)))
		return kr;
	return start_child_thread(*child, sem_child, MACH_PORT_NULL, stack);
}

static void
semaphore_signal_then_wait(void)
{
	semaphore_signal(sem_self);
	semaphore_wait(sem_self);
}

static void
semaphore_ping_pong(void)
{
	semaphore_signal(sem_ping);
	semaphore_wait(sem_pong);
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		bench_ops = atoi(argv[1]);
	if (argc > 2)
		bench_runs = atoi(argv[2]);
	report("null_mach_trap", null_trap);
	report("mach_port_allocate_destroy", port_allocate_destroy);
	report("mach_port_allocate_destroy_msg", port_allocate_destroy_msg);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &poll_port);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &poll_set);
	mach_port_t member;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &member);
	mach_port_move_member(mach_task_self(), member, poll_set);
	report("mach_msg_poll_empty_port", poll_empty_port);
	report("mach_msg_poll_empty_port_set", poll_empty_port_set);
	cow_fault();
	ool_send_receive(1024 * 1024, "1mib");
	ool_send_receive(4096, "4kib");

	task_t child;
	kern_return_t kr = start_server(&child);
	if (kr != KERN_SUCCESS) {
		printf("bench: cannot start the server task: %s\n", mach_error_string(kr));
		return 1;
	}
	reply_port = mig_get_reply_port();
	report("null_rpc_between_tasks", null_rpc);
	/* The same with the event trace on (this task traced: each RPC is
	 * recorded, about 4 records): what tracing costs when it is on.  One
	 * run of 500, which the rings hold whole. */
	mach_port_t host = mach_host_self();
	if (trace_start(host, mach_task_self()) == KERN_SUCCESS) {
		for (int i = 0; i < 50; i++)
			null_rpc();
		uint64_t start = instret();
		for (int i = 0; i < 500; i++)
			null_rpc();
		uint64_t n = (instret() - start) / 500;
		trace_stop(host);
		printf("BENCH null_rpc_between_tasks_traced %lu\n", (unsigned long)n);
	}
	task_terminate(child);

	if (semaphore_create(mach_task_self(), &sem_self, SYNC_POLICY_FIFO, 0) == KERN_SUCCESS)
		report("semaphore_signal_then_wait", semaphore_signal_then_wait);
	kr = start_sem_child(&child);
	if (kr != KERN_SUCCESS) {
		printf("bench: cannot start the semaphore task: %s\n", mach_error_string(kr));
		return 1;
	}
	report("semaphore_ping_pong_between_tasks", semaphore_ping_pong);
	task_terminate(child);
	printf("bench: done\n");
	return 0;
}
