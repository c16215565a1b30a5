/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio 1.x MMIO transport and split virtqueue (the OASIS virtio
 * specification, v1.1, sections 2.6 and 4.2), and virtio-blk's
 * configuration and requests (section 5.2).  Layouts and register offsets
 * only: virtqueue.c and device.c use them.
 */
#ifndef _VIRTIO_BLK_VIRTIO_H_
#define _VIRTIO_BLK_VIRTIO_H_
#include <stdint.h>

/* MMIO registers (offsets from the slot's base), version 2 (modern). */
#define VIRTIO_MMIO_MAGIC		0x000	/* "virt" */
#define VIRTIO_MMIO_VERSION		0x004	/* 2: modern; 1: legacy */
#define VIRTIO_MMIO_DEVICE_ID		0x008	/* 0: empty slot; 2: block */
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090	/* the available ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0	/* the used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MAGIC			0x74726976
#define VIRTIO_ID_BLOCK			2

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	64
#define VIRTIO_STATUS_FAILED		128

/* Interrupt status bits. */
#define VIRTIO_INTR_USED_RING		1
#define VIRTIO_INTR_CONFIG		2

/* Feature bits: the transport's, and virtio-blk's. */
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_BLK_F_SIZE_MAX		1	/* config size_max: bytes per segment */
#define VIRTIO_BLK_F_SEG_MAX		2	/* config seg_max: segments per request */
#define VIRTIO_BLK_F_RO			5	/* read-only */
#define VIRTIO_BLK_F_BLK_SIZE		6	/* config blk_size: the logical block */
#define VIRTIO_BLK_F_FLUSH		9	/* VIRTIO_BLK_T_FLUSH works */

/* virtio-blk's configuration space (little-endian, as RISC-V is). */
struct virtio_blk_config {
	uint64_t	capacity;	/* in 512-byte sectors */
	uint32_t	size_max;
	uint32_t	seg_max;
	uint16_t	cylinders;
	uint8_t		heads;
	uint8_t		sectors;
	uint32_t	blk_size;
};

/* A request: this header, the data, then one status byte. */
#define VIRTIO_BLK_T_IN		0	/* read */
#define VIRTIO_BLK_T_OUT	1	/* write */
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2
#define VIRTIO_BLK_SECTOR	512

struct virtio_blk_req_hdr {
	uint32_t	type;
	uint32_t	reserved;
	uint64_t	sector;
};

/* The split virtqueue's three parts (section 2.6). */
#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2	/* the device writes this buffer */

struct vring_desc {
	uint64_t	addr;		/* physical */
	uint32_t	len;
	uint16_t	flags;
	uint16_t	next;
};

struct vring_avail {
	uint16_t	flags;
	uint16_t	idx;
	uint16_t	ring[];
};

struct vring_used_elem {
	uint32_t	id;		/* the head of a finished chain */
	uint32_t	len;		/* bytes the device wrote */
};

struct vring_used {
	uint16_t	flags;
	uint16_t	idx;
	struct vring_used_elem ring[];
};

#endif /* _VIRTIO_BLK_VIRTIO_H_ */
