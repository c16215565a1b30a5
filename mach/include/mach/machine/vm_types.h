/* SPDX-License-Identifier: BSD-2-Clause */
/* Machine-dependent sizes of Mach's integer and VM types (LP64: riscv64 and
 * the x86_64 host, where mig's round-trip tests run). */
#ifndef _MACH_MACHINE_VM_TYPES_H_
#define _MACH_MACHINE_VM_TYPES_H_

#include <stdint.h>

/* natural_t and integer_t stay 32 bits on LP64, as in XNU: they are the
 * units of message data and of port names. */
typedef uint32_t natural_t;
typedef int32_t integer_t;

/* Addresses and sizes are pointer-sized. */
typedef uintptr_t vm_offset_t;
typedef uintptr_t vm_size_t;
typedef uintptr_t vm_address_t;
typedef uint64_t mach_vm_address_t;
typedef uint64_t mach_vm_offset_t;
typedef uint64_t mach_vm_size_t;
typedef uint64_t vm_map_offset_t;
typedef uint64_t vm_map_address_t;
typedef uint64_t vm_map_size_t;
typedef uint32_t vm32_offset_t;
/* A physical address as it travels in messages (GNU Mach: vm_allocate_contiguous). */
typedef uint64_t rpc_phys_addr_t;
typedef rpc_phys_addr_t *rpc_phys_addr_array_t;
typedef const rpc_phys_addr_t *const_rpc_phys_addr_array_t;

/* GNU Mach's names for the types of its interfaces, as on its 64-bit
 * targets (<mach/std_types.defs>, <mach/mach_types.defs>). */
typedef uintptr_t rpc_uintptr_t;
typedef uintptr_t rpc_vm_address_t;
typedef uintptr_t rpc_vm_offset_t;
typedef uintptr_t rpc_vm_size_t;
typedef uint64_t rpc_long_natural_t;
typedef int64_t rpc_long_integer_t;
typedef uint64_t long_natural_t;
typedef int64_t long_integer_t;

#endif /* _MACH_MACHINE_VM_TYPES_H_ */
