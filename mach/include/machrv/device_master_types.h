/* SPDX-License-Identifier: BSD-2-Clause */
/* Types of MachRV's driver-support interface (<machrv/device_master.defs>):
 * names, and the message that carries a device interrupt to its driver. */
#ifndef _MACHRV_DEVICE_MASTER_TYPES_H_
#define _MACHRV_DEVICE_MASTER_TYPES_H_
#include <mach/message.h>

typedef char device_name_t[32];
/* The device master port: a port to user space, the kernel's object inside it. */
#ifdef MACH_KERNEL
typedef struct device_master *device_master_t;
#else
typedef mach_port_t device_master_t;
#endif
typedef const char *const_device_name_t;
typedef uint64_t device_phys_t;

/* The id of an interrupt message (in device_master's block, clear of its
 * routines' ids 5800..5803 and their replies 5900..5903). */
#define DEVICE_INTR_NOTIFY	5890

/*
 * Sent by the kernel on the port given to device_intr_register each time
 * the interrupt fires; the interrupt is then masked until device_intr_ack.
 * Simple (no rights besides the destination), from the kernel's security
 * token.  `count' is how many times the interrupt has fired since boot.
 */
typedef struct {
	mach_msg_header_t	Head;
	uint32_t		irq;
	uint32_t		pad;
	uint64_t		count;
} device_intr_notification_t;

#endif /* _MACHRV_DEVICE_MASTER_TYPES_H_ */
