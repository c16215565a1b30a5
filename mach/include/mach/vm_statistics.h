/* SPDX-License-Identifier: BSD-2-Clause */
/* Page counts (host_statistics HOST_VM_INFO) and the flags of vm_allocate
 * and vm_map. */
#ifndef _MACH_VM_STATISTICS_H_
#define _MACH_VM_STATISTICS_H_

#include <mach/machine/vm_types.h>

/* Counts of pages and events since boot. */
struct vm_statistics {
	natural_t free_count;
	natural_t active_count;
	natural_t inactive_count;
	natural_t wire_count;
	natural_t zero_fill_count;
	natural_t reactivations;
	natural_t pageins;
	natural_t pageouts;
	natural_t faults;
	natural_t cow_faults;
	natural_t lookups;
	natural_t hits;
};
typedef struct vm_statistics vm_statistics_data_t;
typedef struct vm_statistics *vm_statistics_t;
#define HOST_VM_INFO_COUNT \
	((unsigned int)(sizeof(vm_statistics_data_t) / sizeof(natural_t)))

/* vm_allocate and vm_map flags.  TRUE (1) means "anywhere", so programs
 * that pass a boolean `anywhere', as in older Mach, still work. */
#define VM_FLAGS_FIXED     0x0000
#define VM_FLAGS_ANYWHERE  0x0001
#define VM_FLAGS_OVERWRITE 0x4000   /* vm_map: replace what is mapped there */

#endif /* _MACH_VM_STATISTICS_H_ */
