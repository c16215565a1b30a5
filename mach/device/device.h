/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device master: the kernel object behind the device master port
 * (host special port HOST_IO_MASTER_PORT), which serves <machrv/device_master.defs>
 * to user-level drivers.  device/device_map.c finds devices and maps their
 * registers; device/device_intr.c turns their interrupts into messages.
 * docs/devices.md is the reference.
 */
#ifndef _DEVICE_DEVICE_H_
#define _DEVICE_DEVICE_H_
#include <stdbool.h>
#include <stdint.h>
#include "ipc/ipc_port.h"

/* The one device master: what the device master port stands for. */
struct device_master {
	int	unused;
};
extern struct device_master device_master;

/* device_bootstrap: make the device master port (from host_bootstrap). */
void device_bootstrap(void);
/* device_master_port: the kernel's receive right; make send rights from it. */
ipc_port_t device_master_port(void);

/* A device the kernel hands to drivers: registers and interrupt (0: none). */
struct device_desc {
	const char	*kind;		/* "uart", "virtio" */
	unsigned	unit;
	uint64_t	base, size;
	uint32_t	irq;
};

/*
 * device_find_name: the device called `name' ("uart", "virtio0", ...),
 * from the device tree (riscv/platform.c).  False if there is none.
 */
bool device_find_name(const char *name, struct device_desc *d);
/* device_find_irq: is `irq' a device's interrupt (device_find_name's)? */
bool device_find_irq(uint32_t irq);

#endif /* _DEVICE_DEVICE_H_ */
