/* SPDX-License-Identifier: BSD-2-Clause */
/* The Mach trap table and the traps themselves (see kern/syscall_sw.h). */
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/thread_switch.h>
#include "kern/syscall_sw.h"
#include "kern/console.h"
#include "kern/copyio.h"
#include "kern/host.h"
#include "kern/kernelrpc.h"
#include "kern/sched.h"
#include "kern/sync_sema.h"
#include "kern/task.h"
#include "kern/trace.h"
#include "kern/unix_syscall.h"
#include "ipc/ipc_fast.h"
#include "ipc/ipc_right.h"
#include "ipc/mach_msg.h"
#include "ipc/mach_port.h"

typedef long (*mach_trap_t)(struct trap_frame *tf);

/* Give the current task a send right to `port' (made from the kernel's receive right). */
static mach_port_name_t
name_for_kernel_port(ipc_port_t port)
{
	ipc_space_t space = current_task()->itk_space;
	mach_port_name_t name = MACH_PORT_NULL;

	port = ipc_port_make_send(port);
	if (!IP_VALID(port))
		return MACH_PORT_NULL;
	is_lock(space);
	kern_return_t kr = space->is_active ?
		ipc_right_copyout(space, &port->ip_object, MACH_MSG_TYPE_PORT_SEND, &name) :
		KERN_INVALID_TASK;
	is_unlock(space);
	if (kr != KERN_SUCCESS) {
		ipc_port_release_send(port);
		return MACH_PORT_NULL;
	}
	return name;
}

static long
trap_task_self(struct trap_frame *tf)
{
	(void)tf;
	return name_for_kernel_port(current_task()->itk_self);
}

static long
trap_thread_self(struct trap_frame *tf)
{
	(void)tf;
	return name_for_kernel_port(current_thread()->ith_self);
}

static long
trap_host_self(struct trap_frame *tf)
{
	(void)tf;
	return name_for_kernel_port(host_port());
}

static long
trap_reply_port(struct trap_frame *tf)
{
	mach_port_name_t name;

	(void)tf;
	if (mach_port_allocate(current_task()->itk_space, MACH_PORT_RIGHT_RECEIVE, &name))
		return MACH_PORT_NULL;
	return name;
}

long
trap_mach_msg(struct trap_frame *tf)
{
	return mach_msg_common(current_task()->itk_space, mach_msg_args_decode(tf),
			       IPC_FAST_MISS_SHAPE);
}

/* swtch, swtch_pri: yield; true if other threads were waiting to run. */
static long
trap_swtch(struct trap_frame *tf)
{
	(void)tf;
	bool others = sched_runnable_count() > 0;
	thread_yield();
	return others;
}

thread_t
thread_named(mach_port_name_t name)
{
	ipc_space_t space = current_task()->itk_space;
	thread_t th = THREAD_NULL;

	is_lock(space);
	struct ipc_entry *e = space->is_active ? ipc_entry_lookup(space, name) : NULL;
	if (e && (e->ie_bits & MACH_PORT_TYPE_SEND)) {
		ipc_port_t port = (ipc_port_t)e->ie_object;
		ip_lock(port);
		if (ip_active(port) && port->ip_kotype == IKOT_THREAD) {
			th = port->ip_kobject;
			thread_reference(th);
		}
		ip_unlock(port);
	}
	is_unlock(space);
	return th;
}

/*
 * thread_switch(thread, option, ms): yield, to `thread' first if it is
 * runnable and no better thread waits; SWITCH_OPTION_WAIT also stays off
 * the processor for `ms' ms.  SWITCH_OPTION_DEPRESS yields like NONE:
 * this kernel does not depress priorities (thread_depress_abort says
 * KERN_NOT_DEPRESSED).
 */
static long
trap_thread_switch(struct trap_frame *tf)
{
	mach_port_name_t name = (mach_port_name_t)tf->a0;
	int option = (int)tf->a1;
	mach_msg_timeout_t ms = (mach_msg_timeout_t)tf->a2;

	if (option != SWITCH_OPTION_NONE && option != SWITCH_OPTION_DEPRESS &&
	    option != SWITCH_OPTION_WAIT)
		return KERN_INVALID_ARGUMENT;
	if (name != MACH_PORT_NULL) {
		thread_t th = thread_named(name);
		if (!th)
			return KERN_INVALID_ARGUMENT;
		thread_switch_hint(th);
		thread_deallocate(th);
	}
	if (option == SWITCH_OPTION_WAIT && ms)
		thread_sleep_ms(ms);
	else
		thread_yield();
	return KERN_SUCCESS;
}

#define DEBUG_WRITE_MAX	4096

static long
trap_debug_write(struct trap_frame *tf)
{
	char buf[128];
	uintptr_t addr = tf->a0;
	size_t len = tf->a1;

	if (len > DEBUG_WRITE_MAX)
		return KERN_INVALID_ARGUMENT;
	console_lock();
	while (len) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf);
		if (copyin(addr, buf, n) != 0) {
			console_unlock();
			return KERN_INVALID_ADDRESS;
		}
		for (size_t i = 0; i < n; i++)
			console_putc_locked(buf[i]);
		addr += n;
		len -= n;
	}
	console_unlock();
	return KERN_SUCCESS;
}

