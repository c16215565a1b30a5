/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-blk driver's state: one struct vblk_disk per device, its
 * virtqueue, its DMA memory and the client requests in flight.  The
 * driver's design and one device_read's path through it: docs/disk.md.
 *
 * Threads: one request thread per disk, receiving on the disk's port (so
 * RPCs take the kernel's one-step fast path), and one interrupt thread
 * for every disk.  A disk's lock covers its virtqueue, its bounce pool,
 * its request slots and its counters; no lock is held while a message is
 * sent or received.
 */
#ifndef _VIRTIO_BLK_VBLK_H_
#define _VIRTIO_BLK_VBLK_H_
#include <stdbool.h>
#include <stdint.h>
#include <mach/mach.h>
#include <device/device_types.h>
#include <machrv/mthread.h>
#include "virtio.h"

#define VBLK_MAX_DISKS		8	/* QEMU virt has 8 virtio-mmio slots */
#define VBLK_QUEUE_SIZE		128	/* descriptors, if the device allows as many */
#define VBLK_MAX_VREQS		64	/* virtio requests in flight per disk */
#define VBLK_MAX_IO		(1024 * 1024)	/* bytes per client request */
#define VBLK_POOL_MAX		(4 * 1024 * 1024)	/* bounce pool per disk, at most */
#define VBLK_PAGE		4096

/* A split virtqueue (virtqueue.c), in the disk's DMA memory. */
struct virtqueue {
	volatile struct vring_desc	*desc;
	volatile struct vring_avail	*avail;
	volatile struct vring_used	*used;
	uint16_t	size;		/* descriptors */
	uint16_t	nfree;		/* on the free list */
	uint16_t	free_head;	/* linked through desc[].next */
	uint16_t	last_used;	/* the used ring's idx we have seen */
	void		*cookie[VBLK_QUEUE_SIZE];	/* what each chain's head is for */
};

/* What a client asked for. */
enum vblk_op {
	VBLK_READ,		/* device_read: the data out of line */
	VBLK_READ_INBAND,	/* device_read_inband */
	VBLK_WRITE,		/* device_write, device_write_inband */
	VBLK_WRITE_INBAND,
	VBLK_FLUSH,		/* device_set_status(DEV_FLUSH), device_close */
	VBLK_CLOSE,
};

/*
 * A client's request, from its arrival to its reply: (1) checked and
 * queued (vblk_start), (2) one or more virtio requests in flight, (3)
 * each completed by the interrupt (vblk_interrupt), (4) the reply sent
 * and the request freed (vblk_finish).
 */
struct vblk_request {
	struct vblk_disk	*disk;
	enum vblk_op		op;
	mach_port_t		reply;		/* the client's reply right */
	mach_msg_type_name_t	reply_type;	/* how to send it (MOVE_SEND_ONCE) */
	mach_msg_id_t		reply_id;	/* the request's id + 100 */
	uint64_t		sector;		/* in 512-byte sectors */
	uint32_t		bytes;
	uint32_t		page;		/* its bounce buffer: first pool page */
	uint32_t		npages;
	unsigned		pending;	/* virtio requests still in flight */
	unsigned		next_piece;	/* bytes already given to the device */
	io_return_t		error;
	/* device_write_inband of part of a record: (a) read the record, (b) write it patched. */
	unsigned		phase;		/* 0: (a), 1: (b) */
	uint32_t		inband_len;	/* bytes to write, or read inband */
	char			inband[IO_INBAND_MAX];
	struct vblk_request	*next;		/* on a done list */
	uint64_t		stamp[2];	/* instret: arrived, device notified */
	int			traced;		/* taken for traced work (<machrv/trace_note.h>) */
};

