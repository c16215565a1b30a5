/* SPDX-License-Identifier: BSD-2-Clause */
/* The MIG subsystems the kernel serves on its object ports, registered at boot. */
#include "ipc/ipc_kobject.h"
#include "mach_portServer.h"
#include "taskServer.h"
#include "thread_actServer.h"
#include "vm_mapServer.h"
#include "mach_hostServer.h"
#include "host_privServer.h"
#include "host_securityServer.h"
#include "memory_object_controlServer.h"
#include "device_masterServer.h"
#include "gnumachServer.h"
#include "gnumach_hostServer.h"
#include "port_infoServer.h"
#include "task_limitsServer.h"
#include "machrv_traceServer.h"
#include "vm/vm_object.h"

#define REGISTER(s) ipc_kobject_register(&(struct ipc_kobject_subsystem){	\
		.min = (s).start, .max = (s).end, .demux = (s).server,	\
		.max_reply = (s).maxsize, .routines = (s).routine,	\
	})

void kobject_bootstrap(void);

/*
 * kobject_bootstrap: register every MIG subsystem the kernel serves on
 * its object ports (ipc_kobject_register), then start the pager reaper.
 * At boot, before any task.
 */
void
kobject_bootstrap(void)
{
	REGISTER(mach_port_subsystem);
	REGISTER(task_subsystem);
	REGISTER(thread_act_subsystem);
	REGISTER(vm_map_subsystem);
	REGISTER(mach_host_subsystem);
	REGISTER(host_priv_subsystem);
	REGISTER(host_security_subsystem);
	REGISTER(memory_object_control_subsystem);
	REGISTER(device_master_subsystem);
	REGISTER(gnumach_subsystem);
	REGISTER(gnumach_host_subsystem);
	REGISTER(port_info_subsystem);
	REGISTER(task_limits_subsystem);
	REGISTER(machrv_trace_subsystem);
	memory_object_bootstrap();
}
