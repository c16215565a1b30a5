// SPDX-License-Identifier: BSD-2-Clause
// The request engine: a client's request becomes one or more virtio
// requests on the disk's virtqueue, with its data in a bounce buffer of
// the disk's DMA pool; the interrupt finishes them and the reply goes out.
// The steps are numbered as in vblk.h's struct vblk_request.
#include <machrv/trace_note.h>
#include <stdlib.h>
#include <string.h>
#include "vblk.h"

io_return_t vblk_check(const struct vblk_disk *d, recnum_t recnum, int64_t bytes)
{
	if (recnum >= d->records)
		return D_INVALID_RECNUM;
	if (bytes <= 0 || bytes > VBLK_MAX_IO || bytes % d->record_size)
		return D_INVALID_SIZE;
	if ((uint64_t)bytes / d->record_size > d->records - recnum)
		return D_INVALID_SIZE;		// runs past the end
	return D_SUCCESS;
}

// pool_take: the first run of n free pool pages, marked used; -1 if none.
// Locks: d->lock held.
static int64_t pool_take(struct vblk_disk *d, uint32_t n)
{
	uint32_t run = 0;
	for (uint32_t p = 0; p < d->pool_pages; p++) {
		run = d->pool_used[p] ? 0 : run + 1;
		if (run == n) {
			uint32_t first = p + 1 - n;
			memset(&d->pool_used[first], 1, n);
			return first;
		}
	}
	return -1;
}

// slot_take: a free virtio request slot, or -1.  Locks: d->lock held.
static int slot_take(struct vblk_disk *d)
{
	for (int i = 0; i < VBLK_MAX_VREQS; i++)
		if (!d->vreqs[i].used) {
			d->vreqs[i].used = true;
			return i;
		}
	return -1;
}

static inline void notify(struct vblk_disk *d)
{
	*(volatile uint32_t *)(d->regs + VIRTIO_MMIO_QUEUE_NOTIFY) = 0;
}

// wait_room: let the device run, then sleep until a completion frees
// something.  Locks: d->lock held; released while asleep.
static void wait_room(struct vblk_disk *d)
{
	notify(d);
	mthread_cond_wait(&d->room, &d->lock);
}

// (2) put_piece: the virtio request for bytes [off, off + len) of `r'
// (len 0: a flush), waiting for a slot and descriptors.  Locks: d->lock held.
static void put_piece(struct vblk_request *r, uint32_t off, uint32_t len)
{
	struct vblk_disk *d = r->disk;
	unsigned nseg = len ? (len + d->size_max - 1) / d->size_max : 0;
	int slot;
	while ((slot = slot_take(d)) < 0 || d->vq.nfree < nseg + 2) {
		if (slot >= 0)
			d->vreqs[slot].used = false;
		wait_room(d);
	}
	struct vblk_slot_dma *s = &d->slots[slot];
	s->hdr.type = r->op == VBLK_FLUSH || r->op == VBLK_CLOSE ? VIRTIO_BLK_T_FLUSH :
		      r->op == VBLK_WRITE ? VIRTIO_BLK_T_OUT :
		      r->op == VBLK_WRITE_INBAND && r->phase == 1 ? VIRTIO_BLK_T_OUT :
		      VIRTIO_BLK_T_IN;
	s->hdr.reserved = 0;
	s->hdr.sector = len ? r->sector + off / VIRTIO_BLK_SECTOR : 0;
	s->status = 0xff;
	uint64_t addr[VBLK_QUEUE_SIZE];
	uint32_t lens[VBLK_QUEUE_SIZE];
	bool wr[VBLK_QUEUE_SIZE];
	uint64_t slot_phys = d->slots_phys + (uint64_t)slot * sizeof(*s);
	unsigned n = 0;
	addr[n] = slot_phys, lens[n] = sizeof(s->hdr), wr[n++] = false;
	uint64_t data = d->pool_phys + (uint64_t)r->page * VBLK_PAGE + off;
	for (uint32_t done = 0; done < len; done += d->size_max) {
		uint32_t seg = len - done < d->size_max ? len - done : d->size_max;
		addr[n] = data + done, lens[n] = seg;
		wr[n++] = s->hdr.type == VIRTIO_BLK_T_IN;
	}
	addr[n] = slot_phys + offsetof(struct vblk_slot_dma, status), lens[n] = 1, wr[n++] = true;
	d->vreqs[slot].req = r;
	d->vreqs[slot].head = (uint16_t)vq_add(&d->vq, addr, lens, wr, n, &d->vreqs[slot]);
	vq_publish(&d->vq, d->vreqs[slot].head);
	r->pending++;
}

