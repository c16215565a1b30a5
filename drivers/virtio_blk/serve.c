// SPDX-License-Identifier: BSD-2-Clause
// The server side of GNU Mach's device.defs (MIG's serverprefix ds_),
// run by each disk's request thread.  Every request is checked first; a
// bad one is answered at once with its D_* code.  A good one is started
// (io.c) and answered later, from the interrupt (MIG_NO_REPLY here).
#include <stdlib.h>
#include <string.h>
#include <mach/mach.h>
#include "deviceServer.h"
#include "vblk.h"

// The request being served, for the routines that need its reply port as
// it came (device_close has no reply-port argument).  Per thread: each
// request thread serves one disk's port.
static __thread mach_port_t cur_reply;
static __thread mach_msg_bits_t cur_bits;
static __thread mach_msg_id_t cur_id;
static __thread uint64_t cur_arrived;	/* instret when the request was taken */

// vblk_demux: device_server, remembering how the request's reply is sent.
boolean_t vblk_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	cur_arrived = vblk_instret();
	cur_reply = in->msgh_remote_port;
	cur_bits = MACH_MSGH_BITS_REMOTE(in->msgh_bits);
	cur_id = in->msgh_id + 100;
	return device_server(in, out);
}

// A new request of `op' on disk `d', to be answered on the current reply right.
static struct vblk_request *request_new(struct vblk_disk *d, enum vblk_op op)
{
	struct vblk_request *r = vblk_request_alloc();
	if (!r)
		return NULL;
	r->disk = d;
	r->op = op;
	r->reply = cur_reply;
	r->reply_type = cur_bits;
	r->reply_id = cur_id;
	r->stamp[0] = cur_arrived;
	return r;
}

// start: check, then start a transfer (inband ones: one record).  Returns MIG_NO_REPLY once it is
// the device's (the reply right is then the request's), or the D_* error.
static kern_return_t start(mach_port_t device, enum vblk_op op, recnum_t recnum, int64_t bytes,
			   const void *data)
{
	struct vblk_disk *d = vblk_disk_of_port(device);
	if (!d)
		return D_NO_SUCH_DEVICE;
	if ((op == VBLK_WRITE || op == VBLK_WRITE_INBAND) && d->read_only)
		return D_READ_ONLY;
	bool inband = op == VBLK_READ_INBAND || op == VBLK_WRITE_INBAND;
	if (inband && (bytes <= 0 || bytes > IO_INBAND_MAX))
		return recnum >= d->records ? D_INVALID_RECNUM : D_INVALID_SIZE;
	io_return_t err = vblk_check(d, recnum, inband ? d->record_size : bytes);
	if (err != D_SUCCESS)
		return err;
	struct vblk_request *r = request_new(d, op);
	if (!r)
		return D_NO_MEMORY;
	r->sector = recnum * (d->record_size / VIRTIO_BLK_SECTOR);
	r->bytes = inband ? d->record_size : (uint32_t)bytes;
	if (inband) {
		r->inband_len = (uint32_t)bytes;
		if (op == VBLK_WRITE_INBAND)
			memcpy(r->inband, data, (size_t)bytes);
		data = NULL;		// (a) the record is read first
	}
	vblk_start(r, data);
	return MIG_NO_REPLY;
}

kern_return_t ds_device_open(mach_port_t master, mach_port_t reply,
			     mach_msg_type_name_t reply_poly, dev_mode_t mode,
			     const_dev_name_t name, mach_port_t *device)
{
	(void)master, (void)reply, (void)reply_poly;
	for (unsigned i = 0; i < vblk_ndisks; i++) {
		struct vblk_disk *d = &vblk_disks[i];
		if (strncmp(name, d->name, sizeof(dev_name_t)) != 0)
			continue;
		if ((mode & D_WRITE) && d->read_only)
			return D_READ_ONLY;
		mthread_mutex_lock(&d->lock);
		d->opens++;
		mthread_mutex_unlock(&d->lock);
		*device = d->port;		// sent with MAKE_SEND
		return D_SUCCESS;
	}
	return D_NO_SUCH_DEVICE;
}

// device_close: what was written reaches stable storage (a flush), then the reply.
kern_return_t ds_device_close(mach_port_t device)
{
	struct vblk_disk *d = vblk_disk_of_port(device);
	if (!d)
		return D_NO_SUCH_DEVICE;
	mthread_mutex_lock(&d->lock);
	if (d->opens)
		d->opens--;
	mthread_mutex_unlock(&d->lock);
	if (!d->can_flush)
		return D_SUCCESS;
	struct vblk_request *r = request_new(d, VBLK_CLOSE);
	if (!r)
		return D_NO_MEMORY;
	vblk_start(r, NULL);
	return MIG_NO_REPLY;
}

kern_return_t ds_device_write(mach_port_t device, mach_port_t reply,
		mach_msg_type_name_t reply_poly, dev_mode_t mode,
			      recnum_t recnum, io_buf_ptr_t data, mach_msg_type_number_t count,
			      int *written)
{
	(void)reply, (void)reply_poly, (void)mode, (void)written;
	kern_return_t kr = start(device, VBLK_WRITE, recnum, count, data);
	if (kr == MIG_NO_REPLY)		// the data is in the bounce buffer: ours to free
		vm_deallocate(mach_task_self(), (vm_address_t)data, count);
	return kr;
}

