/* SPDX-License-Identifier: BSD-2-Clause */
/* Constants of the memory object interfaces (<mach/memory_object*.defs>), as in Mach. */
#ifndef _MACH_MEMORY_OBJECT_TYPES_H_
#define _MACH_MEMORY_OBJECT_TYPES_H_

/* memory_object_lock_request's should_return: which pages come back with data_return. */
#define MEMORY_OBJECT_RETURN_NONE	0	/* none */
#define MEMORY_OBJECT_RETURN_DIRTY	1	/* those written since supplied or returned */
#define MEMORY_OBJECT_RETURN_ALL	2	/* every resident page */
#define MEMORY_OBJECT_RETURN_ANYTHING	3	/* the same, here */

#endif /* _MACH_MEMORY_OBJECT_TYPES_H_ */