/* The cheapest round trip into the kernel and back: for benchmarks. */
static long
trap_null(struct trap_frame *tf)
{
	(void)tf;
	return KERN_SUCCESS;
}

static const mach_trap_t mach_trap_table[MACH_TRAP_COUNT] = {
	[MACH_TRAP_NULL] = trap_null,
	[MACH_TRAP_SEMAPHORE_SIGNAL] = semaphore_signal_trap,
	[MACH_TRAP_SEMAPHORE_SIGNAL_ALL] = semaphore_signal_all_trap,
	[MACH_TRAP_SEMAPHORE_SIGNAL_THREAD] = semaphore_signal_thread_trap,
	[MACH_TRAP_SEMAPHORE_WAIT] = semaphore_wait_trap,
	[MACH_TRAP_SEMAPHORE_WAIT_SIGNAL] = semaphore_wait_signal_trap,
	[MACH_TRAP_SEMAPHORE_TIMEDWAIT] = semaphore_timedwait_trap,
	[MACH_TRAP_SEMAPHORE_TIMEDWAIT_SIGNAL] = semaphore_timedwait_signal_trap,
	[MACH_TRAP_TRACE_NOTE] = trace_note_trap,
	[MACH_TRAP_USER_WRITABLE] = machrv_task_writable_trap,
	[MACH_TRAP_VM_READ_OVERWRITE] = machrv_vm_read_overwrite_trap,
	[MACH_TRAP_VM_WRITE] = machrv_vm_write_trap,
	[MACH_TRAP_PORT_SET_LABEL] = machrv_port_set_label_trap,
	[MACH_TRAP_VM_ALLOCATE] = kernelrpc_mach_vm_allocate_trap,
	[MACH_TRAP_VM_DEALLOCATE] = kernelrpc_mach_vm_deallocate_trap,
	[MACH_TRAP_VM_PROTECT] = kernelrpc_mach_vm_protect_trap,
	[MACH_TRAP_VM_MAP] = kernelrpc_mach_vm_map_trap,
	[MACH_TRAP_PORT_ALLOCATE] = kernelrpc_mach_port_allocate_trap,
	[MACH_TRAP_PORT_DESTROY] = kernelrpc_mach_port_destroy_trap,
	[MACH_TRAP_PORT_DEALLOCATE] = kernelrpc_mach_port_deallocate_trap,
	[MACH_TRAP_PORT_MOD_REFS] = kernelrpc_mach_port_mod_refs_trap,
	[MACH_TRAP_PORT_MOVE_MEMBER] = kernelrpc_mach_port_move_member_trap,
	[MACH_TRAP_PORT_INSERT_RIGHT] = kernelrpc_mach_port_insert_right_trap,
	[MACH_TRAP_PORT_INSERT_MEMBER] = kernelrpc_mach_port_insert_member_trap,
	[MACH_TRAP_PORT_EXTRACT_MEMBER] = kernelrpc_mach_port_extract_member_trap,
	[MACH_TRAP_PORT_REQUEST_NOTIFICATION] = kernelrpc_mach_port_request_notification_trap,
	[MACH_TRAP_REPLY_PORT] = trap_reply_port,
	[MACH_TRAP_THREAD_SELF] = trap_thread_self,
	[MACH_TRAP_TASK_SELF] = trap_task_self,
	[MACH_TRAP_HOST_SELF] = trap_host_self,
	[MACH_TRAP_MSG] = trap_mach_msg,
	[MACH_TRAP_SWTCH_PRI] = trap_swtch,
	[MACH_TRAP_SWTCH] = trap_swtch,
	[MACH_TRAP_THREAD_SWITCH] = trap_thread_switch,
	[MACH_TRAP_DEBUG_WRITE] = trap_debug_write,
	[MACH_TRAP_SYSCALL_SERVE] = trap_syscall_serve,
	[MACH_TRAP_SYSCALL_REPLY_PORT] = trap_syscall_reply_port,
};

void
syscall_dispatch(struct trap_frame *tf)
{
	long number = (long)tf->a7;

	if (number >= 0) {
		unix_syscall(tf);
		return;
	}
	number = -number;
	if (number >= MACH_TRAP_COUNT || !mach_trap_table[number]) {
		tf->a0 = KERN_INVALID_ARGUMENT;	/* not a trap we have */
		return;
	}
	if (trace_on() && number != MACH_TRAP_MSG && number != MACH_TRAP_TRACE_NOTE &&
	    number != MACH_TRAP_SYSCALL_SERVE) {
		trace_trap_enter(tf, -number);
		tf->a0 = (uint64_t)mach_trap_table[number](tf);
		trace_trap_exit(-number, tf->a0, 0, 0);
		return;
	}
	tf->a0 = (uint64_t)mach_trap_table[number](tf);
}
