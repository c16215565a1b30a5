// SPDX-License-Identifier: BSD-2-Clause
// XNU's mach_port_construct and mach_port_destruct, over the calls of
// mach_port.defs (<mach/mach_port_construct.h> has the contracts).
#include <mach/mach.h>

kern_return_t mach_port_construct(ipc_space_t task, mach_port_options_ptr_t options,
                                  mach_port_context_t context, mach_port_name_t *name)
{
	mach_port_name_t port = MACH_PORT_NULL;
	kern_return_t kr;

	if (!options || !name)
		return KERN_INVALID_ARGUMENT;
	kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	if (options->flags & MPO_QLIMIT) {
		mach_port_limits_t limits = options->mpl;
		kr = mach_port_set_attributes(task, port, MACH_PORT_LIMITS_INFO,
		                              (mach_port_info_t)&limits, MACH_PORT_LIMITS_INFO_COUNT);
	}
	if (kr == KERN_SUCCESS && context != 0)
		kr = mach_port_set_context(task, port, context);
	if (kr == KERN_SUCCESS && (options->flags & MPO_INSERT_SEND_RIGHT))
		kr = mach_port_insert_right(task, port, port, MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS) {
		(void)mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1);
		return kr;
	}
	*name = port;
	return KERN_SUCCESS;
}

kern_return_t mach_port_destruct(ipc_space_t task, mach_port_name_t name,
                                 mach_port_delta_t srdelta, mach_port_context_t guard)
{
	kern_return_t kr;

	(void)guard;
	if (srdelta > 0)
		return KERN_INVALID_VALUE;
	// Check the receive right first, so a bad name changes nothing.
	mach_port_type_t type;
	kr = mach_port_type(task, name, &type);
	if (kr != KERN_SUCCESS)
		return kr;
	if (!(type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	if (srdelta < 0) {
		kr = mach_port_mod_refs(task, name, MACH_PORT_RIGHT_SEND, srdelta);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return mach_port_mod_refs(task, name, MACH_PORT_RIGHT_RECEIVE, -1);
}
