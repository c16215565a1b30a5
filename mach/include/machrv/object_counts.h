/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * MachRV's host_info flavor HOST_MACHRV_OBJECT_COUNTS: how many of each
 * kernel object exist and how many physical pages are free, for leak
 * checks in tests and for students watching the kernel.
 */
#ifndef _MACHRV_OBJECT_COUNTS_H_
#define _MACHRV_OBJECT_COUNTS_H_
#include <mach/machine/vm_types.h>

#define HOST_MACHRV_OBJECT_COUNTS	100

struct machrv_object_counts {
	natural_t	ports;
	natural_t	port_sets;
	natural_t	spaces;
	natural_t	kmsgs;
	natural_t	tasks;
	natural_t	threads;
	natural_t	vm_maps;
	natural_t	vm_objects;
	natural_t	free_pages;	/* plus the pages zones and name tables keep for reuse */
	natural_t	zone_objects;	/* objects in use in all zones */
	natural_t	contig_pages;	/* held by vm_allocate_contiguous memory */
};

#define MACHRV_OBJECT_COUNTS_COUNT \
	((mach_msg_type_number_t)(sizeof(struct machrv_object_counts) / sizeof(natural_t)))

#endif /* _MACHRV_OBJECT_COUNTS_H_ */
