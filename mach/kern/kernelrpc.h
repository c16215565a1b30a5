/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel-RPC traps (XNU's _kernelrpc_*_trap): the hottest mach_port
 * and vm_map calls as traps, beside their MIG messages.  Each takes the
 * target task as a name in the caller's space, as the message's
 * destination, and runs the server routine the message would reach
 * (mach/ipc/mach_port.c, mach_port_server.c, mach/vm/vm_user.c) on that
 * task, so it gives the same results and the same errors.
 *
 * When the name is not a send right to a live task port (no such name, a
 * dead name, a user's port, another kernel object's port) the trap does
 * nothing and says MACH_SEND_INVALID_DEST; libmach (libmach/kernelrpc.c)
 * then sends the message, which answers as it always did (for a bad name,
 * MACH_SEND_INVALID_DEST; for a user's port, what its receiver says).
 *
 * For the caller's own task (mach_task_self()), allocate, destroy,
 * deallocate and mod_refs run the routine's _locked form under the one
 * lock of the space that found the name (ipc/mach_port.h), with no
 * reference taken: one space lock and lookup fewer than the general way.
 *
 * Out-pointer arguments are user addresses: a copyout that fails undoes
 * the call (the new right is destroyed, the new memory unmapped) and says
 * KERN_INVALID_ADDRESS (the message's stub would fault instead).
 */
#ifndef _KERN_KERNELRPC_H_
#define _KERN_KERNELRPC_H_
#include "riscv/trap.h"

/* (target, right, mach_port_name_t *name) */
long kernelrpc_mach_port_allocate_trap(struct trap_frame *tf);
/* (target, name) */
long kernelrpc_mach_port_destroy_trap(struct trap_frame *tf);
/* (target, name) */
long kernelrpc_mach_port_deallocate_trap(struct trap_frame *tf);
/* (target, name, right, delta) */
long kernelrpc_mach_port_mod_refs_trap(struct trap_frame *tf);
/* (target, member, after) */
long kernelrpc_mach_port_move_member_trap(struct trap_frame *tf);
/*
 * (target, name, poly, polyPoly): `poly' is a name in the caller's space
 * and polyPoly its disposition, copied in as a message's port descriptor
 * would be (MACH_SEND_INVALID_TYPE, MACH_SEND_INVALID_RIGHT as the send
 * says them); a right the target does not take is destroyed, as the
 * kernel's server destroys a request it fails.
 */
long kernelrpc_mach_port_insert_right_trap(struct trap_frame *tf);
/*
 * (target, name, msgid, sync, notify, notifyPoly, mach_port_name_t
 * *previous): XNU's trap 77.  `notify' is copied in as the request's port
 * descriptor would be; a right that is not send-once is MIG_TYPE_ERROR
 * (and destroyed), as the kernel's server says; the request replaced comes
 * back as a send-once right named in the caller's space.
 */
long kernelrpc_mach_port_request_notification_trap(struct trap_frame *tf);
/* (target, name, pset) */
long kernelrpc_mach_port_insert_member_trap(struct trap_frame *tf);
/* (target, name, pset) */
long kernelrpc_mach_port_extract_member_trap(struct trap_frame *tf);
/* (target, vm_address_t *address, size, flags) */
long kernelrpc_mach_vm_allocate_trap(struct trap_frame *tf);
/* (target, address, size) */
long kernelrpc_mach_vm_deallocate_trap(struct trap_frame *tf);
/* (target, address, size, set_maximum, new_protection) */
long kernelrpc_mach_vm_protect_trap(struct trap_frame *tf);
/*
 * (target, vm_address_t *address, size, mask, flags, cur_protection):
 * vm_map of anonymous memory (no memory object, offset 0, no copy,
 * maximum protection VM_PROT_ALL, inheritance VM_INHERIT_DEFAULT).
 */
long kernelrpc_mach_vm_map_trap(struct trap_frame *tf);
/*
 * machrv_task_writable_trap (MachRV's trap 123, <mach/syscall_sw.h>):
 * (target, address, size): is the range mapped writable in the target's
 * map (vm_map_check_access)?  KERN_INVALID_ARGUMENT when `target' is
 * not a send right to a live task's port.
 */
long machrv_task_writable_trap(struct trap_frame *tf);
/*
 * machrv_vm_read_overwrite_trap (MachRV's trap 124): (target, address,
 * size, data, vm_size_t *outsize): vm_read_overwrite (vm/vm_user.c).
 * machrv_vm_write_trap (MachRV's trap 125): (target, address, data,
 * count): vm_write with the data read from the caller's memory
 * (vm_write_from_user), not from a message.  XNU has no trap for these;
 * MachRV's servers copy their clients' bytes with them (bsd_server's
 * copyin and copyout, docs/bsd.md "How data moves"), and a message costs
 * several times the copy.
 */
long machrv_vm_read_overwrite_trap(struct trap_frame *tf);
long machrv_vm_write_trap(struct trap_frame *tf);
/*
 * machrv_port_set_label_trap (MachRV's trap 126): (target, name, const
 * char *label): mach_port_set_label (ipc/ipc_info.c), the label read
 * from the caller's memory (KERN_INVALID_ADDRESS if it cannot be).
 * Servers label every port they make (fss a port per open file).
 */
long machrv_port_set_label_trap(struct trap_frame *tf);

#endif /* _KERN_KERNELRPC_H_ */
