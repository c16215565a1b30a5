// SPDX-License-Identifier: BSD-2-Clause
// The virtio-blk driver task: serves every virtio-blk device of the
// device tree through GNU Mach's device interface (<device/device.defs>)
// on a port checked in with bootstrap as disk0, disk1, ... .  Its
// configuration line gives it the host-priv port (vm_allocate_contiguous)
// and the device master port (registers, interrupts):
//   --ports=host_priv,device --service=disk0 ... virtio_blk
// docs/disk.md is the design; README.md lists the files.
#include <stdio.h>
#include <stdlib.h>
#include <mach/mach.h>
#include <mach_debug/ipc_info.h>
#include <machrv/device_master.h>
#include <servers/bootstrap.h>
#include "deviceServer.h"
#include "vblk.h"

static mach_port_t device_master, intr_port;

__attribute__((noreturn)) static void fail(const char *what, kern_return_t kr)
{
	printf("virtio_blk: %s: %s (%d)\n", what, mach_error_string(kr), kr);
	exit(1);
}

// A disk's request thread: its port alone, so RPCs take the fast path.
static void *request_loop(void *arg)
{
	struct vblk_disk *d = arg;
	kern_return_t kr = mach_msg_server(vblk_demux, device_subsystem.maxsize, d->port, 0);
	printf("virtio_blk: %s: mach_msg_server: %s\n", d->name, mach_error_string(kr));
	return NULL;
}

// The interrupt thread: every disk's interrupt arrives on intr_port (only
// the kernel holds a send right to it), as a device_intr_notification_t
// naming its line; the line is masked until device_intr_ack.
static void interrupt_loop(void)
{
	for (;;) {
		struct {
			device_intr_notification_t m;
			mach_msg_max_trailer_t trailer;
		} buf;
		kern_return_t kr = mach_msg(&buf.m.Head, MACH_RCV_MSG, 0, sizeof(buf), intr_port,
					    MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		uint64_t arrived = vblk_instret();
		if (kr != MACH_MSG_SUCCESS || buf.m.Head.msgh_id != DEVICE_INTR_NOTIFY) {
			printf("virtio_blk: interrupt port: %s\n", mach_error_string(kr));
			continue;
		}
		for (unsigned i = 0; i < vblk_ndisks; i++) {
			if (vblk_disks[i].irq != buf.m.irq)
				continue;
			vblk_disks[i].intr_stamp = arrived;	// only this thread writes it
			vblk_interrupt(&vblk_disks[i]);
			if ((kr = device_intr_ack(device_master, buf.m.irq)) != KERN_SUCCESS)
				printf("virtio_blk: device_intr_ack: %s\n", mach_error_string(kr));
			vblk_disks[i].hops[DEV_GET_HOPS_ACKED] = vblk_instret();
		}
	}
}

// The slots QEMU fills first come last in the device tree's order (virt
// attaches the first -device to the highest address): walk them from the
// top, so that disk0 is the first disk given to QEMU.
static void find_disks(mach_port_t host_priv)
{
	for (int slot = VBLK_MAX_DISKS - 1; slot >= 0; slot--) {
		struct vblk_disk *d = &vblk_disks[vblk_ndisks];
		bool is_blk;
		kern_return_t kr = vblk_probe(device_master, host_priv, (unsigned)slot, d, &is_blk);
		if (kr == KERN_INVALID_NAME || (kr == KERN_SUCCESS && !is_blk))
			continue;
		if (kr != KERN_SUCCESS) {
			printf("virtio_blk: virtio%d: %s\n", slot, mach_error_string(kr));
			continue;
		}
		char slot_name[16];
		snprintf(slot_name, sizeof(slot_name), "%s", d->name);
		d->unit = vblk_ndisks++;
		snprintf(d->name, sizeof(d->name), "disk%u", d->unit);
		if ((kr = device_intr_register(device_master, d->irq, intr_port)))
			fail("device_intr_register", kr);
		if ((kr = bootstrap_check_in(bootstrap_port, d->name, &d->port)))
			fail("bootstrap_check_in", kr);
		// Its label, for lsmp and portgraph (a refusal changes nothing else).
		char label[80];
		snprintf(label, sizeof(label), "virtio_blk: device %s (%s)", d->name, slot_name);
		label[MACH_PORT_LABEL_MAX - 1] = 0;
		(void)mach_port_set_label(mach_task_self(), d->port, label);
		printf("virtio_blk: %s: %s at %#llx irq %u, %llu records of %u bytes%s%s, "
		       "queue %u\n", d->name, slot_name, (unsigned long long)d->phys, d->irq,
		       (unsigned long long)d->records, d->record_size,
		       d->read_only ? ", read-only" : "", d->can_flush ? ", flush" : "",
		       d->vq.size);
	}
}

int main(void)
{
	mach_port_array_t given = NULL;
	mach_msg_type_number_t ngiven = 0;
	kern_return_t kr = mach_ports_lookup(mach_task_self(), &given, &ngiven);
	if (kr != KERN_SUCCESS || ngiven < 2 || !MACH_PORT_VALID(given[0]) ||
	    !MACH_PORT_VALID(given[1]))
		fail("no host-priv and device ports (the configuration line needs "
		     "--ports=host_priv,device)", kr ? kr : KERN_INVALID_CAPABILITY);
	device_master = given[1];
	vblk_requests_init();
	if ((kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &intr_port)))
		fail("mach_port_allocate", kr);
	(void)mach_port_set_label(mach_task_self(), intr_port, "virtio_blk: interrupts of every disk");
	find_disks(given[0]);
	if (vblk_ndisks == 0)
		printf("virtio_blk: no virtio-blk device\n");
	for (unsigned i = 0; i < vblk_ndisks; i++) {
		mthread_t t;
		if (mthread_create(&t, NULL, request_loop, &vblk_disks[i]) != 0)
			fail("mthread_create", KERN_RESOURCE_SHORTAGE);
	}
	interrupt_loop();
}
