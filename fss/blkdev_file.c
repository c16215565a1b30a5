/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host only: a block device over a file (an image made by mke2fs), for the
 * host unit tests and host tools.  Never linked into MachRV tasks, which
 * reach disks through device.defs.  Every access is checked against the
 * device's size, so nothing is ever written past the image.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "blkdev.h"

static int
file_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	int fd = *(int *)ctx;
	size_t len = (size_t)count * FSS_SECTOR_SIZE;

	return pread(fd, buf, len, (off_t)(sector * FSS_SECTOR_SIZE)) == (ssize_t)len ? 0 : EIO;
}

static int
file_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	int fd = *(int *)ctx;
	size_t len = (size_t)count * FSS_SECTOR_SIZE;

	return pwrite(fd, buf, len, (off_t)(sector * FSS_SECTOR_SIZE)) == (ssize_t)len ? 0 : EIO;
}

static int
file_flush(void *ctx)
{
	return fsync(*(int *)ctx) == 0 ? 0 : EIO;
}

/* The device: its file and size, for its own bounds check (the core's
 * is in bcache_get). */
struct file_dev {
	int fd;
	uint64_t nsectors;
};

static int
checked_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	struct file_dev *d = ctx;

	if (sector + count > d->nsectors)
		return EIO;
	return file_read(&d->fd, sector, count, buf);
}

static int
checked_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	struct file_dev *d = ctx;

	if (sector + count > d->nsectors)
		return EIO;
	return file_write(&d->fd, sector, count, buf);
}

static int
checked_flush(void *ctx)
{
	return file_flush(&((struct file_dev *)ctx)->fd);
}

int
blkdev_file_open(struct fss_blkdev *dev, const char *path, int readonly)
{
	struct file_dev *d = calloc(1, sizeof(*d));
	struct stat st;

	if (!d)
		return ENOMEM;
	d->fd = open(path, readonly ? O_RDONLY : O_RDWR);
	if (d->fd < 0 || fstat(d->fd, &st) != 0) {
		int err = errno;
		if (d->fd >= 0)
			close(d->fd);
		free(d);
		return err;
	}
	d->nsectors = (uint64_t)st.st_size / FSS_SECTOR_SIZE;
	dev->ctx = d;
	dev->nsectors = d->nsectors;
	dev->read = checked_read;
	dev->write = checked_write;
	dev->flush = checked_flush;
	return 0;
}

void
blkdev_file_close(struct fss_blkdev *dev)
{
	struct file_dev *d = dev->ctx;

	close(d->fd);
	free(d);
	dev->ctx = NULL;
}
