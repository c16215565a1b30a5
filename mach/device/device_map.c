/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device master port and the devices it hands out (see device/device.h):
 * device_lookup, and device_map_registers, which maps a device's registers into a
 * task as a device VM object (vm/vm_object.h).  It checks
 * everything first (device_map_check) and then cannot fail except for
 * memory or address space (device_map_commit).
 */
#include <machrv/device_master_types.h>
#include "device/device.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "lib/string.h"
#include "riscv/platform.h"
#include "vm/vm_map.h"
#include "device_masterServer.h"

struct device_master device_master;
static ipc_port_t master_port;

void
device_bootstrap(void)
{
	master_port = ipc_port_create();
	if (!master_port)
		panic("device_bootstrap: no memory for the device master port");
	master_port->ip_receiver = ipc_space_kernel;
	ipc_port_set_kobject(master_port, IKOT_DEVICE_MASTER, &device_master);
}

ipc_port_t device_master_port(void) { return master_port; }

/* Devices drivers may have: the UART (n = 0), then the virtio-mmio slots. */
static unsigned
device_count(void)
{
	return 1 + platform.nvirtio;
}

/* Device n (< device_count()); its size is 0 when the tree has none. */
static void
device_nth(unsigned n, struct device_desc *d)
{
	if (n == 0)
		*d = (struct device_desc){ "uart", 0, platform.uart.base, platform.uart.size,
					   platform.uart_irq };
	else
		*d = (struct device_desc){ "virtio", n - 1, platform.virtio[n - 1].base,
					   platform.virtio[n - 1].size, platform.virtio_irq[n - 1] };
}

/* The name device_lookup knows `d' by: "uart", "virtio3". */
static void
device_label(const struct device_desc *d, char *buf, size_t size)
{
	if (strcmp(d->kind, "uart") == 0)
		snprintf(buf, size, "uart");
	else
		snprintf(buf, size, "%s%u", d->kind, d->unit);
}

bool
device_find_name(const char *name, struct device_desc *d)
{
	char label[32];

	for (unsigned n = 0; n < device_count(); n++) {
		device_nth(n, d);
		device_label(d, label, sizeof(label));
		if (d->size && strcmp(label, name) == 0)
			return true;
	}
	return false;
}

bool
device_find_irq(uint32_t irq)
{
	struct device_desc d;

	for (unsigned n = 0; n < device_count(); n++) {
		device_nth(n, &d);
		if (d.size && irq != 0 && d.irq == irq)
			return true;
	}
	return false;
}

