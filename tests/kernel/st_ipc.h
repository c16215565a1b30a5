/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for the IPC self-tests: spaces, rights and messages from a kernel thread. */
#ifndef _TESTS_KERNEL_ST_IPC_H_
#define _TESTS_KERNEL_ST_IPC_H_
#include <mach/message.h>
#include <mach/notify.h>
#include "ipc/ipc_space.h"
#include "ipc/mach_msg.h"
#include "ipc/mach_port.h"

/* A message with one port descriptor and an integer. */
typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	uint32_t value;
} st_port_msg_t;

/* A simple message with an integer, and room to receive with a trailer. */
typedef struct {
	mach_msg_header_t header;
	uint32_t value;
	uint8_t room[128];
} st_msg_t;

ipc_space_t st_space(void);
void st_space_done(ipc_space_t space);
/* A new receive right (and optionally a send right under the same name). */
mach_port_name_t st_port(ipc_space_t space, int with_send);
/* Give `to' a right of `disposition' to `name' of `from'; its new name. */
mach_port_name_t st_give(ipc_space_t from, mach_port_name_t name,
			 mach_msg_type_name_t disposition, ipc_space_t to);
mach_port_urefs_t st_refs(ipc_space_t space, mach_port_name_t name, mach_port_right_t right);
mach_port_type_t st_type(ipc_space_t space, mach_port_name_t name);

mach_msg_return_t st_send(ipc_space_t space, mach_port_name_t dest, mach_msg_type_name_t dd,
			  mach_port_name_t reply, mach_msg_type_name_t rd, mach_msg_id_t id,
			  uint32_t value, mach_msg_option_t extra, mach_msg_timeout_t timeout);
mach_msg_return_t st_send_port(ipc_space_t space, mach_port_name_t dest,
			       mach_port_name_t carried, mach_msg_type_name_t cd,
			       mach_msg_option_t extra, mach_msg_timeout_t timeout);
/* Receive into `m' (size `size'), polling unless `timeout' (ms) is given. */
mach_msg_return_t st_recv(ipc_space_t space, mach_port_name_t name, void *m,
			  mach_msg_size_t size, mach_msg_option_t extra,
			  mach_msg_timeout_t timeout);

#endif
