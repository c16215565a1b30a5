/* SPDX-License-Identifier: BSD-2-Clause */
/* The mach_host interface (<mach/mach_host.defs>): what the host port answers. */
#include <mach/host_info.h>
#include <mach/machine.h>
#include <mach/vm_statistics.h>
#include <machrv/object_counts.h>
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_pset.h"
#include "kern/host.h"
#include "kern/printf.h"
#include "kern/task.h"
#include "kern/zalloc.h"
#include "lib/string.h"
#include "kern/version.h"
#include "kern/sched.h"
#include "riscv/cpu.h"
#include "riscv/timer.h"
#include "riscv/platform.h"
#include "vm/vm_page.h"
#include "vm/vm_map.h"
#include "mach_hostServer.h"

static uint64_t
ram_bytes(void)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < platform.nmem; i++)
		total += platform.mem[i].size;
	return total;
}

/*
 * host_info: what the host is (HOST_BASIC_INFO), its clock tick
 * (HOST_SCHED_INFO), priorities (HOST_PRIORITY_INFO), MachRV's time-CSR
 * tick in nanoseconds (HOST_MACHRV_TIMEBASE_INFO) and kernel object counts
 * (HOST_MACHRV_OBJECT_COUNTS).
 *   Returns: KERN_SUCCESS, KERN_INVALID_HOST, KERN_INVALID_ARGUMENT (an
 *   unknown flavor), KERN_FAILURE (*count too small).
 */
kern_return_t
host_info(host_t host, host_flavor_t flavor, host_info_t out, mach_msg_type_number_t *count)
{
	if (!host)
		return KERN_INVALID_HOST;
	switch (flavor) {
	case HOST_BASIC_INFO: {
		if (*count < HOST_BASIC_INFO_COUNT)
			return KERN_FAILURE;
		host_basic_info_data_t *bi = (host_basic_info_data_t *)out;
		uint64_t mem = ram_bytes();
		memset(bi, 0, sizeof(*bi));
		bi->max_cpus = MAX_CPUS;
		bi->avail_cpus = (integer_t)smp_online_count();
		bi->memory_size = mem > UINT32_MAX ? UINT32_MAX : (natural_t)mem;
		bi->cpu_type = CPU_TYPE_RISCV64;
		bi->cpu_subtype = CPU_SUBTYPE_RISCV_RV64GC;
		bi->physical_cpu = bi->logical_cpu = bi->avail_cpus;
		bi->physical_cpu_max = bi->logical_cpu_max = (integer_t)platform.nharts;
		bi->max_mem = mem;
		*count = HOST_BASIC_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_SCHED_INFO: {
		if (*count < HOST_SCHED_INFO_COUNT)
			return KERN_FAILURE;
		host_sched_info_data_t *si = (host_sched_info_data_t *)out;
		si->min_timeout = 1000 / HZ;
		si->min_quantum = 1000 / HZ * SCHED_QUANTUM_TICKS;
		*count = HOST_SCHED_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_MACHRV_TIMEBASE_INFO: {
		/* Nanoseconds per tick = 10^9 / timebase_hz, as a reduced fraction. */
		if (*count < HOST_MACHRV_TIMEBASE_INFO_COUNT || platform.timebase_hz == 0)
			return KERN_FAILURE;
		uint64_t numer = 1000000000ull, denom = platform.timebase_hz;
		uint64_t a = numer, b = denom;
		while (b) {
			uint64_t t = a % b;
			a = b;
			b = t;
		}
		struct host_machrv_timebase_info *tb = (struct host_machrv_timebase_info *)out;
		tb->numer = (natural_t)(numer / a);
		tb->denom = (natural_t)(denom / a);
		*count = HOST_MACHRV_TIMEBASE_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_MACHRV_OBJECT_COUNTS: {
		if (*count < MACHRV_OBJECT_COUNTS_COUNT)
			return KERN_FAILURE;
		struct machrv_object_counts *c = (struct machrv_object_counts *)out;
		/* Settle what the kernel finishes later: pager objects and dead threads. */
		memory_object_wait_reaped();
		sched_wait_dying_reaped();
		c->ports = (natural_t)ipc_port_count();
		c->port_sets = (natural_t)ipc_pset_count();
		c->spaces = (natural_t)ipc_space_count();
		c->kmsgs = (natural_t)ipc_kmsg_count();
		c->tasks = (natural_t)task_count();
		c->threads = (natural_t)thread_count();
		c->vm_maps = (natural_t)vm_map_count();
		c->vm_objects = (natural_t)vm_object_count();
		c->free_pages = (natural_t)(vm_page_free_count() + zone_pages_total() +
					    ipc_space_extra_pages());
		c->zone_objects = (natural_t)zone_objects_live();
		c->contig_pages = (natural_t)vm_contig_pages();
		*count = MACHRV_OBJECT_COUNTS_COUNT;
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/*
 * host_statistics: HOST_VM_INFO only: free and in-use pages and the fault
 * counters (every page not free counts as active).
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_INVALID_ARGUMENT
 *            (another flavor); KERN_FAILURE (`*count' too small).
 */
kern_return_t
host_statistics(host_t host, host_flavor_t flavor, host_info_t out, mach_msg_type_number_t *count)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (flavor != HOST_VM_INFO)
		return KERN_INVALID_ARGUMENT;
	if (*count < HOST_VM_INFO_COUNT)
		return KERN_FAILURE;
	vm_statistics_data_t *vs = (vm_statistics_data_t *)out;
	memset(vs, 0, sizeof(*vs));
	vs->free_count = (natural_t)vm_page_free_count();
	vs->active_count = (natural_t)(vm_page_total_count() - vm_page_free_count());
	vs->faults = (natural_t)vm_stat_faults;
	vs->zero_fill_count = (natural_t)vm_stat_zero_fills;
	vs->cow_faults = (natural_t)vm_stat_cow_faults;
	*count = HOST_VM_INFO_COUNT;
	return KERN_SUCCESS;
}

/* host_kernel_version: the banner.  Returns: KERN_SUCCESS; KERN_INVALID_HOST. */
kern_return_t
host_kernel_version(host_t host, kernel_version_t kernel_version)
{
	if (!host)
		return KERN_INVALID_HOST;
	strlcpy(kernel_version, MACHRV_BANNER, sizeof(kernel_version_t));
	if (MACHRV_VARIANT_STRING) {	/* a build variant, as the boot says */
		size_t n = strlen(kernel_version);
		snprintf(kernel_version + n, sizeof(kernel_version_t) - n, " (variant: %s)",
			 MACHRV_VARIANT_STRING);
	}
	return KERN_SUCCESS;
}

/* host_page_size: PAGE_SIZE.  Returns: KERN_SUCCESS; KERN_INVALID_HOST. */
kern_return_t
host_page_size(host_t host, vm_size_t *out_page_size)
{
	if (!host)
		return KERN_INVALID_HOST;
	*out_page_size = PAGE_SIZE;
	return KERN_SUCCESS;
}

/* Memory objects come with the VM issue. */
kern_return_t
mach_memory_object_memory_entry(host_t host, boolean_t internal, vm_size_t size,
				vm_prot_t permission, ipc_port_t pager, ipc_port_t *entry_handle)
{
	(void)host, (void)internal, (void)size, (void)permission, (void)pager, (void)entry_handle;
	return KERN_NOT_SUPPORTED;
}
