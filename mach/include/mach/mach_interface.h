/* SPDX-License-Identifier: BSD-2-Clause */
/* The user stubs of the kernel interfaces, as mig generates their headers
 * (in libmach's build directory, on every user program's include path). */
#ifndef _MACH_MACH_INTERFACE_H_
#define _MACH_MACH_INTERFACE_H_

#include <mach/mach_port.h>
#include <mach/task.h>
#include <mach/thread_act.h>
#include <mach/vm_map.h>
#include <mach/mach_host.h>
#include <mach/host_priv.h>
#include <mach/gnumach_host.h>
#include <mach/memory_object_control.h>
#include <mach/port_info.h>


/* vm_statistics: the system's page counts (libmach, over host_statistics). */
kern_return_t vm_statistics(task_t task, vm_statistics_data_t *stats);

#endif /* _MACH_MACH_INTERFACE_H_ */
