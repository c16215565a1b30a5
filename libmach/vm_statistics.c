// SPDX-License-Identifier: BSD-2-Clause
// vm_statistics: Mach 3's call for the system's page counts, which MachRV
// serves as XNU does, through host_statistics(HOST_VM_INFO).
#include <mach/mach.h>

kern_return_t
vm_statistics(task_t task, vm_statistics_data_t *stats)
{
	mach_msg_type_number_t count = HOST_VM_INFO_COUNT;

	if (!MACH_PORT_VALID(task))
		return KERN_INVALID_ARGUMENT;
	return host_statistics(mach_host_self(), HOST_VM_INFO, (host_info_t)stats, &count);
}
