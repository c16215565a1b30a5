/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Self-tests of tasks, user threads, their address spaces and the traps:
 * each runs a small user program (st_user_code.S) in a fresh task, which
 * reports back with a message.
 */
#include <machrv/syscall_msg.h>
#include "kern/selftest.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "kern/task.h"
#include "ipc/ipc_right.h"
#include "st_ipc.h"

extern const char st_user_blob[], st_user_blob_end[];
extern const char st_user_send_task_self[], st_user_touch[], st_user_bad_access[];
extern const char st_user_unix_syscall[], st_user_fp[], st_user_debug_write[];

#define CODE_ADDR	0x10000UL
#define STACK_ADDR	0x20000UL
#define STACK_SIZE	0x4000UL
#define REPORT_NAME	0x1f03		/* index 0x1f, generation 3 */

struct st_task {
	task_t		task;
	thread_t	thread;
	ipc_space_t	space;		/* the test's own space, where reports arrive */
	mach_port_name_t port;
};

typedef struct {
	mach_msg_header_t header;
	uint32_t v1, v2;
	uint8_t room[64];
} st_report_t;

/* A task with the blob mapped, a stack, and a send right to our report port. */
static int
prepare_task(struct st_task *t, const char *name)
{
	uintptr_t addr = CODE_ADDR;
	if (task_create_internal(NULL, name, &t->task) != KERN_SUCCESS)
		return -1;
	vm_map_t map = t->task->map;
	if (vm_map_enter(map, &addr, PAGE_SIZE, false, NULL, 0, VM_PROT_READ | VM_PROT_EXECUTE,
			 VM_PROT_ALL, VM_INHERIT_COPY) != KERN_SUCCESS ||
	    vm_map_write_bytes_force(map, CODE_ADDR, st_user_blob,
				     (uint64_t)(st_user_blob_end - st_user_blob)) != KERN_SUCCESS)
		return -1;
	addr = STACK_ADDR;
	if (vm_map_enter(map, &addr, STACK_SIZE, false, NULL, 0, VM_PROT_DEFAULT, VM_PROT_ALL,
			 VM_INHERIT_COPY) != KERN_SUCCESS)
		return -1;
	t->space = st_space();
	t->port = st_port(t->space, 0);
	ipc_port_t port;
	mach_msg_type_name_t type;
	mach_port_extract_right(t->space, t->port, MACH_MSG_TYPE_MAKE_SEND, &port, &type);
	return mach_port_insert_right(t->task->itk_space, REPORT_NAME, port, type) ==
		       KERN_SUCCESS ? 0 : -1;
}

/* Start the task's thread at `entry' with a0 = REPORT_NAME, a1 = arg. */
static int
launch(struct st_task *t, const char *entry, uint64_t arg)
{
	uintptr_t pc = CODE_ADDR + (uintptr_t)(entry - st_user_blob);
	if (thread_create_user(t->task, pc, STACK_ADDR + STACK_SIZE, &t->thread) != KERN_SUCCESS)
		return -1;
	t->thread->user_frame->a0 = REPORT_NAME;
	t->thread->user_frame->a1 = arg;
	return thread_resume_internal(t->thread) == KERN_SUCCESS ? 0 : -1;
}

static int
start_task(struct st_task *t, const char *entry, uint64_t arg)
{
	return prepare_task(t, "st-task") == 0 ? launch(t, entry, arg) : -1;
}

static mach_msg_return_t
await_report(struct st_task *t, st_report_t *r)
{
	memset(r, 0, sizeof(*r));
	return st_recv(t->space, t->port, r, sizeof(*r), 0, 5000);
}

/* Terminate the task, wait for its thread to be gone, release everything. */
static void
finish_task(struct st_task *t)
{
	if (t->task) {
		task_terminate_internal(t->task);
		if (t->thread) {
			thread_join(t->thread);
			thread_deallocate(t->thread);
		}
		task_deallocate(t->task);
	}
	if (t->space)
		st_space_done(t->space);
	memset(t, 0, sizeof(*t));
}

SELFTEST(task_user_program_gets_names_for_task_and_thread_ports)
{
	struct st_task t = { 0 };
	size_t tasks = task_count(), ports = ipc_port_count();
	CHECK(start_task(&t, st_user_send_task_self, 0) == 0, "start");
	st_report_t r;
	mach_msg_return_t mr = await_report(&t, &r);
	mach_port_type_t ttype = 0, thtype = 0;
	mach_port_type(t.task->itk_space, r.v1, &ttype);
	mach_port_type(t.task->itk_space, r.v2, &thtype);
	finish_task(&t);
	CHECK(mr == MACH_MSG_SUCCESS && r.header.msgh_id == 777, "report %#x id %d", mr,
	      r.header.msgh_id);
	CHECK(ttype == MACH_PORT_TYPE_SEND && thtype == MACH_PORT_TYPE_SEND,
	      "task_self %#x (type %#x), thread_self %#x (type %#x)", r.v1, ttype, r.v2, thtype);
	CHECK(task_count() == tasks && ipc_port_count() == ports, "%ld tasks, %ld ports left",
	      (long)(task_count() - tasks), (long)(ipc_port_count() - ports));
	return 0;
}

