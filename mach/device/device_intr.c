/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device interrupts as messages (<machrv/device_master.defs> 5802, 5803).
 *
 * The protocol, per interrupt line:
 *   (1) device_intr_register: the driver's port gets the line; a message
 *       is made ready (it holds its own send right) and the line unmasked.
 *   (2) the interrupt: device_intr_handler, on whichever hart claims it
 *       (a driver's line is enabled on every hart, PLIC_ANY_CPU), masks the line and sends the ready message (no allocation in
 *       the handler).  While masked, the device may keep its level up: it
 *       is not taken again.
 *   (3) the driver receives the message and serves its device.
 *   (4) device_intr_ack: a new message is made ready, the line unmasked;
 *       a level still up is delivered at once, back to (2).
 * A line whose port dies stays masked after its next interrupt (the
 * message is destroyed); another driver may register it.
 */
#include <machrv/device_master_types.h>
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "device/device.h"
#include "kern/lock.h"
#include "kern/printf.h"
#include "lib/string.h"
#include "kern/trace.h"
#include "riscv/platform.h"
#include "riscv/plic.h"
#include "device_masterServer.h"

#define DEVICE_MAX_IRQ	128

/*
 * One interrupt line given to a driver.  A line is free (port IP_NULL),
 * armed (a message ready, unmasked) or delivered (next NULL, masked).
 * All fields under device_intr_lock, taken before port and PLIC locks.
 */
struct device_irq {
	ipc_port_t	port;		/* send right to the driver's port, or IP_NULL */
	ipc_kmsg_t	next;		/* the message of the next interrupt, or NULL */
	uint64_t	count;		/* interrupts taken since boot */
};

static struct device_irq irqs[DEVICE_MAX_IRQ];
static simple_lock_data_t device_intr_lock = SIMPLE_LOCK_INITIALIZER("device intr", LOCK_RANK_DEVICE_INTR);

/* A ready interrupt message for `irq', without its destination yet; NULL without memory. */
static ipc_kmsg_t
intr_kmsg_alloc(uint32_t irq)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(sizeof(device_intr_notification_t));

	if (!kmsg)
		return NULL;
	device_intr_notification_t *m = (device_intr_notification_t *)&kmsg->ikm_header;
	memset(m, 0, sizeof(*m));
	m->Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0);
	m->Head.msgh_size = sizeof(*m);
	m->Head.msgh_id = DEVICE_INTR_NOTIFY;
	m->irq = irq;
	kmsg->ikm_sender = (security_token_t)KERNEL_SECURITY_TOKEN_VALUE;
	return kmsg;
}

/* (2) The interrupt: mask the line, send its message.  Interrupts off. */
static void
device_intr_handler(uint32_t irq, void *arg)
{
	(void)arg;
	simple_lock(&device_intr_lock);
	struct device_irq *d = &irqs[irq];
	d->count++;
	plic_mask(irq);
	ipc_kmsg_t kmsg = d->next;
	d->next = NULL;
	if (kmsg)
		((device_intr_notification_t *)&kmsg->ikm_header)->count = d->count;
	simple_unlock(&device_intr_lock);
	if (trace_on())
		trace_irq(irq, kmsg ? kmsg->ikm_remote : NULL);
	if (kmsg)
		ipc_mqueue_send_kernel(kmsg);	/* a dead port destroys it */
}

/*
 * (1) device_intr_register.  Checks everything, then takes the line.
 *   Refs:    on KERN_SUCCESS the send right `port' is kept (stored).
 *   Returns: see <machrv/device_master.defs>.
 */
kern_return_t
device_intr_register(device_master_t master, natural_t irq, ipc_port_t port)
{
	if (!master)
		return KERN_INVALID_CAPABILITY;
	if (irq >= DEVICE_MAX_IRQ || !device_find_irq(irq)) {
		printf("device_intr_register: %u is not a device's interrupt\n", irq);
		return KERN_INVALID_VALUE;
	}
	if (!IP_VALID(port))
		return KERN_INVALID_RIGHT;
	ip_lock(port);
	bool kernel_port = port->ip_receiver == ipc_space_kernel;
	ip_unlock(port);
	if (kernel_port)
		return KERN_INVALID_RIGHT;	/* the kernel would be serving itself */
	if (!platform.plic.size || platform.plic_context[0] == UINT32_MAX)
		return KERN_FAILURE;
	ipc_kmsg_t kmsg = intr_kmsg_alloc(irq);
	if (!kmsg)
		return KERN_RESOURCE_SHORTAGE;

	simple_lock(&device_intr_lock);
	struct device_irq *d = &irqs[irq];
	ipc_port_t old = d->port;
	if (IP_VALID(old) && old != port) {
		ip_lock(old);
		bool live = ip_active(old);
		ip_unlock(old);
		if (live) {
			simple_unlock(&device_intr_lock);
			ipc_kmsg_free(kmsg);
			printf("device_intr_register: interrupt %u already has a driver\n", irq);
			return KERN_NO_ACCESS;
		}
	}
	kmsg->ikm_remote = ipc_port_copy_send(port);
	if (!IP_VALID(kmsg->ikm_remote)) {
		simple_unlock(&device_intr_lock);
		ipc_kmsg_free(kmsg);
		return KERN_INVALID_RIGHT;	/* the port died meanwhile */
	}
	ipc_kmsg_t old_kmsg = d->next;
	d->port = port;
	d->next = kmsg;
	simple_unlock(&device_intr_lock);
	/* Taken on any hart; replaces the kernel's own handler and routing, if any. */
	(void)plic_register(irq, PLIC_ANY_CPU, device_intr_handler, NULL);
	if (old_kmsg)
		ipc_kmsg_destroy(old_kmsg);
	if (IP_VALID(old))
		ipc_port_release_send(old);
	return KERN_SUCCESS;
}

/* (4) device_intr_ack: arm the line again.  Returns: see <machrv/device_master.defs>. */
kern_return_t
device_intr_ack(device_master_t master, natural_t irq)
{
	if (!master)
		return KERN_INVALID_CAPABILITY;
	if (irq >= DEVICE_MAX_IRQ)
		return KERN_INVALID_VALUE;
	ipc_kmsg_t kmsg = intr_kmsg_alloc(irq);
	if (!kmsg)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&device_intr_lock);
	struct device_irq *d = &irqs[irq];
	if (!IP_VALID(d->port)) {
		simple_unlock(&device_intr_lock);
		ipc_kmsg_free(kmsg);
		return KERN_INVALID_VALUE;
	}
	kern_return_t kr = KERN_SUCCESS;
	if (!d->next) {
		kmsg->ikm_remote = ipc_port_copy_send(d->port);
		if (IP_VALID(kmsg->ikm_remote)) {
			d->next = kmsg;
			kmsg = NULL;
			plic_unmask(irq);
		} else {
			kmsg->ikm_remote = IP_NULL;
			kr = KERN_INVALID_VALUE;	/* its port died: the line stays masked */
		}
	}
	simple_unlock(&device_intr_lock);
	if (kmsg)
		ipc_kmsg_free(kmsg);	/* the line was armed already */
	return kr;
}
