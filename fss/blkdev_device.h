/* SPDX-License-Identifier: BSD-2-Clause */
/* The core's block device over a disk served by a driver through
 * <device/device.defs> (blkdev_device.c). */
#ifndef _FSS_BLKDEV_DEVICE_H_
#define _FSS_BLKDEV_DEVICE_H_
#include <stdbool.h>
#include <stdio.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>
#include "blkdev.h"

struct blkdev_device {
	struct fss_blkdev	dev;		/* what the core uses */
	mach_port_t		port;		/* the disk's device port */
	uint32_t		record_size;	/* bytes of a record (a multiple of 512) */
	bool			readonly;	/* opened (or only openable) for reading */
};

/*
 * blkdev_device_open: open the disk checked in with bootstrap as `name'
 * (its driver's master port is that service) for reading and writing, or
 * for reading only when `readonly' or when the disk is read-only.
 *   Returns 0, or ENODEV/EIO with a sentence in `why'.
 */
int blkdev_device_open(struct blkdev_device *d, const char *name, bool readonly, char *why,
		       size_t whylen);

#endif /* _FSS_BLKDEV_DEVICE_H_ */
