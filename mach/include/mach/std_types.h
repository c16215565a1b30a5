/* SPDX-License-Identifier: BSD-2-Clause */
/* The C types behind std_types.defs, included by every MIG-generated file. */
#ifndef _MACH_STD_TYPES_H_
#define _MACH_STD_TYPES_H_

#include <stdint.h>
#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/vm_types.h>
#include <mach/message.h>

typedef int32_t int32;
typedef uint32_t unsigned32;
typedef int64_t int64;
typedef uint64_t unsigned64;

#endif /* _MACH_STD_TYPES_H_ */
