// SPDX-License-Identifier: BSD-2-Clause
// Finding and starting one virtio-blk device (virtio 1.1, 3.1.1 and
// 4.2.3): its registers mapped through the kernel's device master
// (<machrv/device_master.defs>), reset, features negotiated, the
// configuration read, one virtqueue and the DMA memory set up
// (vm_allocate_contiguous), then DRIVER_OK.
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <mach/gnumach.h>
#include <machrv/device_master.h>
#include "vblk.h"

struct vblk_disk vblk_disks[VBLK_MAX_DISKS];
unsigned vblk_ndisks;

struct vblk_disk *vblk_disk_of_port(mach_port_t port)
{
	for (unsigned i = 0; i < vblk_ndisks; i++)
		if (vblk_disks[i].port == port)
			return &vblk_disks[i];
	return NULL;
}

static uint32_t rd(struct vblk_disk *d, unsigned off)
{
	return *(volatile uint32_t *)(d->regs + off);
}

static void wr(struct vblk_disk *d, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(d->regs + off) = v;
}

// The features this driver understands; the others are declined.
#define VBLK_WANTED ((1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_BLK_F_RO) |		\
		     (1ULL << VIRTIO_BLK_F_BLK_SIZE) | (1ULL << VIRTIO_BLK_F_FLUSH) |	\
		     (1ULL << VIRTIO_BLK_F_SEG_MAX) | (1ULL << VIRTIO_BLK_F_SIZE_MAX))

