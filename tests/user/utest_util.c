/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers of the user-mode tests (see utest.h). */
#include <string.h>
#include <mach/thread_status.h>
#include <machrv/object_counts.h>
#include <machrv/syscall_msg.h>
#include "utest.h"

mach_port_t
ut_port(void)
{
	mach_port_t p = MACH_PORT_NULL;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p);
	return p;
}

mach_port_t
ut_port_with_send(void)
{
	mach_port_t p = ut_port();
	mach_port_insert_right(mach_task_self(), p, p, MACH_MSG_TYPE_MAKE_SEND);
	return p;
}

mach_msg_return_t
ut_send(mach_port_t dest, mach_msg_type_name_t disp, mach_port_t reply,
	mach_msg_type_name_t reply_disp, int id, int value)
{
	ut_msg_t m;
	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(disp, reply ? reply_disp : 0);
	m.header.msgh_remote_port = dest;
	m.header.msgh_local_port = reply;
	m.header.msgh_id = id;
	m.value = value;
	return mach_msg(&m.header, MACH_SEND_MSG, sizeof(m.header) + sizeof(m.value), 0,
			MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

mach_msg_return_t
ut_recv(mach_port_t port, ut_msg_t *m, mach_msg_timeout_t timeout)
{
	memset(m, 0, sizeof(*m));
	return mach_msg(&m->header,
			MACH_RCV_MSG | MACH_RCV_TIMEOUT |
				MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT),
			0, sizeof(*m), port, timeout, MACH_PORT_NULL);
}

/* New threads get a stack and a thread-local block of their own (picolibc's
 * errno and libmach's MIG reply port live there), so their RPCs never take
 * the main thread's replies. */
extern char __tls_size[], __tls_align[];	/* picolibc's linker script */
extern void _init_tls(void *tls);		/* picolibc: copy the TLS image */

struct ut_start {
	void (*fn)(void *);
	void *arg;
	mach_port_t *reply;	/* where the thread leaves its MIG reply port */
};

/*
 * End the calling thread with a thread_terminate request that has no reply
 * port: a reply to a thread that is gone would only wait, unread, in its
 * reply port.
 */
static void __attribute__((noreturn))
terminate_self(void)
{
	struct {
		mach_msg_header_t head;		/* no arguments: no NDR record */
	} req = {
		.head = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0),
			.msgh_size = sizeof(req),
			.msgh_remote_port = mach_thread_self(),
			.msgh_id = 3600,	/* thread_act.defs: thread_terminate */
		},
	};
	mach_msg_trap(&req.head, MACH_SEND_MSG, sizeof(req), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	for (;;)
		swtch_pri(0);
}

static void __attribute__((noreturn))
thread_entry(struct ut_start *start)
{
	start->fn(start->arg);
	/* ut_join destroys the thread's own MIG reply port (destroying it here
	 * would take an RPC, which would make a new one). */
	*start->reply = mig_get_reply_port();
	terminate_self();
}

#define UT_STACK	(64 * 1024)

kern_return_t
ut_thread(void (*fn)(void *), void *arg, struct ut_thread *t)
{
	vm_address_t stack = 0;
	kern_return_t kr = vm_allocate(mach_task_self(), &stack, UT_STACK, VM_FLAGS_ANYWHERE);
	if (kr != KERN_SUCCESS)
		return kr;
	t->stack = stack;
	/* At the top of the region the TLS block, below it the start record,
	 * then the stack growing down. */
	uintptr_t align = (uintptr_t)__tls_align < 16 ? 16 : (uintptr_t)__tls_align;
	uintptr_t tls = (stack + UT_STACK - (uintptr_t)__tls_size) & ~(align - 1);
	_init_tls((void *)tls);
	struct ut_start *start = (struct ut_start *)((tls - 64) & ~(uintptr_t)15);
	start->fn = fn;
	start->arg = arg;
	start->reply = &t->reply;
	t->reply = MACH_PORT_NULL;
	riscv_thread_state_t state;
	memset(&state, 0, sizeof(state));
	state.pc = (uint64_t)(uintptr_t)thread_entry;
	state.sp = (uint64_t)(uintptr_t)start - 64;
	state.a0 = (uint64_t)(uintptr_t)start;
	state.tp = (uint64_t)tls;
	__asm__("mv %0, gp" : "=r"(state.gp));
	kr = thread_create_running(mach_task_self(), RISCV_THREAD_STATE, (thread_state_t)&state,
				   RISCV_THREAD_STATE_COUNT, &t->thread);
	if (kr != KERN_SUCCESS)
		vm_deallocate(mach_task_self(), stack, UT_STACK);
	return kr;
}