SELFTEST(task_page_faults_give_zero_filled_memory)
{
	struct st_task t = { 0 };
	uintptr_t data = 0;
	CHECK(prepare_task(&t, "st-touch") == 0, "prepare");
	CHECK(vm_map_enter(t.task->map, &data, 2 * PAGE_SIZE, true, NULL, 0, VM_PROT_DEFAULT,
			   VM_PROT_ALL, VM_INHERIT_COPY) == KERN_SUCCESS, "vm_map_enter anywhere");
	CHECK(launch(&t, st_user_touch, data) == 0, "launch");
	st_report_t r;
	mach_msg_return_t mr = await_report(&t, &r);
	uint64_t seen = 0;
	kern_return_t kr = vm_map_read_bytes(t.task->map, data, &seen, sizeof(seen));
	finish_task(&t);
	CHECK(mr == MACH_MSG_SUCCESS, "report %#x", mr);
	CHECK(r.v1 == 0xabcd && r.v2 == 0, "read back %#x, next page %#x", r.v1, r.v2);
	CHECK(kr == KERN_SUCCESS && seen == 0xabcd, "the kernel read %#lx (%d)", seen, kr);
	return 0;
}

SELFTEST(task_bad_access_ends_the_task)
{
	struct st_task t = { 0 };
	CHECK(start_task(&t, st_user_bad_access, 0) == 0, "start");
	thread_join(t.thread);		/* the exception ends it */
	bool active = t.task->active;
	finish_task(&t);
	CHECK(!active, "the task is still active after an unhandled bad access");
	return 0;
}

SELFTEST(task_debug_write_trap_prints_to_the_console)
{
	struct st_task t = { 0 };
	CHECK(start_task(&t, st_user_debug_write, 0) == 0, "start");
	st_report_t r;
	mach_msg_return_t mr = await_report(&t, &r);
	finish_task(&t);
	CHECK(mr == MACH_MSG_SUCCESS && r.v1 == KERN_SUCCESS, "report %#x result %d", mr, r.v1);
	return 0;
}

SELFTEST(task_unix_syscall_without_a_syscall_port_gets_enosys)
{
	struct st_task t = { 0 };
	CHECK(start_task(&t, st_user_unix_syscall, 0) == 0, "start");
	st_report_t r;
	mach_msg_return_t mr = await_report(&t, &r);
	finish_task(&t);
	CHECK(mr == MACH_MSG_SUCCESS, "report %#x", mr);
	CHECK((int32_t)r.v1 == -MACHRV_SYSCALL_ENOSYS, "a0 = %d", (int32_t)r.v1);
	return 0;
}

/* A kernel thread playing the personality: answer one system call. */
struct st_personality {
	ipc_space_t space;
	mach_port_name_t port;
	machrv_syscall_request_t seen;
	mach_msg_return_t mr;
};

static void
personality(void *arg)
{
	struct st_personality *p = arg;
	struct {
		machrv_syscall_request_t req;
		uint8_t room[64];
	} m;
	p->mr = st_recv(p->space, p->port, &m, sizeof(m), 0, 5000);
	if (p->mr != MACH_MSG_SUCCESS)
		return;
	p->seen = m.req;
	machrv_syscall_reply_t rep;
	memset(&rep, 0, sizeof(rep));
	rep.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	rep.head.msgh_size = sizeof(rep);
	rep.head.msgh_remote_port = m.req.head.msgh_remote_port;
	rep.head.msgh_id = MACHRV_SYSCALL_MSG_ID + 100;
	rep.rv[0] = 1000 + m.req.number;
	rep.rv[1] = (int64_t)(m.req.args[0] + m.req.args[5]);
	p->mr = mach_msg_call(p->space, (uintptr_t)&rep, MACH_SEND_MSG, sizeof(rep), 0, 0, 0, 0);
}

SELFTEST(task_unix_syscall_becomes_a_message_to_the_syscall_port)
{
	static struct st_personality p;
	struct st_task t = { 0 };
	memset(&p, 0, sizeof(p));
	p.space = st_space();
	p.port = st_port(p.space, 0);
	thread_t server = kernel_thread_create("st-personality", personality, &p, BASEPRI_DEFAULT);
	CHECK(server, "no thread");
	CHECK(prepare_task(&t, "st-unix") == 0, "prepare");
	ipc_port_t sp;
	mach_msg_type_name_t type;
	mach_port_extract_right(p.space, p.port, MACH_MSG_TYPE_MAKE_SEND, &sp, &type);
	t.task->itk_syscall = sp;
	CHECK(launch(&t, st_user_unix_syscall, 0) == 0, "launch");
	st_report_t r;
	mach_msg_return_t mr = await_report(&t, &r);
	thread_join(server);
	thread_deallocate(server);
	finish_task(&t);
	st_space_done(p.space);
	CHECK(p.mr == MACH_MSG_SUCCESS, "personality: %#x", p.mr);
	CHECK(p.seen.number == 42 && p.seen.args[0] == 1 && p.seen.args[5] == 6,
	      "request: number %ld args %lu..%lu", p.seen.number, p.seen.args[0], p.seen.args[5]);
	CHECK(mr == MACH_MSG_SUCCESS && r.v1 == 1042 && r.v2 == 7, "results %u %u (%#x)", r.v1,
	      r.v2, mr);
	return 0;
}

SELFTEST(task_fp_registers_survive_switches_between_threads)
{
	struct st_task a = { 0 }, b = { 0 };
	CHECK(start_task(&a, st_user_fp, 1000) == 0, "start a");
	CHECK(start_task(&b, st_user_fp, 5000) == 0, "start b");
	st_report_t ra, rb;
	mach_msg_return_t ma = await_report(&a, &ra);
	mach_msg_return_t mb = await_report(&b, &rb);
	finish_task(&a);
	finish_task(&b);
	CHECK(ma == MACH_MSG_SUCCESS && mb == MACH_MSG_SUCCESS, "reports %#x %#x", ma, mb);
	CHECK(ra.v2 == 1200 && rb.v2 == 5200, "results %u and %u", ra.v2, rb.v2);
	return 0;
}
