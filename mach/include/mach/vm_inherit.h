/* SPDX-License-Identifier: BSD-2-Clause */
/* What a child task gets of a region of its parent's address space (task_create). */
#ifndef _MACH_VM_INHERIT_H_
#define _MACH_VM_INHERIT_H_

#include <mach/vm_types.h>

#define VM_INHERIT_SHARE	((vm_inherit_t)0)	/* the same memory */
#define VM_INHERIT_COPY		((vm_inherit_t)1)	/* a copy (copy-on-write) */
#define VM_INHERIT_NONE		((vm_inherit_t)2)	/* nothing: unmapped */
#define VM_INHERIT_DONATE_COPY	((vm_inherit_t)3)	/* a copy, and unmapped here */
#define VM_INHERIT_DEFAULT	VM_INHERIT_COPY
#define VM_INHERIT_LAST_VALID	VM_INHERIT_NONE

#endif /* _MACH_VM_INHERIT_H_ */