kern_return_t
ut_join(struct ut_thread *t)
{
	/* When the thread is gone its port is dead: our name becomes a dead name. */
	for (int s = 0; ut_pause(&s);) {
		mach_port_type_t type = 0;
		mach_port_type(mach_task_self(), t->thread, &type);
		if (type & MACH_PORT_TYPE_DEAD_NAME) {
			mach_port_deallocate(mach_task_self(), t->thread);
			if (MACH_PORT_VALID(t->reply))
				mach_port_mod_refs(mach_task_self(), t->reply,
						   MACH_PORT_RIGHT_RECEIVE, -1);
			return vm_deallocate(mach_task_self(), t->stack, UT_STACK);
		}
	}
	return KERN_OPERATION_TIMED_OUT;
}

vm_statistics_data_t
ut_vm_stats(void)
{
	vm_statistics_data_t vs;

	/*
	 * The object counts wait for the kernel's deferred work (the pager
	 * reaper, threads still leaving their harts): then no page another
	 * test gave up comes back in the middle of a measurement.
	 */
	struct machrv_object_counts c;
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;
	mach_port_t host = mach_host_self();
	host_info(host, HOST_MACHRV_OBJECT_COUNTS, (host_info_t)&c, &n);
	mach_port_deallocate(mach_task_self(), host);

	memset(&vs, 0, sizeof(vs));
	vm_statistics(mach_task_self(), &vs);
	return vs;
}

kern_return_t
ut_task_end(task_t task)
{
	kern_return_t kr = task_terminate(task);

	mach_port_deallocate(mach_task_self(), task);
	return kr;
}

#define UT_YIELDS	1000	/* steps that only yield, before each step sleeps too */

bool
ut_pause(int *step)
{
	if (*step >= UT_YIELDS + UT_WAIT_MS)
		return false;
	if (++*step <= UT_YIELDS)
		swtch_pri(0);
	else
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	return true;
}

void
ut_wait_blocked(thread_act_t thread)
{
	for (int s = 0; ut_pause(&s);) {
		struct thread_basic_info info;
		mach_msg_type_number_t n = THREAD_BASIC_INFO_COUNT;
		if (thread_info(thread, THREAD_BASIC_INFO, (thread_info_t)&info, &n) ==
		    KERN_SUCCESS && info.run_state == TH_STATE_WAITING)
			return;
	}
}

char *
ut_kept_region(vm_address_t *slot, vm_size_t size)
{
	if (!*slot && vm_allocate(mach_task_self(), slot, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		*slot = 0;
	return (char *)*slot;
}

mach_msg_type_number_t
ut_name_count(void)
{
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t n = 0, nt = 0;

	if (mach_port_names(mach_task_self(), &names, &n, &types, &nt) != KERN_SUCCESS)
		return (mach_msg_type_number_t)-1;
	vm_deallocate(mach_task_self(), (vm_address_t)names, n * sizeof(*names));
	vm_deallocate(mach_task_self(), (vm_address_t)types, nt * sizeof(*types));
	return n;
}

long
ut_unix_call(long number, long a0, long a1)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r7 __asm__("a7") = number;
	__asm__ __volatile__("ecall" : "+r"(r0), "+r"(r1) : "r"(r7) : "memory");
	return r0;
}

long
ut_unix_call_hinting(long number, const void *buf, long len, long hint)
{
	register long r0 __asm__("a0") = 0;
	register long r1 __asm__("a1") = (long)buf;
	register long r2 __asm__("a2") = len;
	register long r6 __asm__("a6") = hint | (1 << 4) | 2;
	register long r7 __asm__("a7") = number;
	__asm__ __volatile__("ecall\n\tli a6, 0" : "+r"(r0), "+r"(r1), "+r"(r6) : "r"(r2), "r"(r7)
			     : "memory");
	return r0;
}

mach_msg_return_t
ut_unix_answer(mach_port_t reply, int error, long rv0)
{
	machrv_syscall_reply_t rep;

	memset(&rep, 0, sizeof(rep));
	rep.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	rep.head.msgh_size = sizeof(rep);
	rep.head.msgh_remote_port = reply;
	rep.head.msgh_id = MACHRV_SYSCALL_MSG_ID + 100;
	rep.error = error;
	rep.rv[0] = rv0;
	return mach_msg(&rep.head, MACH_SEND_MSG, sizeof(rep), 0, 0, 0, 0);
}
