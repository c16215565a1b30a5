/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The block device under the file-system core: a few operations on
 * 512-byte sectors.  On MachRV the fss server implements them with
 * device_read/device_write of <mach/device.defs> on the disk's port; on
 * the host, blkdev_file.c implements them with a file (tests, tools).
 */
#ifndef _FSS_BLKDEV_H_
#define _FSS_BLKDEV_H_
#include <stddef.h>
#include <stdint.h>

#define FSS_SECTOR_SIZE	512

struct fss_blkdev {
	void	*ctx;			/* the implementation's own state */
	uint64_t nsectors;		/* device size in sectors */
	/* Read/write `count' sectors from `sector' on.  0 or an errno value
	 * (EIO).  Called with a buffer lock held, never a file-system lock
	 * (docs/fss.md, "Locks"); may block; may be called concurrently. */
	int	(*read)(void *ctx, uint64_t sector, uint32_t count, void *buf);
	int	(*write)(void *ctx, uint64_t sector, uint32_t count, const void *buf);
	/* Make every completed write durable.  0 or an errno value. */
	int	(*flush)(void *ctx);
};

#ifndef MACHRV_TARGET
/* Host only: a block device over the file `path' (its size rounded down
 * to sectors).  0 or an errno value; blkdev_file_close frees it. */
int blkdev_file_open(struct fss_blkdev *dev, const char *path, int readonly);
void blkdev_file_close(struct fss_blkdev *dev);
#endif

#endif /* _FSS_BLKDEV_H_ */
