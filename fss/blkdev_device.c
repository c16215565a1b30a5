// SPDX-License-Identifier: BSD-2-Clause
// The core's block device (../blkdev.h) over a disk of the virtio-blk
// driver: device_read and device_write of <device/device.defs>, at most
// 1 MiB a request (the driver's bound), DEV_FLUSH for flush.
#include <errno.h>
#include <string.h>
#include <device/device.h>
#include <device/device_types.h>
#include "blkdev_device.h"

#define CHUNK	(1u << 20)	/* the most one device request moves */

static int io_error(kern_return_t kr)
{
	return kr == D_READ_ONLY ? EROFS : EIO;
}

static int dev_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	struct blkdev_device *d = ctx;
	uint64_t bytes = (uint64_t)count * FSS_SECTOR_SIZE, off = sector * FSS_SECTOR_SIZE;
	while (bytes) {
		uint32_t n = bytes < CHUNK ? (uint32_t)bytes : CHUNK;
		io_buf_ptr_t data;
		mach_msg_type_number_t got;
		kern_return_t kr = device_read(d->port, 0, off / d->record_size, (int)n, &data, &got);
		if (kr != D_SUCCESS)
			return io_error(kr);
		if (got != n) {
			vm_deallocate(mach_task_self(), (vm_address_t)data, got);
			return EIO;
		}
		memcpy(buf, data, n);
		vm_deallocate(mach_task_self(), (vm_address_t)data, got);
		buf = (char *)buf + n;
		off += n;
		bytes -= n;
	}
	return 0;
}

static int dev_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	struct blkdev_device *d = ctx;
	uint64_t bytes = (uint64_t)count * FSS_SECTOR_SIZE, off = sector * FSS_SECTOR_SIZE;
	while (bytes) {
		uint32_t n = bytes < CHUNK ? (uint32_t)bytes : CHUNK;
		int written;
		kern_return_t kr = device_write(d->port, 0, off / d->record_size,
						(io_buf_ptr_t)(uintptr_t)buf, n, &written);
		if (kr != D_SUCCESS)
			return io_error(kr);
		if ((uint32_t)written != n)
			return EIO;
		buf = (const char *)buf + n;
		off += n;
		bytes -= n;
	}
	return 0;
}

static int dev_flush(void *ctx)
{
	struct blkdev_device *d = ctx;
	kern_return_t kr = device_set_status(d->port, DEV_FLUSH, NULL, 0);
	return kr == D_SUCCESS || kr == D_INVALID_OPERATION ? 0 : EIO;
}

int blkdev_device_open(struct blkdev_device *d, const char *name, bool readonly, char *why,
		       size_t whylen)
{
	mach_port_t master;
	kern_return_t kr = bootstrap_look_up(bootstrap_port, name, &master);
	if (kr != KERN_SUCCESS) {
		snprintf(why, whylen, "no disk service %s", name);
		return ENODEV;
	}
	d->readonly = readonly;
	kr = device_open(master, readonly ? D_READ : D_READ | D_WRITE, name, &d->port);
	if (kr == D_READ_ONLY) {
		d->readonly = true;
		kr = device_open(master, D_READ, name, &d->port);
	}
	mach_port_deallocate(mach_task_self(), master);
	if (kr != D_SUCCESS) {
		snprintf(why, whylen, "device_open %s: error %d", name, kr);
		return ENODEV;
	}
	int st[DEV_GET_RECORDS_COUNT];
	mach_msg_type_number_t n = DEV_GET_RECORDS_COUNT;
	kr = device_get_status(d->port, DEV_GET_RECORDS, st, &n);
	if (kr != D_SUCCESS || st[DEV_GET_RECORDS_RECORD_SIZE] <= 0 ||
	    st[DEV_GET_RECORDS_RECORD_SIZE] % FSS_SECTOR_SIZE) {
		snprintf(why, whylen, "%s: no size (error %d)", name, kr);
		return EIO;
	}
	d->record_size = (uint32_t)st[DEV_GET_RECORDS_RECORD_SIZE];
	d->dev = (struct fss_blkdev){
		.ctx = d,
		.nsectors = (uint64_t)(uint32_t)st[DEV_GET_RECORDS_DEVICE_RECORDS] *
			    d->record_size / FSS_SECTOR_SIZE,
		.read = dev_read,
		.write = dev_write,
		.flush = dev_flush,
	};
	return 0;
}
