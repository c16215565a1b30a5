// SPDX-License-Identifier: BSD-2-Clause
// A split virtqueue (virtio 1.1, section 2.6) as the driver side sees it:
// a descriptor table whose free entries are chained through `next', the
// available ring the driver fills, and the used ring the device fills.
// The caller holds the disk's lock around every call.
#include "vblk.h"

// Order memory and device-register accesses (RISC-V: fence iorw, iorw).
static inline void barrier(void)
{
	__asm__ volatile("fence iorw, iorw" ::: "memory");
}

// vq_init: lay the queue out in `mem' (zeroed DMA memory): descriptors at
// 0 (16-byte aligned), the available ring after them, the used ring on the
// next page (both well aligned).
void vq_init(struct virtqueue *vq, uint16_t size, void *mem)
{
	uint8_t *base = mem;
	vq->size = size;
	vq->desc = (volatile struct vring_desc *)base;
	vq->avail = (volatile struct vring_avail *)(base + 16u * size);
	vq->used = (volatile struct vring_used *)(base + VBLK_PAGE);
	for (uint16_t i = 0; i < size; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	vq->free_head = 0;
	vq->nfree = size;
	vq->last_used = 0;
}

int vq_add(struct virtqueue *vq, const uint64_t *addr, const uint32_t *len,
	   const bool *device_writes, unsigned n, void *cookie)
{
	if (n == 0 || n > vq->nfree)
		return -1;
	uint16_t head = vq->free_head, i = head;
	for (unsigned k = 0; k < n; k++) {
		volatile struct vring_desc *d = &vq->desc[i];
		d->addr = addr[k];
		d->len = len[k];
		d->flags = (uint16_t)((device_writes[k] ? VRING_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VRING_DESC_F_NEXT : 0));
		if (k + 1 < n)
			i = d->next;
	}
	vq->free_head = vq->desc[i].next;	// the entry after the chain's last
	vq->nfree = (uint16_t)(vq->nfree - n);
	vq->cookie[head] = cookie;
	return head;
}

void vq_publish(struct virtqueue *vq, uint16_t head)
{
	uint16_t idx = vq->avail->idx;
	vq->avail->ring[idx % vq->size] = head;
	barrier();			// the chain and the ring entry before the index
	vq->avail->idx = (uint16_t)(idx + 1);
	barrier();			// the index before the caller's notify
}

void *vq_next_used(struct virtqueue *vq)
{
	barrier();			// the device's index, then its entries
	if (vq->last_used == vq->used->idx)
		return NULL;
	struct vring_used_elem e = *(volatile struct vring_used_elem *)
		&vq->used->ring[vq->last_used % vq->size];
	vq->last_used++;
	uint16_t head = (uint16_t)e.id, last = head;
	unsigned n = 1;
	while (vq->desc[last].flags & VRING_DESC_F_NEXT) {
		last = vq->desc[last].next;
		n++;
	}
	// The chain goes back on the free list as it is.
	vq->desc[last].next = vq->free_head;
	vq->free_head = head;
	vq->nfree = (uint16_t)(vq->nfree + n);
	void *cookie = vq->cookie[head];
	vq->cookie[head] = NULL;
	return cookie;
}