/* The hart's retired-instruction count (DEV_GET_HOPS). */
static inline uint64_t vblk_instret(void)
{
	uint64_t v;
	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

/* One virtio request: a piece of a client's request. */
struct vblk_vreq {
	struct vblk_request	*req;
	uint16_t		head;		/* its descriptor chain */
	bool			used;
};

/* A request's header and status byte, per virtio request slot. */
struct vblk_slot_dma {
	struct virtio_blk_req_hdr hdr;
	uint8_t		status;
	uint8_t		pad[15];
};

struct vblk_disk {
	unsigned		unit;		/* diskN */
	char			name[16];
	volatile uint8_t	*regs;		/* the virtio-mmio registers */
	uint64_t		phys;
	uint32_t		irq;
	uint64_t		features;	/* negotiated */
	bool			read_only;
	bool			can_flush;
	uint32_t		record_size;	/* bytes: blk_size, or 512 */
	uint64_t		records;
	uint32_t		seg_max;	/* data segments per virtio request */
	uint32_t		size_max;	/* bytes per segment */
	uint32_t		max_piece;	/* bytes per virtio request */
	mach_port_t		port;		/* receive right: master and device port */
	mach_msg_bits_t		cur_reply_bits;	/* of the request being served */

	mthread_mutex_t		lock;
	mthread_cond_t		room;		/* descriptors, slots or pool pages came free */
	struct virtqueue	vq;
	struct vblk_slot_dma	*slots;		/* DMA: VBLK_MAX_VREQS of them */
	uint64_t		slots_phys;
	struct vblk_vreq	vreqs[VBLK_MAX_VREQS];
	uint8_t			*pool;		/* DMA: bounce buffers, whole pages */
	uint64_t		pool_phys;
	uint32_t		pool_pages;
	uint8_t			pool_used[VBLK_POOL_MAX / VBLK_PAGE];
	uint32_t		in_flight;	/* client requests */
	uint32_t		max_in_flight;	/* the most at once, since boot */
	uint64_t		intr_stamp;	/* instret when its last interrupt arrived */
	uint64_t		hops[DEV_GET_HOPS_STAMPS]; /* of the last transfer finished */
	uint64_t		completed;
	unsigned		opens;
};

extern struct vblk_disk vblk_disks[VBLK_MAX_DISKS];

/* request.c: request records from a store made at start (no heap growth
 * while serving); vblk_request_alloc's are zeroed; NULL without memory. */
void vblk_requests_init(void);
struct vblk_request *vblk_request_alloc(void);
void vblk_request_free(struct vblk_request *r);
extern unsigned vblk_ndisks;

/* device.c: finding and starting a device. */
kern_return_t vblk_probe(mach_port_t master, mach_port_t host_priv, unsigned slot,
			 struct vblk_disk *d, bool *is_blk);
/* vblk_disk_of_port: the disk whose port is `port', or NULL. */
struct vblk_disk *vblk_disk_of_port(mach_port_t port);

/* virtqueue.c */
void vq_init(struct virtqueue *vq, uint16_t size, void *mem);
/* vq_add: a chain of n buffers (writable ones flagged); its head, or -1 if no room. */
int vq_add(struct virtqueue *vq, const uint64_t *addr, const uint32_t *len,
	   const bool *device_writes, unsigned n, void *cookie);
/* vq_publish: put the chain at `head' on the available ring (the caller notifies). */
void vq_publish(struct virtqueue *vq, uint16_t head);
/* vq_next_used: the cookie of the next finished chain (whose descriptors are freed), or NULL. */
void *vq_next_used(struct virtqueue *vq);

/* io.c: the request engine. */
/*
 * vblk_start: give a checked request to the device; waits for room.
 *   Locks: takes d->lock.  Returns: D_SUCCESS (the reply comes from
 *   vblk_finish), D_NO_MEMORY.
 */
io_return_t vblk_start(struct vblk_request *r, const void *data);
/* vblk_interrupt: the disk's interrupt: finish what the device finished. */
void vblk_interrupt(struct vblk_disk *d);
/* vblk_check: is [recnum, recnum + bytes) a valid transfer? D_SUCCESS or the error. */
/* (inband transfers are of one record, of which the client gives or gets the first bytes) */
io_return_t vblk_check(const struct vblk_disk *d, recnum_t recnum, int64_t bytes);

/* reply.c: late replies to device.defs requests. */
void vblk_reply(struct vblk_request *r, const void *data);

/* serve.c */
boolean_t vblk_demux(mach_msg_header_t *in, mach_msg_header_t *out);

#endif /* _VIRTIO_BLK_VBLK_H_ */
