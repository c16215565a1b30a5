// SPDX-License-Identifier: BSD-2-Clause
// Port rights, step 2 (docs/port-rights.md): user references.  A name's
// send right carries a count of user references; each deallocate drops
// one, and the right goes with the last.
//
//   scripts/run --program personalities/examples/ports_2_urefs.c
#include <stdio.h>
#include <mach/mach.h>

static void refs(const char *what, mach_port_t name)
{
	mach_port_urefs_t send = 0, recv = 0, dead = 0;
	mach_port_type_t type = 0;
	kern_return_t kr = mach_port_type(mach_task_self(), name, &type);
	mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, &send);
	mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_RECEIVE, &recv);
	mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_DEAD_NAME, &dead);
	if (kr != KERN_SUCCESS)
		printf("%-34s %s\n", what, mach_error_string(kr));
	else
		printf("%-34s receive %u, send urefs %u, dead-name urefs %u\n", what, recv, send,
		       dead);
}

int main(void)
{
	mach_port_t port;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	refs("one send right:", port);

	// Making a send right again adds a user reference to the same name.
	mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	refs("MAKE_SEND again:", port);
	mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_SEND, 3);
	refs("mod_refs(SEND, +3):", port);

	// mach_port_deallocate drops one user reference of the send right.
	mach_port_deallocate(mach_task_self(), port);
	refs("deallocate:", port);
	mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_SEND, -4);
	refs("mod_refs(SEND, -4):", port);

	// What goes wrong (docs/port-rights.md, step 2):
	kern_return_t kr;
	// (a) one deallocate too many: no send right left to drop.
	kr = mach_port_deallocate(mach_task_self(), port);
	printf("mistake (a) deallocate without a send right: %s (0x%x)\n", mach_error_string(kr), kr);
	// (b) taking more references than there are.
	mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	kr = mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_SEND, -2);
	printf("mistake (b) mod_refs(SEND, -2) with 1 uref: %s (0x%x)\n", mach_error_string(kr), kr);
	// (c) the receive right is not counted: deallocate does not destroy it;
	//     mod_refs(RECEIVE, -1) or mach_port_destroy does.  The port dies,
	//     and the send right under the same name becomes a dead name.
	kr = mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
	printf("mod_refs(RECEIVE, -1): %s\n", mach_error_string(kr));
	refs("after the receive right went:", port);
	kr = mach_port_deallocate(mach_task_self(), port);
	printf("deallocate the dead name: %s\n", mach_error_string(kr));
	// (d) the name is now free: using it again is a stale name.
	kr = mach_port_deallocate(mach_task_self(), port);
	printf("mistake (d) the old name again: %s (0x%x)\n", mach_error_string(kr), kr);
	return 0;
}
