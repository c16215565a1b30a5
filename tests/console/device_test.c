// SPDX-License-Identifier: BSD-2-Clause
// The kernel's device interface seen by a task holding the device port
// (device.conf, beside the console driver): finding devices, mapping
// their registers, the requests it must refuse (RAM, wrong sizes, what is
// not a device) and the rules of interrupt registration.  Its exit
// status is the number of failed facts.
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <machrv/device_master.h>
#include <servers/bootstrap.h>
#include <servers/console.h>
#include <machrv/console.h>
#include <machrv/object_counts.h>
#include "../common/fact.h"

// QEMU virt: RAM from 0x80000000; the PLIC at 0x0c000000; nothing at 0.
#define VIRT_RAM	0x80200000UL
#define VIRT_PLIC	0x0c000000UL
#define VIRTIO_MAGIC	0x74726976u	/* "virt", virtio-mmio register 0 */

// The kernel's count of VM objects (host_info HOST_MACHRV_OBJECT_COUNTS).
static natural_t objects(mach_port_t dev)
{
	(void)dev;
	struct machrv_object_counts c;
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;
	if (host_info(mach_host_self(), HOST_MACHRV_OBJECT_COUNTS, (host_info_t)&c, &n))
		return 0;
	return c.vm_objects;
}

int main(void)
{
	// The console driver has registered its interrupt once it serves.
	kern_return_t kr = console_write(machrv_console_port(), "device_test: start\n", 19);
	FACT("the_console_driver_serves", kr == KERN_SUCCESS, "console_write %d", kr);

	mach_port_array_t given = NULL;
	mach_msg_type_number_t ngiven = 0;
	kr = mach_ports_lookup(mach_task_self(), &given, &ngiven);
	mach_port_t dev = kr == KERN_SUCCESS && ngiven > 0 ? given[0] : MACH_PORT_NULL;
	FACT("ports_device_gives_the_device_port", MACH_PORT_VALID(dev), "lookup %d", kr);

	device_phys_t uart = 0, virtio = 0;
	vm_size_t uart_size = 0, virtio_size = 0;
	natural_t uart_irq = 0, virtio_irq = 0;
	kr = device_lookup(dev, "uart", &uart, &uart_size, &uart_irq);
	FACT("device_lookup_finds_the_uart", kr == KERN_SUCCESS && uart_size && uart_irq,
	     "got %d, %#lx+%#lx irq %u", kr, (unsigned long)uart, (unsigned long)uart_size,
	     uart_irq);
	kr = device_lookup(dev, "virtio0", &virtio, &virtio_size, &virtio_irq);
	FACT("device_lookup_finds_virtio0", kr == KERN_SUCCESS && virtio_size >= 8 && virtio_irq,
	     "got %d", kr);
	device_phys_t p;
	vm_size_t s;
	natural_t i;
	kr = device_lookup(dev, "floppy", &p, &s, &i);
	FACT("device_lookup_of_an_unknown_name_is_invalid_name", kr == KERN_INVALID_NAME,
	     "got %d", kr);

	vm_address_t addr = 0;
	kr = device_map_registers(dev, mach_task_self(), VIRT_RAM, 0x1000, &addr);
	FACT("device_map_registers_refuses_ram", kr == KERN_PROTECTION_FAILURE, "got %d", kr);
	kr = device_map_registers(dev, mach_task_self(), uart, uart_size + 1, &addr);
	FACT("device_map_registers_refuses_a_size_past_the_device", kr == KERN_INVALID_ARGUMENT, "got %d", kr);
	kr = device_map_registers(dev, mach_task_self(), uart, 0, &addr);
	FACT("device_map_registers_refuses_size_0", kr == KERN_INVALID_ARGUMENT, "got %d", kr);
	kr = device_map_registers(dev, mach_task_self(), ~0UL - 0x10, 0x20, &addr);
	FACT("device_map_registers_refuses_a_range_that_wraps", kr == KERN_INVALID_ARGUMENT, "got %d", kr);
	kr = device_map_registers(dev, mach_task_self(), ~0UL - 0x10, 0x8, &addr);
	FACT("device_map_registers_refuses_the_last_page_of_the_address_space", kr == KERN_INVALID_ARGUMENT,
	     "got %d", kr);
	kr = device_map_registers(dev, mach_task_self(), VIRT_PLIC, 0x1000, &addr);
	FACT("device_map_registers_refuses_the_interrupt_controller", kr == KERN_INVALID_ADDRESS,
	     "got %d", kr);
	kr = device_map_registers(dev, mach_task_self(), 0, 0x1000, &addr);
	FACT("device_map_registers_refuses_an_address_with_no_device", kr == KERN_INVALID_ADDRESS,
	     "got %d", kr);
	kr = device_map_registers(dev, MACH_PORT_NULL, virtio, virtio_size, &addr);
	FACT("device_map_registers_needs_a_task", kr == KERN_INVALID_TASK || kr == MIG_TYPE_ERROR ||
	     kr == MACH_SEND_INVALID_DEST, "got %d", kr);

	natural_t objects0 = objects(dev);
	kr = device_map_registers(dev, mach_task_self(), virtio, virtio_size, &addr);
	uint32_t magic = kr == KERN_SUCCESS ? *(volatile uint32_t *)addr : 0;
	FACT("device_map_registers_maps_the_registers_themselves", kr == KERN_SUCCESS && magic == VIRTIO_MAGIC,
	     "got %d, register 0 is %#x", kr, magic);
	FACT("device_map_registers_makes_one_vm_object", kr == KERN_SUCCESS && objects(dev) == objects0 + 1,
	     "%u objects before, %u after", objects0, objects(dev));
	if (kr == KERN_SUCCESS) {
		vm_offset_t data = 0;
		mach_msg_type_number_t count = 0;
		kern_return_t rr = vm_read(mach_task_self(), addr, 4, &data, &count);
		FACT("vm_read_does_not_copy_device_registers", rr != KERN_SUCCESS, "got %d", rr);
		uint32_t word = 0;
		rr = vm_write(mach_task_self(), addr, (vm_offset_t)&word, 4);
		FACT("vm_write_does_not_write_device_registers", rr != KERN_SUCCESS, "got %d", rr);
		vm_address_t anon = 0;
		vm_allocate(mach_task_self(), &anon, vm_page_size, VM_FLAGS_ANYWHERE);
		rr = vm_copy(mach_task_self(), trunc_page(addr), vm_page_size, anon);
		uint32_t copied = rr == KERN_SUCCESS ? *(volatile uint32_t *)anon : 0;
		FACT("a_vm_copy_of_device_memory_shares_the_registers",
		     rr == KERN_SUCCESS && copied == VIRTIO_MAGIC, "got %d, register 0 %#x", rr, copied);
		vm_deallocate(mach_task_self(), anon, vm_page_size);

		// A child given the mapping copy-on-write: the kernel must cope.
		rr = vm_inherit(mach_task_self(), trunc_page(addr), vm_page_size, VM_INHERIT_COPY);
		task_t child = MACH_PORT_NULL;
		kern_return_t cr = rr == KERN_SUCCESS ? task_create(mach_task_self(), NULL, 0, TRUE,
								      &child) : rr;
		vm_offset_t cdata = 0;
		mach_msg_type_number_t ccount = 0;
		kern_return_t crr = cr == KERN_SUCCESS ?
			vm_read(child, trunc_page(addr), 4, &cdata, &ccount) : cr;
		FACT("a_child_inheriting_a_device_mapping_is_made_and_cannot_vm_read_it",
		     cr == KERN_SUCCESS && crr != KERN_SUCCESS, "inherit %d, create %d, read %d",
		     rr, cr, crr);
		if (cr == KERN_SUCCESS)
			task_terminate(child);
		magic = *(volatile uint32_t *)addr;
		FACT("the_parent_still_reaches_the_registers_after_a_fork", magic == VIRTIO_MAGIC,
		     "register 0 is %#x", magic);
		rr = vm_deallocate(mach_task_self(), trunc_page(addr), round_page(virtio_size));
		FACT("a_device_mapping_can_be_removed", rr == KERN_SUCCESS, "got %d", rr);
		FACT("a_removed_device_mapping_frees_its_object", objects(dev) == objects0,
		     "%u objects before, %u after", objects0, objects(dev));
	}

	mach_port_t port;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	kr = device_intr_register(dev, uart_irq, port);
	FACT("an_interrupt_another_driver_has_is_refused", kr == KERN_NO_ACCESS, "got %d", kr);
	kr = device_intr_register(dev, 0, port);
	FACT("interrupt_0_is_not_a_device_interrupt", kr == KERN_INVALID_VALUE, "got %d", kr);
	kr = device_intr_register(dev, 1000, port);
	FACT("an_interrupt_no_device_has_is_refused", kr == KERN_INVALID_VALUE, "got %d", kr);
	kr = device_intr_ack(dev, virtio_irq);
	FACT("acknowledging_an_unregistered_interrupt_is_refused", kr == KERN_INVALID_VALUE,
	     "got %d", kr);
	kr = device_intr_register(dev, virtio_irq, port);
	FACT("a_free_device_interrupt_can_be_registered", kr == KERN_SUCCESS, "got %d", kr);
	kr = device_intr_ack(dev, virtio_irq);
	FACT("acknowledging_an_armed_interrupt_changes_nothing", kr == KERN_SUCCESS, "got %d", kr);
	mach_port_t other;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &other);
	kr = device_intr_register(dev, virtio_irq, other);
	FACT("a_second_port_for_a_registered_interrupt_is_refused", kr == KERN_NO_ACCESS,
	     "got %d", kr);
	mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
	kr = device_intr_register(dev, virtio_irq, other);
	FACT("an_interrupt_whose_port_died_can_be_registered_again", kr == KERN_SUCCESS,
	     "got %d", kr);

	printf("device_test: %d failed\n", failures);
	return failures;
}
