// SPDX-License-Identifier: BSD-2-Clause
// The console driver: a user task that owns the UART.  It maps the UART's
// registers and takes its interrupt through the kernel's device interface
// (<machrv/device_master.defs>, on the device port its configuration line gives,
// --ports=device), checks in the service "console" with bootstrap, and
// serves <servers/console.defs> on one thread and the interrupt messages on
// another.
// docs/console.md follows a byte through it.
#include <stdio.h>
#include <stdlib.h>
#include <mach/mach.h>
#include <mach_debug/ipc_info.h>
#include <machrv/device_master.h>
#include <machrv/console.h>
#include <machrv/mthread.h>
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

// The interrupt thread: each message on intr_port (only the kernel holds a
// send right to it) means the UART has input; drain it, then let the next
// interrupt come.
static void *interrupt_loop(void *arg)
{
	(void)arg;
	for (;;) {
		struct {
			device_intr_notification_t m;
			mach_msg_max_trailer_t trailer;
		} buf;
		kern_return_t kr = mach_msg(&buf.m.Head, MACH_RCV_MSG, 0, sizeof(buf), intr_port,
					    MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		if (kr != MACH_MSG_SUCCESS || buf.m.Head.msgh_id != DEVICE_INTR_NOTIFY) {
			printf("console: interrupt port: %s\n", mach_error_string(kr));
			continue;
		}
		console_receive();
		if ((kr = device_intr_ack(device_port, uart_irq)) != KERN_SUCCESS)
			printf("console: device_intr_ack: %s\n", mach_error_string(kr));
	}
	return NULL;
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
	if ((kr = device_map_registers(device_port, mach_task_self(), phys, size, &regs)) != KERN_SUCCESS)
		fail("device_map_registers", kr);
	uart_irq = irq;
	console_serve_init();
	uart_setup((volatile uint8_t *)regs);

	if ((kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &intr_port)))
		fail("mach_port_allocate", kr);
	if ((kr = device_intr_register(device_port, uart_irq, intr_port)) != KERN_SUCCESS)
		fail("device_intr_register", kr);
	if ((kr = bootstrap_check_in(bootstrap_port, CONSOLE_SERVICE_NAME, &service_port)))
		fail("bootstrap_check_in console", kr);
	// Labels, for lsmp and portgraph (a refusal changes nothing else).
	char label[MACH_PORT_LABEL_MAX];
	snprintf(label, sizeof(label), "console: the uart's terminal");
	(void)mach_port_set_label(mach_task_self(), service_port, label);
	snprintf(label, sizeof(label), "console: uart interrupts (irq %u)", uart_irq);
	(void)mach_port_set_label(mach_task_self(), intr_port, label);

	mthread_t intr_thread;
	if (mthread_create(&intr_thread, NULL, interrupt_loop, NULL) != 0)
		fail("mthread_create", KERN_RESOURCE_SHORTAGE);
	printf("console: uart at %#lx irq %u\n", (unsigned long)phys, uart_irq);
	// Bytes typed before we took the interrupt are waiting: take them now.
	console_receive();
	// Requests on the service port alone: a receiver waiting on one port
	// gets the kernel's RPC fast path (docs/console.md, "Measured").
	kr = mach_msg_server(console_demux, 8192, service_port, 0);
	fail("mach_msg_server", kr);
}
