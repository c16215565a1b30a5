/* SPDX-License-Identifier: BSD-2-Clause */
/* Expected access patterns of a region (vm_behavior_set). */
#ifndef _MACH_VM_BEHAVIOR_H_
#define _MACH_VM_BEHAVIOR_H_

#include <mach/vm_types.h>

#define VM_BEHAVIOR_DEFAULT     ((vm_behavior_t)0)
#define VM_BEHAVIOR_RANDOM      ((vm_behavior_t)1)
#define VM_BEHAVIOR_SEQUENTIAL  ((vm_behavior_t)2)
#define VM_BEHAVIOR_RSEQNTL     ((vm_behavior_t)3)
#define VM_BEHAVIOR_WILLNEED    ((vm_behavior_t)4)
#define VM_BEHAVIOR_DONTNEED    ((vm_behavior_t)5)

#endif /* _MACH_VM_BEHAVIOR_H_ */