kern_return_t ds_device_write_inband(mach_port_t device, mach_port_t reply,
		mach_msg_type_name_t reply_poly, dev_mode_t mode,
				     recnum_t recnum, const io_buf_ptr_inband_t data,
				     mach_msg_type_number_t count, int *written)
{
	(void)reply, (void)reply_poly, (void)mode, (void)written;
	return start(device, VBLK_WRITE_INBAND, recnum, count, data);
}

kern_return_t ds_device_read(mach_port_t device, mach_port_t reply,
		mach_msg_type_name_t reply_poly, dev_mode_t mode,
			     recnum_t recnum, int bytes_wanted, io_buf_ptr_t *data,
			     mach_msg_type_number_t *count)
{
	(void)reply, (void)reply_poly, (void)mode, (void)data, (void)count;
	return start(device, VBLK_READ, recnum, bytes_wanted, NULL);
}

kern_return_t ds_device_read_inband(mach_port_t device, mach_port_t reply,
		mach_msg_type_name_t reply_poly, dev_mode_t mode,
				    recnum_t recnum, int bytes_wanted, io_buf_ptr_inband_t data,
				    mach_msg_type_number_t *count)
{
	(void)reply, (void)reply_poly, (void)mode, (void)data, (void)count;
	return start(device, VBLK_READ_INBAND, recnum, bytes_wanted, NULL);
}

// Saturated to an int, as the status array holds ints.
static int int_of(uint64_t v)
{
	return v > 0x7fffffff ? 0x7fffffff : (int)v;
}

kern_return_t ds_device_get_status(mach_port_t device, dev_flavor_t flavor, dev_status_t status,
				   mach_msg_type_number_t *count)
{
	struct vblk_disk *d = vblk_disk_of_port(device);
	if (!d)
		return D_NO_SUCH_DEVICE;
	switch (flavor) {
	case DEV_GET_SIZE:
		if (*count < DEV_GET_SIZE_COUNT)
			return D_INVALID_SIZE;
		status[DEV_GET_SIZE_DEVICE_SIZE] = int_of(d->records * d->record_size);
		status[DEV_GET_SIZE_RECORD_SIZE] = (int)d->record_size;
		*count = DEV_GET_SIZE_COUNT;
		return D_SUCCESS;
	case DEV_GET_RECORDS:
		if (*count < DEV_GET_RECORDS_COUNT)
			return D_INVALID_SIZE;
		status[DEV_GET_RECORDS_DEVICE_RECORDS] = int_of(d->records);
		status[DEV_GET_RECORDS_RECORD_SIZE] = (int)d->record_size;
		*count = DEV_GET_RECORDS_COUNT;
		return D_SUCCESS;
	case DEV_GET_QUEUE_STATS:
		if (*count < DEV_GET_QUEUE_STATS_COUNT)
			return D_INVALID_SIZE;
		mthread_mutex_lock(&d->lock);
		status[DEV_GET_QUEUE_STATS_COMPLETED] = int_of(d->completed);
		status[DEV_GET_QUEUE_STATS_MOST_IN_FLIGHT] = (int)d->max_in_flight;
		status[DEV_GET_QUEUE_STATS_QUEUE_SIZE] = d->vq.size;
		mthread_mutex_unlock(&d->lock);
		*count = DEV_GET_QUEUE_STATS_COUNT;
		return D_SUCCESS;
	case DEV_GET_HOPS:
		if (*count < DEV_GET_HOPS_COUNT)
			return D_INVALID_SIZE;
		mthread_mutex_lock(&d->lock);
		for (int i = 0; i < DEV_GET_HOPS_STAMPS; i++) {
			status[2 * i] = (int)(uint32_t)d->hops[i];
			status[2 * i + 1] = (int)(uint32_t)(d->hops[i] >> 32);
		}
		mthread_mutex_unlock(&d->lock);
		*count = DEV_GET_HOPS_COUNT;
		return D_SUCCESS;
	default:
		return D_INVALID_OPERATION;
	}
}

// device_set_status: DEV_FLUSH (MachRV's flavor) writes the device's
// volatile cache to stable storage; nothing else is settable on a disk.
kern_return_t ds_device_set_status(mach_port_t device, dev_flavor_t flavor, dev_status_t status,
				   mach_msg_type_number_t count)
{
	(void)status, (void)count;
	struct vblk_disk *d = vblk_disk_of_port(device);
	if (!d)
		return D_NO_SUCH_DEVICE;
	if (flavor != DEV_FLUSH)
		return D_INVALID_OPERATION;
	if (!d->can_flush)
		return D_SUCCESS;		// no volatile cache: written is stable
	struct vblk_request *r = request_new(d, VBLK_FLUSH);
	if (!r)
		return D_NO_MEMORY;
	vblk_start(r, NULL);
	return MIG_NO_REPLY;
}

// Not for disks: a disk is read and written, not mapped or filtered.
kern_return_t ds_device_map(mach_port_t device, vm_prot_t prot, vm_offset_t offset,
			    vm_size_t size, memory_object_t *pager, int unmap)
{
	(void)device, (void)prot, (void)offset, (void)size, (void)pager, (void)unmap;
	return D_INVALID_OPERATION;
}

kern_return_t ds_device_set_filter(mach_port_t device, mach_port_t receive_port, int priority,
				   filter_array_t filter, mach_msg_type_number_t count)
{
	(void)device, (void)receive_port, (void)priority, (void)filter, (void)count;
	return D_INVALID_OPERATION;
}
