// SPDX-License-Identifier: BSD-2-Clause
// The console driver: a user task that owns the UART.  It maps the UART's
// registers and takes its interrupt through the kernel's device interface
// (<mach/device.defs>, on the device port its configuration line gives,
// --ports=device), checks in the service "console" with bootstrap, and
// serves <servers/console.defs> and the interrupt messages on one port set.
// docs/console.md follows a byte through it.
#include <stdio.h>
#include <stdlib.h>
#include <mach/mach.h>
#include <mach/device.h>
#include <machrv/console.h>
#include <servers/bootstrap.h>
#include <servers/console_types.h>
#include "console_driver.h"
#include "uart.h"

static mach_port_t device_port, intr_port, service_port;
static uint32_t uart_irq;

// Our own messages go through the kernel: a console client of ourselves
// would wait for itself.
__attribute__((noreturn)) static void fail(const char *what, kern_return_t kr)
{
	printf("console: %s: %s (%d)\n", what, mach_error_string(kr), kr);
	exit(1);
}

// An interrupt message (it can come only from the kernel: nobody else
// holds a send right to intr_port), or a console.defs request.
static boolean_t demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	if (in->msgh_local_port == intr_port && in->msgh_id == DEVICE_INTR_NOTIFY) {
		console_receive();
		kern_return_t kr = device_intr_ack(device_port, uart_irq);
		if (kr != KERN_SUCCESS)
			printf("console: device_intr_ack: %s\n", mach_error_string(kr));
		out->msgh_bits = 0;
		((mig_reply_error_t *)out)->RetCode = MIG_NO_REPLY;
		return TRUE;
	}
	return console_demux(in, out);
}

int main(void)
{
	machrv_console_use_kernel();

	mach_port_array_t given = NULL;
	mach_msg_type_number_t ngiven = 0;
	kern_return_t kr = mach_ports_lookup(mach_task_self(), &given, &ngiven);
	if (kr != KERN_SUCCESS || ngiven < 1 || !MACH_PORT_VALID(given[0]))
		fail("no device port (the configuration line needs --ports=device)",
		     kr ? kr : KERN_INVALID_CAPABILITY);
	device_port = given[0];

	device_phys_t phys;
	vm_size_t size;
	natural_t irq;
	if ((kr = device_lookup(device_port, "uart", &phys, &size, &irq)) != KERN_SUCCESS)
		fail("device_lookup uart", kr);
	vm_address_t regs;
	if ((kr = device_map(device_port, mach_task_self(), phys, size, &regs)) != KERN_SUCCESS)
		fail("device_map", kr);
	uart_irq = irq;
	console_serve_init();
	uart_setup((volatile uint8_t *)regs);

	if ((kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &intr_port)))
		fail("mach_port_allocate", kr);
	if ((kr = device_intr_register(device_port, uart_irq, intr_port)) != KERN_SUCCESS)
		fail("device_intr_register", kr);
	if ((kr = bootstrap_check_in(bootstrap_port, CONSOLE_SERVICE_NAME, &service_port)))
		fail("bootstrap_check_in console", kr);

	mach_port_t set;
	if ((kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &set)) ||
	    (kr = mach_port_move_member(mach_task_self(), intr_port, set)) ||
	    (kr = mach_port_move_member(mach_task_self(), service_port, set)))
		fail("port set", kr);
	printf("console: uart at %#lx irq %u\n", (unsigned long)phys, uart_irq);
	// Bytes typed before we took the interrupt are waiting: take them now.
	console_receive();
	kr = mach_msg_server(demux, 8192, set, 0);
	fail("mach_msg_server", kr);
}
