// SPDX-License-Identifier: BSD-2-Clause
// The fake kernel of libmach's host tests (fake_kernel.h).
#include <string.h>
#include "fake_kernel.h"

struct fake_call fake_calls[FAKE_MAX_CALLS];
int fake_ncalls;
mach_msg_return_t fake_trap_results[8];
int fake_ntrap_results;
static int fake_trap_next;
mach_port_name_t fake_next_reply_port;
mach_port_t mach_task_self_ = 0x103;

void fake_reset(void)
{
	memset(fake_calls, 0, sizeof(fake_calls));
	fake_ncalls = 0;
	fake_ntrap_results = 0;
	fake_trap_next = 0;
	fake_next_reply_port = 0x207;
}

int fake_count(const char *what)
{
	int n = 0;

	for (int i = 0; i < fake_ncalls; i++)
		n += strcmp(fake_calls[i].what, what) == 0;
	return n;
}

static struct fake_call *record(const char *what)
{
	static struct fake_call overflow;
	struct fake_call *c = fake_ncalls < FAKE_MAX_CALLS ? &fake_calls[fake_ncalls++] : &overflow;

	memset(c, 0, sizeof(*c));
	c->what = what;
	return c;
}

mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg, mach_msg_option_t option,
                                mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                                mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                                mach_port_name_t notify)
{
	(void)msg; (void)rcv_size; (void)timeout; (void)notify;
	struct fake_call *c = record("mach_msg_trap");
	c->option = option;
	c->send_size = send_size;
	c->name = rcv_name;
	if (fake_trap_next < fake_ntrap_results)
		return fake_trap_results[fake_trap_next++];
	return MACH_MSG_SUCCESS;
}

mach_port_name_t mach_reply_port(void)
{
	record("mach_reply_port");
	return fake_next_reply_port++;
}

kern_return_t mach_port_deallocate(ipc_space_t task, mach_port_name_t name)
{
	(void)task;
	record("mach_port_deallocate")->name = name;
	return KERN_SUCCESS;
}

kern_return_t mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
                                 mach_port_right_t right, mach_port_delta_t delta)
{
	(void)task;
	struct fake_call *c = record("mach_port_mod_refs");
	c->name = name;
	c->right = right;
	c->delta = delta;
	return KERN_SUCCESS;
}

kern_return_t mach_port_insert_right(ipc_space_t task, mach_port_name_t name,
                                     mach_port_t poly, mach_msg_type_name_t polyPoly)
{
	(void)task; (void)poly;
	struct fake_call *c = record("mach_port_insert_right");
	c->name = name;
	c->type = polyPoly;
	return KERN_SUCCESS;
}

kern_return_t mach_port_extract_right(ipc_space_t task, mach_port_name_t name,
                                      mach_msg_type_name_t msgt_name, mach_port_t *poly,
                                      mach_msg_type_name_t *polyPoly)
{
	(void)task;
	struct fake_call *c = record("mach_port_extract_right");
	c->name = name;
	c->type = msgt_name;
	*poly = 0x999;   // the new send-once right's name
	*polyPoly = MACH_MSG_TYPE_PORT_SEND_ONCE;
	return KERN_SUCCESS;
}

kern_return_t vm_allocate(vm_map_t task, vm_address_t *address, vm_size_t size, int flags)
{
	(void)task; (void)flags;
	struct fake_call *c = record("vm_allocate");
	c->size = size;
	*address = 0x40000000;
	return KERN_SUCCESS;
}

kern_return_t vm_deallocate(vm_map_t task, vm_address_t address, vm_size_t size)
{
	(void)task;
	struct fake_call *c = record("vm_deallocate");
	c->addr = address;
	c->size = size;
	return KERN_SUCCESS;
}

kern_return_t task_get_special_port(task_t task, int which_port, mach_port_t *special_port)
{
	(void)task;
	record("task_get_special_port")->name = (mach_port_name_t)which_port;
	*special_port = 0x50b;
	return KERN_SUCCESS;
}
