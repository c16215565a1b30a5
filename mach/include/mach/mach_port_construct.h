/* SPDX-License-Identifier: BSD-2-Clause */
/* <mach/mach_port_construct.h> (included by <mach/mach.h>): XNU's
 * mach_port_construct and mach_port_destruct.  MachRV provides them in
 * libmach over mach_port_allocate, mach_port_insert_right,
 * mach_port_set_attributes and mach_port_set_context, so they are not
 * messages 3231 and 3232 of mach_port.defs (docs/differences.md). */
#ifndef _MACH_MACH_PORT_CONSTRUCT_H_
#define _MACH_MACH_PORT_CONSTRUCT_H_
#include <mach/port.h>
#include <mach/kern_return.h>
#include <mach/mach_types.h>

/*
 * mach_port_construct: a new receive right in `task', named *name, with
 * what options->flags ask: MPO_INSERT_SEND_RIGHT (a send right too),
 * MPO_QLIMIT (the queue limit mpl.mpl_qlimit); `context' is set as the
 * port's context (mach_port_get_context).  Other flags, MPO_CONTEXT_AS_GUARD
 * among them, are accepted and have no effect: MachRV has no port guards.  Returns: KERN_SUCCESS, KERN_INVALID_ARGUMENT
 * (no options), or what the calls underneath return (nothing is left
 * behind when one fails).
 */
kern_return_t mach_port_construct(ipc_space_t task, mach_port_options_ptr_t options,
                                  mach_port_context_t context, mach_port_name_t *name);

/*
 * mach_port_destruct: drop -srdelta send rights of `name' (srdelta <= 0),
 * then destroy its receive right.  `guard' is not checked (no guards).
 * Returns: KERN_SUCCESS,
 * KERN_INVALID_VALUE (srdelta > 0), KERN_INVALID_NAME, KERN_INVALID_RIGHT.
 */
kern_return_t mach_port_destruct(ipc_space_t task, mach_port_name_t name,
                                 mach_port_delta_t srdelta, mach_port_context_t guard);

#endif /* _MACH_MACH_PORT_CONSTRUCT_H_ */