// negotiate: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK.
static kern_return_t negotiate(struct vblk_disk *d)
{
	wr(d, VIRTIO_MMIO_STATUS, 0);			// reset
	while (rd(d, VIRTIO_MMIO_STATUS) != 0)
		;
	wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	uint64_t offered = 0;
	for (uint32_t sel = 0; sel < 2; sel++) {
		wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, sel);
		offered |= (uint64_t)rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << (32 * sel);
	}
	d->features = offered & VBLK_WANTED;
	if (!(d->features & (1ULL << VIRTIO_F_VERSION_1))) {
		printf("virtio_blk: %s does not offer VERSION_1\n", d->name);
		return KERN_FAILURE;
	}
	for (uint32_t sel = 0; sel < 2; sel++) {
		wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, sel);
		wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(d->features >> (32 * sel)));
	}
	wr(d, VIRTIO_MMIO_STATUS, rd(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
	if (!(rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		printf("virtio_blk: %s refused our features %#llx\n", d->name,
		       (unsigned long long)d->features);
		return KERN_FAILURE;
	}
	return KERN_SUCCESS;
}

// read_config: capacity and limits, consistent (the generation count).
static void read_config(struct vblk_disk *d)
{
	volatile struct virtio_blk_config *c =
		(volatile struct virtio_blk_config *)(d->regs + VIRTIO_MMIO_CONFIG);
	uint32_t gen;
	uint64_t sectors;
	uint32_t blk, seg, size;
	do {
		gen = rd(d, VIRTIO_MMIO_CONFIG_GENERATION);
		// Two 32-bit reads: the transport's registers are 32 bits wide.
		volatile uint32_t *cap = (volatile uint32_t *)(d->regs + VIRTIO_MMIO_CONFIG);
		sectors = cap[0] | (uint64_t)cap[1] << 32;
		blk = c->blk_size;
		seg = c->seg_max;
		size = c->size_max;
	} while (gen != rd(d, VIRTIO_MMIO_CONFIG_GENERATION));
	d->read_only = d->features & (1ULL << VIRTIO_BLK_F_RO);
	d->can_flush = d->features & (1ULL << VIRTIO_BLK_F_FLUSH);
	d->record_size = VIRTIO_BLK_SECTOR;
	if ((d->features & (1ULL << VIRTIO_BLK_F_BLK_SIZE)) && blk >= VIRTIO_BLK_SECTOR &&
	    blk <= VBLK_PAGE && !(blk & (blk - 1)))
		d->record_size = blk;
	d->records = sectors * VIRTIO_BLK_SECTOR / d->record_size;
	d->seg_max = (d->features & (1ULL << VIRTIO_BLK_F_SEG_MAX)) && seg ? seg : 1;
	d->size_max = (d->features & (1ULL << VIRTIO_BLK_F_SIZE_MAX)) && size >= VBLK_PAGE ?
		      size : VBLK_MAX_IO;
}

// setup_queue: queue 0 in fresh contiguous memory, and the request slots.
static kern_return_t setup_queue(struct vblk_disk *d, mach_port_t host_priv)
{
	wr(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	uint32_t max = rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (max == 0 || rd(d, VIRTIO_MMIO_QUEUE_READY)) {
		printf("virtio_blk: %s has no usable queue 0\n", d->name);
		return KERN_FAILURE;
	}
	uint16_t size = VBLK_QUEUE_SIZE;
	while (size > max)
		size /= 2;
	vm_address_t va;
	rpc_phys_addr_t pa;
	// Page 0: descriptors and the available ring; 1: the used ring; 2: slots.
	kern_return_t kr = vm_allocate_contiguous(host_priv, mach_task_self(), &va, &pa,
						  3 * VBLK_PAGE, 0, 0, 0);
	if (kr != KERN_SUCCESS)
		return kr;
	vq_init(&d->vq, size, (void *)va);
	d->slots = (struct vblk_slot_dma *)(va + 2 * VBLK_PAGE);
	d->slots_phys = pa + 2 * VBLK_PAGE;
	wr(d, VIRTIO_MMIO_QUEUE_NUM, size);
	wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)pa);
	wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(pa >> 32));
	uint64_t avail = pa + 16u * size, used = pa + VBLK_PAGE;
	wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	wr(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	wr(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	wr(d, VIRTIO_MMIO_QUEUE_READY, 1);

	// Segments per request: the device's limit, and what the ring holds.
	uint32_t segs = d->seg_max < (uint32_t)size - 2 ? d->seg_max : (uint32_t)size - 2;
	uint64_t piece = (uint64_t)segs * d->size_max;
	d->max_piece = piece >= VBLK_MAX_IO ? VBLK_MAX_IO :
		       (uint32_t)(piece / d->record_size * d->record_size);

	// The bounce pool: as large as a block can be, down to one largest request.
	for (vm_size_t pool = VBLK_POOL_MAX; pool >= VBLK_MAX_IO; pool /= 2) {
		kr = vm_allocate_contiguous(host_priv, mach_task_self(), &va, &pa, pool, 0, 0, 0);
		if (kr == KERN_SUCCESS) {
			d->pool = (uint8_t *)va;
			d->pool_phys = pa;
			d->pool_pages = (uint32_t)(pool / VBLK_PAGE);
			return KERN_SUCCESS;
		}
	}
	return kr;
}

kern_return_t vblk_probe(mach_port_t master, mach_port_t host_priv, unsigned slot,
			 struct vblk_disk *d, bool *is_blk)
{
	char name[16];
	device_phys_t phys;
	vm_size_t size;
	natural_t irq;
	*is_blk = false;
	snprintf(name, sizeof(name), "virtio%u", slot);
	kern_return_t kr = device_lookup(master, name, &phys, &size, &irq);
	if (kr != KERN_SUCCESS)
		return kr;
	vm_address_t regs;
	if ((kr = device_map_registers(master, mach_task_self(), phys, size, &regs)))
		return kr;
	d->regs = (volatile uint8_t *)regs;
	if (rd(d, VIRTIO_MMIO_MAGIC) != VIRTIO_MAGIC || rd(d, VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK) {
		vm_deallocate(mach_task_self(), regs & ~(vm_address_t)(VBLK_PAGE - 1),
			      (regs % VBLK_PAGE + size + VBLK_PAGE - 1) & ~(vm_size_t)(VBLK_PAGE - 1));
		return KERN_SUCCESS;		// an empty slot, or another kind of device
	}
	*is_blk = true;
	d->phys = phys;
	d->irq = irq;
	snprintf(d->name, sizeof(d->name), "%s", name);
	if (rd(d, VIRTIO_MMIO_VERSION) != 2) {
		printf("virtio_blk: %s is legacy virtio-mmio (version %u): boot QEMU with "
		       "-global virtio-mmio.force-legacy=false\n", name, rd(d, VIRTIO_MMIO_VERSION));
		return KERN_FAILURE;
	}
	mthread_mutex_init(&d->lock);
	mthread_cond_init(&d->room);
	if ((kr = negotiate(d)) != KERN_SUCCESS)
		goto failed;
	read_config(d);
	if ((kr = setup_queue(d, host_priv)) != KERN_SUCCESS)
		goto failed;
	wr(d, VIRTIO_MMIO_STATUS, rd(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	return KERN_SUCCESS;
failed:
	wr(d, VIRTIO_MMIO_STATUS, rd(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
	return kr;
}