// (4) finish: the reply, then the request's buffer and memory go.
static void finish(struct vblk_request *r)
{
	struct vblk_disk *d = r->disk;
	machrv_trace_note_for(r->traced, TRN_BLK_DONE, r->sector, (uint64_t)r->error, NULL);
	uint64_t replying = vblk_instret();
	vblk_reply(r, d->pool + (uint64_t)r->page * VBLK_PAGE);
	uint64_t replied = vblk_instret();
	mthread_mutex_lock(&d->lock);
	d->hops[DEV_GET_HOPS_REPLIED] = replied;
	d->hops[DEV_GET_HOPS_ARRIVED] = r->stamp[0];
	d->hops[DEV_GET_HOPS_NOTIFIED] = r->stamp[1];
	d->hops[DEV_GET_HOPS_INTERRUPT] = d->intr_stamp;
	d->hops[DEV_GET_HOPS_REPLYING] = replying;
	memset(&d->pool_used[r->page], 0, r->npages);
	d->in_flight--;
	d->completed++;
	mthread_cond_broadcast(&d->room);
	mthread_mutex_unlock(&d->lock);
	vblk_request_free(r);
}

// (1) vblk_start: see vblk.h.
io_return_t vblk_start(struct vblk_request *r, const void *data)
{
	struct vblk_disk *d = r->disk;
	r->traced = machrv_traced;
	machrv_trace_note(TRN_BLK_REQUEST, r->sector, r->bytes, data ? "write" : "read");
	r->npages = (r->bytes + VBLK_PAGE - 1) / VBLK_PAGE;
	r->pending = 1;			// ours, until every piece is out
	r->error = D_SUCCESS;
	mthread_mutex_lock(&d->lock);
	int64_t page = 0;
	while (r->npages && (page = pool_take(d, r->npages)) < 0)
		wait_room(d);
	r->page = (uint32_t)page;
	d->in_flight++;
	if (d->in_flight > d->max_in_flight)
		d->max_in_flight = d->in_flight;
	if (data) {
		// Copied without the lock: the interrupt thread need not wait for it.
		mthread_mutex_unlock(&d->lock);
		memcpy(d->pool + (uint64_t)r->page * VBLK_PAGE, data, r->bytes);
		mthread_mutex_lock(&d->lock);
	}
	if (r->bytes == 0)
		put_piece(r, 0, 0);
	for (uint32_t off = 0; off < r->bytes; off += d->max_piece)
		put_piece(r, off, r->bytes - off < d->max_piece ? r->bytes - off : d->max_piece);
	notify(d);
	r->stamp[1] = vblk_instret();
	bool done = --r->pending == 0;	// every piece finished already
	mthread_mutex_unlock(&d->lock);
	if (done)
		finish(r);
	return D_SUCCESS;
}

// (3) vblk_interrupt: see vblk.h.
void vblk_interrupt(struct vblk_disk *d)
{
	volatile uint32_t *regs = (volatile uint32_t *)d->regs;
	uint32_t why = regs[VIRTIO_MMIO_INTERRUPT_STATUS / 4];
	// Acknowledged before the ring is read: a completion after our look
	// raises the line again, and device_intr_ack delivers it.
	regs[VIRTIO_MMIO_INTERRUPT_ACK / 4] = why;
	struct vblk_request *done = NULL;
	mthread_mutex_lock(&d->lock);
	struct vblk_vreq *v;
	while ((v = vq_next_used(&d->vq)) != NULL) {
		struct vblk_request *r = v->req;
		uint8_t status = d->slots[v - d->vreqs].status;
		if (status != VIRTIO_BLK_S_OK && r->error == D_SUCCESS)
			r->error = status == VIRTIO_BLK_S_UNSUPP ? D_INVALID_OPERATION : D_IO_ERROR;
		v->used = false;
		if (--r->pending != 0)
			continue;
		if (r->op == VBLK_WRITE_INBAND && r->phase == 0 && r->error == D_SUCCESS) {
			// (b) The record is here: patch it and write it back.  The
			// slot and descriptors just freed are free still (we hold
			// the lock), so put_piece does not wait.
			memcpy(d->pool + (uint64_t)r->page * VBLK_PAGE, r->inband, r->inband_len);
			r->phase = 1;
			put_piece(r, 0, r->bytes);
			notify(d);
			continue;
		}
		r->next = done;
		done = r;
	}
	mthread_cond_broadcast(&d->room);
	mthread_mutex_unlock(&d->lock);
	while (done) {
		struct vblk_request *next = done->next;
		finish(done);
		done = next;
	}
}