static bool
overlaps(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

/*
 * device_map_check: may [phys, phys + size) be mapped for a driver?  On
 * success *dev is its device.  Says why not on the console.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (size 0, wraps, past the
 *   device's end); KERN_PROTECTION_FAILURE (touches RAM);
 *   KERN_INVALID_ADDRESS (not in a device, or its pages hold another).
 */
static kern_return_t
device_map_check(uint64_t phys, uint64_t size, struct device_desc *dev)
{
	if (size == 0 || phys + size < phys || round_page(phys + size) < phys) {
		printf("device_map_registers: %#lx+%#lx: size must be 1 to the device's size\n", phys, size);
		return KERN_INVALID_ARGUMENT;
	}
	uint64_t start = trunc_page(phys), end = round_page(phys + size);
	for (unsigned i = 0; i < platform.nmem; i++) {
		if (overlaps(start, end - start, platform.mem[i].base, platform.mem[i].size)) {
			printf("device_map_registers: %#lx+%#lx is RAM, not a device\n", phys, size);
			return KERN_PROTECTION_FAILURE;
		}
	}
	bool found = false;
	struct device_desc d;
	for (unsigned n = 0; n < device_count(); n++) {
		device_nth(n, &d);
		if (d.size && phys >= d.base && phys < d.base + d.size) {
			*dev = d;
			found = true;
			break;
		}
	}
	if (!found) {
		printf("device_map_registers: %#lx is not a device's registers\n", phys);
		return KERN_INVALID_ADDRESS;
	}
	if (phys + size > dev->base + dev->size) {
		char label[32];
		device_label(dev, label, sizeof(label));
		printf("device_map_registers: %#lx+%#lx runs past the end of %s (%#lx bytes)\n", phys, size,
		       label, dev->size);
		return KERN_INVALID_ARGUMENT;
	}
	/* The whole pages are mapped: they must hold nothing but this device. */
	bool alone = !overlaps(start, end - start, platform.plic.base, platform.plic.size);
	for (unsigned n = 0; alone && n < device_count(); n++) {
		device_nth(n, &d);
		if (d.size && d.base != dev->base && overlaps(start, end - start, d.base, d.size))
			alone = false;
	}
	if (!alone) {
		printf("device_map_registers: the pages of %#lx+%#lx hold another device\n", phys, size);
		return KERN_INVALID_ADDRESS;
	}
	return KERN_SUCCESS;
}

/*
 * device_map_commit: map the checked range's pages into `map' as a new
 * device object (read/write, never executable, not inherited).
 *   Returns: KERN_SUCCESS (*addrp: where `phys' is), KERN_NO_SPACE,
 *   KERN_RESOURCE_SHORTAGE.
 */
static kern_return_t
device_map_commit(vm_map_t map, uint64_t phys, uint64_t size, uintptr_t *addrp)
{
	uint64_t start = trunc_page(phys), span = round_page(phys + size) - start;
	vm_object_t object = vm_object_allocate(span);

	if (!object)
		return KERN_RESOURCE_SHORTAGE;
	object->device = true;
	object->device_base = start;
	uintptr_t addr = 0;
	kern_return_t kr = vm_map_enter(map, &addr, span, true, object, 0,
					VM_PROT_READ | VM_PROT_WRITE, VM_PROT_READ | VM_PROT_WRITE,
					VM_INHERIT_NONE);
	if (kr != KERN_SUCCESS) {
		vm_object_deallocate(object);
		return kr;
	}
	*addrp = addr + (phys - start);
	return KERN_SUCCESS;
}

/* ---- <machrv/device_master.defs>, served on the device master port ---- */

/*
 * device_lookup (5800): the registers and interrupt of the device `name'.
 *   Locks:   none (platform is read-only after boot).
 *   Returns: KERN_SUCCESS; KERN_INVALID_CAPABILITY (not the device master
 *            port); KERN_INVALID_NAME (no such device).
 */
kern_return_t
device_lookup(device_master_t master, const_device_name_t name, device_phys_t *phys, vm_size_t *size,
	      natural_t *irq)
{
	struct device_desc d;

	if (!master)
		return KERN_INVALID_CAPABILITY;
	/* The stub refused a name without its terminating NUL. */
	if (!device_find_name(name, &d))
		return KERN_INVALID_NAME;
	*phys = d.base;
	*size = d.size;
	*irq = d.irq;
	return KERN_SUCCESS;
}

/*
 * device_map_registers (5801): map device registers into `map' (device_map_check,
 * then device_map_commit).
 *   Locks:   none on entry; vm_map_enter takes the map's.
 *   Refs:    the map reference is the stub's (it drops it afterwards).
 *   Returns: KERN_INVALID_CAPABILITY, KERN_INVALID_TASK, and those of
 *            device_map_check and device_map_commit.
 */
kern_return_t
device_map_registers(device_master_t master, vm_map_t map, device_phys_t phys, vm_size_t size,
	   vm_address_t *address)
{
	struct device_desc d;
	uintptr_t addr;

	if (!master)
		return KERN_INVALID_CAPABILITY;
	if (!map)
		return KERN_INVALID_TASK;
	kern_return_t kr = device_map_check(phys, size, &d);
	if (kr == KERN_SUCCESS)
		kr = device_map_commit(map, phys, size, &addr);
	if (kr == KERN_SUCCESS)
		*address = addr;
	return kr;
}
